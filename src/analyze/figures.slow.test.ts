/** Stress cases of the figures layer (run by `npm run test:slow`): size, not behaviour. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { articleOf } from '../testing/fixtures.js';
import { analyze } from './analyze.js';
import { createContext } from './context.js';
import { datesAnalyzer } from './dates.js';
import { figuresAnalyzer } from './figures.js';
import { sentencesAnalyzer } from './sentences.js';

test('a 10 MB table of numbers: every row read, in time that grows with the text, not its square', () => {
  // Short lines without sentence punctuation look like headings: each is compared with the figures below it,
  // and every number is checked against the dates; both are lookups, not scans.
  const rows: string[] = [];
  let size = 0;
  for (let i = 0; size < 10_000_000; i++) {
    const row = `${i * 7} units, ${i % 1000} people\n`;
    rows.push(row);
    size += row.length;
  }
  const ctx = createContext({ ...articleOf(''), text: rows.join('') });
  for (const a of [sentencesAnalyzer, datesAnalyzer, figuresAnalyzer]) a.run(ctx);
  assert.ok(ctx.figures.length >= rows.length, `${ctx.figures.length} figures for ${rows.length} rows`);
});

test('a long text of numbers is handled without a crash', () => {
  const text = Array.from({ length: 20000 }, (_, i) => `${i * 7},${i % 1000} 1.5 ${i}%`).join(' ');
  const a = analyze(articleOf(text));
  assert.ok(a.figures.length > 1000);
});
