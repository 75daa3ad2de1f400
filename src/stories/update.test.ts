import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ingestIntoStore } from '../ingest/into-store.js';
import { openSqliteStore } from '../store/sqlite.js';
import { StateConflictError, type Store } from '../store/store.js';
import { SAMPLE_CORPUS } from '../testing/fixtures.js';
import { updateStories } from './update.js';

async function sampleStore(): Promise<Store> {
  const store = openSqliteStore(':memory:');
  await ingestIntoStore(store, [SAMPLE_CORPUS]);
  return store;
}

test('updating places every article once; a second update has nothing to do; a rebuild gives the same stories', async () => {
  const store = await sampleStore();
  try {
    const first = await updateStories(store, { chunk: 3 });
    assert.equal(first.assigned, 10);
    assert.deepEqual(await store.unassignedArticleIds(), []);
    const stories = new Set((await store.storyMembers()).map((m) => m.story));
    assert.equal(stories.size, 2);
    assert.equal((await updateStories(store)).assigned, 0);
    const before = (await store.storyMembers()).map((m) => [m.articleId, m.story]);
    const rebuilt = await updateStories(store, { rebuild: true });
    assert.equal(rebuilt.assigned, 10);
    assert.deepEqual(
      (await store.storyMembers()).map((m) => [m.articleId, m.story]),
      before,
    );
  } finally {
    await store.close();
  }
});

test('a save that loses a race with another process is redone from the saved state', async () => {
  const store = await sampleStore();
  try {
    let raced = false;
    const racing: Store = Object.create(store) as Store;
    racing.saveStories = async (...args) => {
      if (!raced) {
        raced = true;
        throw new StateConflictError();
      }
      return store.saveStories(...args);
    };
    const summary = await updateStories(racing);
    assert.ok(raced);
    assert.equal(summary.assigned, 10);
    assert.equal((await store.getClusterState())?.version, 1);
  } finally {
    await store.close();
  }
});

test('an unreadable stored state is reported with the way out, and a rebuild recovers from it', async () => {
  const store = await sampleStore();
  try {
    await updateStories(store);
    const saved = (await store.getClusterState())!;
    await store.saveStories(saved.version, '{ truncated', [], []);
    await assert.rejects(updateStories(store), /story state is unreadable; run `sitrep stories --rebuild`/);
    await store.saveStories(saved.version + 1, '{"version":99}', [], []);
    await assert.rejects(updateStories(store), /not one this sitrep reads/);
    const rebuilt = await updateStories(store, { rebuild: true });
    assert.equal(rebuilt.assigned, 10);
    assert.equal(new Set((await store.storyMembers()).map((m) => m.story)).size, 2);
  } finally {
    await store.close();
  }
});
