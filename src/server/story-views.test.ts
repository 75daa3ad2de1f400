import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { ingest } from '../app/ingest.js';
import { open } from '../app/open.js';
import { storyOverviews } from '../app/stories.js';
import { brief, compare } from '../app/views.js';
import type { Store } from '../store/store.js';
import { SAMPLE_CORPUS, tempDir } from '../testing/fixtures.js';
import { freshPostgresLocation } from '../testing/postgres.js';
import { StoryViewError, StoryViewThread } from './story-views.js';

/** The thread's views of the biggest story equal those computed in this thread, on the same store. */
async function assertSameViews(store: Store, thread: StoryViewThread): Promise<void> {
  const [story] = (await storyOverviews(store)).sort((a, b) => b.articleCount - a.articleCount);
  assert.ok(story && story.articleCount > 1, 'a story of several articles');
  const [threadBrief, threadCompare] = await Promise.all([thread.brief(story.id), thread.compare(story.id)]);
  assert.deepEqual(threadBrief, await brief(store, { story: story.id }));
  assert.deepEqual(threadCompare, await compare(store, story.id));
}

test('a story view thread on a SQLite file computes what the server would, and reports errors by name', async () => {
  const { dir, cleanup } = tempDir();
  const db = join(dir, 'views.db');
  const store = open(db, 'write');
  const thread = new StoryViewThread(db);
  try {
    await ingest(store, [SAMPLE_CORPUS]);
    await assertSameViews(store, thread);
    await assert.rejects(thread.brief(999_999), (err: unknown) => {
      assert.ok(err instanceof StoryViewError);
      assert.equal(err.thrown, 'NotFoundError');
      assert.match(err.message, /999999/);
      return true;
    });
    // A closed thread fails nothing later: the next request starts another.
    await thread.close();
    await assertSameViews(store, thread);
  } finally {
    await thread.close();
    await store.close();
    cleanup();
  }
});

test('a story view thread on PostgreSQL opens the same database by its URL', async () => {
  const { location, drop } = freshPostgresLocation();
  const store = open(location, 'write');
  const thread = new StoryViewThread(location);
  try {
    await ingest(store, [SAMPLE_CORPUS]);
    await assertSameViews(store, thread);
  } finally {
    await thread.close();
    await store.close();
    await drop();
  }
});
