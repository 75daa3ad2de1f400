import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openStore } from '../store/open.js';
import { deliverAlerts, SIGNATURE_HEADER, signature } from '../notify/alerts.js';
import { type Alert, parseAlertConfig } from './alerts.js';
import { BadInputError } from './errors.js';
import { addSource } from './sources.js';
import { watchCycle } from './watch.js';

const dir = mkdtempSync(join(tmpdir(), 'sitrep-alerts-'));
const feeds = new Map<string, string>();
const received: { body: string; signature: string | undefined }[] = [];
let server: http.Server;
let base: string;

before(async () => {
  server = http.createServer((req, res) => {
    if (req.method === 'POST') {
      let body = '';
      req.on('data', (d: Buffer) => (body += String(d)));
      req.on('end', () => {
        received.push({ body, signature: req.headers[SIGNATURE_HEADER] as string | undefined });
        res.writeHead(204).end();
      });
      return;
    }
    const feed = feeds.get(req.url ?? '');
    if (!feed) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feed);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

const rss = (outlet: string, guid: string, title: string, text: string): string =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>${outlet}</title><language>en</language><item><guid>${guid}</guid><title>${title}</title><description>${text}</description><pubDate>Tue, 01 Dec 2026 08:00:00 GMT</pubDate></item></channel></rss>`;

const story = (boats: string, extra: string): string =>
  `The Lake Arlen ferry service will add ${boats} boats to its winter timetable from Monday, the transport board said on Tuesday. "Every crossing was full last winter," said Ilse Marrow, the board's chair. The Lake Arlen ferry service carries commuters between Norby and Ostend pier. ${extra}`;

test('each rule fires once on what a cycle stored, citing article and span', async () => {
  feeds.set(
    '/courier.xml',
    rss(
      'Lakeside Courier',
      'c1',
      'Lake Arlen ferry adds boats',
      story('four', 'Tickets will not cost more.'),
    ),
  );
  feeds.set(
    '/gazette.xml',
    rss(
      'Valley Gazette',
      'g1',
      'More Lake Arlen ferry boats for winter',
      story('six', 'Norby welcomed the Lake Arlen ferry plan.'),
    ),
  );
  feeds.set(
    '/times.xml',
    rss(
      'Harbour Times',
      't1',
      'Lake Arlen ferry to grow winter fleet',
      story('four', 'Ostend pier will get a new shelter for ferry commuters.'),
    ),
  );
  const store = openStore(join(dir, 'alerts.db'));
  let now = Date.parse('2026-12-01T09:00:00Z');
  const rules = [
    { type: 'story-outlets' as const, min: 3 },
    { type: 'entity-statement' as const, entity: 'Ilse Marrow', aliases: ['Marrow'] },
    { type: 'figure-disagrees' as const },
    { type: 'outlet-joins' as const },
  ];
  const delivered: Alert[][] = [];
  const o = {
    allowPrivate: true,
    delayMs: 1,
    now: () => new Date(now),
    alerts: { rules, deliver: async (a: Alert[]) => void delivered.push(a) },
  };
  try {
    await addSource(store, `${base}/courier.xml`, {}, o.now());
    const first = await watchCycle(store, o);
    assert.deepEqual(
      first.alerts.map((a) => a.rule),
      ['entity-statement'],
    );
    const quote = first.alerts[0]!;
    const article = (await store.getArticle(quote.articleId))!;
    assert.equal(article.text.slice(quote.cite.start, quote.cite.end), quote.cite.text);
    assert.match(quote.cite.text, /Every crossing was full/);

    now += 1000;
    await addSource(store, `${base}/gazette.xml`, {}, o.now());
    await addSource(store, `${base}/times.xml`, {}, o.now());
    const second = await watchCycle(store, o);
    const byRule = (rule: string): Alert[] => second.alerts.filter((a) => a.rule === rule);
    assert.equal(byRule('entity-statement').length, 2);
    assert.equal(byRule('story-outlets').length, 1);
    assert.deepEqual(
      byRule('outlet-joins')
        .map((a) => a.outlet)
        .sort(),
      ['Harbour Times', 'Valley Gazette'],
    );
    const disagree = byRule('figure-disagrees');
    assert.equal(disagree.length, 1, JSON.stringify(disagree.map((a) => [a.message, a.cite])));
    assert.equal(disagree[0]!.outlet, 'Valley Gazette');
    assert.match(disagree[0]!.cite.text, /six/);
    for (const a of second.alerts) {
      const text = (await store.getArticle(a.cite.articleId))!.text;
      assert.equal(text.slice(a.cite.start, a.cite.end), a.cite.text, `${a.rule} cites its span`);
    }
    assert.equal(delivered.length, 2);
  } finally {
    await store.close();
  }
});

test('alerts go to a JSONL file and a webhook whose HMAC-SHA256 signature checks out', async () => {
  const alert: Alert = {
    rule: 'outlet-joins',
    message: 'Valley Gazette joins story 1',
    story: 1,
    articleId: 'abc',
    outlet: 'Valley Gazette',
    title: 't',
    cite: { articleId: 'abc', start: 0, end: 3, text: 'The' },
  };
  const path = join(dir, 'alerts.jsonl');
  const printed: string[] = [];
  const failed = await deliverAlerts(
    [alert],
    [
      { type: 'stdout' },
      { type: 'jsonl', path },
      { type: 'webhook', url: `${base}/hook`, secretEnv: 'HOOK_SECRET' },
    ],
    (l) => printed.push(l),
    { HOOK_SECRET: 'shared-secret' },
  );
  assert.deepEqual(failed, []);
  assert.deepEqual(JSON.parse(printed[0]!), alert);
  assert.deepEqual(JSON.parse(readFileSync(path, 'utf8').trim()), alert);
  const hook = received.at(-1)!;
  assert.deepEqual(JSON.parse(hook.body), alert);
  assert.equal(hook.signature, signature(hook.body, 'shared-secret'));
  assert.notEqual(hook.signature, signature(hook.body, 'another secret'));
  const unset = await deliverAlerts(
    [alert],
    [{ type: 'webhook', url: `${base}/hook`, secretEnv: 'NOPE' }],
    () => undefined,
    {},
  );
  assert.match(unset[0]!.reason, /\$NOPE is not set/);
});

test('an alerts file with a mistake is refused, naming the file and the mistake', async () => {
  const file = join(dir, 'rules.json');
  writeFileSync(file, JSON.stringify({ rules: [{ type: 'story-outlets', min: 0 }] }));
  assert.throws(
    () => parseAlertConfig(file, readFileSync(file, 'utf8')),
    (e: unknown) => e instanceof BadInputError && /rules\[0\]\.min/.test(e.reason),
  );
  writeFileSync(file, JSON.stringify({ rules: [{ type: 'outlet-joins' }] }));
  assert.deepEqual(parseAlertConfig(file, readFileSync(file, 'utf8')), {
    rules: [{ type: 'outlet-joins' }],
    outputs: [{ type: 'stdout' }],
  });
});
