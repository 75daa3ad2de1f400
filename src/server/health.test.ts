import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../testing/fixtures.js';
import { freshPostgresLocation, adminQuery } from '../testing/postgres.js';
import { storedArticle } from '../testing/store-articles.js';
import { openPostgresStore } from '../store/postgres.js';
import { openQueue } from '../store/queue.js';
import { openSqliteStore } from '../store/sqlite.js';
import type { Store } from '../store/store.js';
import { buildServer } from './app.js';

/** GET /api/health of a server on `store` (through Fastify, so the response schema applies). */
async function health(store: Store): Promise<Record<string, unknown>> {
  const app = await buildServer({
    store,
    version: '0.0.0-test',
    loopback: true,
    webRoot: '/nonexistent-sitrep-web',
    bodyLimit: 64 * 1024,
    log: () => undefined,
  });
  try {
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    assert.equal(res.statusCode, 200);
    return res.json<Record<string, unknown>>();
  } finally {
    await app.close();
  }
}

test('health: a SQLite store has no queue, and says nothing of one', async () => {
  const { dir, cleanup } = tempDir();
  const store = openSqliteStore(join(dir, 'h.db'));
  try {
    await store.putArticles([storedArticle('port')]);
    const h = await health(store);
    assert.equal(h.articles, 1);
    assert.equal('queue' in h, false);
  } finally {
    await store.close();
    cleanup();
  }
});

test('health: a PostgreSQL store shows its queue once there is one (queued, active, failed, completed)', async () => {
  const { location, drop } = freshPostgresLocation();
  const store = openPostgresStore(location);
  try {
    await store.putArticles([storedArticle('port')]);
    assert.equal('queue' in (await health(store)), false, 'no queue made yet');
    const queue = await openQueue(location);
    try {
      const docs = ['First queued text.', 'Second queued text.', 'Third queued text.'].map((content, i) => ({
        source: `queued-${i}.txt`,
        format: 'text' as const,
        content,
        id: `q${i}`,
        meta: {},
      }));
      assert.equal(await queue.enqueue(docs, 1, 60), 3);
    } finally {
      await queue.close();
    }
    const h = await health(store);
    assert.deepEqual(h.queue, { queued: 3, active: 0, failed: 0, completed: 0 });
    assert.equal(h.articles, 1);
  } finally {
    await store.close();
    await drop();
    await adminQuery(`DROP SCHEMA IF EXISTS ${new URL(location).searchParams.get('schema')}_jobs CASCADE`);
  }
});
