import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { SAMPLE_CORPUS, tempDir } from '../testing/fixtures.js';
import type { RawDocument } from '../model/raw.js';
import { readInputs, type IngestItem } from './inputs.js';

const { dir, cleanup } = tempDir();
after(cleanup);

async function collect(inputs: string[], opts = {}): Promise<{ docs: RawDocument[]; errors: string[] }> {
  const docs: RawDocument[] = [];
  const errors: string[] = [];
  for await (const item of readInputs(inputs, opts) as AsyncGenerator<IngestItem>) {
    if (item.ok) docs.push(item.doc);
    else errors.push(item.error.message);
  }
  return { docs, errors };
}

function write(name: string, content: string | Uint8Array): string {
  const p = join(dir, name);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, content);
  return p;
}

describe('input kinds', () => {
  test('plain text keeps its characters and gets a content-hash id', async () => {
    const p = write('a.txt', 'A headline\nFirst paragraph of the story.\n');
    const { docs, errors } = await collect([p]);
    assert.deepEqual(errors, []);
    assert.equal(docs.length, 1);
    assert.equal(docs[0]!.format, 'text');
    assert.equal(docs[0]!.content, 'A headline\nFirst paragraph of the story.\n');
    assert.match(docs[0]!.id, /^[0-9a-f]{16}$/);
  });

  test('the same content has the same id, gzipped or not', async () => {
    const text = 'Same words in two files.\n';
    const a = write('same/plain.txt', text);
    const b = write('same/zipped.txt.gz', gzipSync(Buffer.from(text)));
    const { docs } = await collect([a, b]);
    assert.equal(docs.length, 2);
    assert.equal(docs[0]!.id, docs[1]!.id);
  });

  test('HTML by extension and by content', async () => {
    const a = write('page.html', '<html><body><p>Hello</p></body></html>');
    const b = write('page-without-extension', '<!doctype html><html><body><p>Hi</p></body></html>');
    const { docs } = await collect([a, b]);
    assert.deepEqual(
      docs.map((d) => d.format),
      ['html', 'html'],
    );
  });

  test('JSONL: one article per line, fields become metadata, external id kept', async () => {
    const p = write(
      'batch.jsonl',
      [
        JSON.stringify({
          id: 'ext-1',
          text: 'First story text.',
          outlet: 'Wire One',
          published: '2024-01-02',
          title: 'One',
        }),
        '',
        JSON.stringify({ id: 7, html: '<p>Second story</p>', url: 'https://example.org/2' }),
      ].join('\n'),
    );
    const { docs, errors } = await collect([p]);
    assert.deepEqual(errors, []);
    assert.equal(docs.length, 2);
    assert.equal(docs[0]!.source, `${p}#1`);
    assert.deepEqual(docs[0]!.meta, {
      origin: 'jsonl',
      outlet: 'Wire One',
      published: '2024-01-02',
      title: 'One',
      externalId: 'ext-1',
    });
    assert.equal(docs[1]!.format, 'html');
    assert.equal(docs[1]!.meta.externalId, '7');
    assert.equal(docs[1]!.source, `${p}#3`);
  });

  test('an invalid JSONL line is reported with its line number; the other lines are read', async () => {
    const p = write(
      'mixed.jsonl',
      `${JSON.stringify({ text: 'Good line one.' })}\n{not json\n${JSON.stringify({ outlet: 'no text, no title' })}\n${JSON.stringify({ text: 'Good line four.' })}\n${JSON.stringify({ text: '  ', title: '' })}\n`,
    );
    const { docs, errors } = await collect([p]);
    assert.equal(docs.length, 2);
    assert.equal(errors.length, 3);
    assert.match(errors[0]!, /mixed\.jsonl#2: invalid JSON/);
    assert.match(errors[1]!, /mixed\.jsonl#3: needs a "text" or "html" field, or at least a "title"/);
    assert.match(errors[2]!, /mixed\.jsonl#5: empty "text" field/);
  });

  test('a JSONL line with only a headline is an article whose text is the headline, told apart by its URL', async () => {
    const line = (url: string): string =>
      JSON.stringify({ title: 'Harbour reopens after spill', url, outlet: 'Wire', id: url.slice(-1) });
    const p = write(
      'headlines.jsonl',
      `${line('https://a.example/1')}\n${line('https://b.example/2')}\n${JSON.stringify({ title: 'Talks resume', text: '' })}\n`,
    );
    const { docs, errors } = await collect([p]);
    assert.deepEqual(errors, []);
    assert.equal(docs.length, 3);
    assert.equal(docs[0]!.content, 'Harbour reopens after spill');
    assert.equal(docs[0]!.meta.title, 'Harbour reopens after spill');
    assert.notEqual(docs[0]!.id, docs[1]!.id, 'the same headline from two URLs is two articles');
    assert.equal(docs[2]!.content, 'Talks resume');
  });

  test('directories are read recursively, in name order, skipping non-article files', async () => {
    write('tree/b/second.txt', 'Second.');
    write('tree/a/first.html', '<p>First.</p>');
    write('tree/notes.md', '# not an article');
    write('tree/.hidden.txt', 'hidden');
    const { docs } = await collect([join(dir, 'tree')]);
    assert.deepEqual(
      docs.map((d) => d.source.slice(dir.length)),
      ['/tree/a/first.html', '/tree/b/second.txt'],
    );
  });

  test('a meta.jsonl sidecar in the folder or above supplies metadata', async () => {
    write(
      'side/meta.jsonl',
      `${JSON.stringify({ file: 'sub/x.txt', outlet: 'The Ledger', published: '2020-05-06', id: 'L-1' })}\n`,
    );
    write('side/sub/x.txt', 'A story.');
    const { docs } = await collect([join(dir, 'side')]);
    assert.equal(docs.length, 1, 'meta.jsonl itself is not an article');
    assert.equal(docs[0]!.meta.outlet, 'The Ledger');
    assert.equal(docs[0]!.meta.published, '2020-05-06');
    assert.equal(docs[0]!.meta.externalId, 'L-1');
  });

  test('--meta names a sidecar explicitly; a missing one is an error naming it', async () => {
    const m = write(
      'elsewhere/m.jsonl',
      `${JSON.stringify({ file: '../explicit.txt', outlet: 'Named Outlet' })}\n`,
    );
    const p = write('explicit.txt', 'Text.');
    const ok = await collect([p], { meta: [m] });
    assert.equal(ok.docs[0]!.meta.outlet, 'Named Outlet');
    const bad = await collect([p], { meta: [join(dir, 'nope.jsonl')] });
    assert.match(bad.errors[0]!, /nope\.jsonl: metadata file not found/);
    assert.equal(bad.docs.length, 1);
  });

  test('standard input', async () => {
    const { docs } = await collect(['-'], { stdin: async () => Buffer.from('Piped story text.') });
    assert.equal(docs[0]!.source, '-');
    assert.equal(docs[0]!.content, 'Piped story text.');
  });

  test('an RSS feed gives one article per item with feed metadata', async () => {
    const { docs, errors } = await collect([join(SAMPLE_CORPUS, 'global-wire.rss')]);
    assert.deepEqual(errors, []);
    assert.equal(docs.length, 3);
    assert.equal(docs[0]!.meta.outlet, 'Global Wire Service');
    assert.equal(docs[0]!.meta.origin, 'feed');
    assert.equal(docs[0]!.meta.published, '2024-03-14T09:30:00+01:00');
    assert.equal(docs[0]!.meta.externalId, 'gws-2024-0314-001');
    assert.equal(docs[0]!.format, 'html');
  });

  test('RDF (RSS 1.0)', async () => {
    const rdf = write(
      'f.rdf',
      '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel rdf:about="https://r.example/"><title>RDF Review</title><link>https://r.example/</link></channel><item rdf:about="https://r.example/1"><title>Rates held</title><link>https://r.example/1</link><description>The bank held rates on Thursday.</description><dc:date>2024-02-05T12:00:00Z</dc:date></item></rdf:RDF>',
    );
    const { docs, errors } = await collect([rdf]);
    assert.deepEqual(errors, []);
    assert.deepEqual(
      docs.map((d) => [d.meta.outlet, d.meta.title, d.meta.url, d.meta.published]),
      [['RDF Review', 'Rates held', 'https://r.example/1', '2024-02-05T12:00:00Z']],
    );
  });

  test('Atom and JSON Feed', async () => {
    const atom = write(
      'f.atom',
      '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Times</title><entry><title>T</title><id>urn:1</id><link href="https://a.example/1"/><published>2024-02-03T10:00:00Z</published><content type="html">&lt;p&gt;Body text&lt;/p&gt;</content></entry></feed>',
    );
    const json = write(
      'f.json',
      JSON.stringify({
        version: 'https://jsonfeed.org/version/1.1',
        title: 'JSON Daily',
        items: [
          {
            id: 'j1',
            url: 'https://j.example/1',
            content_text: 'Plain body.',
            date_published: '2024-02-04T08:00:00Z',
          },
        ],
      }),
    );
    const { docs, errors } = await collect([atom, json]);
    assert.deepEqual(errors, []);
    assert.deepEqual(
      docs.map((d) => [d.meta.outlet, d.meta.url, d.format]),
      [
        ['Atom Times', 'https://a.example/1', 'html'],
        ['JSON Daily', 'https://j.example/1', 'text'],
      ],
    );
  });
});

describe('bad inputs are reported by name and never stop the rest', () => {
  test('empty, blank, binary, missing and unreadable files', async () => {
    const empty = write('bad/empty.txt', '');
    const blank = write('bad/blank.txt', '  \n\t\n');
    const binary = write(
      'bad/image.txt',
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
    );
    const good = write('bad/good.txt', 'A good story.');
    const locked = write('bad/locked.txt', 'secret');
    chmodSync(locked, 0o000);
    const missing = join(dir, 'bad', 'missing.txt');
    const { docs, errors } = await collect([empty, blank, binary, missing, locked, good]);
    assert.equal(
      docs.length,
      process.getuid?.() === 0 ? 2 : 1,
      'the good file is read (root can read the locked one)',
    );
    assert.ok(docs.some((d) => d.content === 'A good story.'));
    assert.match(
      errors.find((e) => e.includes('empty.txt'))!,
      /empty input/,
    );
    assert.match(
      errors.find((e) => e.includes('blank.txt'))!,
      /empty input/,
    );
    assert.match(
      errors.find((e) => e.includes('image.txt'))!,
      /binary data/,
    );
    assert.match(
      errors.find((e) => e.includes('missing.txt'))!,
      /no such file or directory/,
    );
    if (process.getuid?.() !== 0)
      assert.match(
        errors.find((e) => e.includes('locked.txt'))!,
        /permission denied/,
      );
  });

  test('a path that cannot be read by anyone (through a file) is named', async () => {
    const file = write('plain-file.txt', 'x');
    const { docs, errors } = await collect([join(file, 'child.txt')]);
    assert.equal(docs.length, 0);
    assert.match(errors[0]!, /plain-file\.txt\/child\.txt: not a directory/);
  });

  test('a file over the size limit, and a gzip bomb, are refused with the limit named', async () => {
    const big = write('big.txt', 'x'.repeat(5000));
    const bomb = write('bomb.txt.gz', gzipSync(Buffer.alloc(200_000, 0x61)));
    const { docs, errors } = await collect([big, bomb], { maxBytes: 4096 });
    assert.equal(docs.length, 0);
    assert.match(errors[0]!, /big\.txt: file is 4\.9 KiB, larger than the limit of 4\.0 KiB/);
    assert.match(errors[1]!, /bomb\.txt\.gz: decompressed size exceeds the limit/);
  });

  test('a page over 50 MB is refused by default, naming it, without reading it whole', async () => {
    const huge = write('huge.html', Buffer.alloc(51 * 1024 * 1024, 0x61));
    const small = write('after.txt', 'The article after the huge one is still read.');
    const { docs, errors } = await collect([huge, small]);
    assert.equal(docs.length, 1);
    assert.match(errors[0]!, /huge\.html: file is 51\.0 MiB, larger than the limit of 50\.0 MiB/);
  });

  test('corrupt gzip', async () => {
    const p = write('corrupt.txt.gz', Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6]));
    const { errors } = await collect([p]);
    assert.match(errors[0]!, /corrupt gzip data/);
  });

  test('hostile feeds: entity expansion and external entities do nothing', async () => {
    const laughs = write(
      'laughs.rss',
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><rss version="2.0"><channel><title>&lol3;</title><item><title>t</title><description>Body &lol3;</description></item></channel></rss>',
    );
    const xxe = write(
      'xxe.rss',
      '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><rss version="2.0"><channel><title>&xxe;</title><item><title>t</title><description>&xxe;</description></item></channel></rss>',
    );
    const { docs, errors } = await collect([laughs, xxe]);
    for (const d of docs) {
      assert.ok(d.content.length < 200, 'no entity was expanded');
      assert.doesNotMatch(d.content, /root:/);
    }
    for (const e of errors) assert.match(e, /(laughs|xxe)\.rss: /);
  });

  test('a directory with no articles', async () => {
    mkdirSync(join(dir, 'emptydir'));
    const { errors } = await collect([join(dir, 'emptydir')]);
    assert.match(errors[0]!, /emptydir: no article files/);
  });
});

test('windows-1252 text that is not UTF-8 is decoded, not mangled', async () => {
  const p = write('latin.txt', Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x20, 0x93, 0x6f, 0x6b, 0x94]));
  const { docs } = await collect([p]);
  assert.equal(docs[0]!.content, 'Café “ok”');
});

describe('only regular files are read; FIFOs, sockets and devices are reported, never waited on', () => {
  const fifo = (name: string): string => {
    const p = join(dir, name);
    mkdirSync(join(p, '..'), { recursive: true });
    execFileSync('mkfifo', [p]);
    return p;
  };

  test('a FIFO named meta.jsonl in a parent folder is reported and the article is still read', async () => {
    const sidecar = fifo('piped/meta.jsonl');
    const story = write('piped/sub/story.txt', 'The council approved the new bus routes on Monday.');
    const { docs, errors } = await collect([story]);
    assert.equal(docs.length, 1);
    assert.equal(docs[0]!.content, 'The council approved the new bus routes on Monday.');
    assert.deepEqual(errors, [`${sidecar}: a FIFO (named pipe), not a regular file: not read`]);
  });

  test('a FIFO named with --meta is reported by name', async () => {
    const sidecar = fifo('named-pipe-meta.jsonl');
    const story = write('meta-fifo/story.txt', 'Story text.');
    const { docs, errors } = await collect([story], { meta: [sidecar] });
    assert.equal(docs.length, 1);
    assert.deepEqual(errors, [`${sidecar}: a FIFO (named pipe), not a regular file: not read`]);
  });

  test('a FIFO, a socket or a device as input, or inside an input folder, is reported; the rest is read', async () => {
    const inFolder = fifo('specials/pipe.txt');
    write('specials/real.txt', 'A real story in the same folder.');
    const socketPath = join(dir, 'specials', 'socket.html');
    const server = createServer();
    await new Promise<void>((r) => server.listen(socketPath, r));
    try {
      const named = fifo('named-pipe.txt');
      const { docs, errors } = await collect([join(dir, 'specials'), named, '/dev/zero', '/dev/null']);
      assert.deepEqual(
        docs.map((d) => d.content),
        ['A real story in the same folder.'],
      );
      assert.deepEqual(errors, [
        `${inFolder}: a FIFO (named pipe), not a regular file: not read`,
        `${socketPath}: a socket or a device with nothing behind it, not a regular file: not read`,
        `${named}: a FIFO (named pipe), not a regular file or directory: not read`,
        '/dev/zero: a character device, not a regular file or directory: not read',
        '/dev/null: a character device, not a regular file or directory: not read',
      ]);
    } finally {
      server.close();
    }
  });

  test('an unreadable sidecar beside the inputs is reported, not ignored', async () => {
    const sidecar = write('broken-side/meta.jsonl', '{not json\n');
    write('broken-side/story.txt', 'Story beside a broken sidecar.');
    const { docs, errors } = await collect([join(dir, 'broken-side')]);
    assert.equal(docs.length, 1);
    assert.equal(errors.length, 1);
    assert.match(
      errors[0]!,
      new RegExp(`^${sidecar.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}#1: invalid JSON`),
    );
  });
});

describe('what held and must keep holding', () => {
  test('a gzip bomb is refused at the limit, from a file (default 50 MiB limit) and from standard input', async () => {
    // 60 MiB of spaces in 60 gzip members of 1 MiB each, 60 KiB in all: inflating stops at the limit.
    const bomb = Buffer.concat(Array(60).fill(gzipSync(Buffer.alloc(1024 * 1024, 0x20))));
    const file = write('held/bomb.html.gz', bomb);
    const { docs, errors } = await collect([file, '-'], { stdin: async () => bomb });
    assert.equal(docs.length, 0);
    assert.deepEqual(errors, [
      `${file}: decompressed size exceeds the limit of 50.0 MiB`,
      '-: decompressed size exceeds the limit of 50.0 MiB',
    ]);
  });

  test('billion laughs (nine levels) expands nothing; an external entity leaks nothing', async () => {
    const entities = ['<!ENTITY lol0 "lol">'];
    for (let i = 1; i <= 9; i++) entities.push(`<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`);
    const laughs = write(
      'held/laughs9.rss',
      `<?xml version="1.0"?><!DOCTYPE lolz [${entities.join('')}]><rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title><description>Harbour news &lol9;</description></item></channel></rss>`,
    );
    const xxe = write(
      'held/xxe.atom',
      '<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY xxe SYSTEM "file:///etc/hostname">]><feed xmlns="http://www.w3.org/2005/Atom"><title>&xxe;</title><entry><title>&xxe;</title><id>x</id><content>Harbour news &xxe;</content></entry></feed>',
    );
    const { docs, errors } = await collect([laughs, xxe]);
    for (const d of docs) {
      assert.ok(d.content.length < 100, `${d.source}: no entity was expanded`);
      assert.ok((d.meta.title ?? '').length < 100);
    }
    for (const e of errors) assert.match(e, /(laughs9\.rss|xxe\.atom): /);
    assert.equal(docs.length + errors.length, 2, 'each feed is read or refused, by name');
  });
});
