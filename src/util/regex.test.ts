import assert from 'node:assert/strict';
import { test } from 'node:test';
import { regExpSkippingAhead, skipAhead, skippingAhead } from './regex.js';

const all = (re: RegExp, text: string): string[] =>
  [...text.matchAll(re)].map((m) => JSON.stringify([m.index, [...m], m.groups ?? null]));

test('skipAhead: a leading lookbehind gets a lookahead copy of the rest, without captures', () => {
  assert.equal(skipAhead('(?<![a-z])(ab|c)(?<n>d)'), '(?=(?:ab|c)(?:d))(?<![a-z])(ab|c)(?<n>d)');
  assert.equal(skipAhead('(?<!x)(?<=[(\\]])(y)'), '(?=(?:y))(?<!x)(?<=[(\\]])(y)');
  // escapes and classes are not groups
  assert.equal(skipAhead('(?<!a)\\((?:b)[(]'), '(?=\\((?:b)[(])(?<!a)\\((?:b)[(]');
});

test('skipAhead: no leading lookbehind, or a backreference, leaves the pattern alone', () => {
  assert.equal(skipAhead('(a)(?<!b)c'), '(a)(?<!b)c');
  assert.equal(skipAhead('(?<!a)(b)\\1'), '(?<!a)(b)\\1');
  assert.equal(skipAhead('(?<!a)(?<x>b)\\k<x>'), '(?<!a)(?<x>b)\\k<x>');
});

test('skippingAhead finds the same matches, groups and names', () => {
  const re = /(?<![\p{L}\p{N}])(?:(?<qual>about|some)\s+)?(\d+|two|ten)\s+(years?|days?)(?![\p{L}\p{N}])/giu;
  const text = 'About two years ago, some 10 days later; xten days, 3 Years, pre12 days, two  days';
  const fast = skippingAhead(re);
  assert.equal(fast.flags, re.flags);
  assert.equal(skippingAhead(re), fast);
  assert.deepEqual(all(regExpSkippingAhead(re.source, 'giu'), text), all(re, text));
  assert.deepEqual(all(fast, text), all(re, text));
  assert.equal(all(re, text).length, 4);
});
