import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';
import { articleRevisions } from './articles.js';
import { addSource } from './sources.js';
import { backoffSeconds, watchCycle, type WatchEvent, type WatchOptions } from './watch.js';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;
const routes = new Map<string, Handler>();
const hits = new Map<string, number>();
let server: http.Server;
let base: string;
const dir = mkdtempSync(join(tmpdir(), 'sitrep-watch-'));

before(async () => {
  server = http.createServer((req, res) => {
    const path = req.url ?? '/';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const h = routes.get(path);
    if (h) return h(req, res);
    res.writeHead(404).end('not here');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

function rss(items: { guid: string; title: string; text?: string; link?: string }[]): string {
  const body = items
    .map(
      (i) =>
        `<item><guid>${i.guid}</guid><title>${i.title}</title>` +
        (i.link ? `<link>${i.link}</link>` : '') +
        (i.text ? `<description>${i.text}</description>` : '') +
        '<pubDate>Tue, 01 Dec 2026 08:00:00 GMT</pubDate></item>',
    )
    .join('');
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Lakeside Courier</title><language>en</language>${body}</channel></rss>`;
}

const FERRY = {
  guid: 'ferry-1',
  title: 'Ferry timetable changes',
  text: 'The lake ferry will leave the north pier every forty minutes from Monday, the harbour office said on Tuesday. "We expect shorter queues in the morning," said Ilse Marrow, who runs the pier.',
};
const MARKET = {
  guid: 'market-2',
  title: 'Night market returns',
  text: 'The night market on Quay Street returns on Friday with 64 stalls, twelve more than last year. Organisers said the stalls will stay open until eleven.',
};

let n = 0;
function freshStore(): Store {
  return openStore(join(dir, `w${++n}.db`));
}

/** A clock the test moves by hand, and the events a cycle reported. */
function harness(): { o: WatchOptions; events: WatchEvent[]; advance: (seconds: number) => void } {
  let now = Date.parse('2026-12-01T09:00:00Z');
  const events: WatchEvent[] = [];
  return {
    o: {
      allowPrivate: true,
      delayMs: 5,
      // Generous: a loaded machine must not turn a served feed into a time-out.
      timeoutMs: 60_000,
      stories: false,
      now: () => new Date(now),
      onEvent: (e) => events.push(e),
    },
    events,
    advance: (s) => void (now += s * 1000),
  };
}

test('a feed is stored once; unchanged, it costs one 304 and no analysis or article write', async () => {
  routes.set('/etag.xml', (req, res) => {
    if (req.headers['if-none-match'] === '"v1"') return res.writeHead(304).end();
    res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"v1"' }).end(rss([FERRY, MARKET]));
  });
  const store = freshStore();
  const { o, events, advance } = harness();
  try {
    await addSource(store, `${base}/etag.xml`, { everySeconds: 600 }, o.now!());
    const first = await watchCycle(store, o);
    assert.equal(first.polls[0]!.outcome, 'polled');
    assert.equal(first.polls[0]!.ingested.length, 2);
    assert.equal(await store.countArticles(), 2);
    const [src] = await store.listSources();
    assert.equal(src!.etag, '"v1"');
    assert.equal(src!.lastNew, '2026-12-01T09:00:00.000Z');
    assert.equal(src!.nextDue, '2026-12-01T09:10:00.000Z');

    advance(300);
    const early = await watchCycle(store, o);
    assert.equal(early.polls.length, 0, 'not due yet');
    assert.equal(early.waiting, 1);

    advance(300);
    const second = await watchCycle(store, o);
    assert.equal(second.polls[0]!.outcome, 'unchanged');
    assert.deepEqual(events.at(-1), { kind: 'unchanged', url: `${base}/etag.xml`, how: 'not-modified' });
    assert.equal(await store.countArticles(), 2);
    assert.equal(hits.get('/etag.xml'), 2);
  } finally {
    await store.close();
  }
});

test('a server without validators: the same body again is not analysed', async () => {
  routes.set('/plain.xml', (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss([MARKET]));
  });
  const store = freshStore();
  const { o, events, advance } = harness();
  try {
    await addSource(store, `${base}/plain.xml`, { everySeconds: 60 }, o.now!());
    await watchCycle(store, o);
    advance(60);
    const again = await watchCycle(store, o);
    assert.equal(again.polls[0]!.outcome, 'unchanged');
    assert.equal((events.at(-1) as { how: string }).how, 'same-content');
    assert.equal(await store.countArticles(), 1);
  } finally {
    await store.close();
  }
});

test('a failing source backs off exponentially, its error kept; success resets it', async () => {
  let down = true;
  routes.set('/flaky.xml', (_req, res) => {
    if (down) return res.writeHead(503, 'Service Unavailable').end();
    res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss([FERRY]));
  });
  const store = freshStore();
  const { o, advance } = harness();
  try {
    await addSource(store, `${base}/flaky.xml`, { everySeconds: 600 }, o.now!());
    await watchCycle(store, o);
    let [src] = await store.listSources();
    assert.equal(src!.failures, 1);
    assert.equal(src!.lastError, 'HTTP 503 Service Unavailable');
    assert.equal(src!.nextDue, '2026-12-01T09:20:00.000Z');
    advance(1200);
    await watchCycle(store, o);
    [src] = await store.listSources();
    assert.equal(src!.failures, 2);
    assert.equal(src!.nextDue, '2026-12-01T10:00:00.000Z', 'four intervals after the second failure');
    down = false;
    advance(2400);
    await watchCycle(store, o);
    [src] = await store.listSources();
    assert.equal(src!.failures, 0);
    assert.equal(src!.lastError, null);
    assert.equal(await store.countArticles(), 1);
    assert.equal(backoffSeconds(600, 30), 86_400, 'capped at a day');
  } finally {
    await store.close();
  }
});

test('a redirected feed is followed; a slow host times out and backs off', async () => {
  routes.set('/moved.xml', (_req, res) => res.writeHead(301, { location: '/new-home.xml' }).end());
  routes.set('/new-home.xml', (_req, res) =>
    res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss([FERRY])),
  );
  // The slow host never answers: the time-out fires however loaded the machine is.
  routes.set('/slow.xml', () => undefined);
  const store = freshStore();
  const { o } = harness();
  try {
    await addSource(store, `${base}/moved.xml`, {}, o.now!());
    const first = await watchCycle(store, o);
    assert.equal(first.polls[0]!.ingested.length, 1);
    await addSource(store, `${base}/slow.xml`, {}, o.now!());
    const r = await watchCycle(store, { ...o, timeoutMs: 300 });
    const byUrl = new Map(r.polls.map((p) => [p.url, p]));
    assert.equal(byUrl.get(`${base}/slow.xml`)!.error, 'timed out');
    const slow = (await store.listSources()).find((s) => s.url.endsWith('/slow.xml'))!;
    assert.equal(slow.failures, 1);
  } finally {
    await store.close();
  }
});

test('items that only link are fetched, robots.txt permitting', async () => {
  routes.set('/robots.txt', (_req, res) =>
    res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: sitrep\nDisallow: /members/\n'),
  );
  routes.set('/links.xml', (_req, res) =>
    res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(
      rss([
        { guid: 'open', title: 'Open page', link: `${base}/news/ferry.html` },
        { guid: 'closed', title: 'Members page', link: `${base}/members/market.html` },
      ]),
    ),
  );
  const page =
    (text: string): Handler =>
    (_req, res) =>
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end(`<html><head><title>Page</title></head><body><article><p>${text}</p></article></body></html>`);
  routes.set('/news/ferry.html', page(FERRY.text));
  routes.set('/members/market.html', page(MARKET.text));
  const store = freshStore();
  const { o } = harness();
  try {
    await addSource(store, `${base}/links.xml`, {}, o.now!());
    const r = await watchCycle(store, o);
    assert.equal(r.polls[0]!.ingested.length, 1);
    assert.equal(hits.get('/members/market.html'), undefined, 'a disallowed page is never requested');
    assert.match(r.polls[0]!.failed[0]!.reason, /robots\.txt disallows/);
  } finally {
    await store.close();
  }
});

test('a stop between sources finishes the one in hand; the next cycle picks up the rest', async () => {
  const stop = new AbortController();
  routes.set('/first.xml', (_req, res) => {
    stop.abort(); // the stop arrives while this source is being polled
    res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss([FERRY]));
  });
  routes.set('/second.xml', (_req, res) =>
    res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss([MARKET])),
  );
  const store = freshStore();
  const { o, advance } = harness();
  try {
    await addSource(store, `${base}/first.xml`, {}, o.now!());
    advance(1);
    await addSource(store, `${base}/second.xml`, {}, o.now!());
    const r = await watchCycle(store, { ...o, signal: stop.signal });
    assert.equal(r.stopped, true);
    assert.deepEqual(
      r.polls.map((p) => [p.url, p.ingested.length]),
      [[`${base}/first.xml`, 1]],
    );
    assert.equal(await store.countArticles(), 1);
    const next = await watchCycle(store, o);
    assert.deepEqual(
      next.polls.map((p) => p.url),
      [`${base}/second.xml`],
    );
    assert.equal(await store.countArticles(), 2);
  } finally {
    await store.close();
  }
});

test('a feed item whose text changes is stored as a revision with its diff, not as a new article', async () => {
  let version = 1;
  routes.set('/changing.xml', (_req, res) => {
    const text =
      version === 1
        ? MARKET.text
        : MARKET.text.replace('64 stalls', '71 stalls').replace(' until eleven', '');
    res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss([{ ...MARKET, text }]));
  });
  const store = freshStore();
  const { o, advance } = harness();
  try {
    await addSource(store, `${base}/changing.xml`, { everySeconds: 60 }, o.now!());
    const first = await watchCycle(store, o);
    const id = first.polls[0]!.ingested[0]!.id;
    version = 2;
    advance(60);
    const second = await watchCycle(store, o);
    assert.deepEqual(second.polls[0]!.ingested, []);
    assert.deepEqual(
      second.polls[0]!.revisions.map((r) => [r.articleId, r.seq]),
      [[id, 1]],
    );
    assert.equal(await store.countArticles(), 1);
    advance(60);
    const third = await watchCycle(store, o);
    assert.equal(third.polls[0]!.outcome, 'unchanged', 'the same revised feed again');
    const view = await articleRevisions(store, id);
    assert.equal(view.revisions.length, 1);
    assert.deepEqual(
      view.revisions[0]!.changes.map((c) => [c.kind, c.before, c.after, c.touches]),
      [
        ['changed', '64', '71', ['figure']],
        // "Organisers said the stalls will stay open until eleven" is reported speech: a quote.
        ['removed', 'until eleven', '', ['quote']],
      ],
    );
  } finally {
    await store.close();
  }
});

test("a source's --outlet and --language are the articles' outlet and language", async () => {
  routes.set('/given.xml', (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss([FERRY]));
  });
  const store = freshStore();
  const { o } = harness();
  try {
    await addSource(
      store,
      `${base}/given.xml`,
      { outlet: 'Lakeside Courier Online', language: 'en-GB' },
      o.now!(),
    );
    const cycle = await watchCycle(store, o);
    const article = (await store.getArticle(cycle.polls[0]!.ingested[0]!.id))!;
    assert.equal(article.outlet, 'Lakeside Courier Online');
    assert.equal(article.language, 'en-GB');
  } finally {
    await store.close();
  }
});
