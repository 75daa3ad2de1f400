import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { listArticles, searchArticles, showArticle } from '../app/articles.js';
import { exportColumns, exportRows } from '../app/export.js';
import { ingest } from '../app/ingest.js';
import { listStories } from '../app/stories.js';
import { brief, compare, entities, quotes, timeline } from '../app/views.js';
import type { AnalyzedArticle } from '../model/document.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';
import { articleOf, tempDir } from '../testing/fixtures.js';
import {
  htmlProblem,
  markdownProblem,
  parseCsv,
  terminalProblem,
  writeHostileJsonl,
} from '../testing/hostile.js';
import { articleMarkdown, articlesTable, articleViewMarkdown, searchText } from './article.js';
import { briefHtml, briefMarkdown } from './brief.js';
import { csvField, csvLine } from './csv.js';
import { storiesTable, storyMarkdown } from './stories.js';
import { table } from './table.js';
import { json, jsonLine, mdBlock, mdInline, printable } from './text.js';
import { compareText, entitiesTable, quotesMarkdown, timelineMarkdown } from './views.js';

describe('safe text helpers', () => {
  test('CSV cells that a spreadsheet would run are prefixed with a quote and quoted (OWASP)', () => {
    for (const evil of ["=cmd|' /C calc'!A0", '+SUM(1,2)', '@SUM(A1)', '-2+3', '\t=1+1', '\r=1+1']) {
      const cell = csvField(evil);
      assert.ok(cell.startsWith(`"'`), `${JSON.stringify(evil)} -> ${cell}`);
      assert.equal(parseCsv(cell)[0]![0], `'${evil}`);
    }
    assert.equal(csvField('=a "b", c'), `"'=a ""b"", c"`);
    assert.equal(csvField(-3), '-3', 'a number is not a formula');
    assert.equal(csvField(0.5), '0.5');
    assert.equal(csvField(null), '');
    assert.equal(csvField('plain text'), 'plain text');
    assert.equal(csvField('a\u001b[31mb'), 'ab', 'escape sequences are dropped');
    assert.equal(csvLine(['x', 1, null, 'a,b']), 'x,1,,"a,b"');
  });

  test('terminal text loses escape sequences, C1 controls and bidi overrides, keeps line breaks', () => {
    assert.equal(printable('a\u001b[31mred\u001b[0m b'), 'ared b');
    assert.equal(printable('t\u001b]0;pwned\u0007itle'), 'title');
    assert.equal(printable('x\u009b2Jy\u202eevil\u0000'), 'xyevil');
    assert.equal(printable('one\ntwo\tthree'), 'one\ntwo\tthree');
    assert.equal(terminalProblem(table(['a'], [['x\u001b[2Jy\nz']])), null);
  });

  test('Markdown fields are inert and on one line', () => {
    const evil =
      'Title\n## Who said what\n- **Forged** <script>alert(1)</script> [x](javascript:alert(1)) ![i](http://e.example/i.png) <http://e.example>';
    assert.notEqual(markdownProblem(`## Who said what\n\n- ${evil}`), null, 'the check catches the raw text');
    for (const raw of [
      '<script>x</script>',
      '[a](javascript:x)',
      '![i](http://e.example/i.png)',
      '<http://e.example>',
    ])
      assert.notEqual(markdownProblem(raw), null, raw);
    assert.notEqual(htmlProblem('<p><img src=x onerror=alert(1)></p>'), null);
    assert.notEqual(terminalProblem('a\u001b[31m'), null);
    const md = mdInline(evil);
    assert.ok(!md.includes('\n'));
    assert.equal(markdownProblem(`## Who said what\n\n- ${md}`), null, md);
    assert.match(md, /&lt;script&gt;/);
    const block = mdBlock('First line.\n## Heading\n- item\n1. one\n> quote\n\n---\nLast <b>bold</b>.');
    assert.equal(markdownProblem(block), null, block);
    assert.deepEqual(
      block.split('\n').map((l) => l.slice(0, 3)),
      ['Fir', '\\##', '\\- ', '1\\.', '&gt', '', '\\--', 'Las'],
    );
  });

  test('JSON on a terminal: C1 controls and bidi overrides escaped, the data unchanged', () => {
    const value = { t: 'a\u009b2Jb\u202ec\u001b' };
    assert.equal(terminalProblem(json(value)), null);
    assert.equal(terminalProblem(jsonLine(value)), null);
    assert.deepEqual(JSON.parse(json(value)), value);
  });
});

describe('every renderer, fed hostile articles', () => {
  const { dir, cleanup } = tempDir();
  let store: Store;
  let story: number;
  before(async () => {
    store = openStore(':memory:');
    const r = await ingest(store, [writeHostileJsonl(dir)]);
    assert.equal(r.ingested.length, 2, JSON.stringify(r.failed));
    const { stories } = await listStories(store);
    story = stories.find((s) =>
      s.events.some((e) => e.articles.some((a) => a.externalId === '@SUM(A1)')),
    )!.id;
  });
  after(async () => {
    await store.close();
    cleanup();
  });

  test('Markdown: show, quotes, timeline, story, compare and brief run and forge nothing', async () => {
    const view = await showArticle(store, '@SUM(A1)');
    const outputs: [string, string][] = [
      ['show', articleViewMarkdown(view, { removed: true })],
      ['quotes', quotesMarkdown(await quotes(store))],
      ['timeline', timelineMarkdown((await timeline(store)).entries)],
      ...(await listStories(store)).stories.map((s): [string, string] => ['story', storyMarkdown(s)]),
      ['compare', compareText(await compare(store, story), 'md')],
      ['brief', briefMarkdown(await brief(store, { story }))],
    ];
    for (const [name, md] of outputs) assert.equal(markdownProblem(md), null, `${name}:\n${md}`);
    assert.match(outputs[0]![1], /We will \\\[finish\\\]\(javascript:alert\(1\)\)/, 'the text is kept');
  });

  test('HTML: the brief escapes everything', async () => {
    const page = briefHtml(await brief(store, { story }));
    assert.equal(htmlProblem(page), null);
    assert.match(page, /&lt;script&gt;alert\(2\)&lt;\/script&gt;/);
  });

  test('terminal: tables, search hits and comparison print no control characters', async () => {
    const outputs: [string, string][] = [
      ['list', articlesTable(await listArticles(store))],
      ['search', searchText(await searchArticles(store, 'bridge'))],
      ['entities', entitiesTable(await entities(store))],
      ['stories', storiesTable((await listStories(store)).stories)],
      ['compare', compareText(await compare(store, story), 'table')],
    ];
    for (const [name, text] of outputs) assert.equal(terminalProblem(text), null, `${name}:\n${text}`);
  });

  test('CSV export: no cell starts as a formula', async () => {
    for (const what of ['articles', 'annotations'] as const) {
      const lines = [csvLine(exportColumns(what))];
      for await (const row of exportRows(store, what)) lines.push(csvLine(row));
      const rows = parseCsv(lines.join('\n'));
      assert.ok(rows.length > 2);
      for (const row of rows) {
        assert.equal(row.length, exportColumns(what).length, JSON.stringify(row));
        for (const cell of row) assert.doesNotMatch(cell, /^[=+\-@\t\r]/, JSON.stringify(row));
      }
    }
  });
});

describe('sitrep show --removed and warnings', () => {
  const article: AnalyzedArticle = {
    ...articleOf('The council met on Monday, the mayor said.'),
    title: 'Council meets',
    removed: [
      { rule: 'photo-credit', start: 0, end: 24, text: 'Photo: <b>Wire</b> Agency' },
      { rule: 'share-prompt', start: 70, end: 90, text: 'Share this\u001b[31m story' },
    ],
    sentences: [],
    entities: [],
    quotes: [],
    figures: [],
    dates: [],
    warnings: [{ analyzer: 'dates', code: 'analyzer-failed', message: 'dates failed: <boom>' }],
  };

  test('lists each removed span with its rule and raw offsets, and the incomplete analyses', () => {
    const md = articleMarkdown(article, { removed: true });
    assert.match(md, /## Removed by cleaning \(2\)/);
    assert.match(md, /- photo-credit \[raw 0–24\]: “Photo: &lt;b&gt;Wire&lt;\/b&gt; Agency”/);
    assert.match(md, /- share-prompt \[raw 70–90\]: “Share this story”/);
    assert.match(md, /## Incomplete analysis \(1\)\n- dates \(analyzer-failed\): dates failed: &lt;boom&gt;/);
    assert.equal(markdownProblem(md), null);
    assert.doesNotMatch(articleMarkdown(article), /Removed by cleaning/, 'only with --removed');
    assert.match(
      articleMarkdown({ ...article, removed: [] }, { removed: true }),
      /Nothing was removed from the input\./,
    );
  });
});
