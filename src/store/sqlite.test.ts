import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { chmodSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../testing/fixtures.js';
import { StoreNotFoundError } from './errors.js';
import { openSqliteStore } from './sqlite.js';
import { storeSuite } from './store.case.js';
import { storedArticle } from '../testing/store-articles.js';

storeSuite(
  'SQLite',
  async () => {
    const { dir, cleanup } = tempDir();
    return { store: openSqliteStore(join(dir, 'nested', 'sitrep.db')), cleanup: async () => cleanup() };
  },
  async () => {
    const { dir, cleanup } = tempDir();
    return { location: join(dir, 'shared.db'), cleanup: async () => cleanup() };
  },
);

storeSuite('SQLite in memory', async () => ({ store: openSqliteStore(':memory:'), cleanup: async () => {} }));

test('data survives closing and reopening the file', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'x.db');
    const a = storedArticle('ceasefire');
    const s1 = openSqliteStore(path);
    await s1.putArticles([a]);
    await s1.close();
    const s2 = openSqliteStore(path);
    assert.deepEqual(await s2.getArticle(a.id), a);
    await s2.close();
  } finally {
    cleanup();
  }
});

test('a database from a newer sitrep is refused, not damaged', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'future.db');
    (await openSqliteStore(path)).close();
    const db = new Database(path);
    db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (999, ?)').run(
      new Date().toISOString(),
    );
    db.close();
    assert.throws(() => openSqliteStore(path), /schema version 999 is newer/);
  } finally {
    cleanup();
  }
});

test('opened to read, a missing database is an error naming it and nothing is created', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'typo', 'sitrep.db');
    assert.throws(
      () => openSqliteStore(path, { mode: 'read' }),
      (err: unknown) => err instanceof StoreNotFoundError && err.location === path,
    );
    assert.equal(existsSync(join(dir, 'typo')), false);
  } finally {
    cleanup();
  }
});

test('a read-only database file can be opened to read and listed', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'ro.db');
    const s1 = openSqliteStore(path);
    await s1.putArticles([storedArticle('port')]);
    await s1.close();
    chmodSync(path, 0o444);
    const s2 = openSqliteStore(path, { mode: 'read' });
    assert.equal((await s2.listArticles()).length, 1);
    await s2.close();
  } finally {
    cleanup();
  }
});
