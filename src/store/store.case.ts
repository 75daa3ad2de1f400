/**
 * The one test suite every Store implementation must pass (SQLite now, PostgreSQL next), in the manner
 * of Hono's router/common.case.test.ts. An implementation's test file calls `storeSuite` with a factory.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { NEAR_DUPLICATES } from '../ingest/near-duplicates.js';
import type { AnalyzedArticle } from '../model/document.js';
import { openStore } from './open.js';
import type {
  Store,
  StoryAssignment,
  StoryChanges,
  StoryEventRow,
  StoryMemberRow,
  StoryRow,
} from './store.js';

export type StoreFactory = () => Promise<{ store: Store; cleanup: () => Promise<void> }>;

/** A fresh empty store's location that separate processes can open with `openStore`. */
export type SharedStoreFactory = () => Promise<{ location: string; cleanup: () => Promise<void> }>;

/**
 * A frozen analysed article by its fixture name ('ceasefire', 'port', 'markets', 'wire'…), from
 * fixtures/store/: storage tests do not analyse text, so a change in the analysis cannot fail them.
 */
export function storedArticle(name: string): AnalyzedArticle {
  const file = new URL(`../../fixtures/store/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(file, 'utf8')) as AnalyzedArticle;
}

const A = storedArticle('ceasefire');
const B = storedArticle('port');
const C = storedArticle('markets');

function noChanges(): StoryChanges {
  return {
    meta: { options: '{}', docs: 0, nextStory: 1, nextEvent: 1, generation: 1 },
    df: [],
    postings: [],
    prunePostings: [],
    trimPostings: { terms: [], keep: 0 },
    stories: [],
    events: [],
    members: [],
    pruneMembers: [],
    assignments: [],
    redirects: [],
  };
}

async function assignTo(s: Store, assignments: StoryAssignment[]): Promise<void> {
  await s.storyTransaction((tx) => tx.write({ ...noChanges(), assignments }));
}

async function withStore(factory: StoreFactory, fn: (s: Store) => Promise<void>): Promise<void> {
  const { store, cleanup } = await factory();
  try {
    await fn(store);
  } finally {
    await store.close();
    await cleanup();
  }
}

const WRITER = fileURLToPath(new URL('../testing/store-writer.js', import.meta.url));

export function storeSuite(name: string, factory: StoreFactory, shared?: SharedStoreFactory): void {
  describe(`Store contract: ${name}`, () => {
    test('a source round-trips, is replaced by URL, listed by URL and removed', async () => {
      await withStore(factory, async (s) => {
        const base = {
          url: 'https://news.example.org/feed.xml',
          outlet: 'Example News',
          language: 'en',
          everySeconds: 900,
          addedAt: '2026-01-02T03:04:05.000Z',
          lastFetch: null,
          lastNew: null,
          lastError: null,
          failures: 0,
          nextDue: '2026-01-02T03:04:05.000Z',
          etag: null,
          lastModified: null,
          bodyHash: null,
        };
        const other = { ...base, url: 'https://another.example.net/rss', outlet: null, language: null };
        await s.putSource(base);
        await s.putSource(other);
        assert.deepEqual(await s.listSources(), [other, base]);
        const polled = {
          ...base,
          lastFetch: '2026-01-02T03:20:00.000Z',
          lastError: 'HTTP 503 Service Unavailable',
          failures: 2,
          etag: '"v7"',
          lastModified: 'Fri, 02 Jan 2026 03:00:00 GMT',
          bodyHash: 'abc123',
        };
        await s.putSource(polled);
        assert.deepEqual(await s.listSources(), [other, polled]);
        assert.equal(await s.removeSource(other.url), true);
        assert.equal(await s.removeSource(other.url), false);
        assert.deepEqual(await s.listSources(), [polled]);
      });
    });

    test('revisions follow an article in order; content it already has is not recorded again', async () => {
      await withStore(factory, async (s) => {
        const withUrl = { ...C, url: 'https://courier.example/markets/today' };
        await s.putArticles([A, withUrl]);
        assert.equal(await s.articleIdByUrl('https://nowhere.example/none'), null);
        assert.equal(await s.articleIdByUrl(withUrl.url), C.id);
        const rev = {
          articleId: A.id,
          contentId: 'feedc0ffee000001',
          seenAt: '2026-02-03T04:05:06.000Z',
          source: 'https://news.example.org/feed.xml#1',
          title: 'A changed title',
          text: 'A changed text with 42 boats.',
          marks: [{ kind: 'figure' as const, start: 21, end: 29, text: '42 boats' }],
        };
        assert.deepEqual(await s.addRevision(rev), { ...rev, seq: 1 });
        assert.equal(await s.addRevision(rev), null, 'the same content again');
        assert.equal(await s.addRevision({ ...rev, contentId: A.id }), null, "the article's own text");
        const second = { ...rev, contentId: 'feedc0ffee000002', text: 'Another text.', marks: [] };
        assert.equal((await s.addRevision(second))?.seq, 2);
        assert.deepEqual(await s.revisions(A.id), [
          { ...rev, seq: 1 },
          { ...second, seq: 2 },
        ]);
        assert.deepEqual(await s.revisions(B.id), []);
      });
    });

    test('revisions and articles since a time, oldest first', async () => {
      await withStore(factory, async (s) => {
        assert.deepEqual(await s.ingestedSince(null, 10), []);
        await s.putArticles([A]);
        const first = await s.ingestedSince(null, 10);
        assert.deepEqual(
          first.map((a) => a.id),
          [A.id],
        );
        assert.deepEqual(await s.ingestedSince(first[0]!.ingestedAt, 10), []);
        await new Promise((resolve) => setTimeout(resolve, 5));
        await s.putArticles([B]);
        assert.deepEqual(
          (await s.ingestedSince(first[0]!.ingestedAt, 10)).map((a) => a.id),
          [B.id],
        );
        const rev = (seenAt: string, contentId: string) => ({
          articleId: A.id,
          contentId,
          seenAt,
          source: 'https://news.example.org/feed.xml#1',
          title: null,
          text: `Changed text ${contentId}.`,
          marks: [],
        });
        await s.addRevision(rev('2026-03-01T00:00:02.000Z', 'feedc0ffee000002'));
        await s.addRevision(rev('2026-03-01T00:00:01.000Z', 'feedc0ffee000001'));
        assert.deepEqual(
          (await s.revisionsSince(null, 10)).map((r) => r.seenAt),
          ['2026-03-01T00:00:01.000Z', '2026-03-01T00:00:02.000Z'],
        );
        assert.deepEqual(
          (await s.revisionsSince('2026-03-01T00:00:01.000Z', 10)).map((r) => r.contentId),
          ['feedc0ffee000002'],
        );
      });
    });

    test("a source's counts are its own articles and revisions, and its items' (url#N)", async () => {
      await withStore(factory, async (s) => {
        const feed = 'https://news.example.org/a_b%20c/feed.xml';
        await s.putArticles([
          { ...A, source: `${feed}#1` },
          { ...B, source: `${feed}#2` },
          { ...C, source: 'https://news.example.org/aXb%20c/feed.xml#3' },
        ]);
        await s.addRevision({
          articleId: A.id,
          contentId: 'feedc0ffee000009',
          seenAt: '2026-03-01T00:00:00.000Z',
          source: `${feed}#1`,
          title: null,
          text: 'Changed.',
          marks: [],
        });
        assert.deepEqual(await s.sourceCounts(feed), { articles: 2, revisions: 1 });
        assert.deepEqual(await s.sourceCounts(`${feed}#2`), { articles: 1, revisions: 0 });
        assert.deepEqual(await s.sourceCounts('https://elsewhere.example/'), { articles: 0, revisions: 0 });
      });
    });

    test('alerts are kept numbered in the order fired and listed newest first or after an id', async () => {
      await withStore(factory, async (s) => {
        const alert = (message: string) => ({
          rule: 'outlet-joins' as const,
          message,
          story: 3,
          articleId: A.id,
          outlet: 'Courier',
          title: 'A title',
          cite: { articleId: A.id, start: 0, end: 5, text: 'First' },
        });
        assert.deepEqual(await s.addAlerts([], '2026-03-01T00:00:00.000Z'), []);
        const fired = await s.addAlerts([alert('one'), alert('two')], '2026-03-01T00:00:00.000Z');
        assert.deepEqual(
          fired.map((f) => f.message),
          ['one', 'two'],
        );
        assert.ok(fired[1]!.id > fired[0]!.id);
        const third = (await s.addAlerts([alert('three')], '2026-03-01T00:01:00.000Z'))[0]!;
        assert.deepEqual(third, { ...alert('three'), id: third.id, firedAt: '2026-03-01T00:01:00.000Z' });
        assert.deepEqual(
          (await s.alerts({ limit: 10 })).map((f) => f.message),
          ['three', 'two', 'one'],
        );
        assert.deepEqual(
          (await s.alerts({ limit: 1, before: third.id })).map((f) => f.message),
          ['two'],
        );
        assert.deepEqual(
          (await s.alerts({ limit: 10, after: fired[0]!.id })).map((f) => f.message),
          ['two', 'three'],
        );
      });
    });

    test('an article round-trips with every annotation and span', async () => {
      await withStore(factory, async (s) => {
        assert.deepEqual(await s.putArticles([A]), ['inserted']);
        const got = await s.getArticle(A.id);
        assert.deepEqual(got, A);
        assert.ok(
          A.quotes.length > 0 && A.figures.length > 0 && A.dates.length > 0 && A.entities.length > 0,
          'the fixture exercises every annotation kind',
        );
      });
    });

    test("an article's analysis is replaced whole, its text and the other articles untouched", async () => {
      await withStore(factory, async (s) => {
        await s.putArticles([A, B]);
        const v0 = await s.dataVersion();
        const fewer: AnalyzedArticle = {
          ...A,
          dates: A.dates.slice(1),
          figures: [],
          warnings: [{ analyzer: 'dates', code: 'analyzer-failed', message: 'a test warning' }],
        };
        assert.equal(await s.replaceAnalysis(fewer), true);
        assert.deepEqual(await s.getArticle(A.id), fewer);
        assert.deepEqual(await s.getArticle(B.id), B);
        assert.notEqual(await s.dataVersion(), v0);
        // The annotation rows follow: the figures listing no longer holds A's.
        const figures = await s.annotations({ kind: 'figure' });
        assert.ok(figures.every((r) => r.article.id !== A.id));
        assert.equal(await s.replaceAnalysis({ ...A, id: 'no-such-article' }), false);
        assert.equal(await s.getArticle('no-such-article'), null);
      });
    });

    test('articles are found by external id too', async () => {
      await withStore(factory, async (s) => {
        await s.putArticles([A]);
        assert.equal((await s.getArticle('NL-1'))?.id, A.id);
        assert.equal(await s.getArticle('no-such-id'), null);
      });
    });

    test('storing the same content twice is a no-op reported as duplicate', async () => {
      await withStore(factory, async (s) => {
        assert.deepEqual(await s.putArticles([A, B]), ['inserted', 'inserted']);
        assert.deepEqual(await s.putArticles([B, A, C]), ['duplicate', 'duplicate', 'inserted']);
        assert.equal(await s.countArticles(), 3);
        assert.equal(await s.hasArticle(A.id), true);
        assert.deepEqual(await s.storedIds([C.id, 'not-stored', A.id]), new Set([C.id, A.id]));
        assert.deepEqual(await s.storedIds([]), new Set());
        const many = await s.getArticles([C.id, 'not-stored', A.id]);
        assert.deepEqual(
          many.map((a) => a.id),
          [C.id, A.id],
          'in the order asked, the missing left out',
        );
        assert.deepEqual(many[1], await s.getArticle(A.id));
        assert.deepEqual(await s.getArticles([]), []);
      });
    });

    test('near-duplicates: republished by another outlet is stored and linked; the same outlet again is not stored', async () => {
      await withStore(factory, async (s) => {
        const wire = storedArticle('wire');
        const copy = storedArticle('wire-copy'); // the same text republished by another outlet
        const again = storedArticle('wire-again'); // the agency's text fetched again with other furniture
        assert.deepEqual(await s.putArticles([wire, copy, B], NEAR_DUPLICATES), [
          'inserted',
          'inserted',
          'inserted',
        ]);
        assert.deepEqual(await s.putArticles([again], NEAR_DUPLICATES), ['near-duplicate']);
        assert.equal(await s.hasArticle(again.id), false);
        const links = await s.nearDuplicates(wire.id);
        assert.deepEqual(
          links.map((l) => [l.id, l.outlet]),
          [[copy.id, 'Harbour Courier']],
        );
        assert.ok(links[0]!.similarity >= 0.5);
        assert.deepEqual(
          (await s.nearDuplicates(copy.id)).map((l) => l.id),
          [wire.id],
        );
        assert.deepEqual(await s.nearDuplicates(B.id), []);
      });
    });

    test('near-duplicates within one batch are judged as if each article were written before the next', async () => {
      await withStore(factory, async (s) => {
        const wire = storedArticle('wire');
        const copy = storedArticle('wire-copy');
        const again = storedArticle('wire-again');
        assert.deepEqual(await s.putArticles([B, wire, again, copy], NEAR_DUPLICATES), [
          'inserted',
          'inserted',
          'near-duplicate',
          'inserted',
        ]);
        assert.equal(await s.hasArticle(again.id), false);
        assert.deepEqual(
          (await s.nearDuplicates(copy.id)).map((l) => l.id),
          [wire.id],
        );
        const later = storedArticle('wire-again');
        assert.deepEqual(await s.putArticles([later, C], NEAR_DUPLICATES), ['near-duplicate', 'inserted']);
        assert.equal(await s.countArticles(), 4);
      });
    });

    test('a batch that fails midway writes nothing at all', async () => {
      await withStore(factory, async (s) => {
        await s.putArticles([C]);
        const broken: AnalyzedArticle = { ...B, quotes: [{ ...A.quotes[0]!, start: 50, end: 10 }] };
        await assert.rejects(s.putArticles([A, broken]));
        assert.equal(await s.countArticles(), 1, 'neither A nor the broken article was stored');
        assert.equal(await s.getArticle(A.id), null);
        assert.equal(await s.getArticle(B.id), null);
        assert.deepEqual(await s.search('spill'), [], 'no orphaned search rows');
        assert.deepEqual(
          await s.putArticles([A, B]),
          ['inserted', 'inserted'],
          'the failed batch can be written again',
        );
      });
    });

    test('search ranks by relevance and marks the matches', async () => {
      await withStore(factory, async (s) => {
        await s.putArticles([A, B, C]);
        const hits = await s.search('ceasefire');
        assert.deepEqual(
          hits.map((h) => h.id),
          [A.id, C.id],
          'the article about the ceasefire first, the passing mention second',
        );
        assert.ok(hits[0]!.score > hits[1]!.score);
        assert.match(hits[0]!.snippet, /\[[Cc]easefire\]/);
        assert.equal(hits[0]!.outlet, 'Northline News');
        assert.deepEqual((await s.search('ceasefire spill')).length, 0, 'every word must occur');
        assert.deepEqual(
          (await s.search('"cautiously hopeful"')).map((h) => h.id),
          [A.id],
          'phrases',
        );
      });
    });

    test('search survives query syntax and empty queries', async () => {
      await withStore(factory, async (s) => {
        await s.putArticles([A]);
        for (const q of [
          '',
          '   ',
          'AND OR NOT',
          'NEAR(',
          '"unbalanced',
          "it's",
          '*',
          'title:ceasefire',
          '^ceasefire',
        ]) {
          await assert.doesNotReject(s.search(q), q);
        }
      });
    });

    test('list orders by publication date, filters by outlet and counts annotations', async () => {
      await withStore(factory, async (s) => {
        await s.putArticles([A, B, C]);
        const all = await s.listArticles();
        assert.deepEqual(
          all.map((r) => r.id),
          [C.id, A.id, B.id],
        );
        const nl = await s.listArticles({ outlet: 'Northline News' });
        assert.deepEqual(
          nl.map((r) => r.id),
          [C.id, A.id],
        );
        const a = all.find((r) => r.id === A.id)!;
        assert.equal(a.counts.quotes, A.quotes.length);
        assert.equal(a.counts.figures, A.figures.length);
        assert.equal(a.externalId, 'NL-1');
        assert.deepEqual(
          (await s.listArticles({ limit: 1, offset: 1 })).map((r) => r.id),
          [A.id],
        );
      });
    });

    test('article pages: newest first, filtered, continued after the last article of a page', async () => {
      await withStore(factory, async (s) => {
        await s.putArticles([A, B, C]);
        const ids = async (q: Parameters<Store['articlePage']>[0]): Promise<string[]> =>
          (await s.articlePage(q)).map((r) => r.id);
        assert.deepEqual(await ids({ limit: 10 }), [B.id, A.id, C.id]);
        const first = await s.articlePage({ limit: 2 });
        const last = first.at(-1)!;
        assert.deepEqual(await ids({ limit: 2, after: { published: last.published, id: last.id } }), [C.id]);
        assert.deepEqual(await ids({ limit: 10, outlet: 'Northline News' }), [A.id, C.id]);
        assert.deepEqual(await ids({ limit: 10, language: 'sco' }), [C.id]);
        assert.deepEqual(await ids({ limit: 10, from: '2024-03-12', to: '2024-03-12' }), [A.id]);
        assert.deepEqual(await ids({ limit: 10, to: '2024-03-11' }), [C.id]);
        assert.deepEqual(await ids({ limit: 10, story: 1 }), [], 'no story placed yet');
        await assignTo(s, [{ articleId: A.id, story: 1, event: 1, score: 1 }]);
        assert.deepEqual(await ids({ limit: 10, story: 1 }), [A.id]);
      });
    });

    test('search pages, filters and facets', async () => {
      await withStore(factory, async (s) => {
        await s.putArticles([A, B, C]);
        const all = await s.search('the', { limit: 10 });
        assert.ok(all.length >= 2, 'a common word matches several articles');
        assert.deepEqual(
          (await s.search('the', { limit: 1, offset: 1 })).map((h) => h.id),
          [all[1]!.id],
          'offset continues the ranking',
        );
        const nl = await s.search('the', { outlet: 'Northline News' });
        assert.ok(nl.length > 0 && nl.every((h) => h.outlet === 'Northline News'));
        assert.ok((await s.search('the', { from: '2024-06-01' })).every((h) => h.id === B.id));
        const hits = await s.search('ceasefire', { from: '2024-03-12', to: '2024-03-12' });
        assert.deepEqual(
          hits.map((h) => h.id),
          [A.id],
        );
        const f = await s.searchFacets('ceasefire', { sample: 100, from: '2024-03-12', to: '2024-03-12' });
        assert.equal(f.over, 1);
        assert.deepEqual(f.outlets, [{ value: 'Northline News', count: 1 }]);
        assert.deepEqual(f.days, [{ value: '2024-03-12', count: 1 }]);
        assert.ok(f.entities.some((e) => e.value === 'Lena Markovic' && e.count === 1));
        // The entity facet narrows: only articles naming that entity, and their facets.
        const named = await s.search('the', { entity: 'Lena Markovic', limit: 10 });
        assert.deepEqual(
          named.map((h) => h.id),
          [A.id],
        );
        assert.equal((await s.searchFacets('the', { sample: 100, entity: 'Lena Markovic' })).over, 1);
        assert.deepEqual(await s.search('the', { entity: 'Nobody Atall' }), []);
        assert.deepEqual(await s.searchFacets('', { sample: 10 }), {
          over: 0,
          outlets: [],
          days: [],
          entities: [],
        });
      });
    });

    test('the data version changes when something is stored, and only then', async () => {
      await withStore(factory, async (s) => {
        const v0 = await s.dataVersion();
        assert.equal(await s.dataVersion(), v0, 'reading changes nothing');
        await s.putArticles([A]);
        const v1 = await s.dataVersion();
        assert.notEqual(v1, v0);
        await s.search('ceasefire');
        assert.equal(await s.dataVersion(), v1);
      });
    });

    test("the data version moves with stories and alerts, not with a source's poll or an empty placement", async () => {
      await withStore(factory, async (s) => {
        await s.putArticles([A]);
        const v0 = await s.dataVersion();
        await s.putSource({
          url: 'https://news.example.org/rss',
          outlet: 'Example News',
          language: 'en',
          everySeconds: 900,
          addedAt: '2026-01-02T03:04:05.000Z',
          lastFetch: '2026-01-02T03:19:05.000Z',
          lastNew: null,
          lastError: null,
          failures: 0,
          nextDue: '2026-01-02T03:34:05.000Z',
          etag: null,
          lastModified: null,
          bodyHash: 'abc123',
        });
        assert.equal(await s.dataVersion(), v0, 'a poll is bookkeeping, not data the views show');
        await s.storyTransaction(async (tx) => void (await tx.meta()));
        assert.equal(await s.dataVersion(), v0, 'a placement that wrote nothing');
        await assignTo(s, [{ articleId: A.id, story: 1, event: 1, score: 1 }]);
        const v1 = await s.dataVersion();
        assert.notEqual(v1, v0, 'a placement');
        const alert = {
          rule: 'outlet-joins' as const,
          message: 'A second outlet reports the story',
          story: 1,
          articleId: A.id,
          outlet: 'Courier',
          title: 'A title',
          cite: { articleId: A.id, start: 0, end: 5, text: 'First' },
        };
        await s.addAlerts([alert], '2026-03-01T00:00:00.000Z');
        assert.notEqual(await s.dataVersion(), v1, 'an alert');
      });
    });

    test('articles() yields every stored article', async () => {
      await withStore(factory, async (s) => {
        await s.putArticles([A, B]);
        const ids: string[] = [];
        for await (const a of s.articles()) ids.push(a.id);
        assert.deepEqual(ids.sort(), [A.id, B.id].sort());
      });
    });

    test('story rows round-trip through a story transaction, and assignments are listed with their articles', async () => {
      await withStore(factory, async (s) => {
        await s.putArticles([A, B, C]);
        assert.deepEqual(await s.unassignedArticleIds(), [C.id, A.id, B.id], 'oldest publication first');
        const story: StoryRow = {
          id: 1,
          eventCount: 2,
          label: 'Markets steady',
          size: 2,
          first: 10,
          last: 20,
          terms: ['ceasefir', '@lena markovic'],
          weights: [0.1 + 0.2, 1 / 3],
        };
        const event = (id: number, ord: number, first: number | null): StoryEventRow => ({
          id,
          story: 1,
          ord,
          label: `event ${id}`,
          size: 1,
          first,
          last: first,
          terms: ['talk'],
          weights: [Math.PI],
        });
        const member: StoryMemberRow = { story: 1, seq: 0, event: 1, terms: ['talk'], weights: [Math.E] };
        await s.storyTransaction(async (tx) => {
          assert.equal(await tx.meta(), null);
          assert.equal(await tx.legacyState(), null);
          await tx.write({
            ...noChanges(),
            meta: { options: '{"x":1}', docs: 2, nextStory: 2, nextEvent: 4, generation: 1 },
            df: [
              { term: 'talk', df: 2 },
              { term: 'ceasefir', df: 1 },
            ],
            postings: [
              { term: 'talk', seq: 1, story: 1 },
              { term: 'talk', seq: 2, story: 5 },
              { term: 'talk', seq: 3, story: 1 },
            ],
            stories: [story],
            events: [event(1, 0, 10), event(2, 1, 1000), event(3, 2, null)],
            members: [member],
            assignments: [
              { articleId: C.id, story: 1, event: 1, score: 1 },
              { articleId: A.id, story: 1, event: 2, score: 0.4 },
            ],
            redirects: [{ from: 5, into: 1 }],
          });
        });
        await s.storyTransaction(async (tx) => {
          assert.deepEqual(await tx.meta(), {
            options: '{"x":1}',
            docs: 2,
            nextStory: 2,
            nextEvent: 4,
            generation: 1,
          });
          assert.deepEqual(
            await tx.df(['talk', 'ceasefir', 'unseen']),
            new Map([
              ['talk', 2],
              ['ceasefir', 1],
            ]),
          );
          assert.deepEqual(
            (await tx.postings(['talk', 'unseen'], 2)).get('talk')?.map((p) => [p.seq, p.story]),
            [
              [2, 5],
              [3, 1],
            ],
            'the last two, oldest first',
          );
          // Postings written without their list read: a repeat of the stored last is dropped, and the
          // list keeps its last `keep`.
          await tx.write({
            ...noChanges(),
            meta: { options: '{"x":1}', docs: 2, nextStory: 2, nextEvent: 4, generation: 1 },
            postings: [
              { term: 'talk', seq: 4, story: 1, unlessLast: true },
              { term: 'truce', seq: 4, story: 7, unlessLast: true },
              { term: 'truce', seq: 5, story: 8 },
              { term: 'truce', seq: 6, story: 7 },
            ],
            trimPostings: { terms: ['talk', 'truce'], keep: 2 },
          });
          const after = await tx.postings(['talk', 'truce'], 10);
          assert.deepEqual(
            after.get('talk')?.map((p) => [p.seq, p.story]),
            [
              [2, 5],
              [3, 1],
            ],
            'the repeat of the last story is not written; the list is trimmed to two',
          );
          assert.deepEqual(
            after.get('truce')?.map((p) => [p.seq, p.story]),
            [
              [5, 8],
              [6, 7],
            ],
          );
          assert.deepEqual(await tx.stories([1, 5, 9]), [story], 'weights exactly as written');
          assert.deepEqual(await tx.redirects([1, 5]), new Map([[5, 1]]));
          assert.deepEqual(await tx.members([1]), [member]);
          assert.deepEqual(
            (await tx.eventIds(1, 0, 100)).sort(),
            [1, 3],
            'events near the time, and the undated',
          );
          assert.deepEqual((await tx.eventIds(1, null, null)).sort(), [1, 2, 3]);
          assert.deepEqual(await tx.events([2]), [event(2, 1, 1000)]);
          assert.deepEqual(await tx.assigned([A.id, B.id]), new Set([A.id]));
        });
        assert.deepEqual(await s.unassignedArticleIds(), [B.id]);
        const members = await s.storyMembers();
        assert.deepEqual(
          members.map((m) => [m.articleId, m.story, m.event]),
          [
            [C.id, 1, 1],
            [A.id, 1, 2],
          ],
        );
        const a = members.find((m) => m.articleId === A.id)!;
        assert.equal(a.externalId, 'NL-1');
        assert.equal(a.outlet, 'Northline News');
        assert.equal(a.score, 0.4);
        const labels = await s.storyLabels();
        assert.deepEqual(labels.stories, new Map([[1, 'Markets steady']]));
        assert.equal(labels.events.get(2), 'event 2');
        // A merge moves the absorbed story's articles and events, and its id now leads to the other.
        await s.storyTransaction(async (tx) => {
          await tx.write({
            ...noChanges(),
            meta: { options: '{"x":1}', docs: 3, nextStory: 3, nextEvent: 5, generation: 2 },
            stories: [{ ...story, id: 2, eventCount: 1 }],
            events: [{ ...event(4, 0, 30), story: 2 }],
            assignments: [{ articleId: B.id, story: 2, event: 4, score: 1 }],
          });
          await tx.merge({ from: 1, into: 2, eventOffset: 1, members: [{ ...member, story: 2 }] });
          assert.deepEqual(
            await tx.redirects([1, 5]),
            new Map([
              [1, 2],
              [5, 2],
            ]),
          );
          assert.deepEqual(await tx.stories([1]), []);
          assert.deepEqual(
            (await tx.events([1, 2, 3, 4])).map((e) => [e.id, e.story, e.ord]),
            [
              [1, 2, 1],
              [2, 2, 2],
              [3, 2, 3],
              [4, 2, 0],
            ],
          );
          assert.deepEqual(await tx.members([1, 2]), [{ ...member, story: 2 }]);
        });
        assert.deepEqual(
          (await s.storyMembers(2)).map((m) => m.articleId),
          [C.id, A.id, B.id],
        );
        assert.deepEqual(await s.storyMembers(1), []);
        assert.deepEqual([...(await s.storyLabels(2)).stories.keys()], [2]);
      });
    });

    test('a story transaction that throws writes nothing', async () => {
      await withStore(factory, async (s) => {
        await s.putArticles([A, B]);
        await assignTo(s, [{ articleId: A.id, story: 1, event: 1, score: 1 }]);
        await assert.rejects(
          s.storyTransaction(async (tx) => {
            await tx.write({
              ...noChanges(),
              assignments: [{ articleId: B.id, story: 9, event: 9, score: 1 }],
            });
            throw new RangeError('decided against it');
          }),
          RangeError,
        );
        assert.deepEqual(await s.unassignedArticleIds(), [B.id]);
        await assignTo(s, [{ articleId: B.id, story: 2, event: 2, score: 1 }]);
        assert.deepEqual(await s.unassignedArticleIds(), [], 'the store is usable after it');
      });
    });

    test('story transactions in one process take turns', async () => {
      await withStore(factory, async (s) => {
        const order: string[] = [];
        const turn = (name: string): Promise<void> =>
          s.storyTransaction(async (tx) => {
            order.push(`${name} in`);
            await tx.meta();
            await new Promise((resolve) => setTimeout(resolve, 5));
            order.push(`${name} out`);
          });
        await Promise.all([turn('a'), turn('b')]);
        assert.deepEqual(order, ['a in', 'a out', 'b in', 'b out']);
      });
    });

    test('a reset forgets every story and assignment at once', async () => {
      await withStore(factory, async (s) => {
        await s.putArticles([A, B]);
        await assignTo(s, [
          { articleId: A.id, story: 1, event: 1, score: 1 },
          { articleId: B.id, story: 2, event: 2, score: 1 },
        ]);
        await s.storyTransaction(async (tx) => {
          await tx.reset();
          assert.equal(await tx.meta(), null);
          await tx.write({
            ...noChanges(),
            assignments: [{ articleId: B.id, story: 1, event: 1, score: 1 }],
          });
        });
        assert.deepEqual(
          (await s.storyMembers()).map((m) => m.articleId),
          [B.id],
        );
        assert.deepEqual(await s.unassignedArticleIds(), [A.id]);
      });
    });

    test('annotations are listed by kind, filtered by label (any case) and by story', async () => {
      await withStore(factory, async (s) => {
        await s.putArticles([A, B, C]);
        const quotes = await s.annotations({ kind: 'quote' });
        assert.equal(quotes.length, A.quotes.length + B.quotes.length + C.quotes.length);
        assert.deepEqual(
          quotes[0]!.item,
          [...C.quotes, ...A.quotes, ...B.quotes][0],
          'oldest publication first, text order within',
        );
        const byMarkovic = await s.annotations({ kind: 'quote', label: 'markOVIC' });
        assert.ok(byMarkovic.length >= 1);
        assert.ok(
          byMarkovic.every(
            (r) => r.article.id === A.id && (r.item as { speaker: string }).speaker === 'Lena Markovic',
          ),
        );
        assert.equal(byMarkovic[0]!.article.externalId, 'NL-1');
        assert.deepEqual(await s.annotations({ kind: 'entity', label: 'no such name' }), []);
        await assignTo(s, [{ articleId: B.id, story: 7, event: 1, score: 1 }]);
        const inStory = await s.annotations({ kind: 'figure', story: 7 });
        assert.ok(inStory.length >= 1 && inStory.every((r) => r.article.id === B.id));
      });
    });

    test('external ids shared by several articles: the first stored is found, all are listed', async () => {
      await withStore(factory, async (s) => {
        const second: AnalyzedArticle = { ...B, externalId: 'NL-1' };
        await s.putArticles([A]);
        await s.putArticles([C, second]);
        assert.equal((await s.getArticle('NL-1'))?.id, A.id, 'the first stored');
        assert.deepEqual(await s.idsByExternalId('NL-1'), [A.id, B.id]);
        assert.equal((await s.getArticle(B.id))?.externalId, 'NL-1', 'an id always wins');
        assert.deepEqual(await s.idsByExternalId('no-such-id'), []);
      });
    });

    if (shared) {
      test('writers in separate processes at once: each waits for the other, every article stored once', async () => {
        const { location, cleanup } = await shared();
        const run = promisify(execFile);
        try {
          // Three writers over overlapping ranges, in batches of 20: most batches meet another writer's.
          const ranges = [
            [0, 200],
            [100, 300],
            [0, 300],
          ];
          const outputs = await Promise.all(
            ranges.map(([from, to]) =>
              run(process.execPath, [WRITER, location, String(from), String(to), '20']),
            ),
          );
          const reports = outputs.map(
            (o) => JSON.parse(o.stdout) as { results: Record<string, number>; errors: string[] },
          );
          assert.deepEqual(
            reports.flatMap((r) => r.errors),
            [],
            'no write failed',
          );
          const inserted = reports.reduce((n, r) => n + r.results.inserted!, 0);
          assert.equal(inserted, 300, 'each of the 300 articles inserted by exactly one writer');
          const check = openStore(location);
          try {
            assert.equal(await check.countArticles(), 300);
          } finally {
            await check.close();
          }
        } finally {
          await cleanup();
        }
      });
    }
  });
}
