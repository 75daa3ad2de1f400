import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../analyze/analyze.js';
import type { AnalyzedArticle } from '../model/document.js';
import { briefMarkdown } from '../render/brief.js';
import { timelineMarkdown } from '../render/views.js';
import { articleOf } from '../testing/fixtures.js';
import { buildTimeline, cutTimeline } from './brief.js';

// 2024-03-12 is a Tuesday.
const article = (id: string, outlet: string, text: string, published = '2024-03-12'): AnalyzedArticle => ({
  ...analyze(articleOf(text, published)),
  id,
  outlet,
});

test('a timeline entry is the reported event with its date, not a benchmark or a dateline', () => {
  const t = buildTimeline([
    article(
      'a1',
      'Harbour Post',
      'LISBON, March 12 (Coastal Wire) - Rents rose 6% in February, the fastest pace since 2008, the housing office said on Monday.',
    ),
  ]);
  assert.deepEqual(
    t.map((e) => [e.date, e.anchor.text]),
    [['2024-02', 'in February']],
  );
  assert.match(t[0]!.text, /Rents rose 6% in February/);
  assert.equal(t[0]!.anchor.value, '2024-02');
});

test('an event ahead lands on the coming day', () => {
  const t = buildTimeline([
    article(
      'a1',
      'Harbour Post',
      'The council passed a stopgap levy to avoid a closure of the ferries on Friday.',
    ),
  ]);
  assert.deepEqual(
    t.map((e) => e.date),
    ['2024-03-15'],
  );
});

test('one event reported by several articles is one entry listing its sources', () => {
  const t = buildTimeline([
    article(
      'a1',
      'Harbour Post',
      'Dock workers walked out on Monday over the new shift rota at the container terminal.',
    ),
    article(
      'a2',
      'Valley Courier',
      'Dock workers at the container terminal walked out on Monday over the shift rota.',
    ),
    article('a3', 'Evening Star', 'The mayor opened the new library on Monday.'),
  ]);
  const strike = t.find((e) => /walked out/.test(e.text))!;
  assert.deepEqual([strike.cite.articleId, ...strike.alsoIn.map((c) => c.articleId)], ['a1', 'a2']);
  assert.equal(t.length, 2);
});

test('a cut timeline keeps the most reported and most recent entries and tells how many it left out', () => {
  const days = Array.from({ length: 12 }, (_, i) => i + 1);
  const articles = days.map((d) =>
    article(
      `d${d}`,
      'Harbour Post',
      `The ferry board approved plan number ${d} on March ${d}.`,
      '2024-03-20',
    ),
  );
  // The event of March 2 is reported by two more outlets: it stays though it is old.
  articles.push(
    article('x1', 'Valley Courier', 'The ferry board approved plan number 2 on March 2.', '2024-03-20'),
    article('x2', 'Evening Star', 'The ferry board approved plan number 2 on March 2.', '2024-03-20'),
  );
  const all = buildTimeline(articles);
  assert.equal(all.length, 12);
  const cut = cutTimeline(all, 4);
  assert.equal(cut.omitted, 8);
  assert.deepEqual(
    cut.entries.map((e) => e.date),
    ['2024-03-02', '2024-03-10', '2024-03-11', '2024-03-12'],
  );
  assert.match(timelineMarkdown(cut.entries, cut.omitted), /8 more entries left out/);
  assert.deepEqual(cutTimeline(all, 20), { entries: all, omitted: 0 });
});

test('the brief says how many timeline entries it left out', () => {
  const articles = Array.from({ length: 30 }, (_, i) =>
    article(
      `d${i}`,
      'Harbour Post',
      `Inspectors toured dock ${i + 1} again on March ${i + 1}.`,
      '2024-03-31',
    ),
  );
  const md = briefMarkdown({
    story: { id: 1, label: 'Berths', first: null, last: null, outlets: [], articleCount: 30 },
    summary: [],
    actors: [],
    quotes: [],
    unresolved: [],
    figures: [],
    ...(({ entries, omitted }) => ({ timeline: entries, timelineOmitted: omitted }))(
      cutTimeline(buildTimeline(articles), 25),
    ),
    framing: { outlets: [], occurrences: [] },
    sources: [],
  });
  assert.match(md, /5 more entries left out: the most reported and most recent are shown/);
});

test('a plan is marked planned; background, comparisons and reference periods make no entry', () => {
  const t = buildTimeline([
    article(
      'a1',
      'Harbour Post',
      'The mayor, who was elected in 2019, opened the ferry terminal on Monday. Ferry fares are a fifth higher than they were in January 2020. The port authority is gloomier about trade for 2024. The council will vote on a new levy on Friday.',
    ),
  ]);
  assert.deepEqual(
    t.map((e) => [e.date, e.planned]),
    [
      ['2024-03-11', false],
      ['2024-03-15', true],
    ],
  );
  assert.match(timelineMarkdown(t), /\*\*2024-03-15\*\* \(planned\) The council will vote/);
});

test("a date in a relative clause about someone is background, not the sentence's event", () => {
  const t = buildTimeline([
    article('a1', 'Harbour Post', 'The harbour master, who was appointed in 2019, resigned on Monday.'),
    article('a2', 'Valley Courier', 'The harbour master, who was appointed in 2019, has resigned.'),
  ]);
  assert.deepEqual(
    t.map((e) => e.date),
    ['2024-03-11'],
  );
});

test('a date inside a direct quotation dates no event of the article', () => {
  const t = buildTimeline([
    article(
      'a1',
      'Harbour Post',
      'The mayor spoke at the pier on Monday. “We will never forget the flood of March 3,” she said, ' +
        '“and this town rebuilt by the Fourth of July.”',
    ),
  ]);
  assert.deepEqual(
    t.map((e) => [e.date, e.anchor.text]),
    [['2024-03-11', 'on Monday']],
  );
});
