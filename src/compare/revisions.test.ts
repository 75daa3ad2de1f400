import assert from 'node:assert/strict';
import { test } from 'node:test';
import { textChanges } from './revisions.js';

test('a changed figure and a changed quote are named as such, with exact spans in both texts', () => {
  const before = 'The dam holds 40 million litres. "We are ready," the keeper said. Roads stay open.';
  const after = 'The dam holds 55 million litres. "We are not ready," the keeper said. Roads stay open.';
  const mark = (text: string, kind: 'figure' | 'quote', part: string) => {
    const start = text.indexOf(part);
    return { kind, start, end: start + part.length, text: part };
  };
  const changes = textChanges(
    {
      text: before,
      marks: [mark(before, 'figure', '40 million litres'), mark(before, 'quote', 'We are ready,')],
    },
    {
      text: after,
      marks: [mark(after, 'figure', '55 million litres'), mark(after, 'quote', 'We are not ready,')],
    },
  );
  assert.deepEqual(
    changes.map((c) => [c.kind, c.before, c.after, c.touches]),
    [
      ['changed', '40', '55', ['figure']],
      ['added', '', 'not', ['quote']],
    ],
  );
  for (const c of changes) {
    assert.equal(before.slice(c.beforeSpan.start, c.beforeSpan.end), c.before);
    assert.equal(after.slice(c.afterSpan.start, c.afterSpan.end), c.after);
  }
});

test('words removed outside any figure or quote are plain text changes; whitespace alone is none', () => {
  const changes = textChanges(
    { text: 'Trains run late today on the coast line.', marks: [] },
    { text: 'Trains run late today.', marks: [] },
  );
  assert.deepEqual(
    changes.map((c) => [c.kind, c.before, c.after, c.touches]),
    [['removed', 'on the coast line', '', []]],
  );
  assert.deepEqual(textChanges({ text: 'Buses  run.', marks: [] }, { text: 'Buses run.', marks: [] }), []);
});
