import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contentId } from '../ingest/inputs.js';
import { processDocument } from '../pipeline.js';
import { openSqliteStore } from '../store/sqlite.js';
import { articleOf } from '../testing/fixtures.js';
import { analyze, DEFAULT_ANALYZERS } from './analyze.js';
import type { Analyzer } from './context.js';

const TEXT =
  'Mayor Jane Holt opened the new ferry pier on Tuesday.\n' +
  '“This pier will carry 4,000 passengers a day,” Holt said.\n' +
  'The council said on Monday that the work had cost about 12 million dollars.\n';

/** A clock that stands still until `advance` moves it: the budget is spent exactly where a test says. */
function manualClock(): { clock: () => number; advance: (ms: number) => void } {
  let now = 0;
  return { clock: () => now, advance: (ms) => (now += ms) };
}

test('a document over its time budget keeps the layers that finished and says which did not', () => {
  const { clock, advance } = manualClock();
  const slow: Analyzer = { name: 'slow', run: () => advance(60_000) };
  const [sentences, entities, ...rest] = DEFAULT_ANALYZERS;
  const a = analyze(articleOf(TEXT), [sentences!, entities!, slow, ...rest], { maxMillis: 1000, clock });
  assert.equal(a.sentences.length, 3);
  assert.ok(a.entities.some((e) => e.name === 'Jane Holt'));
  assert.deepEqual(a.quotes, []);
  assert.deepEqual(a.figures, []);
  assert.deepEqual(a.dates, []);
  assert.equal(a.warnings.length, 1);
  assert.equal(a.warnings[0]!.code, 'over-budget');
  assert.equal(a.warnings[0]!.analyzer, 'dates');
  assert.match(a.warnings[0]!.message, /1000 ms.*dates, quotes, figures/);
});

test('the budget is checked inside an analyzer’s loop, not only between analyzers', () => {
  // Every reading of the clock costs a millisecond: the budget runs out inside the quotes analyzer's
  // sentence loop on a text of many sentences, and the analyzer stops there.
  let now = 0;
  const clock = (): number => now++;
  const text = Array.from({ length: 400 }, (_, i) => `Officials said ${i} boats had left the harbour.`).join(
    '\n',
  );
  const a = analyze(articleOf(text), DEFAULT_ANALYZERS, { maxMillis: 150, clock });
  const w = a.warnings.find((x) => x.code === 'over-budget');
  assert.ok(w, 'an over-budget warning');
  assert.notEqual(w.analyzer, 'budget');
  // Between analyzers alone the clock would be read six times.
  assert.ok(now > 100, `the clock was read ${now} times`);
  assert.deepEqual(a.figures, []);
});

test('a text over the size budget is analysed up to a line break within it, with a warning', () => {
  const a = analyze(articleOf(TEXT), DEFAULT_ANALYZERS, { maxChars: 120 });
  assert.equal(a.text, TEXT);
  assert.equal(a.sentences.length, 2);
  assert.ok(a.sentences.every((s) => s.end <= 120));
  assert.ok(a.quotes.some((q) => q.speaker === 'Jane Holt'));
  assert.ok(a.figures.every((f) => f.end <= 120));
  assert.deepEqual(
    a.warnings.map((w) => [w.analyzer, w.code]),
    [['budget', 'over-budget']],
  );
});

test('an over-budget article is stored with its warning', async () => {
  const { clock, advance } = manualClock();
  const content = `Ferry pier opens\n${TEXT}`;
  const a = processDocument(
    { source: 'budget-test.txt', format: 'text', content, id: contentId(content), meta: {} },
    { maxChars: 60, maxMillis: 0, clock: () => (advance(1), clock()) },
  );
  assert.deepEqual(
    a.warnings.map((w) => w.code),
    ['over-budget', 'over-budget'],
  );
  const store = openSqliteStore(':memory:');
  try {
    const [put] = await store.putArticles([a]);
    assert.ok(put);
    const back = await store.getArticle(a.id);
    assert.equal(back?.text, a.text);
    assert.deepEqual(back?.warnings, a.warnings);
  } finally {
    await store.close();
  }
});

test('without a budget option the defaults apply and ordinary text has no warning', () => {
  assert.deepEqual(analyze(articleOf(TEXT)).warnings, []);
});

test('a one-line text over the size budget is cut at a space, never inside a word', () => {
  const text = 'The ferry ran again on Monday, the council said. '.repeat(40);
  const a = analyze(articleOf(text), DEFAULT_ANALYZERS, { maxChars: 1000 });
  assert.equal(a.warnings[0]?.code, 'over-budget');
  const analysed = Number(/only the first (?<n>\d+) were analysed/.exec(a.warnings[0]!.message)?.groups?.n);
  assert.ok(analysed > 500 && analysed <= 1000);
  assert.equal(text[analysed], ' ');
  assert.notEqual(text[analysed - 1], ' ');
  assert.ok(a.sentences.every((s) => s.end <= analysed));
  assert.ok(a.quotes.every((q) => q.end <= analysed));
});
