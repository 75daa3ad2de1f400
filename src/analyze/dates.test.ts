import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findDates } from './dates.js';

const dates = (text: string, published: string | null) => findDates(text, published).map((d) => [d.text, d.value, d.type]);

test('weekdays resolve to the most recent such day on or before publication', () => {
  // 2024-03-12 is a Tuesday
  assert.deepEqual(dates('The vote was on Tuesday. Talks began on Monday.', '2024-03-12'), [
    ['on Tuesday', '2024-03-12', 'DATE'],
    ['on Monday', '2024-03-11', 'DATE'],
  ]);
  assert.deepEqual(dates('They will meet next Friday.', '2024-03-12')[0]?.[1], '2024-03-15');
});

test('month-day, month-year, years and durations', () => {
  assert.deepEqual(dates('On March 3 the pact began; since June 2021 it had been drafted; work started in 2019 and lasted over the past 24 hours.', '2024-03-12'), [
    ['On March 3', '2024-03-03', 'DATE'],
    ['since June 2021', '2021-06', 'DATE'],
    ['in 2019', '2019', 'DATE'],
    ['over the past 24 hours', 'PT24H', 'DURATION'],
  ]);
});

test('counts are not clock times', () => {
  assert.deepEqual(dates('From 5,000 to 7,000 people left.', '2024-03-12'), []);
});

test('without a publication date, relative dates stay unresolved', () => {
  assert.deepEqual(dates('The vote was on Tuesday, after talks in May 2020.', null), [
    ['on Tuesday', null, 'DATE'],
    ['in May 2020', '2020-05', 'DATE'],
  ]);
});

test('impossible dates are not invented', () => {
  for (const [, value] of dates('The deadline was February 30, 2023.', '2024-03-12')) assert.notEqual(value, '2023-03-02');
});
