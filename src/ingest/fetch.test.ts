import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import iconv from 'iconv-lite';
import type { LookupAddress } from 'node:dns';
import { InputError } from '../model/errors.js';
import { AddressRefusedError } from './errors.js';
import { fetchUrl, guardedLookup, MAX_TIMEOUT_MS, refusedAddress, timeLimit, USER_AGENT } from './fetch.js';
import { readInputs, type IngestItem } from './inputs.js';

const ARTICLE =
  '<html><head><title>Ferry service resumes</title></head><body><article><p>The ferry service between the two islands resumed on Monday after a week of storms, the operator said in a statement.</p></article></body></html>';

const BOMB = gzipSync(Buffer.alloc(8 * 1024 * 1024, 0x20));

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
    } else if (path.startsWith('/to?')) {
      // Redirects wherever the test says: the client must refuse the target before connecting to it.
      res.writeHead(302, { location: new URLSearchParams(path.slice(4)).get('u') ?? '/' });
      res.end();
    } else if (path.startsWith('/hop?')) {
      res.writeHead(301, { location: `/to?${path.slice(5)}` });
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
    } else if (path === '/bomb') {
      // 8 KiB on the wire, 8 MiB once inflated.
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
      res.end(BOMB);
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

// Generous limits: a loaded machine must not turn a served page into a time-out.
const allow = { allowPrivate: true, timeoutMs: 30_000 };

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

  test('what held: a gzip bomb over HTTP is refused at the size cap, while inflating', async () => {
    await assert.rejects(
      fetchUrl(`${base}/bomb`, { ...allow, maxBytes: 1024 * 1024 }),
      (err: unknown) => err instanceof InputError && /^larger than the limit of 1\.0 MiB$/.test(err.reason),
    );
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

/** Spellings of the cloud metadata and link-local addresses that a redirect may use. */
const LINK_LOCAL_SPELLINGS = [
  'http://169.254.169.254/latest/meta-data/',
  'http://2852039166/',
  'http://0xA9FEA9FE/',
  'http://0251.0376.0251.0376/',
  'http://169.254.43518/',
  'http://169.254.169.254./',
  'http://[::ffff:169.254.169.254]/',
  'http://[0:0:0:0:0:ffff:a9fe:a9fe]/',
  'http://[::169.254.169.254]/',
  'http://[64:ff9b::a9fe:a9fe]/',
  'http://[fe80::1]/',
  'http://[FE80::a9fe:a9fe]/',
  'http://[fd00:ec2::254]/latest/meta-data/',
  'http://[FD00:0EC2:0:0:0:0:0:254]/',
  'http://100.100.100.200/latest/meta-data/',
];

describe('--allow-private opens loopback and private ranges only', () => {
  const to = (target: string): string => `${base}/to?u=${encodeURIComponent(target)}`;

  test('a redirect to a link-local or cloud metadata address is refused before connecting, in every spelling', async () => {
    for (const target of LINK_LOCAL_SPELLINGS) {
      await assert.rejects(
        fetchUrl(to(target), { ...allow, timeoutMs: 30_000 }),
        (err: unknown) =>
          err instanceof AddressRefusedError &&
          err.always &&
          err.input === to(target) &&
          /^refused: (linkLocal|cloud metadata|rfc6052) address .* \(redirected to .*\) \(never fetched, even with --allow-private\)$/.test(
            err.reason,
          ),
        target,
      );
    }
  });

  test('a redirect to an invalid URL is an error naming the input', async () => {
    await assert.rejects(
      fetchUrl(to('http://[::1'), allow),
      (err: unknown) =>
        err instanceof InputError && err.reason === 'redirected to an invalid URL: http://[::1',
    );
  });

  test('the check runs on every hop, not only the first', async () => {
    await assert.rejects(
      fetchUrl(`${base}/hop?u=${encodeURIComponent('http://169.254.169.254/')}`, allow),
      (err: unknown) =>
        err instanceof AddressRefusedError && /linkLocal address 169\.254\.169\.254/.test(err.reason),
    );
  });

  test('named directly, without a redirect, they are refused just the same', async () => {
    for (const target of LINK_LOCAL_SPELLINGS)
      await assert.rejects(
        fetchUrl(target, allow),
        (err: unknown) => err instanceof AddressRefusedError && err.always,
      );
  });

  test('with the option, loopback and private ranges are allowed; without it they are refused', () => {
    for (const address of [
      '127.0.0.1',
      '10.0.0.1',
      '192.168.1.5',
      '172.16.0.1',
      '::1',
      'fd12::1',
      '::ffff:10.0.0.1',
    ]) {
      assert.equal(refusedAddress(address, true), null, address);
      assert.ok(refusedAddress(address, false), address);
    }
    for (const address of [
      '169.254.169.254',
      'fe80::1',
      'fd00:ec2::254',
      '::ffff:169.254.169.254',
      '0.0.0.0',
      'ff02::1',
    ])
      assert.ok(refusedAddress(address, true), address);
    assert.equal(refusedAddress('93.184.215.14', false), null);
  });

  test('a name is checked after DNS resolution: link-local answers are dropped even with the option', async () => {
    const answers: Record<string, LookupAddress[]> = {
      'metadata.example': [{ address: '169.254.169.254', family: 4 }],
      'mixed.example': [
        { address: 'fe80::1', family: 6 },
        { address: '10.1.2.3', family: 4 },
      ],
      'intranet.example': [{ address: '10.1.2.3', family: 4 }],
    };
    const resolver = (
      host: string,
      _o: unknown,
      cb: (e: NodeJS.ErrnoException | null, a: LookupAddress[]) => void,
    ): void => cb(null, answers[host] ?? []);
    const look = (allowPrivate: boolean, host: string): Promise<{ err: Error | null; addresses: unknown }> =>
      new Promise((done) =>
        guardedLookup(allowPrivate, resolver)(host, { all: true }, (err, addresses) =>
          done({ err, addresses }),
        ),
      );
    const meta = await look(true, 'metadata.example');
    assert.match(
      meta.err!.message,
      /^refused: metadata\.example resolves to a linkLocal address 169\.254\.169\.254 \(never fetched, even with --allow-private\)$/,
    );
    assert.deepEqual((await look(true, 'mixed.example')).addresses, [{ address: '10.1.2.3', family: 4 }]);
    assert.match(
      (await look(false, 'intranet.example')).err!.message,
      /resolves to a private address 10\.1\.2\.3 \(use --allow-private to fetch it\)/,
    );
  });
});

describe('what held: private and loopback URLs are refused in every spelling by default', () => {
  test('decimal, octal, hex, short, IPv6, IPv4-mapped and localhost names', async () => {
    for (const url of [
      'http://2130706433/',
      'http://0x7f000001/',
      'http://0177.0.0.1/',
      'http://0x7f.1/',
      'http://127.1/',
      'http://[::1]/',
      'http://[::ffff:127.0.0.1]/',
      'http://[0:0:0:0:0:ffff:7f00:1]/',
      'http://localhost./',
      'http://LOCALHOST/',
      'http://news.localhost/',
      'http://10.0.0.1/',
      'http://012.0.0.1/',
      'http://192.168.0.1/',
      'http://[fc00::1]/',
      'http://0.0.0.0/',
      `${base}/article`,
    ])
      await assert.rejects(
        fetchUrl(url, { timeoutMs: 30_000 }),
        (err: unknown) =>
          err instanceof AddressRefusedError && err.input === url && /^refused: /.test(err.reason),
        url,
      );
  });
});

describe('time limits', () => {
  test('a limit beyond what a timer holds is clamped, not turned into an instant timeout', async () => {
    assert.equal(timeLimit('u', 2 ** 31), MAX_TIMEOUT_MS);
    assert.equal(timeLimit('u', 1e13), MAX_TIMEOUT_MS);
    assert.equal(timeLimit('u', Infinity), MAX_TIMEOUT_MS);
    assert.equal(timeLimit('u', undefined), 20_000);
    const got = await fetchUrl(`${base}/article`, { allowPrivate: true, timeoutMs: 1e10 * 1000 });
    assert.equal(Buffer.from(got.bytes).toString('utf8'), ARTICLE);
  });

  test('zero, negative or not a number is refused, naming the URL', async () => {
    for (const bad of [0, -5, NaN])
      await assert.rejects(
        fetchUrl(`${base}/article`, { allowPrivate: true, timeoutMs: bad }),
        (err: unknown) =>
          err instanceof InputError &&
          err.input === `${base}/article` &&
          /invalid time limit/.test(err.reason),
      );
  });
});
