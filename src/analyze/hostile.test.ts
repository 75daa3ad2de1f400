/**
 * Hostile inputs of modest size (issue 14, defect 6): each once stalled a run; here each is analysed and
 * what comes out is checked for sense. How long they take is measured by the bench's growth check.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { articleOf } from '../testing/fixtures.js';
import { analyze } from './analyze.js';
import { MAX_SENTENCE_CHARS, splitParagraphs, splitSentences } from './sentences.js';

test('"said said …": no quotation, no speaker, sentences capped', () => {
  const a = analyze(articleOf('said '.repeat(6000)));
  assert.deepEqual(a.quotes, []);
  assert.deepEqual(a.entities, []);
  assert.ok(a.sentences.length >= 15);
  assert.ok(a.sentences.every((s) => s.end - s.start <= MAX_SENTENCE_CHARS));
  assert.deepEqual(a.warnings, []);
});

test('"Mr. Mr. …": no person and no quotation', () => {
  const a = analyze(articleOf('Mr. '.repeat(8000)));
  assert.deepEqual(a.entities, []);
  assert.deepEqual(a.quotes, []);
  assert.ok(a.sentences.every((s) => s.end - s.start <= MAX_SENTENCE_CHARS));
});

test('space-separated numbers: each a figure of its own value, none a date', () => {
  const numbers = Array.from({ length: 4000 }, (_, i) => String(((i * 7919) % 90_000) + 2200));
  const a = analyze(articleOf(numbers.join(' ')));
  assert.equal(a.figures.length, numbers.length);
  assert.ok(a.figures.every((f) => f.value === Number(f.text)));
  assert.deepEqual(a.dates, []);
});

test('a page on one line: every quotation found with its speaker', () => {
  const text = Array.from(
    { length: 400 },
    (_, i) =>
      `Crews cleared ${i + 2} berths by noon. “The ferry will run again tonight,” Mayor Jane Holt said.`,
  ).join(' ');
  const a = analyze(articleOf(text));
  assert.equal(a.quotes.length, 400);
  assert.ok(a.quotes.every((q) => q.kind === 'direct' && q.speaker === 'Jane Holt'));
  assert.equal(a.sentences.length, 800);
});

test('a long paragraph is segmented in pieces exactly as in one pass', () => {
  const sentences = [
    'The council met on Monday.',
    'Its members voted 7 to 2 for the plan!',
    'Was the vote fair?',
    'Critics said it was rushed (and said so loudly).',
    '“We will appeal,” one resident said.',
  ];
  const text = Array.from({ length: 600 }, (_, i) => sentences[i % sentences.length]).join(' ');
  const whole = [...new Intl.Segmenter('en', { granularity: 'sentence' }).segment(text)].map((s) => ({
    start: s.index,
    end: s.index + s.segment.trimEnd().length,
  }));
  assert.deepEqual(splitSentences(text, splitParagraphs(text)), whole);
});

test('a run without a sentence boundary is cut at a space, no piece longer than the cap', () => {
  const text = `${'word '.repeat(1000)}end.`;
  const s = splitSentences(text, splitParagraphs(text));
  assert.ok(s.length >= 3);
  assert.ok(s.every((x) => x.end - x.start <= MAX_SENTENCE_CHARS));
  for (const x of s) assert.match(text.slice(x.start, x.end), /^\S(?:.*\S)?$/);
  // nothing lost: the pieces cover every word in order
  assert.equal(s.map((x) => text.slice(x.start, x.end)).join(' '), text);
});
