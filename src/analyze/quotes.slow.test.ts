/** Stress case of the quotes layer (run by `npm run test:slow`): size, not behaviour. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { articleOf } from '../testing/fixtures.js';
import { analyze } from './analyze.js';

test('10,000 quotations: every one found, in time that grows with the text', () => {
  const forms = [
    (i: number) => `“We will rebuild pier ${i},” Mayor Jonas Hart said.`,
    (i: number) => `Hart said pier ${i} was “nearly done.”`,
    (i: number) => `Hart criticized the harbour board for delaying pier ${i}.`,
  ];
  const text = Array.from({ length: 10_000 }, (_, i) => forms[i % 3]!(i)).join('\n\n');
  const qs = analyze(articleOf(text)).quotes;
  assert.equal(qs.length, 10_000);
  assert.ok(qs.every((q) => q.speaker === 'Jonas Hart'));
});
