/**
 * Figures: quantitative claims ("more than 250,000 people", "from 5,000 to 7,000 nationals", "64 sorties",
 * "hundreds of terrorists", "1,5 million", "40%") with qualifier, counted noun (its head word) and
 * claimant (the speaker of the quote the figure sits in). Years and other dates, clock times, ordinals and
 * numbers that are part of names ("Rossiya 1") are not figures.
 */
import type { Figure, Qualifier, Span } from '../model/document.js';
import { unsupportedLanguage } from '../util/language.js';
import { regExpSkippingAhead, skippingAhead } from '../util/regex.js';
import { firstIndex } from '../util/search.js';
import type { AnalysisContext, Analyzer } from './context.js';
import { describeFigures } from './figure-measure.js';
import { figureData, figureWords, type FigureWords } from './figure-words.js';
import { lexicon } from './lexicon.js';
import { escapeRegExp } from '../util/text.js';

const SMALL: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
  dozen: 12,
  a: 1,
  an: 1,
};
const SCALE: Record<string, number> = {
  hundred: 100,
  thousand: 1e3,
  million: 1e6,
  billion: 1e9,
  trillion: 1e12,
  bn: 1e9,
  mln: 1e6,
  m: 1e6,
  k: 1e3,
  dozen: 12,
};
const DENOMINATORS: Record<string, number> = {
  third: 3,
  quarter: 4,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  tenth: 10,
};
const FRACTION =
  /(?<![\p{L}\p{N}-])(a|one|two|three|four)[\s-](thirds?|quarters?|fourths?|fifths?|sixths?|tenths?)\s+of\b/giu;
const VAGUE =
  /(?<![\p{L}\p{N}-])(tens of (?:thousands|millions|billions)|hundreds of (?:thousands|millions)|hundreds|thousands|millions|billions|dozens|scores)(\s+of\b)?/giu;

/** "1/16 of", "3⁄4 of": a fraction in digits before "of". */
const SLASH_FRACTION =
  /(?<![\p{L}\p{N}.,/⁄-])(?<num>\d{1,2})[/⁄](?<den>\d{1,3})(?![\p{N}/⁄]|[.,]\d)(?=\s+of\b)/gu;
/** "sixfold", "two-fold": a multiple in one word (in digits, "10-fold" is a number and its unit). */
const FOLD =
  /(?<![\p{L}\p{N}-])(?:(?<qual>more than|over|about|nearly|almost|some|around|roughly|at least|up to)\s+)?(?<n>two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|fifty|hundred|thousand)-?fold(?![\p{L}])/giu;
/** "×10−8", "x 10^23", "×10⁻⁸": a power of ten after a number. */
const SCIENTIFIC =
  /^\s?[×x]\s?10(?:\^(?<caret>[−-]?\d{1,3})|(?<signed>[−-]\d{1,3})|(?<sup>[⁻]?[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}))(?![\p{N}])/u;
const SUPERSCRIPT: Record<string, string> = {
  '⁻': '-',
  '⁰': '0',
  '¹': '1',
  '²': '2',
  '³': '3',
  '⁴': '4',
  '⁵': '5',
  '⁶': '6',
  '⁷': '7',
  '⁸': '8',
  '⁹': '9',
};

/** "22 1/2 years", "two and a half years": a whole number and a fraction of one. */
const MIXED =
  /(?<![\p{L}\p{N}.,/-])(?:(?<qual>more than|over|about|nearly|almost|some|around|roughly|at least)\s+)?(?<whole>\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)(?:\s+(?<num>\d)\/(?<den>\d{1,2})(?![\d/])|\s+and\s+(?<part>a half|one half|a quarter|three quarters|three-quarters))(?=[\s-])/giu;
/** "four decades", "more than a century": years counted in tens and hundreds. */
const DECADES =
  /(?<![\p{L}\p{N}-])(?:(?<qual>more than|over|nearly|almost|about|some|around|roughly|at least|close to|just over|just under)\s+)?(?<count>a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(?<span>decades?|century|centuries)\b/giu;
/** The languages whose number words, qualifiers and units this file knows (data/figures.json). */
const WORD_LANGUAGES = new Set(['en']);
/** Unit words and symbols and their normalised names, from the figure-word languages' data (data/figures.json). */
const UNIT_NAMES: Record<string, string> = Object.assign(
  {},
  ...[...WORD_LANGUAGES].map((l) => figureData(l).units),
);
/** Currency codes written before an amount ("EUR50m", "RM3.06mil") and the currency each names. */
const CURRENCY_CODES: Record<string, string> = Object.assign(
  {},
  ...[...WORD_LANGUAGES].map((l) => figureData(l).currencyCodes),
);
/** The units of several words or with a dot in the data ("basis points", "sq. m"), longest first. */
const MULTI_UNIT = new RegExp(
  `^\\s+(${Object.keys(UNIT_NAMES)
    .filter((k) => /[\s.]/.test(k))
    .sort((x, y) => y.length - x.length)
    .map((k) => escapeRegExp(k).replace(/\s+/g, '\\s+'))
    .join('|')})(?![\\p{L}])`,
  'iu',
);
/** Nouns a rate is given per ("per share", "a night"), besides units. */
const PER_NOUNS = new Set([...WORD_LANGUAGES].flatMap((l) => figureData(l).perNouns));
/** Irregular past tenses: after a number they are its verb ("300 took part"), never what it counts. */
const PAST_TENSES = new Set([...WORD_LANGUAGES].flatMap((l) => figureData(l).pastTenses));
/** A currency code before an amount: "EUR50m", "USD 1,700", "RM3.06mil". */
const CODE = `(?:${Object.keys(CURRENCY_CODES)
  .sort((x, y) => y.length - x.length)
  .join('|')})\\.?\\s?(?=\\d)`;
const CODE_START = new RegExp(`^(?:minus[\\s-]|-)?(?<code>${CODE})`, 'i');
/** An amount written with a currency code, ending where a scale may follow ("EUR50"). */
const CODE_AMOUNT_END = new RegExp(`(?<![\\p{L}])${CODE}[\\d.,]+$`, 'u');
const NUMBER = String.raw`(?:\d{1,3}(?:[,\u00a0\u202f ]\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?)`;
// (teens before units: "seventeen" is not "seven")
const WORDNUM = String.raw`(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|one|two|three|four|five|six|seven|eight|nine|ten|a dozen|dozen|a hundred|a thousand|a million|a billion)(?![\p{L}])`;
const SCALEWORD = String.raw`(?:\s+(?:hundred|thousand|million|billion|trillion|dozen)(?![\p{L}-])|\s?(?:bn|mln)\b)`;
/**
 * A currency symbol, or its ASCII transliteration in text that went through one ("PS2.7m" for "£2.7m",
 * "Y=100 million" for "¥100 million"); "PS" only before an amount no console is named with ("PS4", "PS5").
 */
const SYMBOL = String.raw`(?:[$€£¥]|PS(?=\d{1,3}(?:,\d{3})+|\d+\.\d|\d+(?:m|bn|k)\b)|Y=(?=\d))`;
const TRANSLITERATED: Record<string, string> = { PS: '£', 'Y=': '¥' };
/** The currency symbol of an amount, transliterations read as the symbol they stand for. */
const SYMBOL_RE = new RegExp(SYMBOL);
const symbolOf = (amount: string): string | undefined => {
  const sym = SYMBOL_RE.exec(amount)?.[0];
  return sym ? (TRANSLITERATED[sym] ?? sym) : undefined;
};
const AMOUNT = String.raw`(?:${CODE}|(?:US|HK|NZ|[ACS])?${SYMBOL}(?:US|AU|NZ|HK|[ACS])?\s?(?:-(?=\d))?)?(?:${NUMBER}|${WORDNUM})(?:${SCALEWORD})*`;
/** A minus sign before an amount: "-5 yards", "minus 130 degrees", "minus-1.4". */
const SIGN = String.raw`(?:(?:minus[\s-]|-)(?=[$€£¥\d]))?`;
/** A percent sign or word; "percentage points" too, a difference of percentages, not a percent of anything. */
const PCT = String.raw`\s*(?:%|percentage\s+points?(?![\p{L}])|percent|per cent)`;
/** The unit of a percent: "percentage point" for a difference of percentages, else "percentage". */
const pctUnit = (pct: string): string => (/point/i.test(pct) ? 'percentage point' : 'percentage');
const QUAL = String.raw`(?:more than|over|above|at least|upwards of|in excess of|almost|under|below|up to|less than|fewer than|nearly|some|about|around|approximately|roughly|an estimated|close to|as many as|as much as|just over|just under)`;
const MONEY_START = new RegExp(String.raw`^(?:minus[\s-]|-)?(?:US|HK|NZ|[ACS])?${SYMBOL}`);
/** An amount of money ending where a glued scale may follow ("$2.7", "PS2.7"). */
const MONEY_END = new RegExp(String.raw`${SYMBOL}\s?[\d.,]+$`);
const FIGURE_RE = regExpSkippingAhead(
  String.raw`(?<![\p{L}\p{N}.:/])(?<!(?<!\bsub)-)(?<!\p{N},)(?:(${QUAL})\s+)?(?:(from|between)\s+)?(${SIGN}${AMOUNT})(${PCT})?(?:\s*(?:(?:to|and|-|–)\s*)(${SIGN}${AMOUNT}))?(?![\p{N}]|[.,:]\d|:\d)(${PCT})?`,
  'giu',
);

const QUALIFIERS: [RegExp, Qualifier][] = [
  [/^(more than|over|above|at least|upwards of|in excess of|just over)$/i, '>'],
  [/^(almost|under|below|up to|less than|fewer than|just under)$/i, '<'],
  [/^(some|about|around|approximately|roughly|an estimated|nearly|close to|as many as|as much as)$/i, '~'],
];
const STOP = new Set([
  'up',
  'down',
  'of',
  'in',
  'on',
  'at',
  'to',
  'for',
  'from',
  'over',
  'with',
  'by',
  'and',
  'or',
  'that',
  'which',
  'who',
  'were',
  'was',
  'are',
  'is',
  'have',
  'had',
  'has',
  'will',
  'would',
  'since',
  'during',
  'across',
  'into',
  'than',
  'the',
  'a',
  'an',
  'as',
  'per',
  'each',
  'after',
  'before',
  'against',
  'including',
  'while',
  'when',
  'where',
  'but',
  'alongside',
  'among',
  'amid',
  'near',
  'under',
  'through',
  'toward',
  'towards',
  'like',
  'such',
  'not',
  'also',
  'still',
  'last',
  'this',
  'next',
  'previous',
  'prior',
  'ago',
  'earlier',
  'later',
  'according',
  'said',
  'says',
  'x', // a multiplication sign: "a 5 x 10 room"
]);
const CURRENCY: Record<string, string> = { $: 'USD', '€': 'EUR', '£': 'GBP', '¥': 'JPY' };

/** Units of measure: right after a number they are the unit, whatever noun follows ("a 40 yard dash" is 40 yards). */
const MEASURES = new Set([
  ...Object.keys(UNIT_NAMES).filter(
    (k) => !['people', 'children', 'men', 'women', 'teeth', 'mice', 'data', 'news'].includes(k),
  ),
  'second',
  'seconds',
  'minute',
  'minutes',
  'hour',
  'hours',
  'day',
  'days',
  'week',
  'weeks',
  'month',
  'months',
  'year',
  'years',
  'metre',
  'meter',
  'mile',
  'yard',
  'foot',
  'inch',
  'litre',
  'liter',
  'gallon',
  'gallons',
  'ounce',
  'ounces',
  'pound',
  'barrel',
  'barrels',
  'tonne',
  'tonnes',
  'ton',
  'tons',
  'acre',
  'acres',
  'hectare',
  'hectares',
  'degree',
  'point',
  'percent',
  'cent',
  'speed',
  'gauge',
  'inch',
  'km',
]);

/** Whether a normalised unit is a unit of measure or a currency ("tonne", "dollar"), not a counted noun ("resident"). */
export function isUnitOfMeasure(unit: string): boolean {
  measureNames ??= new Set(
    [
      ...Object.values(UNIT_NAMES),
      ...Object.values(GLUED),
      ...Object.values(DOLLAR_PREFIX),
      ...Object.values(CURRENCY_NAMES),
      'fraction',
    ].filter((u) => !COUNTED.has(u)),
  );
  return measureNames.has(unit) || MEASURES.has(unit);
}
let measureNames: Set<string> | undefined;
/** Plural forms that UNIT_NAMES names but that count things rather than measure them. */
const COUNTED = new Set(['people', 'child', 'man', 'woman', 'tooth', 'mouse', 'data', 'news']);

/** Plurals whose singular the spelling rules below miss ("loaves" -> "loaf"), from data/figures.json. */
const PLURALS: Record<string, string> = Object.assign(
  {},
  ...[...WORD_LANGUAGES].map((l) => figureData(l).plurals),
);

/** A unit or counted noun in its normalised (singular, named) form: "USD" -> "dollar", "sorties" -> "sortie". */
export function normalizeUnit(noun: string | null): string | null {
  if (!noun) return null;
  const n = noun.toLowerCase();
  if (UNIT_NAMES[n]) return UNIT_NAMES[n]!;
  if (PLURALS[n]) return PLURALS[n]!;
  if (/(ss|us|is)$/.test(n)) return n;
  if (/[^oa]uses$/.test(n)) return n.slice(0, -2); // viruses, bonuses (not houses, causes)
  if (/(?:sort|mov|cook|calor|rook|zomb|selfi|goal|hipp|prair|pix|gen)ies$/.test(n)) return n.slice(0, -1); // sorties, movies
  if (/ies$/.test(n) && n.length > 4) return n.slice(0, -3) + 'y';
  if (/(ches|shes|xes|zes|sses)$/.test(n)) return n.slice(0, -2);
  if (/s$/.test(n) && n.length > 3) return n.slice(0, -1);
  return n;
}

/** Parse a number in digits or words; `lang` decides what "1.500" and "1,5" mean. */
export function parseAmount(s: string, lang = 'en'): number | null {
  let t = s.toLowerCase().trim();
  const negative = /^(?:minus[\s-]|-)/.test(t);
  t = t
    .replace(/^(?:minus[\s-]|-)/, '')
    .replace(/^(?:us|hk|nz|[acs])?(?:[$€£¥]|y=)(?:us|au|nz|hk|[acs])?\s?/, '')
    .replace(/^\p{L}{2,3}\.?\s?(?=\d)/u, '') // a currency code: "eur50m"
    .trim();
  // "$-50.8bn": the sign after the currency mark
  const sign = negative || /^-\d/.test(t) ? -1 : 1;
  t = t.replace(/^-(?=\d)/, '');
  let mult = 1;
  for (;;) {
    const m = /(?:\s+|\s?)(hundred|thousand|million|billion|trillion|bn|mln|dozen)$/.exec(t);
    if (!m || m.index === 0) break;
    mult *= SCALE[m[1]!]!;
    t = t.slice(0, m.index).trim();
  }
  t = t.replace(/^a\s+/, '');
  if (/^\d/.test(t)) {
    const commaDecimal = !['en', 'zh', 'ja', 'ko', 'he', 'th'].includes(lang);
    let n: string;
    if (/^\d{1,3}(?:[\u00a0\u202f ]\d{3})+(?:[.,]\d+)?$/.test(t))
      n = t.replace(/[\u00a0\u202f ]/g, '').replace(',', '.');
    else if (/^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(t) && !commaDecimal) n = t.replace(/,/g, '');
    else if (/^\d{1,3}(?:\.\d{3})+(?:,\d+)?$/.test(t) && commaDecimal)
      n = t.replace(/\./g, '').replace(',', '.');
    else if (/^\d+,\d{1,2}$/.test(t) || (/^\d+,\d+$/.test(t) && commaDecimal))
      n = t.replace(',', '.'); // "1,5 million": a decimal comma
    else if (/^\d{1,3}(?:,\d{3})+$/.test(t)) n = t.replace(/,/g, '');
    else n = t;
    const v = Number(n);
    return Number.isFinite(v) ? sign * v * mult : null;
  }
  const parts = t.split('-');
  let v = 0;
  for (const p of parts) {
    const x = SMALL[p];
    if (x === undefined) return null;
    v += x;
  }
  return sign * v * mult;
}

/** Whether a span overlaps any of `spans`: sorted once, then a binary search and the furthest end so far. */
function overlapsAny(spans: Span[]): (start: number, end: number) => boolean {
  const sorted = [...spans].sort((x, y) => x.start - y.start);
  const reach: number[] = [];
  for (const t of sorted) reach.push(Math.max(reach.at(-1) ?? -Infinity, t.end));
  return (start, end) => {
    const i = firstIndex(sorted, (t) => t.start < end);
    return i > 0 && reach[i - 1]! > start;
  };
}

function isSentenceStart(text: string, pos: number): boolean {
  return /(^|[.!?]["”»]?\s+|\n\s*)$/.test(text.slice(Math.max(0, pos - 4), pos));
}

export function findFigures(ctx: AnalysisContext): Figure[] {
  const text = ctx.text;
  const out: Figure[] = [];
  // Calendar dates are not figures; durations are ("over the past 24 hours" counts hours).
  // A relative date counts its units ("nine days later", "two weeks ago"): those amounts are figures too.
  const dates = ctx.dates.filter((d) => d.type !== 'DURATION' && !RELATIVE_AMOUNT.test(d.text));
  // Dates and quotes are sorted and do not overlap: each lookup is a binary search, so a long table of
  // numbers stays linear.
  const inDate = (s: number, e: number): boolean => {
    const i = firstIndex(dates, (d) => d.end <= s);
    return i < dates.length && dates[i]!.start < e;
  };
  const quotes = [...ctx.quotes].sort((a, b) => a.start - b.start);
  const claimantAt = (pos: number): string | null => {
    // the last quotes starting at or before `pos` (a few back: a quote may hold a shorter one)
    const lo = firstIndex(quotes, (q) => q.start <= pos);
    for (let i = lo - 1; i >= 0 && i >= lo - 8; i--) {
      const q = quotes[i]!;
      if (pos < q.end && q.speaker) return q.speaker;
    }
    return null;
  };
  // A figure of one value that a scan of its own reads (fractions, multiples), at a fixed confidence.
  const single = (
    start: number,
    end: number,
    value: number,
    qualifier: Qualifier,
    noun: string,
    unit: string,
  ): Figure => ({
    start,
    end,
    text: text.slice(start, end),
    value,
    low: null,
    high: null,
    qualifier,
    noun,
    unit,
    claimant: claimantAt(start),
    confidence: 0.6,
  });
  const taken: Span[] = [];

  // Fractions of a whole: "a third of voters", "two-thirds of the sales", "one fourth of the population".
  // Fractions come in text order, so one overlaps an earlier one only if it starts before the furthest end.
  let fractionsEnd = -1;
  for (const m of text.matchAll(skippingAhead(FRACTION))) {
    ctx.budget.check();
    const start = m.index!;
    const end = start + m[0].length;
    if (start < fractionsEnd) continue;
    fractionsEnd = Math.max(fractionsEnd, end);
    const n = m[1]!.toLowerCase() === 'a' ? 1 : SMALL[m[1]!.toLowerCase()]!;
    const d = DENOMINATORS[m[2]!.toLowerCase().replace(/s$/, '')]!;
    const noun = countedNoun(
      text,
      end +
        (/^\s+(?:the|its|their|his|her|our|this|that|these|those)(?=\s)/iu.exec(text.slice(end, end + 8))?.[0]
          .length ?? 0),
    );
    taken.push({ start, end });
    out.push(single(start, noun?.end ?? end, n / d, '=', 'fraction', unitOfOne(text, end) ?? 'fraction'));
  }
  const words = figureWords(ctx.lang);
  // Fractions in digits: "1/16 of a pint", "3⁄4 of the vote" (only before "of": "1/16" alone may be a date).
  for (const m of text.matchAll(SLASH_FRACTION)) {
    ctx.budget.check();
    const start = m.index!;
    const end = start + m[0].length;
    const num = Number(m.groups!.num);
    const den = Number(m.groups!.den);
    if (!den || num >= den || inDate(start, end) || overlapsAny(taken)(start, end)) continue;
    taken.push({ start, end });
    out.push(single(start, end, num / den, '=', 'fraction', unitOfOne(text, end) ?? 'fraction'));
  }
  // Multiples written as one word: "sixfold", "more than tenfold", "a two-fold rise".
  for (const m of text.matchAll(FOLD)) {
    ctx.budget.check();
    const start = m.index!;
    const end = start + m[0].length;
    const n = parseAmount(m.groups!.n!, ctx.lang);
    if (n === null || overlapsAny(taken)(start, end)) continue;
    const qual = m.groups!.qual;
    taken.push({ start, end });
    const qualifier = qual ? (QUALIFIERS.find(([re]) => re.test(qual))?.[1] ?? '~') : '=';
    out.push(single(start, end, n, qualifier, 'fold', UNIT_NAMES.fold ?? 'fold'));
  }
  for (const m of text.matchAll(VAGUE)) {
    ctx.budget.check();
    const start = m.index!;
    const end = start + m[0].length;
    const withOf = !!m[2];
    // Without "of" a vague amount stands for what it counts ("dozens killed", "millions hit the road"),
    // except after an article or a preposition ("by the millions", "in the thousands").
    if (!withOf && /\b(?:the|of|by|in|to|those)\s+$/i.test(text.slice(Math.max(0, start - 6), start)))
      continue;
    const next = countedNoun(text, end);
    const noun = withOf ? next : next && /\p{L}s$/u.test(text.slice(end, next.end)) ? next : null;
    if (withOf && !noun) continue;
    if (!withOf && !/^\s+\p{L}/u.test(text.slice(end, end + 3))) continue;
    taken.push({ start, end });
    // A vague amount runs from its named scale up to the next ("hundreds of": 100 to 1,000; "millions": 1e6 to 1e9).
    const span = vagueSpan(m[1]!, words);
    const to = noun?.end ?? end;
    out.push({
      start,
      end: to,
      text: text.slice(start, to),
      value: null,
      low: span?.[0] ?? null,
      high: span?.[1] ?? null,
      qualifier: '~',
      noun: noun?.head ?? null,
      unit: noun ? unitOf(text, end, noun) : null,
      claimant: claimantAt(start),
      confidence: 0.6,
    });
  }
  // Mixed numbers and halves ("22 1/2 years", "two and a half years") and decades and centuries ("four
  // decades", "more than a century"): one figure each, read whole.
  for (const m of text.matchAll(skippingAhead(MIXED))) {
    ctx.budget.check();
    const start = m.index!;
    const whole = parseAmount(m.groups!.whole!, ctx.lang);
    const part = m.groups!.num
      ? Number(m.groups!.num) / Number(m.groups!.den)
      : (words?.halves.get(m.groups!.part!.toLowerCase()) ?? null);
    if (whole === null || part === null || part >= 1) continue;
    const counted = countedNoun(text, start + m[0].length);
    if (!counted) continue;
    const qual = m.groups!.qual;
    taken.push({ start, end: counted.end });
    out.push({
      start,
      end: counted.end,
      text: text.slice(start, counted.end),
      value: whole + part,
      low: null,
      high: null,
      qualifier: qual ? (QUALIFIERS.find(([re]) => re.test(qual))?.[1] ?? '~') : '=',
      noun: counted.head,
      unit: unitOf(text, start + m[0].length, counted),
      claimant: claimantAt(start),
      confidence: 0.7,
    });
  }
  for (const m of text.matchAll(skippingAhead(DECADES))) {
    ctx.budget.check();
    const start = m.index!;
    const end = start + m[0].length;
    const count = m.groups!.count!.toLowerCase();
    const qual = m.groups!.qual;
    // "a decade" is a figure only where it is an amount of time ("in nearly a decade", "more than a century").
    if (/^(?:a|an|one)$/.test(count) && !qual && !/\bin\s+$/i.test(text.slice(Math.max(0, start - 4), start)))
      continue;
    const n = /^(?:a|an)$/.test(count) ? 1 : parseAmount(count, ctx.lang);
    const years = words?.decades.get(m.groups!.span!.toLowerCase());
    if (n === null || years === undefined) continue;
    if (overlapsAny(taken)(start, end)) continue;
    taken.push({ start, end });
    out.push({
      start,
      end,
      text: text.slice(start, end),
      value: n * years,
      low: null,
      high: null,
      qualifier: qual ? (QUALIFIERS.find(([re]) => re.test(qual))?.[1] ?? '~') : '=',
      noun: m.groups!.span!,
      unit: 'year',
      claimant: claimantAt(start),
      confidence: 0.6,
    });
  }

  const isTaken = overlapsAny(taken);
  FIGURE_RE.lastIndex = 0;
  for (let m = FIGURE_RE.exec(text); m; m = FIGURE_RE.exec(text)) {
    ctx.budget.check();
    let start = m.index;
    let end = start + m[0].length;
    const [, written, rangeWord, a, pctA] = m;
    let [, , , , , b, pctB] = m;
    // "ticked up to 6.1%", "was revised up to 371,000": "up" is the verb's particle, not a bound
    const particle =
      /^up to$/i.test(written ?? '') &&
      (/ed$/.test(wordBefore(text, start)) || !!words?.changeVerbs.has(wordBefore(text, start)));
    const qual = particle ? undefined : written;
    if (particle) start += /^up\s+to\s+/i.exec(m[0])![0].length;
    // "5% to 10%": a percent sign on either end makes both percentages; on the first alone, the second is not
    // one: "rose 8.1 percent to 99.20 yuan" is a change and the level it reached, read apart.
    if (pctA && b && !pctB) {
      end = m.index + m[0].indexOf(pctA, m[0].indexOf(a!) + a!.length) + pctA.length;
      FIGURE_RE.lastIndex = m.index + m[0].lastIndexOf(b);
      b = undefined;
      pctB = undefined;
    }
    // "cost $3.2bn and €40", "5 and 7 people": two numbers joined by "and" without "between" are no range;
    // unless they may be a tally ("voted 52 and 48": a tally's word near, no money, percent or other noun),
    // each is read on its own.
    if (
      b &&
      !rangeWord &&
      !words?.ageBefore.test(text.slice(Math.max(0, start - 16), start)) &&
      /^\s*and\s*$/i.test(m[0].slice(m[0].indexOf(a!) + a!.length + (pctA?.length ?? 0), m[0].lastIndexOf(b)))
    ) {
      const around = text.slice(Math.max(0, start - 60), Math.min(text.length, end + 30)).toLowerCase();
      const next = countedNoun(text, end)?.head.toLowerCase();
      const tally =
        !pctA &&
        !pctB &&
        !/[$€£¥]/.test(m[0]) &&
        (!next || !!words?.tallyWords.has(next)) &&
        [...around.matchAll(/\p{L}+/gu)].some((w) => words?.tallyWords.has(w[0]));
      if (!tally) {
        end = m.index + m[0].indexOf(a!) + a!.length + (pctA?.length ?? 0);
        FIGURE_RE.lastIndex = m.index + m[0].lastIndexOf(b);
        b = undefined;
        pctB = undefined;
      }
    }
    const pct = pctB ?? pctA;
    if (isTaken(start, end)) continue;
    const numStart = m.index + m[0].indexOf(a!);
    // A first number that is no figure leaves the second to be read on its own: "in 2018 and 2.1 last year".
    const skipFirst = (): void => {
      if (b) FIGURE_RE.lastIndex = m!.index + m![0].lastIndexOf(b);
    };
    // Four digits with a unit of measure after them are an amount, not a year: "about 2000 - 2500 calories".
    const measuredYear =
      /^\d{4}$/.test(a!) && unitFollows(text, end) && (!b || (parseAmount(b, ctx.lang) ?? 0) > Number(a));
    // Not figures: dates and years, clock times, ordinals, parts of names, lone articles.
    if (inDate(numStart, numStart + a!.length) && !measuredYear) {
      skipFirst();
      continue;
    }
    // "a", "an" and "one" alone are not figures ("one of the", "only one leader"): an article, or a pronoun;
    // with a percent sign they are ("one per cent").
    if (/^(a|an|one)$/i.test(a!) && !b && !pct) continue;
    if (/^(st|nd|rd|th)\b/i.test(text.slice(end, end + 3))) continue;
    // An age a sentence states ("she was 12", "he will be 30 years old by May") is a claim: a figure in years of
    // age (a number with its own noun after it is not an age: "she was 5 points ahead").
    const statedAge =
      !b &&
      !pct &&
      /^\d{1,3}$/.test(a!) &&
      !!words?.ageStated.test(text.slice(Math.max(0, start - 16), start)) &&
      (/^\s+years?\s+old(?![\p{L}])/iu.exec(text.slice(end, end + 12)) ??
        (countedNoun(text, end) ? null : ['']));
    if (statedAge) {
      const to = end + statedAge[0].length;
      out.push({
        start,
        end: to,
        text: text.slice(start, to),
        value: Number(a),
        low: null,
        high: null,
        qualifier: qual ? (QUALIFIERS.find(([re]) => re.test(qual))?.[1] ?? '~') : '=',
        noun: statedAge[0] ? 'years' : null,
        unit: 'year of age',
        claimant: claimantAt(start),
        confidence: 0.6,
      });
      continue;
    }
    // An age that describes someone ("the 75-year-old founder", "Ada Moss, 75,") is not a claim about anything.
    if (
      !b &&
      !pct &&
      (words?.ageAfter.test(text.slice(end, end + 16)) ||
        (/^\d{1,3}$/.test(a!) && isAge(text, numStart, end, Number(a), b)))
    )
      continue;
    // "men aged 18 to 34", "aged between 25 and 54": the ages of the people counted
    if (!pct && words?.ageBefore.test(text.slice(Math.max(0, start - 16), start))) continue;
    if (/^\s?(?:am|pm|a\.m\.|p\.m\.)(?!\p{L})/iu.test(text.slice(end, end + 5))) continue; // "1.05am": a clock time
    // (a later year only after a preposition and before no noun: "submerged by 2150.")
    const laterYear =
      Number(a) > 2100 &&
      Number(a) < 2200 &&
      /\b(?:by|in|until|before|after|through)\s+$/i.test(text.slice(Math.max(0, start - 8), start)) &&
      !countedNoun(text, end);
    if (
      /^\d{4}$/.test(a!) &&
      !pct &&
      Number(a) >= 1800 &&
      (Number(a) <= 2100 || laterYear) &&
      !measuredYear
    ) {
      skipFirst();
      continue;
    }
    const money = MONEY_START.test(a!) || CODE_START.test(a!);
    // "Unit 3 at 16-18 Harbour Road": a street number; "Ana Ruiz (9) scored": a player's number
    if (!pct && !money && words?.streetAfter.test(text.slice(end, end + 60))) continue;
    if (
      !b &&
      !pct &&
      !money &&
      /\p{Lu}[\p{L}'’.-]*\s\($/u.test(text.slice(Math.max(0, numStart - 30), numStart)) &&
      text[end] === ')'
    )
      continue;
    // "Rossiya 1", "iPhone 11 Pro", "S&P 500"; but a unit after the number makes it a measure ("Energy's 550
    // megawatt plant", "the Lamborghini's 640bhp engine")
    if (
      !qual &&
      !rangeWord &&
      !pct &&
      !money &&
      partOfName(text, numStart, ctx.lang) &&
      !unitFollows(text, numStart + a!.length)
    )
      continue;
    if (!qual && !rangeWord && /^[a-z]/.test(a!) && !/\d/.test(a!) && !pct) {
      // Word numbers alone ("one of the", "two sides") only count with a counted noun right after, or a
      // unit after a hyphen ("a six-cylinder engine", "four-, five- and six-cylinder engines").
      if (
        !/^\s+(?!of\b|the\b|and\b|or\b|in\b|more\b|another\b)\p{Ll}+/u.test(text.slice(end, end + 15)) &&
        !hyphenUnit(text, end)
      )
        continue;
    }
    // (but after a qualifier, names before a plural count it: "about 460 Kia and Hyundai cars", not "Under 30 Summit")
    const namesBeforePlural =
      !!qual &&
      /^\s+(?:\p{Lu}[\p{L}'’-]*\s+(?:(?:and|&)\s+)?){1,3}(?!(?:does|goes|says|gets|runs)\b)(?:\p{Ll}{2,}[^s\s'’]s|people|children|men|women)\b/u.test(
        text.slice(end, end + 60),
      );
    if (!pct && !money && !b && !namesBeforePlural && nameAfter(text, end, ctx.lang)) continue; // "787 Dreamliner"
    // A number in words with a capital after "of" or a capitalised word is part of a name ("the Group of
    // Seven", "the Big Ten").
    if (
      /^\p{Lu}\p{Ll}/u.test(a!) &&
      /(?:\bof|\p{Lu}\p{Ll}*)\s$/u.test(text.slice(Math.max(0, numStart - 12), numStart))
    )
      continue;
    // The number of a rate's base ("births per 1,000 women") belongs to the rate before it.
    if (/\bper\s+$/i.test(text.slice(Math.max(0, numStart - 5), numStart))) continue;
    // "a 21-year high", "a 270-month sentence": a hyphenated time is a figure when it is the news; else it
    // describes something else ("the 12-month increase", "a four-week average", "a 22-page memo").
    const hyphen = !b && !pct && !money ? HYPHEN_MEASURE.exec(text.slice(end, end + 40)) : null;
    if (hyphen) {
      const w = hyphen.groups!.next?.toLowerCase() ?? '';
      const span = hyphen.groups!.unit!.toLowerCase();
      const isRecord = !!words?.recordWords.has(w);
      if (span.startsWith('page') || !(isRecord || words?.durationNouns.has(w))) continue;
      const value = parseAmount(a!, ctx.lang);
      if (value === null) continue;
      const years = words?.decades.get(span);
      const to = end + hyphen[0].length;
      out.push({
        start,
        end: to,
        text: text.slice(start, to),
        value: years ? value * years : value,
        low: null,
        high: null,
        qualifier: qual ? (QUALIFIERS.find(([re]) => re.test(qual))?.[1] ?? '~') : '=',
        noun: span,
        unit: years ? 'year' : normalizeUnit(span),
        claimant: claimantAt(start),
        confidence: 0.7,
      });
      continue;
    }
    const scale = !b ? gluedScale(text, end) : null; // "25k", "4.3M", "$2.7bn"
    let low = parseAmount(a!, ctx.lang);
    if (low === null) continue;
    if (scale) {
      low *= scale.factor;
      end = scale.end;
    }
    // "2.998×10−8 metres per second", "6.02 x 10^23": a power of ten; the exponent is read on, not as a figure
    const sci = !b && !scale ? SCIENTIFIC.exec(text.slice(end, end + 16)) : null;
    if (sci) {
      const g = sci.groups!;
      const exp = g.caret ?? g.signed ?? [...g.sup!].map((c) => SUPERSCRIPT[c]).join('');
      low = Number(`${low}e${exp.replace(/[−⁻]/, '-')}`); // (not a product: 1.99 * 10 ** -30 is 1.9900000000000002e-30)
      end += sci[0].length;
      FIGURE_RE.lastIndex = end;
    }
    const high = b ? parseAmount(b, ctx.lang) : null;
    if (b && high === null) continue;
    // "from $10 to $15 billion": the first end takes the second's scale.
    const highScale = b ? SCALE_END.exec(b) : null;
    const bareHigh = highScale ? parseAmount(b!.slice(0, highScale.index), ctx.lang) : null;
    if (high !== null && highScale && bareHigh !== null && !SCALE_END.test(a!) && low < bareHigh) {
      low = parseAmount(`${a} ${highScale[1]}`, ctx.lang) ?? low;
    }
    // A range runs low to high; "from 2,415 to 2,315" (a fall) keeps its ends in the order written.
    const isRange =
      high !== null &&
      (!!rangeWord || /[-–]/.test(m[0]) || /\bto\b/.test(m[0])) &&
      (high > low || (rangeWord?.toLowerCase() === 'from' && high !== low));
    let noun: string | null = pct ? 'percent' : money ? (CURRENCY[symbolOf(a!) ?? ''] ?? null) : null;
    const numEnd = end;
    // "256GB", "5kW", "640bhp"; "a 5-mpg boost", "a 7- or 8-inch screen"
    const glued = !noun ? (currencyAfter(text, end) ?? gluedUnit(text, end) ?? hyphenUnit(text, end)) : null;
    const counted: { head: string; end: number; unit?: string } | null = glued ?? countedNoun(text, end);
    if (!noun && counted) {
      noun = counted.head;
      end = counted.end;
    }
    const unit = pct
      ? pctUnit(pct)
      : money
        ? currencyUnit(text, numStart, a!)
        : counted
          ? (counted.unit ?? unitOf(text, numEnd, counted))
          : null;
    const rate = unit ? perUnit(text, end) : null; // "$3,500 a month", "15 to 22 miles per hour"
    // A number cut off by the end of the text ("another $10..."): its scale or unit may be missing.
    if (!counted && !pct && /^(?:\.\.\.|…)/.test(text.slice(end, end + 3))) continue;
    let qualifier: Qualifier = '=';
    if (isRange) qualifier = 'range';
    else if (qual) qualifier = QUALIFIERS.find(([re]) => re.test(qual))?.[1] ?? '~';
    else if (/\bsub-$/i.test(text.slice(Math.max(0, start - 4), start))) qualifier = '<'; // "sub-300 sq m"
    const bStart = b ? m.index + m[0].lastIndexOf(b) : -1;
    // "dropped 20,000 to 385,000": a change and the level it reached, two figures.
    if (isRange && !rangeWord && /\bto\b/.test(m[0]) && words?.changeVerbs.has(wordBefore(text, start))) {
      const aEnd = numStart + a!.length + (pctA?.length ?? 0);
      out.push({
        start,
        end: aEnd,
        text: text.slice(start, aEnd),
        value: low,
        low: null,
        high: null,
        qualifier: qual ? (QUALIFIERS.find(([re]) => re.test(qual))?.[1] ?? '~') : '=',
        noun: pct ? 'percent' : null,
        unit: pct ? pctUnit(pctA ?? pct) : money ? currencyUnit(text, numStart, a!) : null,
        claimant: claimantAt(start),
        confidence: 0.6,
      });
      FIGURE_RE.lastIndex = bStart;
      continue;
    }
    if (b && !isRange) {
      // "a 69-30 vote", "confirmed 134 to 46": a tally, for and against as written.
      const around = text.slice(Math.max(0, start - 60), Math.min(text.length, end + 30)).toLowerCase();
      const tally = [...around.matchAll(/\p{L}+/gu)].find((w) => words?.tallyWords.has(w[0]));
      if (
        !tally ||
        rangeWord ||
        pct ||
        money ||
        (counted && !words?.tallyWords.has(counted.head.toLowerCase()))
      )
        continue; // "5 and 7 people" is not one figure
      const tEnd = bStart + b.length;
      const votes =
        /^vot/.test(tally[0]) || ['confirmed', 'passed', 'approved', 'rejected'].includes(tally[0]);
      out.push({
        start,
        end: tEnd,
        text: text.slice(start, tEnd),
        value: null,
        low,
        high,
        qualifier: 'tally',
        // ("a 9-2 lead", "a 3-1 win": a tally's word right after it is what it counts)
        noun: votes ? 'votes' : (counted?.head ?? null),
        unit: votes ? 'vote' : normalizeUnit(counted?.head ?? null),
        claimant: claimantAt(start),
        confidence: 0.7,
      });
      continue;
    }
    out.push({
      start,
      end: rate ? rate.end : end,
      text: text.slice(start, rate ? rate.end : end),
      value: isRange ? null : low,
      low: isRange ? low : null,
      high: isRange ? high : null,
      qualifier,
      noun,
      unit: rate ? `${unit} per ${rate.per}` : unit,
      claimant: claimantAt(start),
      confidence: noun ? 0.8 : 0.5,
    });
  }
  out.sort((x, y) => x.start - y.start);
  const kept = withParallelUnits(
    text,
    withoutRestatedHeadings(text, fromTo(text, withBorrowedUnits(text, out))),
    ctx.sentences,
  );
  if (words)
    describeFigures(
      { normalize: normalizeUnit, text, sentences: ctx.sentences, dates: ctx.dates, words, lang: ctx.lang },
      kept,
    );
  return kept;
}

/**
 * A headline or subheading that restates a figure of the paragraph below it ("Up to 7,000 CIS nationals
 * fighting alongside IS" over "From 5,000 to 7,000 nationals … are fighting") is one claim, not two: the
 * body's figure is kept, as it carries the wording, the period and the claimant.
 */
function withoutRestatedHeadings(text: string, figures: Figure[]): Figure[] {
  const numbers = (f: Figure): number[] => [f.value, f.low, f.high].filter((n): n is number => n !== null);
  // Line breaks found once: looking for them from each figure would rescan a long line once per figure.
  const breaks: number[] = [];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) breaks.push(i);
  return figures.filter((f) => {
    const b = firstIndex(breaks, (x) => x <= f.start);
    const lineStart = b > 0 ? breaks[b - 1]! + 1 : 0;
    const a = firstIndex(breaks, (x) => x < f.end);
    const lineEnd = a < breaks.length ? breaks[a]! : text.length;
    if (lineEnd === text.length) return true;
    let ls = lineStart;
    let le = lineEnd;
    while (ls < le && /\s/.test(text[ls]!)) ls++;
    while (le > ls && /\s/.test(text[le - 1]!)) le--;
    if (le - ls > 120) return true;
    const line = text.slice(ls, le);
    if (/[.!?:;"”»]$/.test(line)) return true;
    const head = normalizeUnit(f.noun?.split(/\s+/).at(-1) ?? null);
    if (!head) return true;
    const mine = numbers(f);
    // only the figures of the next 600 characters below the line
    for (
      let i = firstIndex(figures, (g) => g.start <= lineEnd);
      i < figures.length && figures[i]!.start < lineEnd + 600;
      i++
    ) {
      const g = figures[i]!;
      if (
        normalizeUnit(g.noun?.split(/\s+/).at(-1) ?? null) === head &&
        numbers(g).some((n) => mine.includes(n))
      )
        return false;
    }
    return true;
  });
}

/** A hyphenated time after a number: "-year high", "-month sentence", "-page memo"; not an age ("-year-old"). */
const HYPHEN_MEASURE =
  /^-(?<unit>seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centur(?:y|ies)|pages?)(?![\p{L}-])(?:\s+(?<next>\p{L}+))?/u;

/** The word right before `pos`, lower-cased ("" when none). */
function wordBefore(text: string, pos: number): string {
  return /(\p{L}+)\s+$/u.exec(text.slice(Math.max(0, pos - 20), pos))?.[1]?.toLowerCase() ?? '';
}

/** A scale word ending an amount ("15 billion", "$2bn"). */
const SCALE_END = /\s*(hundred|thousand|million|billion|trillion|bn|mln)$/i;

const RELATIVE_AMOUNT = /^\S+\s+\p{L}+\s+(?:later|ago|earlier|before|after|on)$/iu;

/** A scale written against the number: "25k", "4.3M", "2.7bn"; lower-case "m" only where money or a counted plural follows it. */
function gluedScale(text: string, from: number): { factor: number; end: number } | null {
  // ("$40B", "8 B people": a capital B for billions after money, or set apart before people counted;
  // "grade 5B students" is a class)
  const m = /^(k|K|M|m|bn|mn|mln|mil|B| B(?=\s+people\b))(?![\p{L}\p{N}])/u.exec(text.slice(from, from + 12));
  if (!m) return null;
  const f = m[1]!;
  const after = from + f.length;
  if (f === 'B' && !MONEY_END.test(text.slice(Math.max(0, from - 12), from))) return null;
  if (
    f === 'm' &&
    !MONEY_END.test(text.slice(Math.max(0, from - 12), from)) &&
    !CODE_AMOUNT_END.test(text.slice(Math.max(0, from - 16), from)) &&
    !/^\s+\p{Ll}+[^s\s]*s\b/u.test(text.slice(after, after + 40)) &&
    // "35m of its devices", "2.7m combined digital and physical sales": a count of something, in millions
    !/^\s+(?:of\b|(?:\p{Ll}+\s+){1,4}\p{Ll}+[^s\s']s\b)/u.test(text.slice(after, after + 60))
  )
    return null;
  if (
    f === 'm' &&
    /^\s+(?:tall|long|high|deep|wide|away|above|below|sprint|race|dash|hurdles|freestyle)\b/.test(
      text.slice(from + 1, from + 20),
    )
  )
    return null;
  const factor = /^[kK]$/.test(f) ? 1e3 : /^(?:M|m|mn|mln|mil)$/.test(f) ? 1e6 : 1e9;
  return { factor, end: after };
}

/** A capitalised word right after the number that is not a plural or a people's name: "787 Dreamliner", "11 Pro". */
function nameAfter(text: string, from: number, lang: string): boolean {
  const m = /^\s+(\p{Lu}[\p{L}\p{N}]*)/u.exec(text.slice(from, from + 30));
  if (!m) return false;
  // "12 U.S. diplomats": a country's abbreviation before a noun
  if (/^\s+\p{Lu}(?:\.\p{Lu})+\.\s+\p{Ll}/u.test(text.slice(from, from + 30))) return false;
  const w = m[1]!;
  const lex = lexicon(lang);
  if (
    /s$/.test(w) ||
    currencyAfter(text, from) ||
    lex.demonyms.has(w.toLowerCase()) ||
    UNIT_NAMES[w.toLowerCase()] ||
    MEASURES.has(w.toLowerCase())
  )
    return false;
  return !isSentenceStart(text, from + m[0].length - w.length);
}

/** The span of a vague amount, from the language's data; null (no bounds) for a language without it. */
function vagueSpan(phrase: string, words: FigureWords | null): [number, number] | null {
  return words?.vague.get(phrase.toLowerCase().replace(/\s+/g, ' ')) ?? null;
}

/**
 * Whether the number at `numStart` is part of a name: right after a capitalised or camel-case word that is
 * not a sentence's first function word ("Rossiya 1", "iPhone 11", "S&P 500", but not "Just 1 percent").
 */
function partOfName(text: string, numStart: number, lang: string): boolean {
  const before = /(?<=\s|^)([\p{L}&-]*\p{Lu}[\p{L}&-]*)\s$/u.exec(
    text.slice(Math.max(0, numStart - 24), numStart),
  );
  if (!before) return false;
  const wordStart = numStart - before[0].length;
  if (isSentenceStart(text, numStart)) return false;
  if (isSentenceStart(text, wordStart) && lexicon(lang).functionWords.has(before[1]!.toLowerCase()))
    return false;
  return true;
}

/** Whether a unit of measure (not a counted noun) follows the number ending at `from`: "550 megawatt", "640bhp". */
function unitFollows(text: string, from: number): boolean {
  if (gluedUnit(text, from)) return true;
  // (a compound whole first: "275 pound-feet")
  const w = /^\s+(\p{L}+(?:-\p{L}+)*)/u.exec(text.slice(from, from + 24))?.[1]?.toLowerCase();
  const unit = w ? (UNIT_NAMES[w] ?? UNIT_NAMES[w.split('-')[0]!]) : undefined;
  return !!unit && !COUNTED.has(unit);
}

/**
 * "raised 280 million of the 1.5 billion shekels": an amount without a unit, a part of the next amount,
 * counts in that amount's unit.
 */
function withBorrowedUnits(text: string, figures: Figure[]): Figure[] {
  for (let i = 0; i + 1 < figures.length; i++) {
    const f = figures[i]!;
    const g = figures[i + 1]!;
    if (f.unit || !g.unit || f.low !== null || g.start < f.end) continue;
    // "about 8 or $9", "by 5 and 10 percentage points": a bare number joined to the next amount counts in its unit
    const alternative = /^\s+(?:or|and)\s+$/i.test(text.slice(f.end, g.start)) && /\d$/.test(f.text);
    if (!alternative && !/^\s+of\s+(?:the|its|their|his|her|our)\s+$/i.test(text.slice(f.end, g.start)))
      continue;
    f.unit = g.unit;
    f.noun = g.noun;
  }
  return figures;
}

/**
 * The unit a fraction is a part of: "1/16 of a US pint" is 0.0625 pints, "a third of a mile" a third of a
 * mile (but "a third of the vote" is a share: only one of a unit of measure, after "a" or "an").
 */
function unitOfOne(text: string, from: number): string | null {
  const one = /^(?:\s+of)?\s+an?\s+(?<words>(?:[\p{L}.]+\s+){0,2}[\p{L}.]+)/u.exec(
    text.slice(from, from + 60),
  );
  const words = one?.groups!.words!.split(/\s+/).map((w) => w.replace(/\.$/, '')) ?? [];
  for (const [i, w] of words.entries()) {
    const multi = MULTI_UNIT.exec(` ${words.slice(i).join(' ')}`);
    if (multi) return UNIT_NAMES[multi[1]!.toLowerCase().replace(/\s+/g, ' ')] ?? null;
    const unit = UNIT_NAMES[w.toLowerCase()] ?? (MEASURES.has(w.toLowerCase()) ? normalizeUnit(w) : null);
    if (unit) return COUNTED.has(unit) ? null : unit;
  }
  return null;
}

/** Units a bare number never borrows: a share or a change in percent is no level ("rose 8% to 3.65"). */
const UNBORROWED = new Set(['percentage', 'percentage point', 'fraction', 'fold', 'vote']);

/**
 * "The highest forecast is 84.75 cents, while the lowest is 74.07", "2,435,000 yen ($22,480) … and
 * 2,380,000 ($21,972)": a bare number beside an amount of like size in a unit, in one sentence, states
 * the same kind of amount, in that unit (the nearest such amount before it, else after it), at the rate
 * written after it.
 */
function withParallelUnits(text: string, figures: Figure[], sentences: Span[]): Figure[] {
  const size = (f: Figure): number | null => f.value ?? f.high ?? f.low;
  const alike = (x: number, y: number): boolean =>
    x > 0 && y > 0 && Math.max(x, y) / Math.min(x, y) <= PARALLEL_RATIO;
  for (const [i, f] of figures.entries()) {
    const n = size(f);
    // (only a number in digits with no letter against it: "5G" is no amount of a unit)
    if (f.unit || f.noun || f.qualifier === 'tally' || n === null || !/\d$/.test(f.text)) continue;
    if (/^\p{L}/u.test(text.slice(f.end, f.end + 1))) continue;
    const s = sentences[firstIndex(sentences, (x) => x.end <= f.start)];
    if (!s || s.start > f.start) continue;
    const parallel = (g: Figure | undefined): boolean => {
      const m = g ? size(g) : null;
      // (not a dimension's other side: "a 5 x 10 room")
      const between = g ? text.slice(Math.min(f.end, g.end), Math.max(f.start, g.start)) : '';
      return (
        !!g?.unit && !UNBORROWED.has(g.unit) && m !== null && alike(n, m) && !/^\s*[x×]\s*$/i.test(between)
      );
    };
    let g: Figure | undefined;
    // (a few figures either way: a long run of numbers without a full stop stays linear)
    for (let j = i - 1; j >= Math.max(0, i - PARALLEL_REACH) && figures[j]!.start >= s.start && !g; j--)
      if (parallel(figures[j])) g = figures[j];
    for (let j = i + 1; j <= i + PARALLEL_REACH && j < figures.length && figures[j]!.end <= s.end && !g; j++)
      if (parallel(figures[j])) g = figures[j];
    if (!g?.unit) continue;
    // ("an average of 20 per week" beside "22 residential burglaries": burglaries per week)
    const rate = g.unit.includes(' per ') ? null : perUnit(text, f.end);
    f.unit = rate ? `${g.unit} per ${rate.per}` : g.unit;
  }
  return figures;
}
/** How far apart two amounts may be and still be read as the same kind of amount. */
const PARALLEL_RATIO = 4;
/** How many figures away in its sentence a bare number looks for one in a unit. */
const PARALLEL_REACH = 6;

/**
 * "dropping from 208 pounds to 193", "from $75 per barrel to $45.88": a change from one level to another,
 * written with its unit between, is one range with its ends in the order written, as "from 2,415 to 2,315" is.
 */
function fromTo(text: string, figures: Figure[]): Figure[] {
  const out: Figure[] = [];
  for (let i = 0; i < figures.length; i++) {
    const f = figures[i]!;
    const g = figures[i + 1];
    const joined =
      g &&
      f.value !== null &&
      g.value !== null &&
      f.value !== g.value &&
      f.qualifier === '=' &&
      (!g.unit ||
        !f.unit ||
        g.unit === f.unit ||
        g.unit.startsWith(`${f.unit} `) ||
        f.unit.startsWith(`${g.unit} per `)) &&
      /^from\s/i.test(f.text) &&
      g.qualifier === '=' &&
      /^[\p{N}$€£¥]/u.test(g.text) &&
      // (a year may stand between: "from 20 mpg in 2008 to 29 mpg")
      /^(?:\s+(?:[\p{L}.]+|\d{4})){0,3}\s+to\s+$/u.test(text.slice(f.end, g.start)) &&
      !/\bup\s+to\s+$/i.test(text.slice(f.end, g.start));
    if (!joined) {
      out.push(f);
      continue;
    }
    out.push({
      ...f,
      end: g.end,
      text: text.slice(f.start, g.end),
      value: null,
      low: f.value,
      high: g.value,
      qualifier: 'range',
      unit: f.unit ?? g.unit,
      noun: f.noun ?? g.noun,
    });
    i++;
  }
  return out;
}

const HYPHEN_UNIT = new RegExp(
  String.raw`^(?<pair>(?:-,?\s+(?:(?:or|and|to)\s+)?(?:\d+(?:\.\d+)?|${WORDNUM}))+)?-(?<word>\p{L}+)(?![\p{L}-])`,
  'iu',
);
/**
 * A unit after a hyphen ("a 5-mpg boost", "an 8-inch screen"), or after the last number of a list ("a 7- or
 * 8-inch screen", "four-, five- and six-cylinder engines").
 */
function hyphenUnit(text: string, from: number): { head: string; end: number; unit: string } | null {
  const m = HYPHEN_UNIT.exec(text.slice(from, from + 60));
  if (!m) return null;
  const word = m.groups!.word!;
  const w = word.toLowerCase();
  const unit = UNIT_NAMES[w] ?? (MEASURES.has(w) ? normalizeUnit(w) : null);
  if (!unit || COUNTED.has(unit)) return null;
  return { head: word, end: m.groups!.pair ? from + 1 : from + m[0].length, unit };
}

/** "Maddon, 66, has…": a number alone between commas right after a name is the person's age. */
function isAge(text: string, numStart: number, end: number, value: number, b: string | undefined): boolean {
  return (
    !b &&
    Number.isInteger(value) &&
    value > 0 &&
    value < 120 &&
    /\p{Lu}[\p{L}'’-]*,\s$/u.test(text.slice(Math.max(0, numStart - 30), numStart)) &&
    /^,/.test(text.slice(end, end + 1))
  );
}

/** A unit written against the number: "256GB", "5kW", "640bhp", "1.38pc", "1.0l". */
function gluedUnit(text: string, from: number): { head: string; end: number } | null {
  const m = /^(\p{L}{1,4}(?:\/\p{L}{1,3})?|[″′])(?![\p{L}\p{N}])/u.exec(text.slice(from, from + 9));
  if (!m) return null;
  const u = m[1]!;
  // A capital letter alone is not a unit's symbol here ("5G", "4K"); lower-case ones are ("5g", "2l").
  if (u.length === 1 && /\p{Lu}/u.test(u)) return null;
  if (!(UNIT_NAMES[u.toLowerCase()] || GLUED[u.toLowerCase()])) return null;
  return { head: u, end: from + m[0].length };
}

/** Symbols that only stand for a unit when written against the number. */
const GLUED: Record<string, string> = {
  pc: 'percentage',
  l: 'litre',
  bn: 'billion',
  ps: 'horsepower',
  t: 'tonne',
  w: 'watt',
  v: 'volt',
};

/** The currency of an amount written with a symbol, with a country prefix when there is one ("US $", "HK$", "A$"). */
function currencyUnit(text: string, numStart: number, amount: string): string {
  const prefix =
    /^(US|HK|NZ|[ACS])[$]/.exec(amount)?.[1] ??
    /^[$](US|NZ|HK|[ACS])/.exec(amount)?.[1] ??
    (/^[$]AU/.test(amount) ? 'A' : undefined) ??
    /(?:^|[^\p{L}])(US|HK|C|AU|A|NZ|S)\s?$/u.exec(text.slice(Math.max(0, numStart - 4), numStart))?.[1] ??
    /^\$\s?(US)/.exec(amount)?.[1];
  const code = CODE_START.exec(amount)?.groups!.code!.replace(/[.\s]+$/, '');
  if (code) return CURRENCY_CODES[code] ?? CURRENCY_CODES[code.toUpperCase()] ?? 'dollar';
  const sym = symbolOf(amount)!;
  if (sym !== '$') return UNIT_NAMES[CURRENCY[sym]!.toLowerCase()]!;
  return DOLLAR_PREFIX[prefix ?? 'US'] ?? 'dollar';
}

const DOLLAR_PREFIX: Record<string, string> = {
  US: 'dollar',
  HK: 'hong kong dollar',
  C: 'canadian dollar',
  A: 'australian dollar',
  AU: 'australian dollar',
  NZ: 'new zealand dollar',
  S: 'singapore dollar',
};

/**
 * What a figure counts or measures, normalised: a unit's name ("kilogram"), a currency with its country
 * ("australian dollar"), or the counted noun phrase with its head in the singular ("heart transplant").
 */
function unitOf(text: string, numEnd: number, counted: { head: string; end: number }): string | null {
  const phrase = text.slice(numEnd, counted.end).trim().toLowerCase().replace(/\s+/g, ' ');
  const glued = GLUED[phrase];
  if (glued) return glued;
  const known = UNIT_NAMES[phrase];
  if (known) return known;
  const words = phrase.split(' ');
  // a unit of several words at the front: "sq m", "basis points"
  for (let k = Math.min(3, words.length); k > 1; k--) {
    const u = UNIT_NAMES[words.slice(0, k).join(' ')];
    if (u) return u;
  }
  const head = normalizeUnit(words.at(-1)!)!;
  const currency = CURRENCY_NAMES[`${words.at(-2) ?? ''} ${words.at(-1)!.replace(/s$/, '')}`.trim()];
  if (currency) return currency;
  if (MEASURES.has(words[0]!)) return normalizeUnit(words[0]!);
  return [...words.slice(0, -1), head].join(' ');
}

/**
 * A currency named after the amount: a symbol written after it ("1,200€", "30 £") or a currency with its
 * country's adjective ("9.99 New Zealand dollars").
 */
function currencyAfter(text: string, from: number): { head: string; end: number; unit: string } | null {
  const symbol = /^\s?(?<sym>[$€£¥])(?!\s?[\p{N}$€£¥])/u.exec(text.slice(from, from + 4));
  if (symbol) {
    const sym = symbol.groups!.sym!;
    const unit = sym === '$' ? 'dollar' : UNIT_NAMES[CURRENCY[sym]!.toLowerCase()]!;
    return { head: sym, end: from + symbol[0].length, unit };
  }
  currencyNamesRe ??= new RegExp(
    String.raw`^\s+(?<name>(?:${Object.keys(CURRENCY_NAMES)
      .map((k) => escapeRegExp(k).replace(/\s+/g, '\\s+'))
      .join('|')})(?:s|r|er)?)(?![\p{L}])`,
    'iu',
  );
  const named = currencyNamesRe.exec(text.slice(from, from + 40));
  if (!named) return null;
  const name = named.groups!.name!.toLowerCase().replace(/\s+/g, ' ');
  const key = Object.keys(CURRENCY_NAMES).find((k) => name.startsWith(k))!;
  return { head: named.groups!.name!, end: from + named[0].length, unit: CURRENCY_NAMES[key]! };
}
let currencyNamesRe: RegExp | undefined;

/** Currencies named with their country's adjective. */
const CURRENCY_NAMES: Record<string, string> = {
  'australian dollar': 'australian dollar',
  'canadian dollar': 'canadian dollar',
  'hong kong dollar': 'hong kong dollar',
  'new zealand dollar': 'new zealand dollar',
  'singapore dollar': 'singapore dollar',
  'danish crown': 'danish krone',
  'danish krone': 'danish krone',
  'norwegian crown': 'norwegian krone',
  'norwegian krone': 'norwegian krone',
  'swedish crown': 'swedish krona',
  'swedish krona': 'swedish krona',
  'chinese yuan': 'chinese yuan',
  'japanese yen': 'japanese yen',
  'indian rupee': 'indian rupee',
  'russian rouble': 'russian ruble',
  'russian ruble': 'russian ruble',
  'swiss franc': 'swiss franc',
  'south african rand': 'south african rand',
  'mexican peso': 'mexican peso',
};

/** A rate after the unit: "a month", "per barrel", "per share", "an hour". */
function perUnit(text: string, from: number): { per: string; end: number } | null {
  // "10 kV/cm", "$40/night": a rate written with a slash
  const slash = /^\/(\p{L}{1,8})(?![\p{L}\p{N}/])/u.exec(text.slice(from, from + 10));
  const slashed = slash?.[1]!.toLowerCase();
  if (slashed && (UNIT_NAMES[slashed] || MEASURES.has(slashed) || PER_NOUNS.has(slashed)))
    return { per: UNIT_NAMES[slashed] ?? normalizeUnit(slashed)!, end: from + slash![0].length };
  // "per 1,000 women": a rate's base with its number, the noun as written.
  const based = /^\s+per\s+(\d{1,3}(?:,\d{3})*|\d+)\s+(\p{Ll}+)\b/u.exec(text.slice(from, from + 40));
  if (based) return { per: `${based[1]} ${based[2]}`, end: from + based[0].length };
  // "$80 per sq m": a unit of several words
  const several = /^\s+per\s+(\p{L}+\s+\p{L}+)\b/u.exec(text.slice(from, from + 40));
  const severalUnit = several ? UNIT_NAMES[several[1]!.toLowerCase().replace(/\s+/g, ' ')] : undefined;
  if (severalUnit) return { per: severalUnit, end: from + several![0].length };
  const m = /^\s+(?:per|a|an|each)[\s-]+(\p{L}+)\b(?!\s+(?:earlier|ago|before|later|prior|after)\b)/u.exec(
    text.slice(from, from + 40),
  );
  // "from 6% a month earlier" dates the figure, it is not a rate (the lookahead above)
  if (!m) return null;
  const w = m[1]!.toLowerCase();
  if (!(MEASURES.has(w) || PER_NOUNS.has(w) || UNIT_NAMES[w])) return null;
  return { per: normalizeUnit(w)!, end: from + m[0].length };
}

/** The noun phrase a number counts, and its head word: "oil producing and refining facilities" -> "facilities". */
function countedNoun(text: string, from: number): { head: string; end: number } | null {
  // (a dotted abbreviation is one word: "13 U.S. service members")
  const re = /\s+(\p{Lu}(?:\.\p{Lu})+\.(?=\s+\p{Ll})|[\p{L}][\p{L}'’-]*)/uy;
  let pos = from;
  let head: string | null = null;
  let end = from;
  for (let i = 0; i < 5; i++) {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) break;
    const w = m[1]!;
    const lw = w.toLowerCase();
    if (i === 0) {
      // a unit of several words: "basis points", "sq m", "degrees Fahrenheit"
      const multi = MULTI_UNIT.exec(text.slice(pos, pos + 32));
      if (multi) return { head: multi[1]!, end: pos + multi[0].length };
    }
    if (i === 0 && MEASURES.has(lw)) return { head: w, end: pos + m[0].length };
    // "4,901 more than in 2019", "40k cheaper than its rivals": a comparison, no noun counted
    if (i === 0 && /^\s+than\b/.test(text.slice(pos + m[0].length))) return null;
    if (PAST_TENSES.has(lw)) break;
    if (
      STOP.has(lw) &&
      !(
        lw === 'and' &&
        head &&
        i < 4 &&
        /\s+\p{Ll}+ing\b/u.test(text.slice(pos + m[0].length - w.length + 3, pos + m[0].length + 14))
      ) &&
      // "digital and physical sales": two modifiers of one plural noun
      !(
        lw === 'and' &&
        head &&
        i < 3 &&
        normalizeUnit(head) === head.toLowerCase() &&
        /^\s+\p{Ll}+(?:\s+\p{Ll}+)?\s+\p{Ll}+[^s\s']s\b/u.test(
          text.slice(pos + m[0].length, pos + m[0].length + 50),
        )
      )
    )
      break;
    if (/^\p{Lu}/u.test(w) && i > 0) break;
    // After a plural noun the phrase goes on only with another noun-like plural ("combat flights").
    if (head && /[^s]s$/.test(head.toLowerCase()) && !/[^s]s$/.test(lw)) break;
    // "militants killed": the participle is not the noun (but "fully vaccinated people": an adverb's participle
    // is; and a hyphenated one is an adjective: "decently sized coal-fired plants")
    if (i > 0 && /(ed)$/.test(lw) && head && !/(?:ing|ly)$/.test(head) && !lw.includes('-')) break;
    head = w;
    pos += m[0].length;
    end = pos;
    if (/[.,;:!?]/.test(text[pos] ?? '')) break;
  }
  return head ? { head, end } : null;
}

export const figuresAnalyzer: Analyzer = {
  name: 'figures',
  run(ctx) {
    // Figures in digits need no words, so they are still found; what words would add is reported missing.
    if (!WORD_LANGUAGES.has(ctx.lang))
      ctx.warnings.push(
        unsupportedLanguage(
          'figures',
          ctx.lang,
          'number words, qualifiers or units',
          'figures in digits only, without qualifier or unit words',
        ),
      );
    ctx.figures = findFigures(ctx);
  },
};
