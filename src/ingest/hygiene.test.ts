import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { tempDir } from '../testing/fixtures.js';
import { randomRegions, stripControls } from './hygiene.js';
import type { RawDocument } from '../model/raw.js';
import { readInputs } from './inputs.js';

const { dir, cleanup } = tempDir();
after(cleanup);

async function collect(inputs: string[], opts = {}): Promise<{ docs: RawDocument[]; errors: string[] }> {
  const docs: RawDocument[] = [];
  const errors: string[] = [];
  for await (const item of readInputs(inputs, opts)) {
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

/** Bytes from 0x80 to 0xFF, the same on every run (a linear congruential generator). */
function randomHighBytes(length: number, seed = 7): Buffer {
  const out = Buffer.alloc(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    out[i] = 0x80 + ((state >> 16) % 128);
  }
  return out;
}

const ENGLISH =
  'The harbour board met on Monday to discuss the winter ferry timetable, which fishermen say leaves the outer islands without a boat for three days a week.';

// Original sentences, written for these tests.
const JAPANESE =
  '港湾委員会は月曜日、冬のフェリー時刻表について協議した。漁業者らは、離島に週三日も船が来なくなると訴えている。委員長は「来月までに見直し案をまとめたい」と述べた。';
const RUSSIAN =
  'Портовый совет в понедельник обсудил зимнее расписание паромов. Рыбаки говорят, что дальние острова три дня в неделю остаются без судна. Председатель пообещал подготовить новый вариант к следующему месяцу.';
const GREEK =
  'Το λιμενικό συμβούλιο συζήτησε τη Δευτέρα το χειμερινό πρόγραμμα των πλοίων. Οι ψαράδες λένε ότι τα απομακρυσμένα νησιά μένουν χωρίς πλοίο τρεις ημέρες την εβδομάδα.';

describe('noise is refused, real text in any script and encoding is read', () => {
  test('200 KB of random high bytes is refused as random data, naming the input', async () => {
    const noise = write('noise/article.txt', randomHighBytes(200 * 1024));
    const zipped = write('noise/article.txt.gz', gzipSync(randomHighBytes(200 * 1024, 11)));
    const { docs, errors } = await collect([noise, zipped, '-'], {
      stdin: async () => randomHighBytes(200 * 1024, 13),
    });
    assert.equal(docs.length, 0);
    assert.equal(errors.length, 3);
    assert.match(errors[0]!, /^.*noise\/article\.txt: random or binary data, not text \(16 of 16 samples/);
    assert.match(errors[1]!, /article\.txt\.gz: random or binary data, not text/);
    assert.match(errors[2]!, /^-: random or binary data, not text/);
  });

  test('a short run of random high bytes is refused too: it does not decode to text', async () => {
    const { docs, errors } = await collect([write('noise/short.txt', randomHighBytes(3000))]);
    assert.equal(docs.length, 0);
    assert.match(errors[0]!, /short\.txt: not text: \d+% of its characters are invalid or unassigned/);
  });

  test('Japanese, Russian and Greek text in legacy encodings and in UTF-8 is read', async () => {
    const inputs: [string, string, string][] = [
      ['ja-sjis.txt', JAPANESE, 'Shift_JIS'],
      ['ja-eucjp.txt', JAPANESE, 'EUC-JP'],
      ['ru-1251.txt', RUSSIAN, 'windows-1251'],
      ['ru-koi8.txt', RUSSIAN, 'KOI8-R'],
      ['ja-utf8.txt', JAPANESE, 'utf-8'],
      ['ru-utf8.txt', RUSSIAN, 'utf-8'],
      ['el-utf8.txt', GREEK, 'utf-8'],
    ];
    const paths = inputs.map(([name, text, encoding]) =>
      write(`langs/${name}`, iconv.encode(text, encoding)),
    );
    const greekPage = write(
      'langs/el-8859-7.html',
      iconv.encode(
        `<html><head><meta charset="iso-8859-7"></head><body><p>${GREEK}</p></body></html>`,
        'ISO-8859-7',
      ),
    );
    const { docs, errors } = await collect([...paths, greekPage]);
    assert.deepEqual(errors, []);
    assert.deepEqual(
      docs.slice(0, inputs.length).map((d) => d.content),
      inputs.map(([, text]) => text),
    );
    assert.ok(docs.at(-1)!.content.includes(GREEK));
    assert.ok(
      docs.every((d) => !d.warnings),
      'nothing was removed from real text',
    );
  });

  test('undeclared Greek in ISO-8859-7 is not refused as noise', async () => {
    // Encoding detection may still read it as another single-byte encoding; what matters here is that
    // real text is never refused as noise.
    const { docs, errors } = await collect([write('langs/el-8859-7.txt', iconv.encode(GREEK, 'ISO-8859-7'))]);
    assert.deepEqual(errors, []);
    assert.equal(docs.length, 1);
  });

  test('long real text compresses as language; an inline base64 image does not count as random', () => {
    const prose = Buffer.from(
      Array.from({ length: 200 }, (_, i) => `${ENGLISH.replace('three', String(i + 3))} ${RUSSIAN}`).join(
        '\n',
      ),
    );
    assert.equal(randomRegions(prose), null);
    const page = Buffer.from(
      `<html><body><p>${ENGLISH}</p><img src="data:image/jpeg;base64,${randomHighBytes(60_000).toString('base64')}"></body></html>`,
    );
    assert.equal(randomRegions(page), null);
  });
});

describe('control characters: stripped and reported, or refused when the input is binary', () => {
  test('NUL bytes after the first 8 KiB are removed from the text and reported', async () => {
    const body = Buffer.from(`${ENGLISH}\n`.repeat(120));
    body[9000] = 0;
    body[15000] = 0;
    const p = write('ctl/late-nul.txt', body);
    const { docs, errors } = await collect([p]);
    assert.deepEqual(errors, []);
    assert.equal(docs.length, 1);
    assert.ok(!docs[0]!.content.includes('\u0000'));
    assert.equal(docs[0]!.content.length, body.length - 2);
    assert.deepEqual(docs[0]!.warnings, [
      {
        analyzer: 'ingest',
        code: 'control-characters',
        message: `removed 2 control characters (U+0000) from the input ${p}, the first at character 9000`,
      },
    ]);
  });

  test('NUL padding at the end of a file is removed; the article is kept', async () => {
    const p = write('ctl/padded.txt', Buffer.concat([Buffer.from(ENGLISH), Buffer.alloc(40_000)]));
    const { docs, errors } = await collect([p]);
    assert.deepEqual(errors, []);
    assert.equal(docs[0]!.content, ENGLISH);
    assert.match(docs[0]!.warnings![0]!.message, /removed 40000 control characters \(U\+0000\)/);
  });

  test('a stray NUL in the first 8 KiB is stripped too, not a reason to refuse the article', async () => {
    const p = write('ctl/early-nul.txt', `${ENGLISH.slice(0, 20)}\u0000${ENGLISH.slice(20)}`);
    const { docs } = await collect([p]);
    assert.equal(docs[0]!.content, ENGLISH);
    assert.equal(docs[0]!.warnings![0]!.code, 'control-characters');
  });

  test('binary data full of control characters is refused, naming it, wherever it starts', async () => {
    const record = Buffer.from([0x41, 0x42, 0x00, 0x01, 0x43, 0x00, 0x00, 0x10, 0x44, 0x02]);
    const binary = Buffer.concat([
      Buffer.from(`${ENGLISH}\n`.repeat(80)),
      Buffer.concat(Array(4000).fill(record)),
    ]);
    const p = write('ctl/records.txt', binary);
    const only = write('ctl/only-controls.txt', Buffer.from([0, 1, 2, 3, 0, 0, 7]));
    const { docs, errors } = await collect([p, only]);
    assert.equal(docs.length, 0);
    assert.match(errors[0]!, /records\.txt: binary data, not text/);
    assert.match(errors[1]!, /only-controls\.txt: binary data, not text/);
  });

  test('escaped NULs and terminal escapes in JSONL text and titles are removed and reported', async () => {
    const p = write(
      'ctl/escaped.jsonl',
      `${JSON.stringify({ title: 'Ferry \u001b]0;owned\u0007timetable \u001b[31mchanged', text: `${ENGLISH}\u0000` })}\n${JSON.stringify({ text: ENGLISH })}\n`,
    );
    const { docs, errors } = await collect([p]);
    assert.deepEqual(errors, []);
    assert.equal(docs[0]!.meta.title, 'Ferry timetable changed');
    assert.equal(docs[0]!.content, ENGLISH);
    assert.deepEqual(
      docs[0]!.warnings!.map((w) => [w.code, w.message.replace(/, the first.*/, '')]),
      [
        ['control-characters', 'removed 1 control character (U+0000) from the article text'],
        [
          'control-characters',
          'removed 3 control characters (U+0007, U+001B) with the escape sequences they start, 15 characters in all, from the title',
        ],
      ],
    );
    assert.equal(docs[1]!.warnings, undefined);
  });

  test('stripControls keeps tab, line feed, form feed and carriage return', () => {
    assert.equal(stripControls('a\tb\nc\fd\re'), null);
    assert.equal(stripControls('a\u000bb\u0000c')!.text, 'abc');
  });
});

describe('supplied dates are validated, never invented', () => {
  test('invalid feed dates become unknown and are reported; every item is still read', async () => {
    const feed = write(
      'dates/island.rss',
      `<?xml version="1.0"?><rss version="2.0"><channel><title>Island News</title>
      <item><title>One</title><description>The ferry ran late on Monday.</description><pubDate>2024-13-45</pubDate></item>
      <item><title>Two</title><description>The ferry ran on time on Tuesday.</description><pubDate>-1</pubDate></item>
      <item><title>Three</title><description>The ferry was cancelled on Friday.</description><pubDate>Fri, 31 Feb 2024 10:00:00 GMT</pubDate></item>
      <item><title>Four</title><description>The ferry ran twice on Saturday.</description><pubDate>Sat, 04 May 2024 10:00:00 +0200</pubDate></item>
      </channel></rss>`,
    );
    const { docs, errors } = await collect([feed]);
    assert.deepEqual(errors, []);
    assert.deepEqual(
      docs.map((d) => d.meta.published),
      [undefined, undefined, undefined, '2024-05-04T10:00:00+02:00'],
    );
    assert.deepEqual(
      docs.map((d) => d.warnings?.map((w) => `${w.code}: ${w.message}`)),
      [
        ['invalid-metadata: feed date "2024-13-45" is not a valid date: publication date left unknown'],
        ['invalid-metadata: feed date "-1" is not a valid date: publication date left unknown'],
        [
          'invalid-metadata: feed date "Fri, 31 Feb 2024 10:00:00 GMT" is not a valid date: publication date left unknown',
        ],
        undefined,
      ],
    );
  });

  test('JSONL and sidecar dates are held to the same rule', async () => {
    const p = write(
      'dates/batch.jsonl',
      `${JSON.stringify({ text: 'First.', published: '2024-02-30' })}\n${JSON.stringify({ text: 'Second.', published: '2024-02-29' })}\n`,
    );
    write('dates/side/meta.jsonl', `${JSON.stringify({ file: 'story.txt', published: '2023-00-10' })}\n`);
    const story = write('dates/side/story.txt', 'A story with a broken date in its sidecar.');
    const { docs, errors } = await collect([p, story]);
    assert.deepEqual(errors, []);
    assert.deepEqual(
      docs.map((d) => [d.meta.published, d.warnings?.[0]?.message]),
      [
        [undefined, 'jsonl date "2024-02-30" is not a valid date: publication date left unknown'],
        ['2024-02-29', undefined],
        [undefined, 'sidecar date "2023-00-10" is not a valid date: publication date left unknown'],
      ],
    );
  });
});

test('normalizeFeedDate reads unambiguous numeric dates and refuses to guess ambiguous ones', async () => {
  const { normalizeFeedDate } = await import('../util/feed-date.js');
  assert.equal(normalizeFeedDate('2022-5-5 22:17:36'), '2022-05-05T22:17:36');
  assert.equal(normalizeFeedDate('10.12.2022, 07:00:03'), '2022-12-10T07:00:03');
  assert.equal(normalizeFeedDate('25/12/2023'), '2023-12-25');
  assert.equal(normalizeFeedDate('12/25/2023 1:05 PM'), '2023-12-25T13:05:00');
  assert.equal(normalizeFeedDate('03/04/2024'), null, 'March 4th or 3 April: not guessed');
  assert.equal(normalizeFeedDate('Mon, 6 May 24 09:00 EST'), '2024-05-06T09:00:00-05:00');
  for (const invalid of [
    '2024-13-45',
    '-1',
    '2024',
    '2023-02-29',
    '0001-01-01T00:00:00',
    '2024-02-05T25:00:00Z',
  ])
    assert.equal(normalizeFeedDate(invalid), null, invalid);
});
