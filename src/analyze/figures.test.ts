import assert from 'node:assert/strict';
import { test } from 'node:test';
import { articleOf } from '../testing/fixtures.js';
import { analyze } from './analyze.js';
import { normalizeUnit, parseAmount } from './figures.js';

const figures = (text: string, published: string | null = '2024-03-12') =>
  analyze(articleOf(text, published)).figures.map((f) => ({
    text: f.text,
    value: f.value,
    low: f.low,
    high: f.high,
    q: f.qualifier,
    noun: f.noun,
  }));

test('qualifiers, ranges and counted nouns', () => {
  assert.deepEqual(figures('Rescuers found more than 1,200 survivors and almost 300 dogs.'), [
    { text: 'more than 1,200 survivors', value: 1200, low: null, high: null, q: '>', noun: 'survivors' },
    { text: 'almost 300 dogs', value: 300, low: null, high: null, q: '<', noun: 'dogs' },
  ]);
  assert.deepEqual(
    figures('Between 3,000 and 5,000 families fled, and from 40 to 60 boats left.').map((f) => [
      f.low,
      f.high,
      f.q,
      f.noun,
    ]),
    [
      [3000, 5000, 'range', 'families'],
      [40, 60, 'range', 'boats'],
    ],
  );
  assert.deepEqual(figures('Some 200 grain storage and milling sites were damaged.')[0], {
    text: 'Some 200 grain storage and milling sites',
    value: 200,
    low: null,
    high: null,
    q: '~',
    noun: 'sites',
  });
});

test('numbers in words, scales, percentages, money and vague amounts', () => {
  const f = figures(
    'Over one million visitors came, up 12% on last year, spending $3.5 billion. Hundreds of volunteers helped, and a dozen buses ran.',
  );
  assert.deepEqual(
    f.map((x) => [x.value, x.q, x.noun]),
    [
      [1_000_000, '>', 'visitors'],
      [12, '=', 'percent'],
      [3_500_000_000, '=', 'USD'],
      [null, '~', 'volunteers'],
      [12, '=', 'buses'],
    ],
  );
});

test('years, dates, clock times, ordinals and names are not figures', () => {
  assert.deepEqual(figures('In 2019, on March 3, the 2nd convoy left at 16:30 and Channel 4 filmed it.'), []);
});

test('decimal comma and thousands separators, by language', () => {
  assert.equal(parseAmount('1,5 million'), 1_500_000);
  assert.equal(parseAmount('1,500'), 1500);
  assert.equal(parseAmount('1.500', 'de'), 1500);
  assert.equal(parseAmount('1,5', 'de'), 1.5);
  assert.equal(parseAmount('12 000', 'fr'), 12000);
  assert.equal(parseAmount('twenty-five'), 25);
});

test('the claimant is the speaker of the quote the figure stands in', () => {
  const a = analyze(articleOf('Fire chief Ruth Adeyemi said that 40 homes had been evacuated.'));
  assert.equal(a.figures[0]!.claimant, 'Ruth Adeyemi');
});

test('a unit of measure right after the number is the unit, whatever noun follows', () => {
  const fs = analyze(
    articleOf('He ran a 40 yard dash; the 260,000 year-old skull; a 4500 mAh battery.'),
  ).figures.map((f) => [f.value, normalizeUnit(f.noun)]);
  assert.deepEqual(fs, [
    [40, 'yard'],
    [260000, 'year of age'],
    [4500, 'milliampere-hour'],
  ]);
});

test('a subheading that restates a figure of the paragraph below is one claim, kept in the body', () => {
  const text =
    'Lake level falls to a record low\n\nUp to 40 villages cut off by the drought\n\nBetween 30 and 40 villages on the western shore have been cut off since June, officials said.';
  assert.deepEqual(
    figures(text).map((f) => f.text),
    ['Between 30 and 40 villages'],
  );
  // A figure in a subheading that the body does not repeat stays.
  assert.deepEqual(
    figures(
      'Up to 40 villages cut off\n\nThe lake has lost a third of its water since June, officials said.',
    ).map((f) => f.text),
    ['Up to 40 villages', 'a third of its water'],
  );
});

test('units: counted noun phrases, currencies with their country, rates, units written against the number', () => {
  const units = (text: string) =>
    analyze(articleOf(text)).figures.map((f) => [f.value ?? `${f.low}-${f.high}`, f.unit]);
  assert.deepEqual(units('Surgeons performed 700 heart transplants and 12 lung operations.'), [
    [700, 'heart transplant'],
    [12, 'lung operation'],
  ]);
  assert.deepEqual(units('The fine was 10.5 million Australian dollars, or HK$3.7 billion.'), [
    [10_500_000, 'australian dollar'],
    [3_700_000_000, 'hong kong dollar'],
  ]);
  assert.deepEqual(units('Rent is $1,200 a month; the ferry does 30 miles per hour.'), [
    [1200, 'dollar per month'],
    [30, 'mile per hour'],
  ]);
  assert.deepEqual(units('The phone has 256GB of storage, a 5kW charger and a 5G modem.'), [
    [256, 'gigabyte'],
    [5, 'kilowatt'],
    [5, null],
  ]);
  assert.deepEqual(units('Rates rose 60 basis points on a 570 sq m plot.'), [
    [60, 'basis point'],
    [570, 'square metre'],
  ]);
});

test('vague amounts span a power of ten; scales written against the number; a range takes its second end scale', () => {
  const fs = analyze(
    articleOf(
      'Hundreds of volunteers came. Tickets cost 25k each, and the plan costs from $10 to $15 billion.',
    ),
  ).figures;
  assert.deepEqual(
    fs.map((f) => [f.value, f.low, f.high]),
    [
      [null, 100, 1000],
      [25_000, null, null],
      [null, 10e9, 15e9],
    ],
  );
});

test('a fall from one value to another keeps both ends in the order written', () => {
  const [f] = analyze(articleOf('The token fell from $2,415 to $2,315 overnight.')).figures;
  assert.deepEqual([f!.qualifier, f!.low, f!.high], ['range', 2415, 2315]);
});

test('clock times, product and model names, and "one" alone are not figures', () => {
  assert.deepEqual(
    figures(
      'The launch ran from 1.05am to 7.05am. The new iPhone 15 Pro and the Boeing 787 Dreamliner were shown. There is only one leader.',
    ),
    [],
  );
});

test('a relative date counts its units: "nine days later" holds a figure', () => {
  assert.deepEqual(
    figures('Nine days later the bridge reopened.').map((f) => [f.value, f.noun]),
    [[9, 'days']],
  );
});

test('negative amounts, percentage ranges, currency marks after the symbol, and a range scaled only where its ends agree', () => {
  const fs = analyze(
    articleOf(
      'The balance fell to -50 points and minus 12 degrees. Fees range from 1 per cent to 1.5 per cent, or 5% to 10%. It cost $US55,000 ($A82,000). Claims ranged from $200 to $4 million.',
    ),
  ).figures;
  assert.deepEqual(
    fs.map((f) => [f.value ?? `${f.low}..${f.high}`, f.unit]),
    [
      [-50, 'point'],
      [-12, 'degree'],
      ['1..1.5', 'percentage'],
      ['5..10', 'percentage'],
      [55000, 'dollar'],
      [82000, 'australian dollar'],
      ['200..4000000', 'dollar'],
    ],
  );
});

test('fractions of a whole are figures', () => {
  const fs = analyze(articleOf('A third of the residents left, and two-thirds of the shops closed.')).figures;
  assert.deepEqual(
    fs.map((f) => [Math.round(f.value! * 1000) / 1000, f.unit, f.text]),
    [
      [0.333, 'fraction', 'A third of the residents'],
      [0.667, 'fraction', 'two-thirds of the shops'],
    ],
  );
});

const read = (text: string) =>
  analyze(articleOf(text, '2025-02-04')).figures.map((f) => [f.text, f.value ?? [f.low, f.high], f.unit]);

test('numbers are read whole: mixed numbers, halves, decades, hyphenated times that are the news', () => {
  assert.deepEqual(
    read(
      'The judge gave the smuggler 17 1/2 years, which his lawyer called a 210-month sentence. The ferry had been idle for three and a half years. Rents are the highest in nearly a decade, a 14-year high.',
    ),
    [
      ['17 1/2 years', 17.5, 'year'],
      ['210-month sentence', 210, 'month'],
      ['three and a half years', 3.5, 'year'],
      ['nearly a decade', 10, 'year'],
      ['14-year high', 14, 'year'],
    ],
  );
});

test('a hyphenated time that describes, a page count, a name, a rate base and a cut-off number are not figures', () => {
  assert.deepEqual(
    read(
      'The 12-month rise of 3.1% was reported in a 40-page note to the Council of Nine. Clinics saw 71.2 visits per 1,000 residents. The board expects another $40...',
    ),
    [
      ['3.1%', 3.1, 'percentage'],
      ['71.2 visits per 1,000 residents', 71.2, 'visit per 1,000 residents'],
    ],
  );
});

test('tallies, a change and the level it reached, and vague amounts without "of"', () => {
  assert.deepEqual(
    read(
      'The council approved the budget 31-18. Orders dropped 2,400 to 61,300 in January. Dozens fled and millions watched.',
    ),
    [
      ['31-18', [31, 18], 'vote'],
      ['2,400', 2400, 'order'],
      ['61,300', 61300, 'order'],
      ['Dozens', [24, 100], null],
      ['millions', [1e6, 1e9], null],
    ],
  );
});

test('each figure says what it measures, of what kind it is, and who states it', () => {
  const fs = analyze(
    articleOf(
      'Factory orders fell by 2,400 to 61,300 from a revised 63,700, the statistics office said on Tuesday. Analysts polled by a bank had expected 62,000. The mayor pledged 500 new beds. Some 41% of residents, according to the Harbour Survey, back the plan.',
      '2025-02-04',
    ),
  ).figures;
  const row = (t: string) => {
    const f = fs.find((x) => x.text === t)!;
    return [f.measure?.thing, f.measure?.basis, f.kind, f.claimant];
  };
  assert.deepEqual(row('2,400'), ['factory orders', 'change', 'actual', 'the statistics office']);
  assert.deepEqual(row('61,300'), ['factory orders', 'level', 'actual', 'the statistics office']);
  assert.deepEqual(row('63,700'), ['factory orders', 'previous', 'actual', 'the statistics office']);
  assert.deepEqual(row('62,000'), ['factory orders', 'level', 'forecast', 'Analysts polled by a bank']);
  assert.deepEqual(row('500 new beds'), ['new bed', 'level', 'target', null]);
  assert.deepEqual(row('Some 41%'), ['residents', 'share', 'actual', 'Harbour Survey']);
});

test('numbers in words read teens whole; a verb particle is no bound; a threshold crossed is a level', () => {
  const fs = analyze(
    articleOf(
      'Seventeen percent of voters were undecided. The jobless rate ticked up to 7.1% in May. Weekly filings dipped below 300,000 for the first time. The rate stood at 7.1%, up from 6.9% a month earlier.',
      '2025-06-06',
    ),
  ).figures;
  const of = (t: string) => fs.find((f) => f.text === t)!;
  assert.equal(of('Seventeen percent').value, 17);
  assert.equal(of('7.1%').qualifier, '=', '"up to" after a verb is its particle');
  assert.equal(of('below 300,000').qualifier, '<');
  assert.equal(of('below 300,000').measure?.basis, 'level');
  assert.equal(of('from 6.9%').unit, 'percentage', '"a month earlier" dates it, it is no rate');
});

test('a figure counts the noun it is part of, or what its clause added; a comparison counts no noun', () => {
  const fs = analyze(
    articleOf(
      'The storm killed 14 people. Four of the deaths were in the harbour district. Factories added far fewer jobs than expected in May, just 41,000. Police logged 1,204 burglaries, 212 more than in 2023.',
      '2025-06-06',
    ),
  ).figures;
  const of = (t: string) => fs.find((f) => f.text.startsWith(t))!;
  assert.equal(of('Four').unit, 'death');
  assert.equal(of('41,000').unit, 'job');
  assert.equal(of('41,000').measure?.basis, 'change');
  assert.notEqual(of('212').noun, 'more');
});

test('the verb nearest a figure names its thing; a change started from measures what came before it', () => {
  const fs = analyze(
    articleOf(
      "Monday's report from the statistics office also showed that the jobless rate fell sharply to 7.1% in May. The jobless rate fell to 7.1% in May, the statistics office said Monday, down from 7.4% in April. The figure was below analysts’ expectations of 7.3%.",
      '2025-06-06',
    ),
  ).figures;
  const all = (t: string) => fs.filter((f) => f.text === t);
  for (const f of all('7.1%')) {
    assert.equal(f.measure?.thing, 'jobless rate');
    assert.match(f.claimant ?? '', /statistics office/);
  }
  const before = fs.find((f) => f.text === 'from 7.4%')!;
  assert.equal(before.measure?.basis, 'previous');
  assert.equal(before.measure?.thing, 'jobless rate');
  assert.match(before.claimant ?? '', /statistics office/);
  assert.equal(fs.find((f) => f.text === '7.3%')!.claimant, 'analysts');
});

test('a percentage and the level it reached are two figures; currency codes and "m" for million before a count', () => {
  const units = (text: string) =>
    analyze(articleOf(text)).figures.map((f) => [f.value ?? `${f.low}-${f.high}`, f.unit]);
  assert.deepEqual(units('Shares of the brewer climbed 6.4 percent to 41.30 euros on Tuesday.'), [
    [6.4, 'percentage'],
    [41.3, 'euro'],
  ]);
  assert.deepEqual(units('The ferry operator lost EUR12m last year and paid USD 3,400 per tonne of fuel.'), [
    [12_000_000, 'euro'],
    [3400, 'dollar per tonne'],
  ]);
  assert.deepEqual(units('The couple moved RM4.2mil through shell firms.'), [
    [4_200_000, 'malaysian ringgit'],
  ]);
  assert.deepEqual(units('Trade showed a deficit of $-12.5bn in May.'), [[-12_500_000_000, 'dollar']]);
  // a lower-case "m" is a million before "of" or a plural count, and still metres elsewhere
  assert.deepEqual(
    units(
      'The studio sold 1.4m of its headsets and 3.1m refurbished games consoles; the wall is 3.5m high.',
    ).map(([v]) => v),
    [1_400_000, 3_100_000, 3.5],
  );
});

test('units after a hyphen, after a name, from the amount it is part of; a change from one level to another', () => {
  const units = (text: string) =>
    analyze(articleOf(text)).figures.map((f) => [f.value ?? `${f.low}-${f.high}`, f.unit]);
  assert.deepEqual(units('The hatchback gets a 4-mpg gain and a 10- or 12-inch display.'), [
    [4, 'mile per gallon'],
    [10, 'inch'],
    [12, 'inch'],
  ]);
  assert.deepEqual(
    units('Orsted said the Hornsea 1,200 megawatt array and the Porsche 450bhp motor were ready.'),
    [
      [1200, 'megawatt'],
      [450, 'brake horsepower'],
    ],
  );
  assert.deepEqual(units('The council has spent 40 million of the 90 million euros it was promised.'), [
    [40_000_000, 'euro'],
    [90_000_000, 'euro'],
  ]);
  assert.deepEqual(units('Ortega, 71, lost weight, going from 96 kilograms to 84 in a year.'), [
    ['96-84', 'kilogram'],
  ]);
  assert.deepEqual(units('Seas could rise 2 feet per century and rents 300 dollars a-year.'), [
    [2, 'foot per century'],
    [300, 'dollar per year'],
  ]);
});

test('an age describing someone is not a figure; a number word is never read inside a word', () => {
  const values = (text: string) => analyze(articleOf(text)).figures.map((f) => f.text);
  assert.deepEqual(
    values('The 68-year-old founder, Ada Moss, 68, sold 40 percent of the firm, a 3-month-old startup.'),
    ['40 percent'],
  );
  assert.deepEqual(values('Her career ran from Tenby to Oneida and Sevenoaks, with 2 offices.'), [
    '2 offices',
  ]);
});

test('a rejected first number leaves the second; four digits before a unit are an amount, not a year', () => {
  const units = (text: string) =>
    analyze(articleOf(text)).figures.map((f) => [f.value ?? `${f.low}-${f.high}`, f.unit]);
  assert.deepEqual(units('The pitcher threw 12 innings in 2021 and 9.5 this season.'), [
    [12, 'inning'],
    [9.5, 'inning'],
  ]);
  assert.deepEqual(units('The fleet averaged 31 mpg, up in 2015 to 34 mpg.'), [
    [31, 'mile per gallon'],
    [34, 'mile per gallon'],
  ]);
  assert.deepEqual(units('A hiker burns about 1800 - 2400 calories, or 1500 kcal at rest.'), [
    ['1800-2400', 'calorie'],
    [1500, 'kilocalorie'],
  ]);
  assert.deepEqual(units('Turnout rose by one per cent.'), [[1, 'percentage']]);
});

test('temperatures, currencies named after the amount, rates with a slash, prime marks', () => {
  const units = (text: string) =>
    analyze(articleOf(text)).figures.map((f) => [f.value ?? `${f.low}-${f.high}`, f.unit]);
  assert.deepEqual(
    units('Nights fell to minus 40 Fahrenheit,minus 40 Celsius, and 10 degrees Celsius by day.'),
    [
      [-40, 'fahrenheit'],
      [-40, 'celsius'],
      [10, 'celsius'],
    ],
  );
  assert.deepEqual(
    units('Tickets cost 45€ here and 12.50 New Zealand dollars in Auckland, or AU $14 a seat.'),
    [
      [45, 'euro'],
      [12.5, 'new zealand dollar'],
      [14, 'australian dollar'],
    ],
  );
  assert.deepEqual(units('The field reached 3 kV/cm across a 12″ plate, and the motor 410 pound-feet.'), [
    [3, 'kilovolt per centimetre'],
    [12, 'inch'],
    [410, 'pound-foot'],
  ]);
  assert.deepEqual(units('The shop let 85 sq. m of space, 20k cheaper than the rest.'), [
    [85, 'square metre'],
    [20_000, null],
  ]);
});

test('powers of ten, fractions in digits before "of", multiples in one word', () => {
  const units = (text: string) =>
    analyze(articleOf(text)).figures.map((f) => [f.value ?? `${f.low}-${f.high}`, f.unit]);
  assert.deepEqual(units('A proton weighs about 1.67×10−27 kilograms; the sample held 3.2 x 10^6 cells.'), [
    [1.67e-27, 'kilogram'],
    [3.2e6, 'cell'],
  ]);
  assert.deepEqual(units('A teaspoon is 1/3 of a tablespoon and 1⁄48 of a cup.'), [
    [1 / 3, 'fraction'],
    [1 / 48, 'fraction'],
  ]);
  assert.deepEqual(units('Exports grew more than fourfold, a threefold gain on 2019.'), [
    [4, 'count'],
    [3, 'count'],
  ]);
});

test('ages of the people counted, street numbers and players numbers are not figures; a year may stand inside a change', () => {
  const units = (text: string) =>
    analyze(articleOf(text)).figures.map((f) => [f.value ?? `${f.low}-${f.high}`, f.unit]);
  assert.deepEqual(
    units('Some 41 per cent of voters aged 65 to 80 and of adults aged between 18 and 24 agreed.'),
    [[41, 'percentage']],
  );
  assert.deepEqual(units('Pupils between the ages of 11 and 14 and those under the age of 8 took 3 exams.'), [
    [3, 'exam'],
  ]);
  assert.deepEqual(units('The bakery at 22-24 Mill Lane sold 300 rolls; Tomas Berg (7) scored twice.'), [
    [300, 'roll'],
  ]);
  assert.deepEqual(units('Wheat yields went from 3 tonnes per hectare in 1990 to 5 tonnes in 2020.'), [
    ['3-5', 'tonne per hectare'],
  ]);
});

test('two amounts joined by "and" are read apart; transliterated currency symbols; abbreviations before a noun', () => {
  const units = (text: string) =>
    analyze(articleOf(text)).figures.map((f) => [f.value ?? `${f.low}-${f.high}`, f.unit]);
  assert.deepEqual(units('The refit cost $3.2bn and €75m, and the board voted 7 and 2.'), [
    [3.2e9, 'dollar'],
    [75e6, 'euro'],
    ['7-2', 'vote'],
  ]);
  assert.deepEqual(units('Fares rose to PS1,250 (Y=180,000), though a PS5 console was prized.'), [
    [1250, 'pound sterling'],
    [180_000, 'japanese yen'],
  ]);
  assert.deepEqual(
    units('Some 40 U.K. nurses and about 300 Volvo and Saab trucks arrived with 90 pound-feet motors.'),
    [
      [40, 'u.k. nurse'],
      [300, 'volvo'],
      [90, 'pound-foot'],
    ],
  );
  assert.deepEqual(units('She spoke at the Under 30 Forum with about 12 Olympic Games medallists.'), [
    [12, 'olympic'],
  ]);
});

test('alternatives in one currency, partitives after a possessive, "sub-", later years, billions as "B"', () => {
  const units = (text: string) =>
    analyze(articleOf(text)).figures.map((f) => [f.value ?? `${f.low}-${f.high}`, f.qualifier, f.unit]);
  assert.deepEqual(units('Ferries were late 3 and 5 times, and a cabin needs 2 or 3 berths.'), [
    [3, '=', 'count'],
    [5, '=', 'count'],
    [2, '=', 'berth'],
    [3, '=', 'berth'],
  ]);
  assert.deepEqual(units('A ferry ticket runs 6 or €7, and the firm sold 12m of its Nimbus kettles.'), [
    [6, '=', 'euro'],
    [7, '=', 'euro'],
    [12e6, '=', 'kettle'],
  ]);
  assert.deepEqual(units('Sub-50 sq m flats sold out; the coast may flood by 2140.'), [
    [50, '<', 'square metre'],
  ]);
  assert.deepEqual(units('About 2 B people watched.'), [[2e9, '~', 'people']]);
  assert.deepEqual(units('The startup raised $12B and paid $3.10 per MMBtu for gas.'), [
    [12e9, '=', 'dollar'],
    [3.1, '=', 'dollar per mega british thermal unit'],
  ]);
});

test('a passive report names the claimant of the figures in its sentence', () => {
  const claimants = (text: string) => analyze(articleOf(text)).figures.map((f) => [f.text, f.claimant]);
  assert.deepEqual(
    claimants(
      'Another 9 crew members were hurt, losses that were confirmed by Capt. Ilse Varga at the port.',
    ),
    [['9 crew members', 'Capt. Ilse Varga']],
  );
});

test('an adverb before a participle, two modifiers of one noun, a count per a span of time', () => {
  const units = (text: string) =>
    analyze(articleOf(text)).figures.map((f) => [f.value ?? `${f.low}-${f.high}`, f.unit]);
  assert.deepEqual(units('The clinic saw 40 partly sighted patients and 12 paper and online forms.'), [
    [40, 'partly sighted patient'],
    [12, 'paper and online form'],
  ]);
  assert.deepEqual(units('The grid lost about 15 poorly maintained gas-fired plants.'), [
    [15, 'poorly maintained gas-fired plant'],
  ]);
  assert.deepEqual(units('We had 31 admissions on Friday, against an average of 18 per day last month.'), [
    [31, 'admission'],
    [18, 'admission per day'],
  ]);
});

test('a bare number beside an amount of like size in a unit states it in that unit; a name is no unit', () => {
  const units = (text: string) =>
    analyze(articleOf(text)).figures.map((f) => [f.value ?? `${f.low}-${f.high}`, f.unit]);
  assert.deepEqual(units('The dearest ticket sold for 62.50 euros, while the cheapest went for 41.'), [
    [62.5, 'euro'],
    [41, 'euro'],
  ]);
  assert.deepEqual(units('Ridgeford logged 1204 and Marlow county came second with 977 road repairs.'), [
    [1204, 'road repair'],
    [977, 'road repair'],
  ]);
  // (not after a percentage change, nor from an amount of another size)
  assert.deepEqual(units('Kestrel Mining fell 4.2% to 3.80 after a weak quarter.'), [
    [4.2, 'percentage'],
    [3.8, null],
  ]);
  assert.deepEqual(units('The fair charged 12 euros a head and drew 9000 on its opening day.'), [
    [12, 'euro per head'],
    [9000, null],
  ]);
});

test('a count of cylinders, and a tally that names what it counts', () => {
  const units = (text: string) =>
    analyze(articleOf(text)).figures.map((f) => [f.value ?? `${f.low}-${f.high}`, f.unit]);
  assert.deepEqual(units('The little hatchback gets a 1.2l 3 cylinder engine.'), [
    [1.2, 'litre'],
    [3, 'cylinder'],
  ]);
  assert.deepEqual(units('The Otters held a 7-3 lead at the break and the Herons won 4-2 on Sunday.'), [
    ['7-3', 'lead'],
    ['4-2', null],
  ]);
});

test('a fraction of one unit is that many units; a fraction of a group is a share', () => {
  const units = (text: string) => analyze(articleOf(text)).figures.map((f) => [f.value, f.unit]);
  assert.deepEqual(units('The jug lost 1/8 of an imperial gallon and a third of a mile of hose.'), [
    [1 / 8, 'gallon'],
    [1 / 3, 'mile'],
  ]);
  assert.deepEqual(units('A third of the members voted, and 3/4 of a typical budget goes on rent.'), [
    [1 / 3, 'fraction'],
    [3 / 4, 'fraction'],
  ]);
});

test('a number in words before a hyphen and a unit, alone or in a list', () => {
  const units = (text: string) => analyze(articleOf(text)).figures.map((f) => [f.value, f.unit]);
  assert.deepEqual(units('Buyers can pick four-, five- or eight-cylinder engines.'), [
    [4, 'cylinder'],
    [5, 'cylinder'],
    [8, 'cylinder'],
  ]);
  assert.deepEqual(units('The route runs a five-mile stretch past three-bedroom homes.'), [[5, 'mile']]);
});

test('an age a sentence states is a figure in years of age; an age that describes someone is none', () => {
  const units = (text: string) => analyze(articleOf(text)).figures.map((f) => [f.text, f.value, f.unit]);
  assert.deepEqual(
    units('She will be 41 by the spring, and her son, who was 9 at the time, is in college.'),
    [
      ['41', 41, 'year of age'],
      ['9', 9, 'year of age'],
    ],
  );
  assert.deepEqual(units('He is 52 years old and he was 5 points ahead of the 75-year-old mayor.'), [
    ['52 years old', 52, 'year of age'],
    ['5 points', 5, 'point'],
  ]);
});

test('percentage points are a difference of percentages, not a percent', () => {
  const units = (text: string) =>
    analyze(articleOf(text)).figures.map((f) => [f.value ?? `${f.low}-${f.high}`, f.unit]);
  assert.deepEqual(units('Backing for the plan slid 6 percentage points to 38%.'), [
    [6, 'percentage point'],
    [38, 'percentage'],
  ]);
  assert.deepEqual(
    units('Turnout ran 3 to 4 percentage points higher, with 0.5 percentage point more in towns.'),
    [
      ['3-4', 'percentage point'],
      [0.5, 'percentage point'],
    ],
  );
});

test('plurals the spelling rules miss; a past tense or a multiplication sign after a number is no noun', () => {
  const units = (text: string) => analyze(articleOf(text)).figures.map((f) => [f.value, f.unit]);
  assert.deepEqual(units('The co-op baked 60 loaves and sharpened 14 knives, and 90 olives were left.'), [
    [60, 'loaf'],
    [14, 'knife'],
    [90, 'olive'],
  ]);
  assert.deepEqual(units('The relay drew big crowds; organisers said 250 took part.'), [[250, null]]);
  assert.deepEqual(units('Each family gets a 4 x 6 cabin.'), [
    [4, null],
    [6, 'cabin'],
  ]);
});

test('the tags name the thing where a verb, a preposition or nothing stood before the figure', () => {
  const fs = analyze(
    articleOf(
      'Registry figures published on Friday showed that the island population on March 3, 2024, was 48.2 million, an increase of just 2.1% from 2014. The count of open vacancies at the end of May rose slightly to 3.4 million. Ferry deaths from the storm have continued to ease, down about 12 percent. The harbour board has kept its cargo growth projection at 3.5%. Fare revenue climbed, and they are about 20% higher than a year ago.',
      '2025-06-06',
    ),
  ).figures;
  const of = (t: string) => fs.find((f) => f.text === t)!;
  assert.equal(of('48.2 million').measure?.thing, 'island population');
  assert.equal(of('2.1%').measure?.thing, 'island population');
  assert.equal(of('2.1%').measure?.basis, 'change');
  assert.equal(of('3.4 million').measure?.thing, 'count of open vacancies');
  assert.equal(of('about 12 percent').measure?.thing, 'ferry deaths from the storm');
  assert.equal(of('3.5%').measure?.thing, 'cargo growth projection');
});

test('a figure that opens its clause measures what it is said to be, in the scope before it', () => {
  const fs = analyze(
    articleOf(
      'A ministry spokesman said that "across the reserve units, 61% are fully trained, and we estimate about 70% have at least one course." Coast Guard: 44% fully trained, 52% with one course. The new ferry is 93% reliable in winter storms.',
      '2025-06-06',
    ),
  ).figures;
  const of = (t: string) => fs.find((f) => f.text === t)!;
  assert.deepEqual(
    [of('61%').measure?.thing, of('61%').measure?.scope],
    ['fully trained', 'across the reserve units'],
  );
  assert.equal(of('about 70%').measure?.thing, 'have at least one course');
  assert.deepEqual([of('44%').measure?.thing, of('44%').measure?.scope], ['fully trained', 'in Coast Guard']);
  assert.deepEqual(
    [of('52%').measure?.thing, of('52%').measure?.scope],
    ['with one course', 'in Coast Guard'],
  );
  assert.equal(of('93%').measure?.thing, 'new ferry reliable in winter storms');
});

test('a counted noun is the noun past its adjectives; the people of a population measure it', () => {
  const fs = analyze(
    articleOf(
      'Clinics logged 18,240 new confirmed flu cases on Tuesday. The resident population of the province has passed 5 million people. A sweeping, $2.4 billion regional transit package passed on Monday.',
      '2025-06-06',
    ),
  ).figures;
  const of = (t: string) => fs.find((f) => f.text.startsWith(t))!;
  assert.equal(of('18,240').unit, 'case');
  assert.equal(of('18,240').measure?.thing, 'new confirmed flu cases');
  assert.equal(of('5 million').measure?.thing, 'resident population of the province');
  assert.notEqual(
    of('$2.4 billion').measure?.thing,
    'regional',
    'an adjective before a noun is no predicate',
  );
});
