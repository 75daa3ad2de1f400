import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { test } from 'node:test';
import type { AnalyzedArticle } from '../model/document.js';
import { runPipeline } from '../pipeline.js';
import { openSqliteStore } from '../store/sqlite.js';
import type { Store } from '../store/store.js';
import { SAMPLE_CORPUS, tempDir } from '../testing/fixtures.js';
import { StoryClusterer, StoryStateError } from './cluster.js';
import { storyFeatures, type StoryFeatures } from './features.js';
import { RowStoryState, StoryCache } from './rows.js';
import { listStoryOverviews } from './overview.js';
import { updateStories } from './update.js';

const NO_CACHE = { storyTerms: 1, eventTerms: 1, terms: 1, postings: 1 };

let sample: AnalyzedArticle[] | null = null;
async function sampleArticles(): Promise<AnalyzedArticle[]> {
  if (!sample) {
    sample = [];
    for await (const item of runPipeline([SAMPLE_CORPUS])) if (item.ok) sample.push(item.article);
  }
  return sample;
}

async function sampleStore(path = ':memory:'): Promise<Store> {
  const store = openSqliteStore(path);
  await store.putArticles(await sampleArticles());
  return store;
}

/** Article -> [story, event] as the store lists them. */
async function placements(store: Store): Promise<Map<string, [number, number]>> {
  return new Map((await store.storyMembers()).map((m) => [m.articleId, [m.story, m.event]]));
}

/** The same articles placed by the clusterer kept in memory, in the order the store places them. */
async function inMemory(store: Store, c = new StoryClusterer()): Promise<Map<string, [number, number]>> {
  const out = new Map<string, [number, number]>();
  for (const id of await store.unassignedArticleIds()) {
    const a = await c.assign(storyFeatures((await store.getArticle(id))!));
    out.set(a.article, [a.story, a.event]);
  }
  const roots = await c.state.resolve([...out.values()].map(([s]) => s));
  for (const [id, [s, e]] of out) out.set(id, [roots.get(s)!, e]);
  return out;
}

test('placing through the rows gives exactly what the clusterer in memory gives', async () => {
  const store = await sampleStore();
  try {
    const expected = await inMemory(store);
    await updateStories(store, { chunk: 3 });
    assert.deepEqual(await placements(store), expected);
  } finally {
    await store.close();
  }
});

test('a story opened and merged away in one batch still leads to the story that absorbed it', async () => {
  const store = openSqliteStore(':memory:');
  try {
    const feat = (id: string, terms: Record<string, number>): StoryFeatures => ({
      id,
      time: Date.UTC(2024, 0, 1),
      terms: new Map(Object.entries(terms)),
    });
    const placed = await store.storyTransaction(async (tx) => {
      // A cache that keeps nothing between writes: the merge's write must not drop what the article still needs.
      const state = await RowStoryState.open(tx, new StoryCache(NO_CACHE), {
        storyThreshold: 0.3,
        mergeThreshold: 0.4,
      });
      const c = new StoryClusterer(state.opts, state);
      const a = await c.assign(feat('a', { alpha: 3, beta: 3 }));
      const b = await c.assign(feat('b', { gamma: 3, delta: 3 }));
      const bridge = await c.assign(feat('c', { alpha: 3, beta: 3, gamma: 3, delta: 3 }));
      await state.flush();
      return { a, b, bridge };
    });
    const into = placed.bridge.story;
    const from = placed.a.story === into ? placed.b.story : placed.a.story;
    assert.deepEqual(placed.bridge.merged, [from]);
    await store.storyTransaction(async (tx) => {
      assert.deepEqual(await tx.redirects([from]), new Map([[from, into]]));
      assert.deepEqual(
        (await tx.stories([from, into])).map((s) => [s.id, s.size]),
        [[into, 3]],
      );
    });
  } finally {
    await store.close();
  }
});

test('placing through the rows with a cache that keeps nothing gives the same as keeping everything', async () => {
  const store = await sampleStore();
  try {
    const expected = await inMemory(store);
    const ids = await store.unassignedArticleIds();
    const cache = new StoryCache(NO_CACHE);
    for (let i = 0; i < ids.length; i += 2) {
      await store.storyTransaction(async (tx) => {
        const state = await RowStoryState.open(tx, cache);
        const c = new StoryClusterer(state.opts, state);
        for (const id of ids.slice(i, i + 2)) {
          const a = await c.assign(storyFeatures((await store.getArticle(id))!));
          state.placed(
            { articleId: a.article, story: a.story, event: a.event, score: a.score },
            null,
            null,
            id,
          );
          await state.flush();
        }
      });
    }
    assert.deepEqual(await placements(store), expected);
  } finally {
    await store.close();
  }
});

test('updating places every article once; a second update has nothing to do; a rebuild gives the same stories', async () => {
  const store = await sampleStore();
  try {
    const first = await updateStories(store, { chunk: 3 });
    assert.equal(first.assigned, 10);
    assert.deepEqual(await store.unassignedArticleIds(), []);
    const stories = new Set((await store.storyMembers()).map((m) => m.story));
    assert.equal(stories.size, 2);
    assert.equal((await updateStories(store)).assigned, 0);
    const before = await placements(store);
    const rebuilt = await updateStories(store, { rebuild: true, chunk: 4 });
    assert.equal(rebuilt.assigned, 10);
    assert.deepEqual(await placements(store), before);
  } finally {
    await store.close();
  }
});

test('stories are listed with stored labels, without the clustering state', async () => {
  const store = await sampleStore();
  try {
    await updateStories(store);
    const overviews = await listStoryOverviews(store);
    assert.equal(overviews.length, 2);
    const titles = new Set((await store.storyMembers()).map((m) => m.title));
    for (const s of overviews) {
      assert.ok(titles.has(s.label), s.label);
      for (const e of s.events) assert.ok(titles.has(e.label), e.label);
    }
    assert.match(overviews.map((s) => s.label).join(' | '), /ceasefire/i);
    assert.deepEqual(
      (await listStoryOverviews(store, overviews[1]!.id)).map((s) => s.label),
      [overviews[1]!.label],
    );
  } finally {
    await store.close();
  }
});

test('two connections to one file placing articles in turn give the stories one connection gives', async () => {
  const articles = (await sampleArticles()).slice();
  const parts = [articles.slice(0, 4), articles.slice(4, 7), articles.slice(7)];
  const { dir, cleanup } = tempDir();
  const one = openSqliteStore(join(dir, 'one.db'));
  const a = openSqliteStore(join(dir, 'two.db'));
  const b = openSqliteStore(join(dir, 'two.db'));
  try {
    for (const [i, part] of parts.entries()) {
      await one.putArticles(part);
      await updateStories(one, { chunk: 2 });
      const turn = i % 2 ? b : a;
      await turn.putArticles(part);
      await updateStories(turn, { chunk: 2 });
    }
    assert.deepEqual(await placements(a), await placements(one));
    assert.deepEqual(await placements(b), await placements(one));
    assert.deepEqual(await b.storyLabels(), await one.storyLabels());
  } finally {
    await one.close();
    await a.close();
    await b.close();
    cleanup();
  }
});

/** A database as sitrep left it before the state was kept in rows: one JSON document and the assignments. */
async function legacyDatabase(path: string, placedCount: number): Promise<StoryClusterer> {
  const store = await sampleStore(path);
  const ids = (await store.unassignedArticleIds()).slice(0, placedCount);
  const c = new StoryClusterer();
  const rows: [string, number, number, number][] = [];
  for (const id of ids) {
    const a = await c.assign(storyFeatures((await store.getArticle(id))!));
    rows.push([a.article, a.story, a.event, a.score]);
  }
  await store.close();
  const db = new Database(path);
  const now = new Date().toISOString();
  db.prepare('INSERT INTO story_state (id, version, data, updated_at) VALUES (1, 1, ?, ?)').run(
    JSON.stringify(c.toJSON()),
    now,
  );
  const put = db.prepare(
    'INSERT INTO story_assignments (article_id, story_id, event_id, score, assigned_at) VALUES (?, ?, ?, ?, ?)',
  );
  for (const r of rows) put.run(...r, now);
  db.close();
  return c;
}

test('an old one-document state is converted once; its stories are kept and placing goes on from it', async () => {
  const { dir, cleanup } = tempDir();
  const path = join(dir, 'old.db');
  try {
    const old = await legacyDatabase(path, 6);
    const before = new Map(
      await (async () => {
        const s = openSqliteStore(path);
        const m = await placements(s);
        await s.close();
        return m;
      })(),
    );
    const store = openSqliteStore(path);
    try {
      // The clusterer resumed from the same document is the reference for the rest.
      const resumed = StoryClusterer.fromJSON(old.toJSON());
      const rest = await inMemory(store, resumed);
      const summary = await updateStories(store, { chunk: 2 });
      assert.equal(summary.assigned, 4);
      const after = await placements(store);
      for (const [id, [story, event]] of rest) assert.deepEqual(after.get(id), [story, event], id);
      for (const [id, [, event]] of before) assert.equal(after.get(id)![1], event, 'kept its event');
      const labels = await store.storyLabels();
      for (const s of new Set([...after.values()].map(([s]) => s)))
        assert.ok(labels.stories.get(s), `story ${s}`);
    } finally {
      await store.close();
    }
    const db = new Database(path);
    assert.equal(db.prepare('SELECT count(*) FROM story_state').pluck().get(), 0, 'converted once');
    db.close();
  } finally {
    cleanup();
  }
});

test('an unreadable old state is reported with the way out, and a rebuild recovers from it', async () => {
  const { dir, cleanup } = tempDir();
  const path = join(dir, 'bad.db');
  try {
    (await sampleStore(path)).close();
    const db = new Database(path);
    db.prepare(
      "INSERT INTO story_state (id, version, data, updated_at) VALUES (1, 1, '{ truncated', '')",
    ).run();
    db.close();
    const store = openSqliteStore(path);
    try {
      await assert.rejects(
        updateStories(store),
        (err: unknown) => err instanceof StoryStateError && /sitrep place --rebuild/.test(err.message),
      );
      const rebuilt = await updateStories(store, { rebuild: true });
      assert.equal(rebuilt.assigned, 10);
      assert.equal(new Set((await store.storyMembers()).map((m) => m.story)).size, 2);
      assert.equal((await updateStories(store)).assigned, 0);
    } finally {
      await store.close();
    }
  } finally {
    cleanup();
  }
});
