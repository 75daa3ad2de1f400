/**
 * The API against the real server on an ephemeral loopback port, over a real SQLite store holding the
 * sample corpus and the hostile articles: every response is checked against the OpenAPI document the server
 * generates, and so are the errors, the write rules, paging and hostile content.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { ingest } from '../app/ingest.js';
import { open } from '../app/open.js';
import { cutTimeline, type TimelineEntry } from '../brief/brief.js';
import type { Store } from '../store/store.js';
import { HOSTILE_LINES, htmlProblem } from '../testing/hostile.js';
import { SAMPLE_CORPUS, tempDir } from '../testing/fixtures.js';
import type { Static } from '@sinclair/typebox';
import { buildServer, type FastifyInstance } from './app.js';
import type * as S from './schemas.js';
import { isLoopback } from './serve.js';

type HealthT = Static<typeof S.Health>;
type ArticlePageT = Static<typeof S.ArticlePage>;
type ArticleDetailT = Static<typeof S.ArticleDetail>;
type StoryPageT = Static<typeof S.StoryPage>;
type StoryDetailT = Static<typeof S.StoryDetail>;
type ComparisonT = Static<typeof S.Comparison>;
type BriefT = Static<typeof S.BriefJson>;
type QuotePageT = Static<typeof S.QuotePage>;
type EntityPageT = Static<typeof S.EntityPage>;
type EntityDetailT = Static<typeof S.EntityDetail>;
type FigurePageT = Static<typeof S.FigurePage>;
type TimelinePageT = Static<typeof S.TimelinePage>;
type SearchT = Static<typeof S.SearchResult>;
type ErrorT = Static<typeof S.ErrorBody>;
type IngestT = Static<typeof S.IngestResult>;
type SourcePageT = Static<typeof S.SourcePage>;
type SourceAddedT = Static<typeof S.SourceAdded>;
type RevisionsT = Static<typeof S.Revisions>;
type AlertPageT = Static<typeof S.AlertPage>;

interface Served {
  app: FastifyInstance;
  base: string;
}

async function serveStore(
  store: Store,
  o: { token?: string; loopback?: boolean; webRoot?: string; liveIntervalMs?: number } = {},
): Promise<Served> {
  const app = await buildServer({
    store,
    version: '0.0.0-test',
    token: o.token,
    loopback: o.loopback ?? true,
    webRoot: o.webRoot ?? '/nonexistent-sitrep-web',
    bodyLimit: 64 * 1024,
    log: () => undefined,
    liveIntervalMs: o.liveIntervalMs,
  });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, base };
}

interface OpenApi {
  openapi: string;
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>
  >;
}

const tmp = tempDir('sitrep-server-test-');
let store: Store;
let served: Served;
let doc: OpenApi;
const ajv = new Ajv2020({ strict: false, allErrors: true });
const checked = new Set<string>();

/** The OpenAPI path template a concrete path matches (/api/stories/3 -> /api/stories/{id}). */
function templateOf(path: string): string | undefined {
  return Object.keys(doc.paths).find((t) => new RegExp(`^${t.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path));
}

/** Fetch, and check the answer against the document: its status, content type and body schema. */
async function call(
  path: string,
  init: RequestInit = {},
  base = served.base,
): Promise<{ status: number; type: string; body: string; json: <T>() => T }> {
  const res = await fetch(base + path, init);
  const body = await res.text();
  const type = (res.headers.get('content-type') ?? '').split(';')[0]!;
  const url = new URL(base + path);
  const template = templateOf(url.pathname);
  assert.ok(template, `${url.pathname} is in the OpenAPI document`);
  const op = doc.paths[template]![(init.method ?? 'GET').toLowerCase()];
  assert.ok(op, `${init.method ?? 'GET'} ${template} is in the OpenAPI document`);
  const response = op.responses[String(res.status)];
  assert.ok(response, `${template}: status ${res.status} is documented (${body.slice(0, 200)})`);
  const schema = response.content?.[type]?.schema;
  assert.ok(schema, `${template} ${res.status}: content type ${type} is documented`);
  const value = type === 'application/json' ? JSON.parse(body) : body;
  const validate = ajv.compile(schema);
  assert.ok(validate(value), `${template} ${res.status}: ${ajv.errorsText(validate.errors)}`);
  checked.add(`${(init.method ?? 'GET').toUpperCase()} ${template}`);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  return { status: res.status, type, body, json: <T>() => JSON.parse(body) as T };
}

before(async () => {
  store = open(join(tmp.dir, 'api.db'), 'write');
  await ingest(store, [SAMPLE_CORPUS]);
  served = await serveStore(store);
  doc = (await (await fetch(`${served.base}/api/openapi.json`)).json()) as OpenApi;
});

after(async () => {
  await served.app.close();
  await store.close();
  tmp.cleanup();
});

describe('the API', () => {
  test('the OpenAPI document is 3.1 and lists every route', () => {
    assert.equal(doc.openapi, '3.1.0');
    for (const p of [
      '/api/health',
      '/api/articles',
      '/api/articles/{id}',
      '/api/search',
      '/api/stories',
      '/api/stories/{id}',
      '/api/stories/{id}/compare',
      '/api/stories/{id}/brief',
      '/api/quotes',
      '/api/entities',
      '/api/entities/{name}',
      '/api/figures',
      '/api/timeline',
      '/api/sources',
      '/api/alerts',
      '/api/events',
      '/api/articles/{id}/revisions',
    ])
      assert.ok(doc.paths[p], p);
    assert.ok(doc.paths['/api/articles']!.post, 'POST /api/articles');
  });

  test('health names the store and counts what is in it', async () => {
    const h = (await call('/api/health')).json<HealthT>();
    assert.equal(h.status, 'ok');
    assert.equal(h.articles, 10);
    assert.ok(h.stories >= 1);
    assert.equal(h.store, join(tmp.dir, 'api.db'));
  });

  test('articles: filters, and pages that cover every article once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = `/api/articles?limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await call(q)).json<ArticlePageT>();
      assert.ok(page.items.length <= 3);
      seen.push(...page.items.map((a) => a.id));
      cursor = page.next;
    } while (cursor);
    assert.equal(seen.length, 10);
    assert.equal(new Set(seen).size, 10);
    const dates = (await call('/api/articles?limit=100')).json<ArticlePageT>().items.map((a) => a.published);
    assert.deepEqual(dates, [...dates].sort().reverse(), 'newest first');
    const one = (await call('/api/articles?outlet=Northline%20News')).json<ArticlePageT>();
    assert.ok(one.items.length > 0 && one.items.every((a) => a.outlet === 'Northline News'));
    const june = (await call('/api/articles?from=2024-06-01&to=2024-06-30')).json<ArticlePageT>();
    assert.ok(june.items.length > 0 && june.items.every((a) => a.published?.startsWith('2024-06')));
    const story = (await call('/api/stories?limit=1')).json<StoryPageT>().items[0]!;
    const inStory = (await call(`/api/articles?story=${story.id}`)).json<ArticlePageT>();
    assert.equal(inStory.items.length, story.articleCount);
  });

  test('one article with every annotation, each span holding its exact text', async () => {
    const id = (await call('/api/articles?limit=1')).json<ArticlePageT>().items[0]!.id;
    const d = (await call(`/api/articles/${id}`)).json<ArticleDetailT>();
    assert.equal(d.article.id, id);
    for (const q of d.article.quotes) assert.equal(d.article.text.slice(q.start, q.end), q.text);
    for (const f of d.article.figures) assert.equal(d.article.text.slice(f.start, f.end), f.text);
    assert.ok(d.story === null || Number.isInteger(d.story.id));
  });

  test('stories ranked by recent activity, with articles per day, events and the latest development', async () => {
    const page = (await call('/api/stories')).json<StoryPageT>();
    assert.ok(page.items.length >= 2);
    const [a, b] = [page.items[0]!, page.items[1]!];
    assert.ok(a.recentArticles >= b.recentArticles);
    assert.equal(
      a.perDay.reduce((n, d) => n + d.articles, 0),
      a.articleCount,
    );
    assert.ok(
      (a.latest?.published ?? '') >= (b.latest?.published ?? '') || a.recentArticles > b.recentArticles,
    );
    assert.ok(a.events.length <= 3, 'a card carries the latest events only');
    assert.equal(a.eventCount, a.events.length + (a.omitted?.events ?? 0));
    const detail = (await call(`/api/stories/${a.id}`)).json<StoryDetailT>();
    assert.equal(detail.eventCount, a.eventCount);
    assert.equal(detail.events.flatMap((e) => e.articles).length, a.articleCount);
    const byOutlet = (
      await call(`/api/stories?outlet=${encodeURIComponent(a.outlets[0]!)}`)
    ).json<StoryPageT>();
    assert.ok(byOutlet.items.every((s) => s.outlets.includes(a.outlets[0]!)));
    const none = (await call('/api/stories?from=1990-01-01&to=1990-12-31')).json<StoryPageT>();
    assert.deepEqual(none, { items: [], next: null });
  });

  test("a story's comparison and its brief in three formats", async () => {
    const id = (await call('/api/stories?limit=1')).json<StoryPageT>().items[0]!.id;
    const c = (await call(`/api/stories/${id}/compare`)).json<ComparisonT>();
    assert.equal(c.story, id);
    const json = await call(`/api/stories/${id}/brief`);
    assert.equal(json.type, 'application/json');
    assert.equal(json.json<BriefT>().story.id, id);
    const md = await call(`/api/stories/${id}/brief?format=md`);
    assert.equal(md.type, 'text/markdown');
    assert.match(md.body, /^# /);
    const html = await call(`/api/stories/${id}/brief?format=html`);
    assert.equal(html.type, 'text/html');
    assert.match(html.body, /^<!doctype html>/i);
  });

  test('lists inside story answers are cut to `each` items, and what is cut is counted', async () => {
    const id = (await call('/api/stories?limit=1')).json<StoryPageT>().items[0]!.id;
    const whole = (await call(`/api/stories/${id}?each=500`)).json<StoryDetailT>();
    const cut = (await call(`/api/stories/${id}?each=1`)).json<StoryDetailT>();
    assert.ok(whole.articleCount > 1, 'a story of several articles');
    assert.equal(whole.omitted, undefined);
    assert.ok(cut.events.length <= 1 && cut.outlets.length <= 1);
    assert.equal(cut.events.length + (cut.omitted?.events ?? 0), whole.events.length);
    assert.equal(cut.outlets.length + (cut.omitted?.outlets ?? 0), whole.outlets.length);
    assert.deepEqual(cut.perDay, whole.perDay, 'days per story are bounded already and kept whole');
    for (const e of cut.events) {
      assert.ok(e.articles.length <= 1);
      assert.equal(e.articles.length + (e.omitted?.articles ?? 0), e.articleCount);
    }
    const compareWhole = (await call(`/api/stories/${id}/compare?each=500`)).json<ComparisonT>();
    const compareCut = (await call(`/api/stories/${id}/compare?each=1`)).json<ComparisonT>();
    assert.equal(compareCut.figures.length + (compareCut.omitted?.figures ?? 0), compareWhole.figures.length);
    const briefWhole = (await call(`/api/stories/${id}/brief?each=500`)).json<BriefT>();
    const briefCut = (await call(`/api/stories/${id}/brief?each=1`)).json<BriefT>();
    assert.ok(briefWhole.sources.length > 1);
    assert.equal(briefCut.sources.length, 1);
    assert.equal(briefCut.omitted?.sources, briefWhole.sources.length - 1);
    // The timeline is cut as the brief cuts it (most reported, then most recent), not to its oldest entries.
    const briefTwo = (await call(`/api/stories/${id}/brief?each=2`)).json<BriefT>();
    assert.ok(briefWhole.timeline.length > 2, 'a timeline long enough to be cut');
    assert.deepEqual(
      briefTwo.timeline.map((e) => e.cite),
      cutTimeline(briefWhole.timeline as unknown as TimelineEntry[], 2).entries.map((e) => e.cite),
    );
    assert.equal(briefTwo.timelineOmitted, briefWhole.timelineOmitted + briefWhole.timeline.length - 2);
    const md = (await call(`/api/stories/${id}/brief?format=md&each=1`)).body;
    assert.equal(md, (await call(`/api/stories/${id}/brief?format=md`)).body, 'Markdown is whole');
    const speakers = (await call(`/api/quotes?story=${id}&each=500`)).json<QuotePageT>();
    const quoted = speakers.items.find((g) => g.quotes.length > 1);
    assert.ok(quoted, 'a speaker quoted more than once');
    const one = (
      await call(`/api/quotes?story=${id}&each=1&speaker=${encodeURIComponent(quoted.speaker ?? '')}`)
    ).json<QuotePageT>().items[0]!;
    assert.equal(one.quotes.length, 1);
    assert.equal(one.omitted?.quotes, quoted.quotes.length - 1);
    assert.deepEqual(one.quotes[0], quoted.quotes[0], "the first in the view's order is kept");
    for (const bad of ['each=0', 'each=501', 'each=x'])
      assert.equal((await call(`/api/stories/${id}?${bad}`)).status, 400, bad);
  });

  test('quotes, entities, one entity, figures and timeline, every item cited with its exact text', async () => {
    const texts = new Map<string, string>();
    const textOf = async (id: string): Promise<string> => {
      if (!texts.has(id))
        texts.set(id, (await call(`/api/articles/${id}`)).json<ArticleDetailT>().article.text);
      return texts.get(id)!;
    };
    const cited = async (c: { articleId: string; start: number; end: number; text: string }): Promise<void> =>
      assert.equal((await textOf(c.articleId)).slice(c.start, c.end), c.text);
    const quotes = (await call('/api/quotes?limit=3')).json<QuotePageT>();
    assert.ok(quotes.items.length > 0);
    for (const g of quotes.items) for (const q of g.quotes) await cited(q.cite);
    const speaker = quotes.items[0]!.speaker ?? '';
    const bySpeaker = (
      await call(`/api/quotes?speaker=${encodeURIComponent(speaker.toUpperCase())}`)
    ).json<QuotePageT>();
    assert.ok(bySpeaker.items.every((g) => (g.speaker ?? '').toLowerCase().includes(speaker.toLowerCase())));
    const entities = (await call('/api/entities?type=person&limit=5')).json<EntityPageT>();
    assert.ok(entities.items.length > 0 && entities.items.every((e) => e.type === 'person'));
    for (const e of entities.items) for (const c of e.cites) await cited(c);
    const person = (
      await call(`/api/entities/${encodeURIComponent(speaker.toLowerCase())}`)
    ).json<EntityDetailT>();
    assert.equal(person.entity.name, speaker);
    assert.ok(person.quotes.length > 0, 'the quotations of the most quoted speaker');
    assert.ok(person.stories.length > 0 && person.perDay.length > 0);
    // Every list of an entity is bounded by `each` (a widely reported name has a citation per article).
    const oneEach = (await call(`/api/entities/${encodeURIComponent(speaker)}?each=1`)).json<EntityDetailT>();
    assert.ok(person.quotes.length > 1, 'a speaker quoted more than once');
    assert.equal(oneEach.quotes.length, 1);
    assert.equal(oneEach.omitted?.quotes, person.quotes.length + (person.omitted?.quotes ?? 0) - 1);
    assert.ok(oneEach.entity.cites.length <= 1);
    assert.equal(oneEach.entity.cites.length + (oneEach.entity.omitted?.cites ?? 0), person.entity.articles);
    assert.deepEqual(oneEach.perDay, person.perDay, 'articles per day are kept whole');
    for (const bad of ['each=0', 'each=501', 'each=x']) {
      assert.equal((await call(`/api/entities?${bad}`)).status, 400, bad);
      assert.equal((await call(`/api/entities/${encodeURIComponent(speaker)}?${bad}`)).status, 400, bad);
    }
    const listed = (await call('/api/entities?limit=3&each=1')).json<EntityPageT>();
    for (const e of listed.items) assert.equal(e.cites.length + (e.omitted?.cites ?? 0), e.articles);
    const figures = (await call('/api/figures?limit=5')).json<FigurePageT>();
    assert.ok(figures.items.length > 0);
    for (const f of figures.items) await cited(f.cite);
    const timeline = (await call('/api/timeline?limit=5')).json<TimelinePageT>();
    assert.ok(timeline.items.length > 0);
    for (const t of timeline.items) await cited(t.cite);
    const dates = (await call('/api/timeline?limit=500')).json<TimelinePageT>().items.map((t) => t.date);
    assert.deepEqual(dates, [...dates].sort(), 'in the order they happened');
  });

  test('search: ranked hits with marked snippets, pages, and facets', async () => {
    const r = (await call('/api/search?q=ceasefire&limit=1')).json<SearchT>();
    assert.equal(r.items.length, 1);
    assert.match(r.items[0]!.snippet, /\[ceasefire\]/i);
    assert.ok(r.next, 'more than one article mentions it');
    const second = (await call(`/api/search?q=ceasefire&limit=1&cursor=${r.next}`)).json<SearchT>();
    assert.notEqual(second.items[0]!.id, r.items[0]!.id);
    assert.ok(r.facets.over >= 2);
    assert.equal(
      r.facets.outlets.reduce((n: number, f: { count: number }) => n + f.count, 0),
      r.facets.over,
    );
    assert.ok(r.facets.entities.length > 0);
    const entity = r.facets.entities[0]!;
    const named = (
      await call(`/api/search?q=ceasefire&limit=500&entity=${encodeURIComponent(entity.value)}`)
    ).json<SearchT>();
    assert.equal(named.items.length, entity.count, 'the entity facet narrows to the articles naming it');
    const none = (await call('/api/search?q=zzyzx')).json<SearchT>();
    assert.deepEqual(none.items, []);
  });

  test('bad requests: 400 with a readable error naming the parameter', async () => {
    for (const q of [
      '/api/articles?limit=0',
      '/api/articles?limit=501',
      '/api/articles?limit=ten',
      '/api/articles?from=March',
      '/api/articles?colour=red',
      '/api/articles?cursor=not-a-cursor',
      `/api/articles?cursor=${(await call('/api/quotes?limit=1')).json<QuotePageT>().next ?? 'eyJrIjoib2Zmc2V0IiwibyI6MX0'}`,
      '/api/search',
      '/api/stories/first',
      '/api/stories/1/brief?format=pdf',
      '/api/entities?type=animal',
    ]) {
      const r = await call(q);
      assert.equal(r.status, 400, q);
      const e = r.json<ErrorT>();
      assert.equal(e.error, 'bad-request', q);
      assert.ok(e.detail.length > 5, q);
    }
    assert.match((await call('/api/articles?colour=red')).json<ErrorT>().detail, /additional properties/);
    assert.match((await call('/api/articles?limit=0')).json<ErrorT>().detail, /limit/);
  });

  test('unknown story, article, entity and route: 404', async () => {
    for (const q of [
      '/api/stories/9999',
      '/api/stories/9999/compare',
      '/api/stories/9999/brief',
      '/api/quotes?story=9999',
      '/api/articles/no-such-article',
      '/api/entities/Nobody%20Atall',
    ]) {
      const r = await call(q);
      assert.equal(r.status, 404, q);
      assert.equal(r.json<ErrorT>().error, 'not-found');
    }
    const r = await fetch(`${served.base}/api/no-such-route`);
    assert.equal(r.status, 404);
    assert.deepEqual(Object.keys((await r.json()) as object), ['error', 'detail']);
  });

  test('writes: refused without the token, or off loopback without one; 413 for a body too large', async () => {
    const body = 'The harbour master said on Monday that the ferry would run again on Friday.';
    const post = (base: string, headers: Record<string, string> = {}): ReturnType<typeof call> =>
      call(
        '/api/articles',
        { method: 'POST', body, headers: { 'content-type': 'text/plain', ...headers } },
        base,
      );
    const tokened = await serveStore(store, { token: 's3cret-token' });
    const open = await serveStore(store, { loopback: false });
    try {
      assert.equal((await post(tokened.base)).status, 401);
      assert.equal((await post(tokened.base, { authorization: 'Bearer wrong' })).status, 401);
      assert.equal((await post(open.base)).status, 403);
      assert.equal((await post(open.base)).json<ErrorT>().error, 'forbidden');
      const big = await call(
        '/api/articles',
        { method: 'POST', body: 'x'.repeat(70 * 1024), headers: { 'content-type': 'text/plain' } },
        tokened.base,
      );
      assert.equal(big.status, 413);
      assert.equal(big.json<ErrorT>().error, 'too-large');
      const ok = await post(tokened.base, { authorization: 'Bearer s3cret-token' });
      assert.equal(ok.status, 200);
      assert.equal(ok.json<IngestT>().ingested.length, 1);
      const again = await post(tokened.base, { authorization: 'Bearer s3cret-token' });
      assert.equal(again.json<IngestT>().duplicates.length, 1, 'the same text is stored once');
    } finally {
      await tokened.app.close();
      await open.app.close();
    }
  });

  test('hostile content is returned as data and is inert in the brief HTML', async () => {
    const before = (await call('/api/health')).json<HealthT>().articles;
    const jsonl = HOSTILE_LINES.map((l) => JSON.stringify(l)).join('\n');
    const r = await call('/api/articles?name=hostile.jsonl', {
      method: 'POST',
      body: jsonl,
      headers: { 'content-type': 'application/x-ndjson' },
    });
    assert.equal(r.status, 200);
    const ids: string[] = r.json<IngestT>().ingested.map((a) => a.id);
    assert.equal(
      (await call('/api/health')).json<HealthT>().articles,
      before + ids.length,
      'answers kept for reuse are dropped when the store changes',
    );
    assert.equal(ids.length, HOSTILE_LINES.length);
    const d = (await call(`/api/articles/${ids[0]}`)).json<ArticleDetailT>();
    assert.equal(d.article.url, 'javascript:alert(9)', 'kept as data');
    assert.ok(d.article.text.includes('<script>alert(2)</script>'), 'the text as written, in JSON');
    assert.ok(d.article.text.includes('onerror=alert(3)'));
    assert.ok(d.story, 'placed in a story');
    const html = await call(`/api/stories/${d.story.id}/brief?format=html`);
    assert.equal(htmlProblem(html.body), null);
    assert.match(html.body, /&lt;script&gt;/, 'the title shows escaped');
    const csp = (await fetch(`${served.base}/api/stories/${d.story.id}/brief?format=html`)).headers.get(
      'content-security-policy',
    );
    assert.match(csp ?? '', /default-src 'none'/);
    const found = (await call('/api/search?q=bridge')).json<SearchT>();
    assert.ok(
      found.items.some((h) => ids.includes(h.id)),
      'the new articles are searchable at once',
    );
  });

  test('answers are kept until the store changes, and sent gzipped to clients that accept it', async () => {
    const path = '/api/timeline?limit=100';
    const plain = await call(path);
    const again = await call(path);
    assert.equal(again.body, plain.body);
    const zipped = await fetch(served.base + path, { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(zipped.headers.get('content-encoding'), 'gzip');
    assert.equal(await zipped.text(), plain.body, 'fetch unzips it: the same answer');
  });

  test('a failure inside the server is a 500 that does not leak its stack', async () => {
    const broken = open(join(tmp.dir, 'broken.db'), 'write');
    const s = await serveStore(broken);
    await broken.close(); // every read now fails inside the store
    try {
      const r = await call('/api/articles', {}, s.base);
      assert.equal(r.status, 500);
      assert.deepEqual(Object.keys(r.json<ErrorT>()), ['error', 'detail']);
      assert.doesNotMatch(r.body, /at |\.js|sqlite|connection/i);
    } finally {
      await s.app.close();
    }
  });

  test('sources: added, listed with their status and counts, removed; writes need the token', async () => {
    const own = open(join(tmp.dir, 'sources.db'), 'write');
    const s = await serveStore(own);
    const tokened = await serveStore(own, { token: 'tok-en' });
    const json = { 'content-type': 'application/json' };
    const feed = 'https://courier.example/feed.xml';
    try {
      assert.deepEqual((await call('/api/sources', {}, s.base)).json<SourcePageT>(), {
        items: [],
        next: null,
      });
      const add = await call(
        '/api/sources',
        {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ url: feed, outlet: 'Courier', every: '30m' }),
        },
        s.base,
      );
      assert.equal(add.status, 200);
      const added = add.json<SourceAddedT>();
      assert.equal(added.added, true);
      assert.equal(added.source.everySeconds, 1800);
      assert.equal(added.source.articles, 0);
      const again = await call(
        '/api/sources',
        { method: 'POST', headers: json, body: JSON.stringify({ url: feed, every: '1h' }) },
        s.base,
      );
      assert.equal(again.json<SourceAddedT>().added, false);
      assert.equal(again.json<SourceAddedT>().source.outlet, 'Courier', 'settings not given are kept');
      const listed = (await call('/api/sources', {}, s.base)).json<SourcePageT>().items;
      assert.deepEqual(
        listed.map((x) => [x.url, x.everySeconds, x.lastFetch, x.lastError]),
        [[feed, 3600, null, null]],
      );
      const badUrl = await call(
        '/api/sources',
        { method: 'POST', headers: json, body: JSON.stringify({ url: 'ftp://courier.example/' }) },
        s.base,
      );
      assert.equal(badUrl.status, 422);
      assert.match(badUrl.json<ErrorT>().detail, /ftp:\/\/courier\.example/);
      const badEvery = await call(
        '/api/sources',
        { method: 'POST', headers: json, body: JSON.stringify({ url: feed, every: '5s' }) },
        s.base,
      );
      assert.equal(badEvery.status, 400);
      const refused = await call(
        `/api/sources?url=${encodeURIComponent(feed)}`,
        { method: 'DELETE' },
        tokened.base,
      );
      assert.equal(refused.status, 401);
      const gone = await call(`/api/sources?url=${encodeURIComponent(feed)}`, { method: 'DELETE' }, s.base);
      assert.deepEqual(gone.json(), { removed: feed });
      const twice = await call(`/api/sources?url=${encodeURIComponent(feed)}`, { method: 'DELETE' }, s.base);
      assert.equal(twice.status, 404);
    } finally {
      await s.app.close();
      await tokened.app.close();
      await own.close();
    }
  });

  test("an article's revisions with their word-level changes; alerts newest first, in pages", async () => {
    const own = open(join(tmp.dir, 'revisions.db'), 'write');
    await ingest(own, [SAMPLE_CORPUS]);
    const s = await serveStore(own);
    try {
      const article = (await call('/api/articles?limit=1', {}, s.base)).json<ArticlePageT>().items[0]!;
      const none = (await call(`/api/articles/${article.id}/revisions`, {}, s.base)).json<RevisionsT>();
      assert.deepEqual(none.revisions, []);
      const stored = (await own.getArticle(article.id))!;
      const text = `${stored.text} The council said on Friday that 75 more boats would follow.`;
      await own.addRevision({
        articleId: article.id,
        contentId: 'feedc0ffee00abcd',
        seenAt: '2026-12-01T10:00:00.000Z',
        source: stored.source,
        title: stored.title,
        text,
        marks: [],
      });
      const one = (await call(`/api/articles/${article.id}/revisions`, {}, s.base)).json<RevisionsT>();
      assert.equal(one.revisions.length, 1);
      assert.equal(one.revisions[0]!.changes[0]!.kind, 'added');
      assert.match(one.revisions[0]!.changes[0]!.after, /75 more boats/);
      assert.equal((await call('/api/articles/nope/revisions', {}, s.base)).status, 404);

      const alert = (message: string) => ({
        rule: 'outlet-joins' as const,
        message,
        story: null,
        articleId: article.id,
        outlet: article.outlet,
        title: article.title,
        cite: { articleId: article.id, start: 0, end: 4, text: stored.text.slice(0, 4) },
      });
      await own.addAlerts([alert('first'), alert('second'), alert('third')], '2026-12-01T10:00:00.000Z');
      const p1 = (await call('/api/alerts?limit=2', {}, s.base)).json<AlertPageT>();
      assert.deepEqual(
        p1.items.map((a) => a.message),
        ['third', 'second'],
      );
      const p2 = (await call(`/api/alerts?limit=2&cursor=${p1.next}`, {}, s.base)).json<AlertPageT>();
      assert.deepEqual(
        p2.items.map((a) => a.message),
        ['first'],
      );
      assert.equal(p2.next, null);
      assert.equal((await call('/api/alerts?cursor=bogus', {}, s.base)).status, 400);
    } finally {
      await s.app.close();
      await own.close();
    }
  });

  test('events: a listener is told of each new article, revision and alert as the store changes', async () => {
    const own = open(join(tmp.dir, 'events.db'), 'write');
    const s = await serveStore(own, { liveIntervalMs: 20 });
    const stop = new AbortController();
    try {
      const res = await fetch(`${s.base}/api/events`, { signal: stop.signal });
      assert.equal(res.status, 200);
      const type = (res.headers.get('content-type') ?? '').split(';')[0]!;
      assert.ok(doc.paths['/api/events']!.get!.responses['200']!.content![type], `${type} is documented`);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      checked.add('GET /api/events');
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      const events: { event: string; data: Record<string, unknown> }[] = [];
      /** Read until an event of this name arrives. */
      const until = async (name: string): Promise<Record<string, unknown>> => {
        for (;;) {
          const found = events.find((e) => e.event === name);
          if (found) return found.data;
          const { value, done } = await reader.read();
          assert.ok(!done, `the stream ended before a ${name} event`);
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const m = /^event: (?<event>\S+)\ndata: (?<data>.*)$/m.exec(block);
            if (m) events.push({ event: m.groups!.event!, data: JSON.parse(m.groups!.data!) });
          }
        }
      };
      await until('hello');
      const file = join(tmp.dir, 'ferry.txt');
      writeFileSync(
        file,
        'Ferry returns to the north pier\n\nThe lake ferry will call at the north pier again from Monday, the harbour office said on Tuesday.\n',
      );
      const result = await ingest(own, [file]);
      const id = result.ingested[0]!.id;
      const article = await until('article');
      assert.equal(article.id, id);
      assert.equal(typeof article.title, 'string');
      await own.addRevision({
        articleId: id,
        contentId: 'feedc0ffee00beef',
        seenAt: new Date(Date.now() + 1000).toISOString(),
        source: file,
        title: null,
        text: 'A later text.',
        marks: [],
      });
      assert.deepEqual((await until('revision')).articleId, id);
      await own.addAlerts(
        [
          {
            rule: 'outlet-joins',
            message: 'Northline News joins story 1',
            story: 1,
            articleId: id,
            outlet: 'Northline News',
            title: null,
            cite: { articleId: id, start: 0, end: 3, text: 'abc' },
          },
        ],
        new Date().toISOString(),
      );
      const alert = await until('alert');
      assert.equal(alert.message, 'Northline News joins story 1');
      assert.deepEqual(alert.cite, { articleId: id, start: 0, end: 3, text: 'abc' });
      assert.ok(events.some((e) => e.event === 'change'));
    } finally {
      stop.abort();
      await s.app.close();
      await own.close();
    }
  });

  test('every route was checked against the document', () => {
    const all = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`),
    );
    assert.deepEqual(
      all.filter((r) => !checked.has(r)),
      [],
    );
  });
});

describe('the dashboard files', () => {
  test('index.html, assets, and client-side URLs falling back to index.html; /api stays JSON', async () => {
    const web = join(tmp.dir, 'web');
    mkdirSync(join(web, 'assets'), { recursive: true });
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>sitrep</title><div id="app"></div>');
    writeFileSync(join(web, 'assets', 'app.js'), 'console.log("sitrep")');
    const s = await serveStore(store, { webRoot: web });
    try {
      for (const p of ['/', '/stories/3', '/entities/Priya%20Anand']) {
        const r = await fetch(s.base + p);
        assert.equal(r.status, 200, p);
        assert.match(await r.text(), /<div id="app">/, p);
      }
      const js = await fetch(`${s.base}/assets/app.js`);
      assert.match(js.headers.get('content-type') ?? '', /javascript/);
      const api = await fetch(`${s.base}/api/nothing-here`);
      assert.equal(api.status, 404);
      assert.equal(((await api.json()) as { error: string }).error, 'not-found');
    } finally {
      await s.app.close();
    }
  });
});

test('loopback addresses', () => {
  for (const h of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost']) assert.ok(isLoopback(h), h);
  for (const h of ['0.0.0.0', '::', '192.168.1.4', 'example.org']) assert.ok(!isLoopback(h), h);
});
