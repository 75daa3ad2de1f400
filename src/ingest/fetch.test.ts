import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import iconv from 'iconv-lite';
import { InputError } from './errors.js';
import { fetchUrl, refusedAddress, USER_AGENT } from './fetch.js';
import { readInputs, type IngestItem } from './inputs.js';

const ARTICLE =
  '<html><head><title>Ferry service resumes</title></head><body><article><p>The ferry service between the two islands resumed on Monday after a week of storms, the operator said in a statement.</p></article></body></html>';

let server: http.Server;
let base = '';
let lastUserAgent = '';

before(async () => {
  server = http.createServer((req, res) => {
    lastUserAgent = req.headers['user-agent'] ?? '';
    const path = req.url ?? '/';
    if (path === '/article') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(ARTICLE);
    } else if (path === '/gzip') {
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
      res.end(gzipSync(ARTICLE));
    } else if (path === '/cp1251') {
      res.writeHead(200, { 'content-type': 'text/html; charset=windows-1251' });
      res.end(
        iconv.encode(
          '<html><body><p>Паромное сообщение между островами возобновилось в понедельник после недели штормов.</p></body></html>',
          'windows-1251',
        ),
      );
    } else if (path === '/redirect') {
      res.writeHead(302, { location: '/article' });
      res.end();
    } else if (path === '/loop') {
      res.writeHead(301, { location: '/loop' });
      res.end();
    } else if (path === '/image') {
      res.writeHead(200, { 'content-type': 'image/png' });
      res.end(Buffer.alloc(100));
    } else if (path === '/huge') {
      res.writeHead(200, { 'content-type': 'text/html' });
      const chunk = Buffer.alloc(64 * 1024, 'a');
      let sent = 0;
      const pump = (): void => {
        while (sent < 4 * 1024 * 1024) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    } else if (path === '/slow') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write('<html>'); // and never ends
    } else if (path === '/feed') {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(`<?xml version="1.0"?><rss version="2.0"><channel><title>Island News</title>
        <item><title>Ferry service resumes</title><link>${base}/article</link><pubDate>Mon, 06 May 2024 09:00:00 GMT</pubDate></item></channel></rss>`);
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not here');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => {
  server.closeAllConnections();
  server.close();
});

const allow = { allowPrivate: true, timeoutMs: 3000 };

async function collect(inputs: string[], opts: Parameters<typeof readInputs>[1] = {}): Promise<IngestItem[]> {
  const out: IngestItem[] = [];
  for await (const item of readInputs(inputs, opts)) out.push(item);
  return out;
}

describe('fetching URLs', () => {
  test('loopback and private addresses are refused unless the user opts in', async () => {
    await assert.rejects(
      fetchUrl(`${base}/article`),
      (err: unknown) =>
        err instanceof InputError &&
        /refused: loopback address 127\.0\.0\.1/.test(err.message) &&
        err.message.includes(base),
    );
    await assert.rejects(fetchUrl('http://10.0.0.1/'), /refused: private address/);
    await assert.rejects(fetchUrl('http://[::1]/'), /refused: loopback address/);
    await assert.rejects(
      fetchUrl('http://localhost:1/'),
      /refused: localhost resolves to a loopback address/,
    );
    assert.equal(refusedAddress('169.254.169.254'), 'linkLocal address 169.254.169.254');
    assert.equal(refusedAddress('8.8.8.8'), null);
    const got = await fetchUrl(`${base}/article`, allow);
    assert.equal(Buffer.from(got.bytes).toString('utf8'), ARTICLE);
    assert.equal(got.contentType, 'text/html');
    assert.equal(lastUserAgent, USER_AGENT);
  });

  test('only http and https', async () => {
    await assert.rejects(fetchUrl('file:///etc/passwd', allow), /only http and https/);
  });

  test('redirects are followed up to a cap', async () => {
    const got = await fetchUrl(`${base}/redirect`, allow);
    assert.equal(got.url, `${base}/article`);
    await assert.rejects(fetchUrl(`${base}/loop`, allow), /too many redirects \(more than 5\)/);
  });

  test('content type, HTTP status, size cap and time limit give clear errors', async () => {
    await assert.rejects(
      fetchUrl(`${base}/image`, allow),
      /content type image\/png is not an article or a feed/,
    );
    await assert.rejects(fetchUrl(`${base}/missing`, allow), /HTTP 404/);
    await assert.rejects(
      fetchUrl(`${base}/huge`, { ...allow, maxBytes: 1024 * 1024 }),
      /larger than the limit of 1\.0 MiB/,
    );
    await assert.rejects(fetchUrl(`${base}/slow`, { allowPrivate: true, timeoutMs: 300 }), /timed out/);
  });

  test('compressed bodies and the header charset', async () => {
    const items = await collect([`${base}/gzip`, `${base}/cp1251`], { fetch: allow });
    assert.equal(items.length, 2);
    assert.ok(items.every((i) => i.ok));
    const [a, b] = items as Extract<IngestItem, { ok: true }>[];
    assert.equal(a!.doc.content, ARTICLE);
    assert.equal(a!.doc.meta.url, `${base}/gzip`);
    assert.equal(a!.doc.meta.origin, 'fetch');
    assert.ok(b!.doc.content.includes('Паромное сообщение'));
  });

  test('a feed URL; items without text fetch their page only when asked', async () => {
    const without = await collect([`${base}/feed`], { fetch: allow });
    assert.equal(without.filter((i) => i.ok).length, 0);
    const withLinks = await collect([`${base}/feed`], { fetch: allow, fetchLinks: true });
    const docs = withLinks.filter((i): i is Extract<IngestItem, { ok: true }> => i.ok);
    assert.equal(docs.length, 1);
    assert.equal(docs[0]!.doc.meta.title, 'Ferry service resumes');
    assert.equal(docs[0]!.doc.meta.outlet, 'Island News');
    assert.equal(docs[0]!.doc.meta.url, `${base}/article`);
    assert.equal(docs[0]!.doc.format, 'html');
  });

  test('an unreachable URL is one failed input, not a crash', async () => {
    const items = await collect(['http://127.0.0.1:1/nothing-listens-here'], { fetch: allow });
    assert.equal(items.length, 1);
    assert.equal(items[0]!.ok, false);
    assert.match(
      (items[0] as Extract<IngestItem, { ok: false }>).error.message,
      /127\.0\.0\.1:1\/nothing-listens-here: could not be fetched \(ECONNREFUSED\)/,
    );
  });
});
