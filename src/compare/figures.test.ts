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

test('a revision and the first report are two measures when the revision changed the value', () => {
  const groups = alignFigures(
    story(
      ['Valley Times', 'Filings fell to 310,000 last week from a revised 325,000 the week before.'],
      [
        'River Post',
        'Filings dropped from the prior week’s 328,000. That figure was revised down to 325,000.',
      ],
    ),
  );
  const of = (t: string) => groups.find((g) => g.figures.some((f) => f.text === t))!;
  assert.equal(of('328,000').verdict, 'single');
  assert.deepEqual(
    of('325,000').figures.map((f) => f.outlet),
    ['Valley Times', 'River Post'],
  );
  assert.equal(of('325,000').verdict, 'agree');
});

test('a bound is read close to its number: "more than 41,000" is not 43,512, and "below 50,000" is not 50,400', () => {
  const groups = alignFigures(
    story(
      [
        'Valley Times',
        'Guards made more than 41,000 arrests at the crossing in May. Filings slipped below 50,000.',
      ],
      ['River Post', 'Guards apprehended 43,512 people at the crossing in May. Filings stood at 50,400.'],
      ['Hill Gazette', 'At the crossing, 43,512 travellers were stopped in May.'],
    ),
  );
  for (const g of groups)
    if (g.figures.length > 1 && g.figures.some((f) => /41,000|50,000/.test(f.text)))
      assert.equal(g.verdict, 'differ', g.figures.map((f) => f.text).join(' | '));
  // arrests, people apprehended and travellers stopped are one count in May: grouped, and they differ
  const may = groups.find((g) => g.figures.some((f) => f.text === 'more than 41,000 arrests'))!;
  assert.equal(may.figures.length, 3);
  assert.equal(may.verdict, 'differ');
});

test('exact statistics a multiple apart are two measures; record spans and tallies group by value', () => {
  const groups = alignFigures(
    story(
      [
        'Valley Times',
        'Weekly filings averaged 212,000 in 2019. The raise is the biggest in four decades. The bill passed in a 61-38 vote.',
      ],
      [
        'River Post',
        'Filings reached 1,870,000 at the peak. It is the largest increase in 39 years. The final vote was 61 to 38.',
      ],
    ),
  );
  const of = (t: string) => groups.find((g) => g.figures.some((f) => f.text === t))!;
  assert.equal(of('212,000').verdict, 'single');
  assert.equal(of('four decades').verdict, 'agree');
  assert.equal(of('61-38').verdict, 'agree');
});

test('a rate is split from its unit and synonyms of the counted thing are named alike', () => {
  const groups = alignFigures(
    story(
      ['Valley Times', 'Retirees will get $40 a month more.'],
      ['River Post', 'Some 310,000 applications were filed.'],
    ),
  );
  const all = groups.flatMap((g) => g.figures);
  const rate = all.find((f) => f.text === '$40 a month')!;
  assert.deepEqual([rate.unit, rate.per], ['dollar', 'month']);
  assert.equal(all.find((f) => f.text.includes('310,000'))!.unit, 'claim');
});

test('cases and infections of one disease are one count; a count says its noun once', () => {
  const groups = alignFigures(
    story(
      [
        'Valley Times',
        'Daily flu cases in the region fell below 4,000 on Monday for the first time since March.',
      ],
      ['River Post', 'The daily average of new flu infections in the region has dropped below 4,000.'],
    ),
  );
  const below = groups.find((g) => g.figures.length === 2)!;
  assert.equal(below.verdict, 'agree');
  assert.doesNotMatch(below.measure, /\bin cases?\b/, below.measure);
});
