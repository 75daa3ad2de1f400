import assert from 'node:assert/strict';
import { test } from 'node:test';
import { splitParagraphs, splitSentences } from './sentences.js';

const sentences = (text: string, lang = 'en'): string[] =>
  splitSentences(text, splitParagraphs(text), lang).map((s) => text.slice(s.start, s.end));

test('sentences end at full stops, not after titles and initials', () => {
  assert.deepEqual(
    sentences(
      'Dr. Ana Ruiz met Gen. Tom Bell in St. Albans. They spoke for an hour. J. K. Lowe joined later.',
    ),
    ['Dr. Ana Ruiz met Gen. Tom Bell in St. Albans.', 'They spoke for an hour.', 'J. K. Lowe joined later.'],
  );
});

test('a sentence never crosses a paragraph, even without punctuation', () => {
  assert.deepEqual(sentences('A headline without a stop\n\nThe body starts here. It goes on'), [
    'A headline without a stop',
    'The body starts here.',
    'It goes on',
  ]);
});

test('other languages use their own rules and abbreviations', () => {
  assert.deepEqual(sentences('Der Vertrag gilt z.B. bis 2030. Dr. Weber stimmte zu.', 'de'), [
    'Der Vertrag gilt z.B. bis 2030.',
    'Dr. Weber stimmte zu.',
  ]);
  assert.equal(sentences('这是第一句。这是第二句。', 'zh').length, 2);
});

test('after an abbreviation a capitalised function word opens a new sentence, a name does not', () => {
  const text = 'He wants to stop attacks in the U.S. He says more is needed. Gen. Smith agreed.';
  const spans = splitSentences(text, splitParagraphs(text));
  assert.deepEqual(
    spans.map((s) => text.slice(s.start, s.end)),
    ['He wants to stop attacks in the U.S.', 'He says more is needed.', 'Gen. Smith agreed.'],
  );
});
