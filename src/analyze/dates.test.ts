import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findDates } from './dates.js';

const dates = (text: string, published: string | null) =>
  findDates(text, published).map((d) => [d.text, d.value, d.type]);

test('weekdays resolve to the most recent such day on or before publication', () => {
  // 2024-03-12 is a Tuesday
  assert.deepEqual(dates('The vote was on Tuesday. Talks began on Monday.', '2024-03-12'), [
    ['on Tuesday', '2024-03-12', 'DATE'],
    ['on Monday', '2024-03-11', 'DATE'],
  ]);
  assert.deepEqual(dates('They will meet next Friday.', '2024-03-12')[0]?.[1], '2024-03-15');
});

test('month-day, month-year, years and durations', () => {
  assert.deepEqual(
    dates(
      'On March 3 the pact began; since June 2021 it had been drafted; work started in 2019 and lasted over the past 24 hours.',
      '2024-03-12',
    ),
    [
      ['On March 3', '2024-03-03', 'DATE'],
      ['since June 2021', '2021-06', 'DATE'],
      ['in 2019', '2019', 'DATE'],
      ['over the past 24 hours', 'PT24H', 'DURATION'],
    ],
  );
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
  for (const [, value] of dates('The deadline was February 30, 2023.', '2024-03-12'))
    assert.notEqual(value, '2023-03-02');
});

test('TIMEX3 values beyond calendar dates: quarters, weeks, parts of day, sets, seasons, references', () => {
  // 1998-02-13 is a Friday
  const got = Object.fromEntries(
    dates(
      'Now the third quarter ended. Last week sales fell; this evening the board meets, as it does each Thursday, and it met two years ago and last May. This summer will be hard. Profits rose recently.',
      '1998-02-13',
    ).map(([t, v, ty]) => [t, `${v} ${ty}`]),
  );
  assert.equal(got['Now'], 'PRESENT_REF DATE');
  // In February the third quarter that "ended" is last year's: this year's has not begun.
  assert.equal(got['the third quarter'], '1997-Q3 DATE');
  assert.equal(got['Last week'], '1998-W06 DATE');
  assert.equal(got['this evening'], '1998-02-13TEV TIME');
  assert.equal(got['each Thursday'], 'XXXX-WXX-4 SET');
  assert.equal(got['two years ago'], '1996 DATE');
  assert.equal(got['last May'], '1997-05 DATE');
  assert.equal(got['This summer'], '1998-SU DATE');
  assert.equal(got['recently'], 'PAST_REF DATE');
});

test('durations in words, with halves, compounds and adjectives', () => {
  const values = dates(
    'It lasted two decades, then a couple of years, then 2 1/2 years; a two-year plan, the last twenty four hours and a few weeks.',
    '1998-02-13',
  ).map(([, v]) => v);
  assert.deepEqual(values, ['P20Y', 'P2Y', 'P2Y6M', 'P2Y', 'PT24H', 'PXW']);
});

test('a month or month-day without a year is the nearest one, or the next one when the sentence looks ahead', () => {
  assert.equal(dates('The deal closes Dec. 15.', '1989-11-02')[0]?.[1], '1989-12-15');
  assert.equal(dates('Sales peaked in December.', '1998-03-04')[0]?.[1], '1997-12');
  assert.equal(dates('The plant will reopen in December.', '1998-03-04')[0]?.[1], '1998-12');
});

test('names and fractions are not dates', () => {
  assert.deepEqual(dates('Sun Microsystems rose 7/8 to 20. Prices may fall.', '1998-03-04'), []);
});

test('weekday abbreviations are dates only before a day number', () => {
  assert.deepEqual(dates('Negotiators sat down in Geneva on Tuesday.', '2024-03-12'), [
    ['on Tuesday', '2024-03-12', 'DATE'],
  ]);
});

test('a range is two dates, each with its own span', () => {
  const got = dates('The exhibition runs from Aug. 26 to Oct. 20, the museum said.', '2024-03-12');
  assert.deepEqual(
    got.map((d) => d[1]),
    ['2024-08-26', '2024-10-20'],
  );
  assert.ok(String(got[1]![0]).startsWith('Oct. 20'));
});

test('where a quarter is the topic, "a year earlier" is that quarter a year before', () => {
  assert.deepEqual(
    dates(
      'Profit rose 8% in the third quarter from a year earlier, and sales were flat against the year-ago quarter.',
      '1995-10-20',
    ),
    [
      ['in the third quarter', '1995-Q3', 'DATE'],
      ['from a year earlier', '1994-Q3', 'DATE'],
      ['the year-ago quarter', '1994-Q3', 'DATE'],
    ],
  );
  assert.deepEqual(dates('A year earlier the plant was closed.', '1995-10-20')[0]?.[1], '1994');
});

test('adverbs of frequency and "every" + a unit are sets; adjectives of frequency are not dates', () => {
  assert.deepEqual(
    dates(
      'The ferry sails daily. Inspections happen every month. The quarterly report is out.',
      '2024-03-12',
    ),
    [
      ['daily', 'P1D', 'SET'],
      ['every month', 'P1M', 'SET'],
    ],
  );
});

test('rates, ordinals, prices and names are not dates', () => {
  assert.deepEqual(
    dates(
      'The airline runs four flights a week and saves $500 million a year. A second group arrived. Shares rose 4 5/8 to 112 5/8. She spoke on VOA Today.',
      '2024-03-12',
    ),
    [],
  );
  assert.deepEqual(dates('The talks should end within a week.', '2024-03-12'), [
    ['within a week', 'P1W', 'DURATION'],
  ]);
});

test('attributive years, decades and clock times alone are dates', () => {
  assert.deepEqual(dates('A 1996 law survived the 1980s, and the vote closed at 10 p.m.', '2024-03-12'), [
    ['1996', '1996', 'DATE'],
    ['the 1980s', '198X', 'DATE'],
    ['at 10 p.m.', '2024-03-12T22:00', 'TIME'],
  ]);
});

const roles = (text: string, published: string | null = '2024-03-12') =>
  findDates(text, published).map((d) => [d.text, d.value, d.role]);

test('a weekday without a date resolves by the tense of its clause', () => {
  // 2024-03-12 is a Tuesday.
  const at = (text: string): string | null | undefined => findDates(text, '2024-03-12')[0]?.value;
  assert.equal(at('The regional assembly will vote on Friday on the water levy.'), '2024-03-15');
  assert.equal(
    at('The house passed a stopgap measure to avoid a closure of the ferries on Friday.'),
    '2024-03-15',
  );
  assert.equal(at('Senators are racing to finish the harbour bill by Friday.'), '2024-03-15');
  assert.equal(at('The regional assembly voted on Friday to raise the water levy.'), '2024-03-08');
  assert.equal(at('On Friday, the assembly will hold a second reading.'), '2024-03-15');
  assert.equal(at('On Friday, the assembly held a second reading.'), '2024-03-08');
  // Without a tense the last such day on or before publication, as before.
  assert.equal(at('Storm damage on Friday: a photo essay'), '2024-03-08');
  // "last Tuesday" written on a Tuesday is a week before; "Tuesday" in a clause ahead is the day itself.
  assert.equal(at('The pier reopened last Tuesday.'), '2024-03-05');
  assert.equal(at('The committee will report Tuesday.'), '2024-03-12');
  assert.equal(at("The mayors say they'll meet the minister Thursday."), '2024-03-14');
});

test('a month without a year resolves by tense: back in the past tense, ahead in the future', () => {
  const at = (text: string): string | null | undefined => findDates(text, '2024-03-12')[0]?.value;
  assert.equal(at('The quarry was closed in November after the landslide.'), '2023-11');
  assert.equal(at('The quarry will reopen in November, its owners say.'), '2024-11');
  assert.equal(at('The quarry had its busiest month in September.'), '2023-09');
  assert.equal(at('The ferry timetable changes in April.'), '2024-04');
});

test('a date that compares is a benchmark, not an event', () => {
  assert.deepEqual(roles('Rents rose at the fastest pace since 2008, the housing office said.'), [
    ['since 2008', '2008', 'benchmark'],
  ]);
  assert.deepEqual(
    roles('Orders were up 4% from a year earlier.').map((r) => r[2]),
    ['benchmark'],
  );
  assert.deepEqual(
    roles('Turnout was higher than in 2019.').map((r) => r[2]),
    ['benchmark'],
  );
  // "since" without a record is the start of a state: background.
  assert.deepEqual(
    roles('She has chaired the port authority since 2014.').map((r) => r[2]),
    ['background'],
  );
});

test('ranges, periods, occasions, past perfect and datelines are not events', () => {
  assert.deepEqual(
    roles('He served as harbour master from 2017 to 2021.').map((r) => r[2]),
    ['range', 'range'],
  );
  assert.deepEqual(
    roles('The levy keeps the ferries running through Dec. 3.').map((r) => r[2]),
    ['range'],
  );
  assert.deepEqual(
    roles('The inquiry met for three hours.').map((r) => r[2]),
    ['period'],
  );
  assert.deepEqual(
    roles('The inquiry into the 2019 flood heard from farmers on Monday.').map((r) => r[2]),
    ['background', 'event'],
  );
  assert.deepEqual(
    roles('The mill had closed in 2015, long before the flood.').map((r) => r[2]),
    ['background'],
  );
  const dateline = findDates(
    'LISBON, March 11 (Coastal Wire) - Fishermen blocked the port on Monday.',
    '2024-03-11',
  );
  assert.deepEqual(
    dateline.map((d) => [d.text, d.role]),
    [
      ['March 11', 'publication'],
      ['on Monday', 'event'],
    ],
  );
  assert.equal(
    findDates('Updated March 11, 2024\nFishermen blocked the port.', '2024-03-11')[0]?.role,
    'publication',
  );
  // A dateline on a line of its own, after the headline, ending with a full stop.
  assert.equal(
    findDates('Port reopens after strike\nLISBON, March 11.\nFishermen left the port.', '2024-03-11')[0]
      ?.role,
    'publication',
  );
  assert.deepEqual(
    roles('The ferries sailed on Monday.').map((r) => r[2]),
    ['event'],
  );
});

test('a weekday in a name is no date; a qualifier does not hide "since"', () => {
  assert.deepEqual(dates('The envoy spoke about the Good Friday Agreement in Belfast.', '2024-03-12'), []);
  assert.deepEqual(
    roles('The port has handled the grain trade continuously since at least 2011.').map((r) => r[2]),
    ['background'],
  );
});

test('"last April" is the most recent April; a quarter not yet begun is last year\'s unless ahead', () => {
  // 2024-10-15: April is behind us this year, November is not.
  assert.deepEqual(dates('The board approved the merger last April.', '2024-10-15'), [
    ['last April', '2024-04', 'DATE'],
  ]);
  assert.deepEqual(dates('The board approved the merger last November.', '2024-10-15'), [
    ['last November', '2023-11', 'DATE'],
  ]);
  assert.deepEqual(dates('The brewer posted a loss for the fourth quarter.', '2024-01-25'), [
    ['for the fourth quarter', '2023-Q4', 'DATE'],
  ]);
  assert.deepEqual(dates('The brewer will open the plant in the fourth quarter.', '2024-01-25'), [
    ['in the fourth quarter', '2024-Q4', 'DATE'],
  ]);
  assert.deepEqual(dates('The mill stopped its dividend in the third quarter of 2011.', '2024-01-25'), [
    ['in the third quarter of 2011', '2011-Q3', 'DATE'],
  ]);
});

test('the current year, quarter and month hold publication; "October this year" is one date', () => {
  assert.deepEqual(
    dates('Sales in the current fiscal year and the current quarter beat forecasts.', '2024-05-20'),
    [
      ['in the current fiscal year', '2024', 'DATE'],
      ['the current quarter', '2024-Q2', 'DATE'],
    ],
  );
  assert.deepEqual(dates('The assembly ratified it in early October this year.', '2024-12-03'), [
    ['October this year', '2024-10', 'DATE'],
  ]);
});

test('vague spans: "in recent years", "the coming days", "for weeks" are durations', () => {
  assert.deepEqual(
    dates('Ferry fares rose in recent years and will rise in the coming days.', '2024-05-20'),
    [
      ['in recent years', 'PXY', 'DURATION'],
      ['coming days', 'PXD', 'DURATION'],
    ],
  );
  assert.deepEqual(dates('For weeks the harbour stayed shut.', '2024-05-20'), [
    ['For weeks', 'PXW', 'DURATION'],
  ]);
  // A plural unit in a compound or before "ago" is not a bare duration ("for years"); the compound is one.
  assert.deepEqual(dates('It was built for years-long use.', '2024-05-20'), [
    ['years-long', 'PXY', 'DURATION'],
  ]);
});

test('"soon" and "shortly" after another event, or in a past clause, are not the future', () => {
  assert.deepEqual(dates('The guard left shortly after the fire started.', '2024-05-20'), []);
  assert.deepEqual(dates('A trickle of cash soon became a flood.', '2024-05-20'), []);
  assert.deepEqual(dates('The mayor wants the pier back as soon as the tide turns.', '2024-05-20'), []);
  assert.deepEqual(dates('The pier will reopen soon.', '2024-05-20'), [['soon', 'FUTURE_REF', 'DATE']]);
});

test('holidays name their day, by tense, "last" and "next"', () => {
  // 2024-01-10: Thanksgiving 2023 was on November 23; Easter 2024 falls on March 31.
  assert.deepEqual(dates('The boy was pulled from the sea on Thanksgiving Day.', '2024-01-10'), [
    ['on Thanksgiving Day', '2023-11-23', 'DATE'],
  ]);
  assert.deepEqual(dates('The shop will stay open until Easter.', '2024-01-10'), [
    ['until Easter', '2024-03-31', 'DATE'],
  ]);
  assert.deepEqual(dates('Prices have climbed since last Christmas.', '2024-01-10'), [
    ['since last Christmas', '2023-12-25', 'DATE'],
  ]);
  // Written in Easter week itself: that week.
  assert.deepEqual(dates('Pilgrims gathered as Easter week began.', '2024-03-26'), [
    ['Easter week', '2024-W13', 'DATE'],
  ]);
  // A capitalised word after it makes a name.
  assert.deepEqual(dates('The crew sailed to Easter Island.', '2024-03-26'), []);
  // So does one before it inside a sentence, even when a quotation cuts the name short.
  assert.deepEqual(dates('“Nobody wants to undo the Harbour Christmas,” the mayor said.', '2024-03-26'), []);
  // A sentence's first word does not.
  assert.deepEqual(dates('On Christmas Eve the ferry stopped.', '2024-03-26'), [
    ['On Christmas Eve', '2023-12-24', 'DATE'],
  ]);
});

test('an infinitive under a past verb takes the nearer day; "the night of Oct. 23" is Oct. 23', () => {
  // 2024-03-16 is a Saturday: "Friday" is yesterday, not next week.
  assert.deepEqual(dates('The town arranged a fair to mark the new bridge on Friday.', '2024-03-16'), [
    ['on Friday', '2024-03-15', 'DATE'],
  ]);
  assert.deepEqual(dates('The fire started on the night of Oct. 23, 2023.', '2024-03-16'), [
    ['of Oct. 23, 2023', '2023-10-23', 'DATE'],
  ]);
});

test('a comparison a few words before a date, or "since records began", makes a benchmark', () => {
  assert.deepEqual(
    roles('Vacancies reached the highest level since records began in March 2001.').map((r) => r[2]),
    ['benchmark'],
  );
  assert.deepEqual(
    roles('Fares are a third higher than they were in February 2020.').map((r) => r[2]),
    ['benchmark'],
  );
});

test('the period a statement is about, and a date after a possessive, are background', () => {
  assert.deepEqual(
    roles('The fund is gloomier about the harbour economy for 2024.', '2024-03-12').map((r) => r[2]),
    ['background'],
  );
  assert.deepEqual(
    roles('As of Sunday, two ferries had been repaired.', '2024-03-12').map((r) => r[2]),
    ['background'],
  );
  assert.deepEqual(
    roles("The town missed the mayor's June 1 cleanup goal.", '2024-07-12').map((r) => r[2]),
    ['background'],
  );
});

test('what the sentence tells as to come is planned; a past date never is', () => {
  assert.deepEqual(roles('The council will vote on the levy on Friday.'), [
    ['on Friday', '2024-03-15', 'planned'],
  ]);
  assert.deepEqual(
    roles('Families are set to receive the first grants starting in July.').map((r) => [r[1], r[2]]),
    [['2024-07', 'planned']],
  );
  assert.deepEqual(roles('The council voted on the levy on Friday.'), [['on Friday', '2024-03-08', 'event']]);
  assert.deepEqual(
    roles('Starting in November 1774, the farmers met to weigh their options.').map((r) => r[2]),
    ['event'],
  );
});

test('a date after publication is planned whatever the tense says', () => {
  assert.deepEqual(
    roles('The minister pledged to halve harbour emissions by 2030.', '2024-03-12').map((r) => r[2]),
    ['planned'],
  );
  // The day after publication may be the newsroom's today.
  assert.deepEqual(
    roles('The curfew took effect early Wednesday.', '2024-03-12').map((r) => [r[1], r[2]]),
    [['2024-03-13', 'event']],
  );
});

test('"in the weeks since", "the years that followed": an unnamed stretch, not a date from publication', () => {
  assert.deepEqual(dates('Rebels took three towns in the weeks since the pull-out.', '2024-03-12'), [
    ['in the weeks', 'PXW', 'DURATION'],
  ]);
  assert.deepEqual(dates('In the years that followed, the mill closed.', '2024-03-12'), [
    ['In the years', 'PXY', 'DURATION'],
  ]);
});

test('a decimal number after a date is not its two-digit year', () => {
  assert.deepEqual(
    dates('The reservoir stood at 61.2 metres on 3 April, 58.75 metres on 9 May.', '2023-06-01'),
    [
      ['on 3 April', '2023-04-03', 'DATE'],
      ['on 9 May', '2023-05-09', 'DATE'],
    ],
  );
});

test('a bare month the clause leaves open looks back unless the one ahead is much nearer; a month in a title is none', () => {
  // Written in October: January behind (nine months) is meant over January ahead (three months) when no
  // verb near the date says which way.
  assert.deepEqual(
    dates('In January, days after the mayor took office, a storm flooded the harbour.', '2022-10-20')[0],
    ['In January', '2022-01', 'DATE'],
  );
  // Told in the past, the most recent June; a month just ahead with no tense is still the nearer one.
  assert.deepEqual(dates('Sales fell in June.', '2022-07-10')[0], ['in June', '2022-06', 'DATE']);
  assert.deepEqual(
    dates('The Oct. 30 ballot is the first since the reform.', '2022-10-01')[0]?.[1],
    '2022-10-30',
  );
  // "to death" is no infinitive looking ahead
  assert.deepEqual(
    dates('The guard was beaten to death on the night of Nov. 2 as he left work.', '2023-05-04')[0]?.[1],
    '2022-11-02',
  );
  assert.deepEqual(
    dates('Marchers joined the annual March for Peace; this march was the largest.', '2022-10-20'),
    [],
  );
});

test('"three days later", "a week earlier": a stretch from another time, a duration as TimeML marks it', () => {
  assert.deepEqual(
    dates(
      'The ferry sank on Monday. Three days later, divers found the hull; a few hours earlier it had been spotted.',
      '2021-06-10',
    ),
    [
      ['on Monday', '2021-06-07', 'DATE'],
      ['Three days', 'P3D', 'DURATION'],
      ['a few hours', 'PTXH', 'DURATION'],
    ],
  );
  // "a year earlier" is the year before, not a duration; "ten years old" an age.
  assert.deepEqual(
    dates('Profit rose from a year earlier at the ten years old firm.', '2021-06-10').map((d) => d[2]),
    ['DATE'],
  );
});

test('a dateline after blank lines is publication metadata', () => {
  const found = findDates('\n\nGENEVA, March 4 (Wire) -- Delegates met on Tuesday.', '2021-03-04');
  assert.deepEqual(
    found.map((d) => [d.text, d.role]),
    [
      ['March 4', 'publication'],
      ['on Tuesday', 'event'],
    ],
  );
});

test('a year said in words, and a month or season followed by its year, are dated by that year', () => {
  assert.deepEqual(
    dates(
      'The mill closed in nineteen eighty-two. March nineteen ninety-one brought floods; the winter of 1994 was dry. Nineteen forty workers stayed.',
      '2003-05-06',
    ),
    [
      ['in nineteen eighty-two', '1982', 'DATE'],
      ['March nineteen ninety-one', '1991-03', 'DATE'],
      ['winter of 1994', '1994-WI', 'DATE'],
    ],
  );
});

test('a title, a company, the verb "may" and an acronym are not dates', () => {
  assert.deepEqual(
    dates(
      'The envoy told NBC\'s "This Week" the talks would go on. Sun, Oracle and others sued. You may, in time, agree. He fought claims in the FTC case.',
      '2005-09-14',
    ),
    [],
  );
});

test('"would be travelling Thursday" looks ahead; "had been due to close Friday" looks back', () => {
  // 2016-05-11 is a Wednesday
  assert.deepEqual(
    dates('Her lawyer said the minister would be flying to Lisbon Thursday with two aides.', '2016-05-11')[0],
    ['Thursday', '2016-05-12', 'DATE'],
  );
  assert.deepEqual(dates('The tender had been due to close Friday. It now runs to June.', '2016-05-11')[0], [
    'Friday',
    '2016-05-06',
    'DATE',
  ]);
});

test('"for the full year" is the year of publication; "the year ended June 30" a twelve-month period', () => {
  assert.deepEqual(
    dates(
      'The brewer expects a loss for the full year. In the year ended June 30, sales fell. The year that followed was calm; the year 2000 was a record.',
      '2011-08-03',
    ).filter((d) => /year\b/.test(String(d[0]))),
    [
      ['for the full year', '2011', 'DATE'],
      ['In the year', 'P1Y', 'DURATION'],
    ],
  );
});

test('a figure next to a date is not its clock time', () => {
  assert.deepEqual(
    dates(
      'The fund may sell after March 1, 2012 at 2,450 pence a share. The index lost 0.8%, or 5.17, on Monday. Trading will resume Monday at 9.30.',
      '2011-11-16',
    ),
    [
      ['after March 1, 2012', '2012-03-01', 'DATE'],
      ['on Monday', '2011-11-14', 'DATE'],
      ['Monday at 9.30', '2011-11-21T09:30', 'TIME'],
    ],
  );
});

test('"the week of March 6" is that ISO week; "the weekend of" its weekend', () => {
  assert.deepEqual(
    dates('A ruling is expected the week of May 9. Crowds gathered the weekend of April 23.', '2022-04-28'),
    [
      ['the week of May 9', '2022-W19', 'DATE'],
      ['the weekend of April 23', '2022-W16-WE', 'DATE'],
    ],
  );
});

test('"later that year", "the following month", "the next morning": the time the text named before', () => {
  assert.deepEqual(
    dates(
      'The plant opened in March 2004 and closed later that year. The following month, staff left. On June 9, 2006, a fire broke out; crews returned the next morning.',
      '2010-01-20',
    ),
    [
      ['in March 2004', '2004-03', 'DATE'],
      ['later that year', '2004', 'DATE'],
      ['The following month', '2004-04', 'DATE'],
      ['On June 9, 2006', '2006-06-09', 'DATE'],
      ['the next morning', '2006-06-10TMO', 'TIME'],
    ],
  );
  // With no day named before it, "that day" names none.
  assert.deepEqual(dates('That day will come, he said.', '2010-01-20'), []);
});

test('"two more weeks", "a day-long meeting" are durations; "May 5 and 6" two days', () => {
  assert.deepEqual(
    dates(
      'The envoys held a day-long meeting and will stay two more weeks; the fair runs on May 5 and 6. A six-year-old girl won.',
      '2017-04-20',
    ),
    [
      ['day-long', 'P1D', 'DURATION'],
      ['two more weeks', 'P2W', 'DURATION'],
      ['on May 5', '2017-05-05', 'DATE'],
      ['6', '2017-05-06', 'DATE'],
    ],
  );
  // "May 5 and 60 stalls": a count.
  assert.deepEqual(dates('It opens May 5 and 60 stalls are ready.', '2017-04-20').length, 1);
});

test('a list of years, "post-1989", "this century"; "the day before the vote" is not counted from publication', () => {
  assert.deepEqual(
    dates(
      'Floods struck in 2001, 2003 and 2007. The post-1989 order frayed in this century. Sales fell to $2 million last year from $3 million the year before.',
      '2012-07-02',
    ),
    [
      ['in 2001', '2001', 'DATE'],
      ['2003', '2003', 'DATE'],
      ['2007', '2007', 'DATE'],
      ['1989', '1989', 'DATE'],
      ['in this century', '20', 'DATE'],
      ['last year', '2011', 'DATE'],
      ['the year before', '2010', 'DATE'],
    ],
  );
  assert.deepEqual(
    dates(
      'He was seen the day before police raided the flat, and in the weeks before the raid.',
      '2012-07-02',
    ),
    [
      ['the day before', null, 'DATE'],
      ['in the weeks before', null, 'DATE'],
    ],
  );
});

test('"the second half of 2003" is 2003-H2; "the 2002 quarter" is the quarter the story is about, that year', () => {
  assert.deepEqual(
    dates(
      'Third-quarter sales rose 4%. In the 2002 quarter, the chain lost money. It sees growth in the second half of 2004.',
      '2003-10-21',
    ),
    [
      ['Third-quarter', '2003-Q3', 'DATE'],
      ['2002', '2002-Q3', 'DATE'],
      ['in the second half of 2004', '2004-H2', 'DATE'],
    ],
  );
});

test('"these days" is the present; "the near term", "at a later date" the future', () => {
  assert.deepEqual(
    dates(
      'Rents climb these days, and the landlord may raise them at a later date; the near term looks calm.',
      '2019-02-11',
    ),
    [
      ['these days', 'PRESENT_REF', 'DATE'],
      ['a later date', 'FUTURE_REF', 'DATE'],
      ['the near term', 'FUTURE_REF', 'DATE'],
    ],
  );
});

test('"at midday" is noon of the day; a capitalised unit inside a sentence is a name', () => {
  assert.deepEqual(dates('The suspect will be charged at midday, police said.', '2015-03-09'), [
    ['midday', '2015-03-09T12:00', 'TIME'],
  ]);
  assert.deepEqual(dates('She told NBC\'s "48 Hours" little. Two hours later she left.', '2015-03-09'), [
    ['Two hours', 'PT2H', 'DURATION'],
  ]);
});
