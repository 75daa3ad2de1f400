import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import iconv from 'iconv-lite';
import { decodeText } from '../ingest/decode.js';
import { InputError } from '../model/errors.js';
import { contentId } from '../ingest/inputs.js';
import type { RawDocument } from '../model/raw.js';
import { FIXTURES } from '../testing/fixtures.js';
import { extract } from './extract.js';
import { extractHtml } from './html.js';
import { dateFromUrl, htmlMetadata, normalizeDate, parseDateline } from './metadata.js';
import { parsePage } from './dom.js';

const CASES = join(FIXTURES, 'extract');

function htmlDoc(content: string, source = 'page.html', url?: string): RawDocument {
  return {
    source,
    format: 'html',
    content,
    id: contentId(content),
    meta: url ? { url, origin: 'sidecar' } : {},
  };
}

describe('golden extraction cases (fixtures/extract)', () => {
  for (const name of readdirSync(CASES).filter((n) => existsSync(join(CASES, n, 'input.html')))) {
    test(name, () => {
      const dir = join(CASES, name);
      const content = decodeText(name, readFileSync(join(dir, 'input.html')));
      const url = existsSync(join(dir, 'url.txt'))
        ? readFileSync(join(dir, 'url.txt'), 'utf8').trim()
        : undefined;
      const raw: RawDocument = {
        source: `${name}/input.html`,
        format: 'html',
        content,
        id: contentId(content),
        meta: {},
      };
      if (existsSync(join(dir, 'expected-error.txt'))) {
        const expected = readFileSync(join(dir, 'expected-error.txt'), 'utf8').trim();
        assert.throws(
          () => extract(raw),
          (err: unknown) =>
            err instanceof InputError && err.message.includes(expected) && err.message.includes(raw.source),
        );
        return;
      }
      // The page's address, when the case has one, is known the way a fetch would know it.
      const article = extract(url ? { ...raw, source: url } : raw);
      assert.equal(article.text, readFileSync(join(dir, 'expected.txt'), 'utf8').trim());
      const expected = JSON.parse(readFileSync(join(dir, 'expected-metadata.json'), 'utf8')) as Record<
        string,
        { value: unknown; via: string; partial?: string }
      >;
      for (const [field, want] of Object.entries(expected)) {
        assert.deepEqual(
          (article as unknown as Record<string, unknown>)[field] ?? null,
          want.value,
          `${field} value`,
        );
        const prov = article.meta[field as keyof Article['meta']];
        assert.equal(prov?.via, want.via, `${field} via`);
        if (want.partial) assert.equal(prov?.partial, want.partial, `${field} partial`);
      }
    });
  }
});

type Article = ReturnType<typeof extract>;

describe('metadata sources', () => {
  test('supplied metadata wins over every guess, and says so', () => {
    const html = readFileSync(join(CASES, 'news-json-ld', 'input.html'), 'utf8');
    const a = extract({
      ...htmlDoc(html),
      meta: { outlet: 'Sidecar Outlet', published: '2024-04-19', origin: 'sidecar' },
    });
    assert.equal(a.outlet, 'Sidecar Outlet');
    assert.deepEqual(a.meta.outlet, { origin: 'sidecar', confidence: 1 });
    assert.equal(a.published, '2024-04-19');
    assert.equal(a.meta.title?.origin, 'html-meta');
  });

  test('itemprop datePublished, rel=author and a <title> suffix', () => {
    const html = `<html><head><title>Storm closes mountain pass — Valley Post</title></head><body>
      <article><span itemprop="datePublished" content="2021-01-09">9 Jan</span><a rel="author" href="/a/kim">Kim Lee</a>
      <p>The mountain pass was closed on Saturday after heavy snow, the road authority said, and would stay closed for two days.</p></article></body></html>`;
    const a = extract(htmlDoc(html));
    assert.equal(a.published, '2021-01-09');
    assert.equal(a.meta.published?.via, 'itemprop datePublished');
    assert.deepEqual(a.authors, ['Kim Lee']);
    assert.equal(a.title, 'Storm closes mountain pass');
  });

  test('a date in the page URL when nothing else gives one', () => {
    const html =
      '<html><body><p>The council met on Monday evening and voted to keep the library open for another year, members said.</p></body></html>';
    const a = extract({ ...htmlDoc(html, 'https://news.example/2019/11/04/library-vote'), meta: {} });
    assert.equal(a.published, '2019-11-04');
    assert.equal(a.meta.published?.via, 'url');
    assert.equal(dateFromUrl('https://x.example/news/20200315-story.html'), '2020-03-15');
    assert.equal(dateFromUrl('https://x.example/news/12345/story'), null);
  });

  test('datelines: full dates, a year-less date kept partial, the agency', () => {
    assert.deepEqual(parseDateline('10 May, 2016 16:21'), {
      text: '10 May, 2016 16:21',
      published: '2016-05-10T16:21:00',
    });
    const tass = parseDateline('MOSCOW, October 13. /TASS/. The military operation');
    assert.equal(tass?.partial, '--10-13');
    assert.equal(tass?.agency, 'TASS');
    assert.equal(tass?.published, undefined);
    assert.equal(parseDateline('SOCHI, October 22. The President of Russia')?.partial, '--10-22');
    assert.equal(parseDateline('Paris, the city of light, was quiet.'), null);
  });

  test('plain text: dateline, credit lines (outlet, agency, credit) and language', () => {
    const text =
      'Talks resume\n\nMOSCOW, October 13. /TASS/. Talks resumed on Tuesday between the two delegations, officials said.\n\nFirst published by TASS.\n\nAll rights reserved by Rossiyskaya Gazeta.\n\nThis website uses cookies. Click here to find out more.';
    const a = extract({ source: 't.txt', format: 'text', content: text, id: contentId(text), meta: {} });
    assert.equal(a.outlet, 'Rossiyskaya Gazeta');
    assert.equal(a.meta.outlet?.via, 'credit line');
    assert.equal(a.agency, 'TASS');
    assert.equal(a.credit, 'All rights reserved by Rossiyskaya Gazeta.');
    assert.equal(a.published, null);
    assert.equal(a.meta.published?.partial, '--10-13');
    assert.equal(a.title, 'Talks resume');
    assert.ok(!a.text.includes('cookies') && !a.text.includes('First published'));
  });

  test('language from the words when the page does not say', () => {
    const html =
      '<html><body><p>Der Stadtrat hat am Montag beschlossen, die Bibliothek ein weiteres Jahr offen zu halten, wie die Sprecherin der Stadt mitteilte.</p></body></html>';
    const a = extract(htmlDoc(html));
    assert.equal(a.language, 'de');
    assert.equal(a.meta.language?.via, 'text (franc)');
  });

  test('normalizeDate keeps the local offset and refuses nonsense', () => {
    assert.equal(normalizeDate('2016-05-10T16:21:00+0300'), '2016-05-10T16:21:00+03:00');
    assert.equal(normalizeDate('20160510'), '2016-05-10');
    assert.equal(normalizeDate('Tue, 10 May 2016 16:21:00 GMT'), '2016-05-10T16:21:00Z');
    assert.equal(normalizeDate('not a date'), null);
    assert.equal(normalizeDate('2016-13-45'), null);
  });

  test('broken JSON-LD is skipped, other sources still count', () => {
    const page = parsePage(
      '<html><head><script type="application/ld+json">{ broken</script><meta property="og:site_name" content="Ok Site"></head><body></body></html>',
    );
    assert.equal(htmlMetadata(page).outlet?.value, 'Ok Site');
  });
});

describe('encodings', () => {
  const sentence = 'Президент заявил во вторник, что переговоры продолжатся на следующей неделе в столице.';
  const page = (charsetMeta: string): string =>
    `<html><head>${charsetMeta}</head><body><p>${sentence}</p></body></html>`;

  test('<meta charset> names windows-1251', () => {
    const bytes = iconv.encode(page('<meta charset="windows-1251">'), 'windows-1251');
    assert.equal(extractHtml(decodeText('p.html', bytes)).text, sentence);
  });

  test('an HTTP header charset wins over content guessing', () => {
    const bytes = iconv.encode(page(''), 'koi8-r');
    assert.equal(decodeText('p.html', bytes, 'koi8-r').includes(sentence), true);
  });

  test('undeclared windows-1251 and Shift_JIS are detected from the bytes', () => {
    assert.ok(decodeText('p.html', iconv.encode(page(''), 'windows-1251')).includes(sentence));
    const ja = '政府は火曜日、来週も首都で交渉を続けると発表した。関係者によると、議題は多岐にわたる。';
    assert.ok(decodeText('p.html', iconv.encode(`<p>${ja}</p>`, 'Shift_JIS')).includes(ja));
  });

  test('BOMs: UTF-8, UTF-16LE, UTF-16BE', () => {
    assert.equal(
      decodeText('a', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(sentence)])),
      sentence,
    );
    assert.equal(
      decodeText('a', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(sentence, 'utf16le')])),
      sentence,
    );
    const be = Buffer.from(sentence, 'utf16le').swap16();
    assert.equal(decodeText('a', Buffer.concat([Buffer.from([0xfe, 0xff]), be])), sentence);
  });

  test('a page labelled UTF-8 that is not is still read without replacement characters', () => {
    const bytes = iconv.encode(page('<meta charset="utf-8">'), 'windows-1251');
    const text = decodeText('p.html', bytes);
    assert.ok(!text.includes('\uFFFD'));
    assert.ok(text.includes(sentence));
  });
});

describe('pages that are not articles', () => {
  test('an empty page is refused, naming the input', () => {
    assert.throws(() => extract(htmlDoc('', 'empty.html')), /empty\.html: no article text found/);
    assert.throws(() => extract(htmlDoc('<html><body>   </body></html>', 'blank.html')), /blank\.html/);
  });

  test('hostile markup: unclosed tags, deep nesting, script injection, stray entities', () => {
    const deep =
      '<div>'.repeat(5000) +
      '<p>The deep paragraph survives even under five thousand nested elements, as the report said.</p>';
    const a = extract(
      htmlDoc(
        `<html><body>${deep}<script>alert(1)</script><p>Second &amp; last paragraph &#x26; &bogus; entity, in the same report as before.</p>`,
      ),
    );
    assert.ok(a.text.includes('The deep paragraph survives'));
    assert.ok(!a.text.includes('alert'));
  });

  test('a very large page (10 MB of markup) is extracted in one pass', () => {
    const para =
      '<div class="item"><p>Paragraph of a very long page, with enough words to count as prose, repeated many times over.</p></div>';
    const html = `<html><body><article>${para.repeat(Math.ceil(10_000_000 / para.length))}</article></body></html>`;
    const a = extract(htmlDoc(html, 'big.html'));
    assert.ok(a.text.length > 5_000_000);
  });
});
