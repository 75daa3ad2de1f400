import assert from 'node:assert/strict';
import { test } from 'node:test';
import { firstIndex } from './search.js';

test('firstIndex finds where a sorted run ends', () => {
  const xs = [1, 3, 3, 5, 8];
  assert.equal(
    firstIndex(xs, (x) => x < 3),
    1,
  );
  assert.equal(
    firstIndex(xs, (x) => x <= 3),
    3,
  );
  assert.equal(
    firstIndex(xs, (x) => x < 100),
    5,
  );
  assert.equal(
    firstIndex(xs, () => false),
    0,
  );
  assert.equal(
    firstIndex([], () => true),
    0,
  );
});
