import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../analyze/analyze.js';
import { articleOf } from '../testing/fixtures.js';
import { alignFigures } from './figures.js';

test('figures are grouped by what they count and differences explained by dates and periods', () => {
  const a = {
    ...analyze(
      articleOf(
        'The ministry said its jets flew 64 sorties over the past 24 hours. About 12 tonnes of fuel were used.',
        '2024-03-12',
      ),
    ),
    id: 'a',
    outlet: 'Valley Times',
  };
  const b = {
    ...analyze(
      articleOf(
        'Since the start of the operation, the jets have flown more than 10,000 sorties, the minister said. About 12 tonnes of fuel were used.',
        '2024-09-01',
      ),
    ),
    id: 'b',
    outlet: 'River Post',
  };
  const groups = alignFigures([a, b]);
  const sorties = groups.find((g) => g.noun === 'sorties')!;
  assert.equal(sorties.verdict, 'differ');
  assert.deepEqual(
    sorties.figures.map((f) => f.outlet),
    ['Valley Times', 'River Post'],
  );
  assert.match(
    sorties.reason ?? '',
    /different dates: 64 sorties \(reported 2024-03-12\) vs more than 10,000 sorties \(reported 2024-09-01\)/,
  );
  assert.match(
    sorties.reason ?? '',
    /different periods: 64 sorties \(over the past 24 hours\) vs more than 10,000 sorties \(Since the start of the operation\)/,
  );
  const tonnes = groups.find((g) => g.noun.startsWith('tonnes'))!;
  assert.equal(tonnes.verdict, 'agree');
  for (const g of groups)
    for (const f of g.figures) assert.equal((f.articleId === 'a' ? a : b).text.slice(f.start, f.end), f.text);
});

test('a total and a rate of the same thing are two measures, never one group; modifiers do not make another measure', () => {
  const a = {
    ...analyze(articleOf('The plant released 12 tonnes of acid.', '2024-06-04')),
    id: 'a',
    outlet: 'Valley Times',
  };
  const b = {
    ...analyze(articleOf('The plant released 2 tonnes a day of acid.', '2024-06-05')),
    id: 'b',
    outlet: 'River Post',
  };
  const c = {
    ...analyze(articleOf('Officials counted 300 residents in the shelter.', '2024-06-05')),
    id: 'c',
    outlet: 'Valley Times',
  };
  const d = {
    ...analyze(articleOf('About 350 local residents slept in the shelter.', '2024-06-05')),
    id: 'd',
    outlet: 'River Post',
  };
  const groups = alignFigures([a, b, c, d]);
  const tonnes = groups.filter((g) => g.noun.startsWith('tonnes'));
  assert.deepEqual(
    tonnes.map((g) => [g.verdict, g.figures.map((f) => f.text)]),
    [
      ['single', ['12 tonnes']],
      ['single', ['2 tonnes a day']],
    ],
  );
  const residents = groups.find((g) => /residents/.test(g.noun))!;
  assert.equal(residents.verdict, 'differ', 'modifiers ("local") do not make another measure');
});

test("a figure's claimant named by an alias is given the entity's name", () => {
  const a = {
    ...analyze(
      articleOf(
        'The Northern Liberation Front (NLF) said more than 40,000 people had fled the valley.',
        '2024-03-12',
      ),
    ),
    id: 'a',
    outlet: 'Valley Times',
  };
  const b = {
    ...analyze(articleOf('As many as 90,000 people have left the valley, the NLF said.', '2024-03-15')),
    id: 'b',
    outlet: 'River Post',
  };
  const people = alignFigures([a, b]).find((g) => g.noun.startsWith('people'))!;
  assert.deepEqual(
    people.figures.map((f) => f.claimant),
    ['Northern Liberation Front', 'Northern Liberation Front'],
  );
});

const storyOn = (published: string, ...texts: [string, string][]) =>
  texts.map(([outlet, text], i) => ({
    ...analyze(articleOf(text, published)),
    id: `a${i}`,
    outlet,
  }));
const story = (...texts: [string, string][]) => storyOn('2025-02-04', ...texts);

test('by measure, not by unit: equal within rounding and units agree; a forecast never meets the reading; percent alone groups nothing', () => {
  const groups = alignFigures(
    story(
      [
        'Valley Times',
        'The court gave the smuggler 17 1/2 years. Unemployment rose to 6.2% in January. Analysts had expected 6.0%. Turnout was 48%.',
      ],
      [
        'River Post',
        'The smuggler got a 210-month sentence. Unemployment rose to 6.2% in January, above the 6.0% analysts had expected. Some 48% said no.',
      ],
    ),
  );
  const of = (t: string) => groups.find((g) => g.figures.some((f) => f.text === t))!;
  assert.equal(of('17 1/2 years').verdict, 'agree');
  assert.ok(of('17 1/2 years').figures.some((f) => f.text === '210-month sentence'));
  assert.equal(of('6.2%').verdict, 'agree');
  assert.ok(of('6.2%').figures.every((f) => f.kind === 'actual'));
  const forecasts = groups.filter((g) => g.figures.some((f) => f.value === 6));
  assert.ok(forecasts.every((g) => g.figures.every((f) => f.kind === 'forecast')));
  // "Turnout was 48%" and "Some 48% said no" share a value, not a measure named alike
  assert.ok(groups.filter((g) => g.figures.some((f) => f.value === 48)).every((g) => g.verdict === 'single'));
});

test('the same thing in two different months is two measures; a differing value says why', () => {
  // Published after both months: "reached … in March" is the March just past.
  const groups = alignFigures(
    storyOn(
      '2025-04-20',
      ['Valley Times', 'Farm exports reached 12,400 tonnes in March, the trade office said.'],
      ['River Post', 'Farm exports reached 12,400 tonnes in April, the trade office said.'],
      ['Hill Gazette', 'Farm exports reached 13,100 tonnes in March, a growers group said.'],
    ),
  );
  const march = groups.find((g) => g.figures.length === 2)!;
  assert.deepEqual(
    march.figures.map((f) => f.outlet),
    ['Valley Times', 'Hill Gazette'],
  );
  assert.equal(march.verdict, 'differ');
  assert.deepEqual(
    march.why.map((w) => w.code),
    ['claimants'],
  );
  assert.ok(groups.some((g) => g.verdict === 'single' && g.figures[0]!.outlet === 'River Post'));
});

test('the measure in words never names its thing twice', () => {
  const [group] = alignFigures(
    story([
      'Valley Times',
      'Full coverage was defined as 75% of the homes with meters from the old or new supplier.',
    ]),
  );
  const measure = group!.measure;
  assert.equal(measure.split('homes with meters').length - 1, 1, measure);
});
