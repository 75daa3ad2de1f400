import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { openStore } from '../store/open.js';
import { sitrep } from '../testing/cli.js';

const BIN = fileURLToPath(new URL('./main.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'sitrep-watch-cli-'));
let server: http.Server;
let base: string;
/** Resolved when the server receives the first request for the slow page. */
let pageAsked: () => void = () => undefined;

const feed = (title: string, link: string): string =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>Valley Gazette</title><language>en</language><item><guid>${link}</guid><title>${title}</title><link>${link}</link></item></channel></rss>`;
const PAGE = `<html><head><title>Bridge repairs</title></head><body><article><p>Repairs to the old stone bridge over the Arle will close it for nine days from 4 May, the county engineer said on Wednesday. "Nobody likes a detour, but the parapet cannot wait," said Tomas Vell, who leads the works.</p></article></body></html>`;

before(async () => {
  server = http.createServer((req, res) => {
    const path = req.url ?? '/';
    if (path === '/a.xml')
      return res
        .writeHead(200, { 'content-type': 'application/rss+xml' })
        .end(feed('Bridge', `${base}/slow-page.html`));
    if (path === '/b.xml')
      return res
        .writeHead(200, { 'content-type': 'application/rss+xml' })
        .end(feed('Bridge again', `${base}/page.html`));
    if (path === '/slow-page.html') {
      pageAsked();
      const t = setTimeout(() => res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE), 700);
      return void res.on('close', () => clearTimeout(t));
    }
    if (path === '/page.html')
      return res
        .writeHead(200, { 'content-type': 'text/html' })
        .end(PAGE.replace('nine days', 'eleven days'));
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

test('sources: add, import OPML, list as JSON, export OPML, remove', async () => {
  const db = join(dir, 'sources.db');
  assert.equal(
    (
      await sitrep([
        'sources',
        'add',
        'https://one.example.org/rss',
        '--db',
        db,
        '--every',
        '2h',
        '--outlet',
        'One',
      ])
    ).code,
    0,
  );
  const opml = join(dir, 'feeds.opml');
  writeFileSync(
    opml,
    '<?xml version="1.0"?><opml version="2.0"><head/><body><outline text="Folder"><outline text="Two &amp; Co" xmlUrl="https://two.example.net/feed" language="fr"/></outline><outline text="Already" xmlUrl="https://one.example.org/rss"/></body></opml>',
  );
  const imported = await sitrep(['sources', 'import', opml, '--db', db]);
  assert.equal(imported.code, 0, imported.stderr);
  assert.match(imported.stdout, /Added 1 source\.\n1 already watched/);
  const list = JSON.parse((await sitrep(['sources', 'list', '--db', db, '--format', 'json'])).stdout) as {
    url: string;
    outlet: string;
    language: string | null;
    everySeconds: number;
  }[];
  assert.deepEqual(
    list.map((s) => [s.url, s.outlet, s.language, s.everySeconds]),
    [
      ['https://one.example.org/rss', 'One', null, 7200],
      ['https://two.example.net/feed', 'Two & Co', 'fr', 900],
    ],
  );
  const exported = await sitrep(['sources', 'export', '--db', db]);
  assert.match(exported.stdout, /xmlUrl="https:\/\/two\.example\.net\/feed"/);
  assert.match(exported.stdout, /title="Two &amp; Co"/);
  writeFileSync(join(dir, 'out.opml'), exported.stdout);
  const db2 = join(dir, 'copy.db');
  assert.match(
    (await sitrep(['sources', 'import', join(dir, 'out.opml'), '--db', db2])).stdout,
    /Added 2 sources/,
  );
  assert.equal((await sitrep(['sources', 'remove', 'https://one.example.org/rss', '--db', db])).code, 0);
  const gone = await sitrep(['sources', 'remove', 'https://one.example.org/rss', '--db', db]);
  assert.equal(gone.code, 1);
  assert.match(gone.stderr, /no source with the URL/);
  assert.equal((await sitrep(['sources', 'add', 'https://x.example', '--db', db, '--every', '10s'])).code, 2);
  assert.equal((await sitrep(['sources', 'add', 'file:///etc/passwd', '--db', db])).code, 1);
  assert.match(readFileSync(join(dir, 'out.opml'), 'utf8'), /^<\?xml/);
});

test('watch: SIGTERM mid-poll finishes the article in hand, stores nothing half, and the next run picks up', async () => {
  const db = join(dir, 'watch.db');
  for (const f of ['a.xml', 'b.xml'])
    assert.equal((await sitrep(['sources', 'add', `${base}/${f}`, '--db', db])).code, 0);
  const asked = new Promise<void>((r) => (pageAsked = r));
  const child = spawn(
    process.execPath,
    [BIN, 'watch', '--db', db, '--allow-private', '--delay', '0.01', '--no-stories'],
    {
      env: { ...process.env, SITREP_DB: '' },
    },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += String(d)));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  await asked;
  child.kill('SIGTERM');
  const code = await exited;
  assert.equal(code, 0, stderr);
  assert.match(stderr, /stopping after the source in hand/);
  const store = openStore(db, { mode: 'read' });
  try {
    assert.equal(await store.countArticles(), 1, 'the page in hand was finished and stored whole');
    const [a, b] = await store.listSources();
    assert.ok(a!.lastFetch && !b!.lastFetch, 'the second source was not polled');
  } finally {
    await store.close();
  }
  const resumed = await sitrep([
    'watch',
    '--once',
    '--db',
    db,
    '--allow-private',
    '--delay',
    '0.01',
    '--no-stories',
  ]);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stdout, /Polled 1 source: 1 new article/);
});

test('serve --watch polls the sources in the server process and stops cleanly on SIGTERM', async () => {
  const db = join(dir, 'serve.db');
  assert.equal((await sitrep(['sources', 'add', `${base}/b.xml`, '--db', db])).code, 0);
  const child = spawn(
    process.execPath,
    [BIN, 'serve', '--db', db, '--port', '0', '--watch', '--allow-private'],
    { env: { ...process.env, SITREP_DB: '', SITREP_TOKEN: '' } },
  );
  let stderr = '';
  const polled = new Promise<void>((resolve) =>
    child.stderr.on('data', (d: Buffer) => {
      stderr += String(d);
      if (/b\.xml: 1 new/.test(stderr)) resolve();
    }),
  );
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  await polled;
  child.kill('SIGTERM');
  assert.equal(await exited, 0, stderr);
  const store = openStore(db, { mode: 'read' });
  try {
    assert.equal(await store.countArticles(), 1);
  } finally {
    await store.close();
  }
});

test('alerts: watch --alerts keeps what it fires; sitrep alerts lists it, newest first, cited', async () => {
  const db = join(dir, 'alerts.db');
  const rules = join(dir, 'rules.json');
  writeFileSync(
    rules,
    JSON.stringify({
      rules: [{ type: 'entity-statement', entity: 'Tomas Vell' }],
      outputs: [{ type: 'jsonl', path: join(dir, 'fired.jsonl') }],
    }),
  );
  assert.equal((await sitrep(['sources', 'add', `${base}/b.xml`, '--db', db])).code, 0);
  const watched = await sitrep([
    'watch',
    '--db',
    db,
    '--once',
    '--allow-private',
    '--delay',
    '0.01',
    '--alerts',
    rules,
  ]);
  assert.equal(watched.code, 0, watched.stderr);
  const text = await sitrep(['alerts', '--db', db]);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /\[entity-statement\] new statement by Tomas Vell/);
  assert.match(text.stdout, /"Nobody likes a detour, but the parapet cannot wait,?"/);
  const listed = JSON.parse((await sitrep(['alerts', '--db', db, '--format', 'json'])).stdout) as {
    id: number;
    cite: { articleId: string; start: number; end: number; text: string };
  }[];
  assert.equal(listed.length, 1);
  const fired = JSON.parse(readFileSync(join(dir, 'fired.jsonl'), 'utf8').trim()) as { id: number };
  assert.equal(fired.id, listed[0]!.id, 'the alert delivered is the one kept');
  const store = openStore(db);
  try {
    const article = (await store.getArticle(listed[0]!.cite.articleId))!;
    assert.equal(article.text.slice(listed[0]!.cite.start, listed[0]!.cite.end), listed[0]!.cite.text);
  } finally {
    await store.close();
  }
});
