import assert from 'node:assert/strict';
import { test } from 'node:test';
import { articleOf } from '../testing/fixtures.js';
import { analyze } from './analyze.js';

const entities = (text: string) => analyze(articleOf(text)).entities;
const byName = (text: string, name: string) => entities(text).find((e) => e.name === name);

test('titles become roles and surnames merge into the full name', () => {
  const e = byName(
    'Veranian President Ilse Varga opened the summit. Varga said little. Later, Varga left.',
    'Ilse Varga',
  )!;
  assert.equal(e.type, 'person');
  assert.deepEqual(e.roles, ['veranian president']);
  assert.equal(e.mentions.length, 3);
  assert.deepEqual(e.aliases, ['Ilse Varga', 'Varga']);
});

test('acronyms the text defines merge with their long form', () => {
  const e = byName(
    'The Coastal Defence League (CDL) met in the morning. The CDL later issued a statement.',
    'Coastal Defence League',
  )!;
  assert.equal(e.type, 'organization');
  assert.deepEqual(e.aliases, ['Coastal Defence League', 'CDL']);
});

test('common alias sets no text defines are merged by the alias table', () => {
  const es = entities(
    'Fighters of ISIL and Daesh were seen near the border. The U.S. and the States are the same country; so is USA.',
  );
  assert.deepEqual(es.find((e) => e.name === 'Islamic State')!.aliases, ['ISIL', 'Daesh']);
  assert.deepEqual(es.find((e) => e.name === 'United States')!.aliases, ['U.S.', 'States', 'USA']);
});

test('spelling variants of a name merge', () => {
  const es = entities(
    'President Bashar al-Assad spoke. Later Bashar Assad met envoys in Baghdad, or Bagdad as some write it.',
  );
  assert.equal(es.filter((e) => e.type === 'person').length, 1);
  assert.deepEqual(es.find((e) => e.name === 'Baghdad')!.aliases, ['Baghdad', 'Bagdad']);
});

test('countries and capitals come from the gazetteer; demonyms are not entities', () => {
  const es = entities(
    'Russian troops left Syria. Officials in Damascus and Moscow welcomed it. Syrians celebrated.',
  );
  assert.deepEqual(
    es.map((e) => [e.name, e.type]),
    [
      ['Syria', 'place'],
      ['Damascus', 'place'],
      ['Moscow', 'place'],
    ],
  );
});

test('sentence-initial capitals are not names', () => {
  const es = entities(
    'Unfortunately, the talks failed. Many observers expected it. Precisely this worried the mediators.',
  );
  assert.deepEqual(es, []);
});

test('towns the gazetteer knows are places; an acronym written like a function word still counts', () => {
  const es = analyze(
    articleOf(
      'Troops moved towards Idlib and Aleppo on Monday. The anti-IS campaign, led against the Islamic State (IS), went on.',
    ),
  ).entities;
  const type = (n: string) => es.find((e) => e.name === n)?.type;
  assert.equal(type('Idlib'), 'place');
  assert.equal(type('Aleppo'), 'place');
  const is = es.find((e) => e.aliases.includes('IS'));
  assert.equal(is?.name, 'Islamic State');
});

test('a middle initial stays inside the name', () => {
  const es = entities(
    'The economist Laurence H. Tribe spoke first. Later, Tribe took questions. The vote is on Plan B. The council meets at noon.',
  );
  const tribe = es.find((e) => e.name.includes('Tribe'));
  assert.equal(tribe?.name, 'Laurence H. Tribe');
  assert.equal(tribe?.mentions.length, 2);
  assert.ok(!es.some((e) => e.name.includes('B. The')));
});
