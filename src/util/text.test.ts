import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeRegExp, wordCount, words } from './text.js';

test('words are runs of letters and digits in any script', () => {
  assert.deepEqual(words('Talks resume — 12 délégués, Женева!'), [
    'Talks',
    'resume',
    '12',
    'délégués',
    'Женева',
  ]);
  assert.equal(wordCount(''), 0);
  assert.equal(wordCount('  ...  '), 0);
});

test('an escaped string matches itself literally', () => {
  const s = 'a.b*c+(d)?[e]{f}|g^h$i\\j';
  assert.ok(new RegExp(`^${escapeRegExp(s)}$`).test(s));
  assert.equal(new RegExp(escapeRegExp('a.b')).test('axb'), false);
});
