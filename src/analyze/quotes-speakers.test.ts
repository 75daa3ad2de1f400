/**
 * Speaker resolution, one test per error class of issue 16 (original sentences).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { articleOf } from '../testing/fixtures.js';
import { analyze } from './analyze.js';

const speakers = (text: string): [string, string | null, string | null][] =>
  analyze(articleOf(text)).quotes.map((q) => [q.text, q.source?.text ?? null, q.speaker]);

test('discourse follows the text: a pronoun after an indirect report takes its speaker, not an earlier quote’s', () => {
  const qs = speakers(
    '“The budget holds,” said treasurer Tomas Verdi.\n\nHarbour chief Karl Brandt said the pier would reopen in June.\n\n“We have the crews ready,” he said.',
  );
  assert.deepEqual(qs.at(-1), ['We have the crews ready,', 'he', 'Karl Brandt']);
});
