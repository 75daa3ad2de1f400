import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ingestIntoStore } from '../ingest/into-store.js';
import { openSqliteStore } from '../store/sqlite.js';
import { SAMPLE_CORPUS, tempDir } from '../testing/fixtures.js';
import { updateStories } from './update.js';

const UPDATE = fileURLToPath(new URL('./update.js', import.meta.url));
const SQLITE = fileURLToPath(new URL('../store/sqlite.js', import.meta.url));

/** Place a database's articles in stories from a separate process. */
function placeInChild(path: string): Promise<void> {
  const script = `
    const { openSqliteStore } = await import(${JSON.stringify(SQLITE)});
    const { updateStories } = await import(${JSON.stringify(UPDATE)});
    const store = openSqliteStore(${JSON.stringify(path)});
    await updateStories(store, { chunk: 2 });
    await store.close();
  `;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`placer exited with ${code}`))));
  });
}

test('two processes placing the same articles at once place each once, as one process would', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const paths = [join(dir, 'one.db'), join(dir, 'two.db')];
    for (const path of paths) {
      const store = openSqliteStore(path);
      await ingestIntoStore(store, [SAMPLE_CORPUS]);
      await store.close();
    }
    const one = openSqliteStore(paths[0]!);
    await updateStories(one, { chunk: 2 });
    await Promise.all([placeInChild(paths[1]!), placeInChild(paths[1]!)]);
    const two = openSqliteStore(paths[1]!);
    try {
      const placed = (s: typeof one) =>
        s.storyMembers().then((ms) => ms.map((m) => [m.articleId, m.story, m.event]));
      assert.equal((await placed(two)).length, 10);
      assert.deepEqual(await placed(two), await placed(one));
      assert.deepEqual(await two.storyLabels(), await one.storyLabels());
    } finally {
      await one.close();
      await two.close();
    }
  } finally {
    cleanup();
  }
});
