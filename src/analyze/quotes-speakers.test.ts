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

test('a mention naming a person resolves to that person, not to another person it mentions', () => {
  const qs = speakers('“We will appeal,” said defence lawyer Maria Ortiz, who represents Daniel Reyes.');
  assert.deepEqual(qs[0], ['We will appeal,', 'defence lawyer Maria Ortiz', 'Maria Ortiz']);
});

test('a title and an organisation before the name are not the speaker', () => {
  const qs = speakers(
    '“The levy stays until spring,” Harbour Authority press officer Jonas Pell said on Monday.',
  );
  assert.equal(qs[0]![2], 'Jonas Pell');
});

test('an apposition with an abbreviation sits between the name and the cue', () => {
  const qs = speakers('“The vote will hold,” Senator Carla Dunmore, D-Ore., said Tuesday.');
  assert.equal(qs[0]![2], 'Carla Dunmore');
});

test('a place after "of" is not the speaker named before it', () => {
  const qs = speakers('“We need the bridge,” said Representative Alma Quist of New Mexico.');
  assert.equal(qs[0]![2], 'Alma Quist');
});

test('a paragraph ending in a colon introduces the quotation that opens the next one', () => {
  const qs = speakers(
    'Rhea Morland, an economist, spoke at length.\n\nMorland continued:\n\n“Nobody expected the rate to fall this fast.”',
  );
  assert.deepEqual(qs.at(-1), ['Nobody expected the rate to fall this fast.', 'Morland', 'Rhea Morland']);
});

test('a pronoun takes the person last named as a subject, not one named in passing', () => {
  const qs = speakers(
    '“The plan is sound,” said analyst Petra Lund.\n\nAnton Kessel, who farms near the river, dismissed the report by Lund’s firm as guesswork.\n\n“Nobody asked us,” he said.',
  );
  assert.deepEqual(qs.at(-1), ['Nobody asked us,', 'he', 'Anton Kessel']);
});

test('a pronoun after a man named as subject skips the man named as object', () => {
  const qs = speakers(
    'Retired colonel Ivo Marek said he had served under President Luka Brandt for years.\n\n“It was hard work,” he told the host.',
  );
  assert.deepEqual(qs.at(-1), ['It was hard work,', 'he', 'Ivo Marek']);
});

test('a quoted fragment’s content stops before the writer’s narrative after it', () => {
  const qs = speakers(
    'Mayor Ines Calder called the plan a “costly mistake” during a visit to the depot on Friday.',
  );
  assert.deepEqual(qs[0], ['the plan a “costly mistake”', 'Mayor Ines Calder', 'Ines Calder']);
  const [q] = speakers(
    'Union leader Piet Varga called the offer “an insult” to the drivers, citing the rise in rents.',
  );
  assert.equal(q![0], 'the offer “an insult” to the drivers');
});

test('a titled surname resolves to the full name given earlier, a suffix aside', () => {
  const qs = speakers(
    'Senator Walter J. Haines Jr. toured the plant on Monday.\n\n“These jobs are staying here,” Mr. Haines said.',
  );
  assert.equal(qs.at(-1)![2], 'Walter J. Haines Jr');
});

test('a pronoun is not resolved to a speaker of the other gender known by name only', () => {
  const qs = speakers(
    'Rosa Elmquist chairs the parents’ group.\n\n“The buses are late every day,” said transport officer Daniel Okoro-Vance.\n\n“We want an answer by May,” she said.',
  );
  assert.equal(qs.at(-1)![2], 'Rosa Elmquist');
});

test('a name opening the sentence keeps the cue across its apposition', () => {
  const qs = speakers(
    'But Lena Fosse, head of planning at the Northbridge Housing Trust, said tenants still want repairs first.',
  );
  assert.deepEqual(qs[0], ['tenants still want repairs first', 'Lena Fosse', 'Lena Fosse']);
});

test('someone speaking for a person is not that person: the speaker stays unresolved with its mention', () => {
  const qs = speakers(
    'Governor Edda Marsh toured the flooded district.\n\nA spokeswoman for Edda Marsh said the governor would return on Friday.',
  );
  assert.deepEqual(qs.at(-1), ['the governor would return on Friday', 'A spokeswoman for Edda Marsh', null]);
});
