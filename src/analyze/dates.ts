/**
 * Temporal expressions, normalised against the article's publication date in TIMEX3 notation.
 *
 * chrono-node (in its locale for the article's language) finds calendar expressions; we keep only those
 * with a calendar component (so "From 5,000 to 7,000" is not read as clock times) and resolve what is
 * ambiguous by tense: a weekday, a month or a month-day without a year is the most recent one on or
 * before publication unless "next" or a future marker ("will", "is due") near it looks ahead. Before
 * chrono, rules driven by the language's words in data/dates.json take what chrono lacks or gets wrong:
 * quarters ("the third quarter" → 1989-Q3), sets ("each Thursday" → XXXX-WXX-4), "N units ago", parts of
 * day ("Thursday evening" → …TEV), weeks and weekends (→ YYYY-Www, YYYY-Www-WE), seasons, durations
 * ("over the past 24 hours" → PT24H, "two-year" → P2Y, "a few weeks" → PXW), and the present, past and
 * future references ("now" → PRESENT_REF). Bare years count after a preposition. Without a publication
 * date, relative expressions stay unresolved (value null).
 */
import * as chrono from 'chrono-node';
import type { DateMention, DateRole, Span } from '../model/document.js';
import { loadData } from '../util/data.js';
import { baseLanguage, unsupportedLanguage } from '../util/language.js';
import { regExpSkippingAhead } from '../util/regex.js';
import { firstIndex } from '../util/search.js';
import type { AnalysisContext, Analyzer } from './context.js';
import {
  assignRoles,
  clauseTense,
  compileTenseRules,
  sentenceTense,
  type ClauseTense,
  type RoleWords,
  type Tense,
  type TenseRules,
  type TenseWords,
} from './date-roles.js';
import { lexicon } from './lexicon.js';

interface DateWords {
  prepositions: string[];
  numbers: Record<string, number>;
  vague: string[];
  /**
   * Holidays by name, as written (capitalised): "MM-DD" a fixed day, "MM-DD+Wd" the first weekday d
   * (1 Monday … 7 Sunday) on or after that day ("11-22+W4", the fourth Thursday of November), "easter±n"
   * days from Easter Sunday.
   */
  holidays?: Record<string, string>;
  /** Words that make "the … decade" a stretch up to now ("over the past decade" → P10Y). */
  durationLast?: string[];
  /** Prepositions before which a plural unit alone is a vague duration ("for years", "for weeks"). */
  barePluralLead?: string[];
  /** Words after which "soon", "recently" and the like are relative to another event ("shortly after"). */
  relativeFollowers?: string[];
  /** Words that make a vague duration before a plural unit only ("in recent years", "the coming days"). */
  vagueBeforePlural?: string[];
  units: Record<string, string>;
  half: string[];
  ago: string[];
  notDuration: string[];
  /**
   * Words of notDuration after which "N units" measures from another time ("three days later"): TimeML marks
   * the stretch as a duration (P3D), not as a day counted from publication.
   */
  measuredFrom?: string[];
  present: string[];
  past: string[];
  future: string[];
  last: string[];
  next: string[];
  this: string[];
  each: string[];
  determiners: string[];
  partsOfDay: Record<string, string>;
  tonight: string[];
  lastNight: string[];
  relativeDays: Record<string, number>;
  seasons: Record<string, string>;
  week: string[];
  weekend: string[];
  weekdays: Record<string, number>;
  months: Record<string, number>;
  quarterOrdinals: Record<string, number>;
  yearAgo: string[];
  periodNouns?: string[];
  yearAgoAdjectives?: string[];
  yearBefore?: string[];
  frequencies?: Record<string, string>;
  decadeSuffix?: string[];
  futureMarkers: string[];
  fiscal: string[];
  /** Month names that, written in lower case, are other words ("may", "march"). */
  lowercaseNotMonths?: string[];
  /** Words between "the" and "year" that keep it the year in hand ("the full year", "the fiscal year"). */
  wholeYear?: string[];
  /** Words after "the year" that make it a twelve-month period ending on a date ("the year ended June 30"). */
  periodEnd?: string[];
  /** Words after "the year" that make it another year than publication's ("the year when", "the year that"). */
  otherYear?: string[];
  /** "that year", "that same day": the time the text last named. */
  sameAsBefore?: string[];
  /** "the following year", "the next morning": the unit after the time the text last named. */
  afterBefore?: string[];
  /** Of afterBefore, those that name only a day or part of one ("the next morning"; "the next year" is chrono's). */
  afterBeforeDaysOnly?: string[];
  /** "Earlier that day", "later that year": words before such a phrase, which stay in its span. */
  withinBefore?: string[];
  /** Halves of a year by phrase ("first half" → 1): "the last half of 1989" → 1989-H2. */
  yearHalves?: Record<string, number>;
  /** Words between a number and its unit that keep the phrase a duration ("two more weeks"). */
  durationExtra?: string[];
  /** Suffixes that make "unit-…" a duration ("day-long", "decades-long"). */
  lengthSuffixes?: string[];
  /** Words that join a second day of the same month to a date ("April 24 and 25"). */
  dayListJoin?: string[];
  /** Words that make a weekday after them a name ("Good Friday"), lower case. */
  namedDayPrefixes?: string[];
  /** Words that tell a clause's tense and a date's role; without them every date is an event. */
  tense?: TenseWords;
  roles?: RoleWords;
}

interface Rules {
  w: DateWords;
  /** The tense and role rules, when the language has their words. */
  tr: TenseRules | null;
  /** Per rule, words one of which must occur (lower-cased) in a text for the rule to run at all. */
  triggers: Record<string, string[]>;
  lead: RegExp;
  /** The language's function words, lower case. */
  functionWords: Set<string>;
  quarter: RegExp;
  yearAgoPeriod: RegExp;
  yearBefore: RegExp;
  unnamedQuarter: RegExp;
  currentPeriod: RegExp;
  theYear: RegExp;
  holiday: RegExp;
  barePlural: RegExp;
  pastUnit: RegExp;
  set: RegExp;
  frequency: RegExp;
  decade: RegExp;
  spelledYear: RegExp;
  everyUnit: RegExp;
  ago: RegExp;
  partOfDay: RegExp;
  tonight: RegExp;
  lastNight: RegExp;
  lengthCompound: RegExp;
  /** "the week of" before a date (weekOf), "and 25" after one (secondDays), "quarter" after a year. */
  weekOfLead: RegExp;
  dayListJoin: RegExp;
  periodAfter: RegExp;
  yearHalf: RegExp;
  anaphor: RegExp;
  anaphorLead: RegExp;
  pluralWeekday: RegExp;
  week: RegExp;
  theWeekend: RegExp;
  season: RegExp;
  monthRelYear: RegExp;
  relMonth: RegExp;
  duration: RegExp;
  present: RegExp;
  past: RegExp;
  future: RegExp;
  futureMarker: RegExp;
  next: RegExp;
  last: RegExp;
  thisRe: RegExp;
  year: RegExp;
}

type ChronoParse = typeof chrono.parse;
const CHRONO: Record<string, ChronoParse> = {};
for (const lang of [
  'en',
  'de',
  'fr',
  'ja',
  'pt',
  'nl',
  'zh',
  'ru',
  'es',
  'uk',
  'it',
  'sv',
  'fi',
  'vi',
  'id',
  'ar',
]) {
  const mod = (chrono as unknown as Record<string, { parse?: ChronoParse }>)[lang];
  if (mod?.parse) CHRONO[lang] = mod.parse.bind(mod);
}

/** A regex alternation of words and phrases, longest first, any run of spaces matching a space. */
const alt = (xs: Iterable<string>): string =>
  [...xs]
    .sort((a, b) => b.length - a.length)
    .map((x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+'))
    .join('|') || '(?!)';
/** Word edges for any script; for a language whose words are all ASCII, \\b does the same job much faster. */
const UNICODE_EDGES = ['(?<![\\p{L}\\p{N}])', '(?![\\p{L}\\p{N}])'] as const;
const re = (src: string, flags = 'giu'): RegExp => new RegExp(src, flags);

const rulesCache = new Map<string, Rules | null>();
function rulesFor(lang: string): Rules | null {
  if (rulesCache.has(lang)) return rulesCache.get(lang)!;
  const w = loadData<Record<string, DateWords>>('dates.json')[lang];
  if (!w) {
    rulesCache.set(lang, null);
    return null;
  }
  const units1 = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'].filter(
    (k) => k in w.numbers,
  );
  const tens = Object.keys(w.numbers).filter(
    (k) => w.numbers[k]! >= 20 && w.numbers[k]! % 10 === 0 && w.numbers[k]! < 100,
  );
  const compound = tens.length && units1.length ? `(?:${alt(tens)})[-\\s](?:${alt(units1)})|` : '';
  const wordsBetween = (lo: number, hi: number): string[] =>
    Object.keys(w.numbers).filter((k) => w.numbers[k]! >= lo && w.numbers[k]! <= hi && /^\p{L}+$/u.test(k));
  const centuryWords = wordsBetween(11, 19);
  const [B, E] = /^\p{ASCII}*$/u.test(JSON.stringify(w)) ? ['\\b', '\\b'] : UNICODE_EDGES;
  const num = `(?:${compound}${alt(Object.keys(w.numbers))}|\\d+(?:[.,]\\d+)?)`;
  const half = `(?:\\s+(?:${alt(w.half)}))?`;
  const units = alt(Object.keys(w.units));
  const wd = alt(Object.keys(w.weekdays));
  const mon = alt(Object.keys(w.months));
  const words = (xs: Iterable<string>): string[] => [
    ...new Set([...xs].map((x) => x.toLowerCase().split(/[\s-]+/)[0]!)),
  ];
  // Each phrase's longest word (a rule's regex matches every word of a phrase as written, in any case): rarer
  // in most texts than its first ("new" of "New Year's Day", "a" of "a later date"), so the rule is tried less.
  const longestWords = (xs: Iterable<string>): string[] => [
    ...new Set(
      [...xs].map((x) =>
        x
          .toLowerCase()
          .split(/\s+/)
          .reduce((a, b) => (b.length > a.length ? b : a)),
      ),
    ),
  ];
  const units0 = words(Object.keys(w.units));
  const rules: Rules = {
    w,
    tr:
      w.tense && w.roles
        ? compileTenseRules(
            w.tense,
            w.roles,
            w.prepositions,
            w.lowercaseNotMonths,
            lexicon(lang).functionWords,
          )
        : null,
    triggers: {
      quarter: ['quarter'],
      // (a period noun after a phrase of yearAgo, or an adjective of yearAgoAdjectives)
      yearAgoPeriod: longestWords([
        ...(w.periodNouns ?? ['quarter']),
        ...(w.yearAgoAdjectives ?? ['\u0000']),
      ]),
      unnamedQuarter: ['quarter'],
      currentPeriod: words(w.this),
      // (the phrases themselves: "year" alone is in most news texts)
      theYear: w.wholeYear
        ? Object.keys(w.units)
            .filter((u) => w.units[u] === 'Y' && !u.endsWith('s'))
            .flatMap((u) => [`the ${u}`, ...[...w.wholeYear!, ...w.fiscal].map((x) => `${x} ${u}`)])
        : [],
      holiday: longestWords(Object.keys(w.holidays ?? {})),
      barePlural: w.barePluralLead ?? [],
      pastUnit: longestWords(
        Object.keys(w.units).filter((u) => !u.endsWith('s') && ['DE', 'CE'].includes(w.units[u]!)),
      ),
      set: words(w.each),
      frequency: Object.keys(w.frequencies ?? {}),
      everyUnit: words(w.each),
      decade: ['0s', "0's"],
      spelledYear: centuryWords,
      ago: words(w.ago),
      partOfDay: words(Object.keys(w.partsOfDay)),
      tonight: words(w.tonight),
      lastNight: words(w.lastNight ?? []),
      lengthCompound: (w.lengthSuffixes ?? []).map((x) => `-${x}`),
      yearHalf: [...new Set(Object.keys(w.yearHalves ?? {}).map((x) => x.split(' ').at(-1)!))],
      anaphor: words([...(w.sameAsBefore ?? []), ...(w.afterBefore ?? [])]),
      pluralWeekday: words(Object.keys(w.weekdays)),
      week: words([...w.week, ...w.weekend]),
      theWeekend: words(w.weekend),
      season: words(Object.keys(w.seasons)),
      relMonth: words(Object.keys(w.months)).map((m) => m.slice(0, 3)),
      monthRelYear: words(Object.keys(w.months)).map((m) => m.slice(0, 3)),
      duration: units0,
      present: words(w.present),
      past: longestWords(w.past),
      future: longestWords(w.future),
    },
    lead: re(`${B}(?:${alt(w.prepositions)})\\s+$`, 'iu'),
    functionWords: new Set([...lexicon(lang).functionWords].map((x) => x.toLowerCase())),
    yearAgoPeriod: re(
      `${B}(?:the\\s+)?(?:(?:${alt(w.yearAgo)})\\s+(${alt(w.periodNouns ?? ['quarter'])})|(?:${alt(w.yearAgoAdjectives ?? ['\u0000'])})(?:\\s+(${alt(w.periodNouns ?? ['quarter'])}))?)${E}`,
    ),
    yearBefore: re(`${B}(?:${alt(w.yearBefore ?? [])})${E}`, 'iu'),
    quarter: re(
      `${B}(?:(?:the|${alt(w.this)})\\s+)?(?:(${alt(w.yearAgo)}|(?:${alt(w.last)}|${alt(w.next)})\\s+year'?s|\\d{4})\\s+)?(${alt(Object.keys(w.quarterOrdinals))})[-\\s]+quarter(?:\\s+of\\s+(?:(?:${alt(w.fiscal)})\\s+)?((?:1[89]|20)\\d{2}))?${E}`,
    ),
    // "the current fiscal year", "this quarter": the period holding publication.
    // "for the year", "the full year", "the fiscal year ended Sept. 30": not "the year-ago quarter", "the year
    // 2000", "the year before", "the year that followed".
    theYear: re(
      `${B}the\\s+(?:(?:${alt([...(w.wholeYear ?? []), ...w.fiscal])})\\s+)?(?:${alt(Object.keys(w.units).filter((u) => w.units[u] === 'Y' && !u.endsWith('s')))})${E}(?![-‐'’]|\\s+(?:\\d|(?:${alt([...(w.yearBefore ?? []), ...(w.relativeFollowers ?? []), ...(w.otherYear ?? []), ...Object.keys(w.numbers)].map((x) => x.split(' ')[0]!))})${E}))(?<end>\\s+(?:${alt(w.periodEnd ?? [])})${E})?`,
    ),
    currentPeriod: re(
      `${B}(?:the\\s+)?(?:${alt(w.this)})(?:\\s+(?:${alt(w.fiscal)}))?\\s+(${alt(Object.keys(w.units).filter((u) => ['Y', 'Q', 'M', 'DE', 'CE'].includes(w.units[u]!) && !u.endsWith('s')))})${E}`,
    ),
    // "Thanksgiving Day", "last Christmas", "Easter week", "Christmas 2023": a holiday names its day; a
    // capitalised word after it makes it part of a name ("Easter Island"), and so does one before it inside
    // a sentence ("the Belfast Good Friday accord"); a sentence's first word ("On Christmas Eve") does not.
    holiday: new RegExp(
      `(?<![\\p{Ll},;]\\s+\\p{Lu}\\p{L}*\\s+)${B}(?:(${alt([...w.last, ...w.next, ...w.this])})\\s+)?(${alt(Object.keys(w.holidays ?? {}))})(?:\\s+(${alt(w.week)}))?(?:,?\\s+((?:1[89]|20)\\d{2}))?${E}(?!\\s+\\p{Lu})`,
      'gu',
    ),
    // "over the past decade": a stretch up to now. (A calendar unit, "the past year", is the last one, as
    // TimeML reads it: chrono's.)
    pastUnit: re(
      `${B}the\\s+(?:${alt(w.durationLast ?? [])})\\s+(${alt(Object.keys(w.units).filter((u) => !u.endsWith('s') && ['DE', 'CE'].includes(w.units[u]!)))})${E}`,
    ),
    barePlural: re(
      `(?<=${B}(?:${alt(w.barePluralLead ?? [])})\\s+)(${alt(Object.keys(w.units).filter((u) => u.endsWith('s')))})${E}(?![-‐]|\\s+(?:of|ago|later|earlier|old)${E})`,
    ),
    unnamedQuarter: re(`${B}(?:the\\s+)?(?:latest|the)\\s+quarter${E}`),
    set: re(`${B}(?:${alt(w.each)})\\s+(${wd}|${mon})${E}`),
    // lower case only: "Daily" is mostly a name ("the Daily Mail")
    frequency: new RegExp(`${B}(${alt(Object.keys(w.frequencies ?? {}))})${E}`, 'gu'),
    // "nineteen ninety-six", "eighteen twelve": a year said in words, as a transcript writes it.
    spelledYear: re(
      `${B}(${alt(centuryWords)})[-\\s]+(${tens.length && units1.length ? `(?:${alt(tens)})(?:[-\\s](?:${alt(units1)}))?|` : ''}${alt(wordsBetween(10, 19))})${E}`,
    ),
    decade: new RegExp(
      `${B}(?:the\\s+)?(?:(?:early|mid|late)[\\s-]+)?((?:1[89]|20)\\d)0(?:${alt(w.decadeSuffix ?? ['\u0000'])})${E}`,
      'giu',
    ),
    everyUnit: re(`${B}(?:${alt(w.each)})\\s+(${units})${E}`),
    ago: re(
      `${B}(${num}|${alt(w.vague)})${half}\\s+(${units})${half}\\s+(?:or\\s+so\\s+)?(?:${alt(w.ago)})${E}`,
    ),
    partOfDay: re(
      `${B}(${alt([...w.this, ...Object.keys(w.relativeDays)])}|${wd})\\s+(${alt(Object.keys(w.partsOfDay))})${E}`,
    ),
    tonight: re(`${B}(?:${alt(w.tonight)})${E}`),
    lastNight: re(`${B}(?:${alt(w.lastNight ?? [])})${E}`),
    // "later that year", "that quarter", "the following month", "the next morning"; not "that day" alone
    // after "on" ("on that day" is the same), not "the next year" (a year from publication, chrono's).
    // (Found by its unit, the words before read back from it: a scan for "that" would stop everywhere.)
    anaphor: re(
      `(?<=(?:${alt([...(w.sameAsBefore ?? []), ...(w.afterBefore ?? [])])})\\s+)(?<unit>${alt(Object.keys(w.units).filter((u) => !u.endsWith('s') && ['Y', 'Q', 'M', 'W', 'D'].includes(w.units[u]!)))}|${alt(Object.keys(w.partsOfDay))})${E}(?![-‐'’])`,
    ),
    anaphorLead: new RegExp(
      `${B}(?:(?<within>${alt(w.withinBefore ?? [])})\\s+)?(?:(?<same>${alt(w.sameAsBefore ?? [])})|(?<after>${alt(w.afterBefore ?? [])}))\\s+$`,
      'iu',
    ),
    pluralWeekday: re(`${B}(${wd})s(?:\\s+(${alt(Object.keys(w.partsOfDay))})s?)?${E}`),
    week: re(
      `${B}(?:(?:early|late)\\s+)?(?:the\\s+)?(${alt([...w.this, ...w.last, ...w.next])})\\s+(${alt([...w.week, ...w.weekend])})${E}`,
    ),
    theWeekend: re(`${B}the\\s+(?:${alt(w.weekend)})${E}`),
    season: re(
      `${B}(?:(${alt([...w.this, ...w.last, ...w.next])})|the|in|during|early|late|mid)[-\\s]+(${alt(Object.keys(w.seasons))})${E}`,
    ),
    relMonth: re(`${B}(${alt([...w.this, ...w.last, ...w.next])})\\s+(${mon})${E}`),
    monthRelYear: re(`${B}(${mon})\\s+(?:of\\s+)?(${alt([...w.this, ...w.last, ...w.next])})\\s+year${E}`),
    weekOfLead: new RegExp(`(?:the\\s+)?(?<unit>${alt([...w.week, ...w.weekend])})\\s+(?:of\\s+)?$`, 'iu'),
    dayListJoin: new RegExp(
      `^\\s*(?:${alt(w.dayListJoin ?? [])})\\s+(?<day>\\d{1,2})(?![\\d,.:/%-]\\d|\\s*%)`,
      'iu',
    ),
    periodAfter: new RegExp(`^\\s+(?:${alt(w.periodNouns ?? ['quarter'])})\\b`, 'iu'),
    yearHalf: re(
      `${B}(?:the\\s+)?(${alt(Object.keys(w.yearHalves ?? {}))})\\s+of\\s+((?:1[89]|20)\\d{2})${E}(?![\\d,.:]\\d)`,
    ),
    // "a day-long meeting", "a decades-long battle": a stretch, not an age ("a six-year-old boy").
    lengthCompound: re(`${B}(?:(${num})[-\\s])?(${units})-(?:${alt(w.lengthSuffixes ?? [])})${E}`),
    duration: re(
      `${B}(?:(?:the\\s+)?(${alt([...w.last, ...w.next, 'first'])})\\s+)?(${num}|${alt(w.vague)}|(?:${alt(w.vagueBeforePlural ?? [])})(?=\\s+\\p{L}+s${E}))${half}(?:\\s+(?:${alt(w.durationExtra ?? [])}))?[-\\s]+(${units})(?!-)${half}(?:\\s+(${alt(w.notDuration)}))?${E}`,
    ),
    present: re(`${B}(?:${alt(w.present)})${E}`),
    // Phrases ("the past") only alone, not in "the past three summers" or "the past year"; words ("recent") anywhere.
    past: re(
      `${B}(?:(?:${alt(w.past.filter((x) => x.includes(' ')))})${E}(?!\\s+(?:${num}|${alt(w.vague)}|${units}|${alt(Object.keys(w.seasons))})${E})|(?:${alt(w.past.filter((x) => !x.includes(' ')))})${E})`,
    ),
    future: re(`${B}(?:${alt(w.future)})${E}`),
    futureMarker: re(`${B}(?:${alt(w.futureMarkers)})${E}`, 'iu'),
    next: re(`${B}(?:${alt(w.next)})\\s*$`, 'iu'),
    last: re(`${B}(?:${alt(w.last)})\\s*$`, 'iu'),
    thisRe: re(`${B}(?:${alt(w.this)})\\s*$`, 'iu'),
    year: re(
      `${B}(${alt([...w.prepositions, ...w.fiscal])}|the year|early|late|mid-?|post-|pre-)?\\s*${B}((?:1[89]|20)\\d{2})${E}(?![\\d,.:]\\d|\\s*(?:%|percent|per cent))`,
    ),
  };
  // A scan of a whole text skips ahead where its regex begins with a lookbehind (util/regex.ts): the same
  // matches, found about three times faster.
  for (const [name, v] of Object.entries(rules))
    if (v instanceof RegExp && v.global)
      Object.assign(rules, { [name]: regExpSkippingAhead(v.source, v.flags) });
  rulesCache.set(lang, rules);
  return rules;
}

const triggerScans = new WeakMap<Rules, { scan: RegExp; prefixes: Map<string, string[]>; short: string[] }>();

/**
 * The rules' trigger words that occur in `lower`, as `lower.includes` finds them, without one search of the
 * whole text per word: at each position a lookahead finds the longest trigger word that begins there, and
 * the shorter ones that begin there are its prefixes. Words of up to three letters ("a", "the", "in") are
 * searched for instead: most texts have them near the start, and in the scan they would stop it everywhere.
 */
function triggersIn(lower: string, R: Rules): Set<string> {
  let t = triggerScans.get(R);
  if (!t) {
    const words = [...new Set(Object.values(R.triggers).flat())].sort((a, b) => b.length - a.length);
    const long = words.filter((x) => x.length > 3);
    const literal = (x: string): string => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    t = {
      scan: new RegExp(`(?=(${long.map(literal).join('|') || '(?!)'}))`, 'g'),
      prefixes: new Map(long.map((w) => [w, words.filter((x) => w.startsWith(x))])),
      short: words.filter((x) => x.length <= 3),
    };
    triggerScans.set(R, t);
  }
  const found = new Set<string>();
  for (const m of lower.matchAll(t.scan)) for (const x of t.prefixes.get(m[1]!)!) found.add(x);
  for (const x of t.short) if (!found.has(x) && lower.includes(x)) found.add(x);
  return found;
}

export function findDates(
  text: string,
  published: string | null,
  language = 'en',
  /** Called between pieces of the text: the analysis budget's check, which throws once it is spent. */
  check: () => void = () => {},
): DateMention[] {
  const lang = baseLanguage(language);
  const R = rulesFor(lang);
  const ref = published && /^\d{4}-\d{2}-\d{2}/.test(published) ? published.slice(0, 10) : null;
  const refDate = ref ? new Date(`${ref}T12:00:00Z`) : new Date(Date.UTC(2000, 0, 1, 12));
  const out: DateMention[] = [];
  /** "that year", "the following month": resolved against the date named before them, once all are found. */
  const anaphors: Anaphor[] = [];
  // Spans already taken, kept sorted by start (they never overlap): a check is a binary search.
  const taken: Span[] = [];
  const firstAfter = (s: number): number => firstIndex(taken, (t) => t.end <= s);
  const free = (s: number, e: number): boolean => {
    const i = firstAfter(s);
    return i >= taken.length || taken[i]!.start >= e;
  };
  const push = (
    start: number,
    end: number,
    value: string | null,
    type: DateMention['type'],
    confidence: number,
    /** Whether a preposition before it is the date's own (not before an adjective: "for day-long talks"). */
    ownLead = true,
  ): void => {
    // Include a preceding preposition in the span: "on Sunday", "Since September 2014".
    const lead = ownLead ? R?.lead.exec(text.slice(Math.max(0, start - 14), start)) : null;
    if (lead && free(start - lead[0].length, start)) start -= lead[0].length;
    if (!free(start, end)) return;
    taken.splice(firstAfter(start), 0, { start, end });
    const role: DateRole = type === 'DURATION' || type === 'SET' ? 'period' : 'event';
    out.push({ start, end, text: text.slice(start, end), value, type, role, confidence });
  };
  /**
   * Which way the clause of the date at [start, end) looks ("will vote on Friday", "to avoid a shutdown on
   * Friday": ahead; "voted on Friday": back); null when it does not say. Without tense words for the
   * language, only a future marker shortly before the date in its sentence says ahead.
   */
  const tenseAt = (start: number, end: number): Tense | null => clauseAt(start, end).tense;
  const clauseAt = (start: number, end: number): ClauseTense => {
    const none: ClauseTense = { tense: null, cue: null, reporting: false, background: false };
    if (!R) return none;
    if (R.tr) return clauseTense(text, start, end, R.tr);
    const before = text.slice(Math.max(0, start - 60), start);
    const sentence = before.slice(Math.max(0, before.search(/[.!?]\s+[^.!?]*$/) + 1));
    return R.futureMarker.test(sentence) ? { ...none, tense: 'future' } : none;
  };

  if (R) {
    const w = R.w;
    const lower = text.toLowerCase();
    const present = triggersIn(lower, R);
    /** A rule's matches, or none without scanning when none of its trigger words is in the text. */
    const run = (name: string): Iterable<RegExpMatchArray> =>
      R.triggers[name]!.some((t) => present.has(t))
        ? text.matchAll((R as unknown as Record<string, RegExp>)[name]!)
        : [];
    const low = (s: string): string => s.toLowerCase().replace(/\s+/g, ' ');
    const numberOf = (s: string, halfPart: boolean): number | null => {
      const k = low(s).replace('-', ' ');
      const parts = k.split(' ');
      let n: number | null =
        w.numbers[k] ?? (/^\d+(?:[.,]\d+)?$/.test(k) ? Number(k.replace(',', '.')) : null);
      if (
        n === null &&
        parts.length === 2 &&
        w.numbers[parts[0]!] !== undefined &&
        w.numbers[parts[1]!] !== undefined
      )
        n = w.numbers[parts[0]!]! + w.numbers[parts[1]!]!;
      return n === null ? null : n + (halfPart ? 0.5 : 0);
    };
    for (const m of run('quarter')) {
      const q = w.quarterOrdinals[low(m[2]!)]!;
      let year = refDate.getUTCFullYear();
      if (m[3]) year = Number(m[3]);
      else if (m[1] && /^\d{4}$/.test(m[1])) year = Number(m[1]);
      else if (m[1] && (w.yearAgo.includes(low(m[1])) || R.last.test(low(m[1]).replace(/\s+year'?s$/, ''))))
        year--;
      else if (m[1] && R.next.test(low(m[1]).replace(/\s+year'?s$/, ''))) year++;
      // A quarter that has not begun by publication is last year's, unless the clause looks ahead ("the
      // fourth quarter" in January's results is the one just ended; "will open in the fourth quarter" not).
      else if (!m[1] && q > Math.floor(refDate.getUTCMonth() / 3) + 1 && ref) {
        if (tenseAt(m.index!, m.index! + m[0].length) !== 'future') year--;
      }
      push(m.index!, m.index! + m[0].length, `${year}-Q${q}`, 'DATE', 0.8);
    }
    for (const m of run('yearAgoPeriod')) {
      // "the year-ago quarter": the last complete quarter a year before; "year-earlier levels": the year before.
      // Where a quarter is the topic, it is that quarter a year before (below).
      const q = Math.floor(refDate.getUTCMonth() / 3) || 4;
      const year = refDate.getUTCFullYear() - (q === 4 && refDate.getUTCMonth() < 3 ? 2 : 1);
      const quarter = /quarter/i.test(m[1] ?? m[2] ?? '');
      push(
        m.index!,
        m.index! + m[0].length,
        ref ? (quarter ? `${year}-Q${q}` : String(refDate.getUTCFullYear() - 1)) : null,
        'DATE',
        0.6,
      );
    }
    for (const m of run('holiday')) {
      const rule = w.holidays![m[2]!.replace(/\s+/g, ' ')]!;
      const on = (y: number): string => holidayDate(rule, y);
      let day: string | null = null;
      if (m[4]) day = on(Number(m[4]));
      else if (ref) {
        const y = refDate.getUTCFullYear();
        const rel = m[1] ? low(m[1]) : '';
        const around = [on(y - 1), on(y), on(y + 1)];
        const before = around.filter((d) => d < ref).at(-1)!;
        const after = around.find((d) => d > ref)!;
        const tense = rel ? null : tenseAt(m.index!, m.index! + m[0].length);
        if (rel && R.last.test(rel)) day = before;
        else if (rel && R.next.test(rel)) day = after;
        else if (around.includes(ref)) day = ref;
        // "as Easter week began": the holiday's week is the one under way.
        else if (m[3] && isoWeek(after) === isoWeek(ref)) day = after;
        else if (rel) day = on(y);
        else if (tense === 'past') day = before;
        else if (tense === 'future') day = after;
        else day = dayDistance(ref, after) < dayDistance(before, ref) ? after : before;
      }
      push(m.index!, m.index! + m[0].length, day && (m[3] ? isoWeek(day) : day), 'DATE', 0.8);
    }
    for (const m of run('unnamedQuarter')) {
      // "the quarter", "the latest quarter": the last complete quarter before publication.
      const month = refDate.getUTCMonth(); // 0-11
      let q = Math.floor(month / 3); // the previous quarter, 0 = Q4 of last year
      let year = refDate.getUTCFullYear();
      if (q === 0) {
        q = 4;
        year--;
      }
      push(m.index!, m.index! + m[0].length, ref ? `${year}-Q${q}` : null, 'DATE', 0.6);
    }
    for (const m of run('set')) {
      const k = low(m[1]!);
      const value = w.weekdays[k] !== undefined ? `XXXX-WXX-${w.weekdays[k]}` : `XXXX-${pad(w.months[k]!)}`;
      push(m.index!, m.index! + m[0].length, value, 'SET', 0.8);
    }
    for (const m of run('spelledYear')) {
      // "nineteen ninety people": a count, as for a year in digits before a noun; not after a preposition or
      // a month ("in nineteen ninety saw", "March nineteen ninety-one brought").
      const prev = /(\p{L}+)\s+$/u.exec(text.slice(Math.max(0, m.index! - 12), m.index!))?.[1]?.toLowerCase();
      const next = /^\s+(\p{Ll}+)/u.exec(
        text.slice(m.index! + m[0].length, m.index! + m[0].length + 30),
      )?.[1];
      const dated = prev !== undefined && (w.months[prev] !== undefined || w.prepositions.includes(prev));
      if (next && !dated && !R.functionWords.has(next)) continue;
      const year = 100 * numberOf(m[1]!, false)! + numberOf(m[2]!, false)!;
      push(m.index!, m.index! + m[0].length, String(year), 'DATE', 0.7);
    }
    for (const m of run('decade')) push(m.index!, m.index! + m[0].length, `${m[1]}X`, 'DATE', 0.75); // "the 1980s" -> 198X
    for (const m of run('everyUnit')) {
      const unit = w.units[low(m[1]!)]!;
      push(
        m.index!,
        m.index! + m[0].length,
        /^(?:H|MIN|S)$/.test(unit) ? `PT1${unit === 'MIN' ? 'M' : unit}` : `P1${unit}`,
        'SET',
        0.8,
      );
    }
    // An adverb of frequency ("rose 8% annually", "trained daily"), not an adjective ("quarterly dividend", "daily flights").
    for (const m of run('frequency')) {
      const next = /^\s+(\p{Ll}+)/u.exec(
        text.slice(m.index! + m[0].length, m.index! + m[0].length + 30),
      )?.[1];
      if (next && !R.functionWords.has(next)) continue;
      push(m.index!, m.index! + m[0].length, w.frequencies![m[1]!]!, 'SET', 0.7);
    }
    for (const m of run('ago')) {
      const unit = w.units[low(m[2]!)]!;
      const n = numberOf(
        m[1]!,
        w.half.some((h) => m[0].toLowerCase().includes(h)),
      );
      const value = n === null ? 'PAST_REF' : ref ? shift(ref, unit, -n) : null;
      push(m.index!, m.index! + m[0].length, value, 'DATE', 0.8);
    }
    for (const m of run('partOfDay')) {
      const k = low(m[1]!);
      let day: string | null = null;
      if (ref) {
        if (w.weekdays[k] !== undefined) {
          const clause = clauseAt(m.index!, m.index! + m[0].length);
          const tense = clause.tense;
          day = clause.either
            ? nearestWeekday(ref, w.weekdays[k]! % 7)
            : weekdayDate(ref, w.weekdays[k]! % 7, tense === 'future');
          // Told in the past, the day after publication is that day (see below).
          if (tense === 'past' && weekdayDate(ref, w.weekdays[k]! % 7, true) === addDays(ref, 1))
            day = addDays(ref, 1);
        } else day = addDays(ref, w.relativeDays[k] ?? 0);
      }
      push(m.index!, m.index! + m[0].length, day && `${day}T${w.partsOfDay[low(m[2]!)]}`, 'TIME', 0.8);
    }
    for (const m of run('anaphor')) {
      const lead = R.anaphorLead.exec(text.slice(Math.max(0, m.index! - 40), m.index!));
      if (!lead) continue;
      const g = { after: lead.groups!.after, unit: m.groups!.unit! };
      const unit = w.units[low(g.unit)] ?? 'D';
      // "the next year", "the next week": chrono's, counted from publication, unless a day or less.
      if (g.after && (w.afterBeforeDaysOnly ?? []).includes(low(g.after)) && unit !== 'D') continue;
      const start = m.index! - lead[0].length;
      const end = m.index! + m[0].length;
      if (!free(start, end)) continue;
      anaphors.push({ end, unit, shift: g.after ? 1 : 0, part: w.partsOfDay[low(g.unit)] ?? null });
      push(start, end, null, w.partsOfDay[low(g.unit)] ? 'TIME' : 'DATE', 0.6);
    }
    for (const m of run('tonight')) push(m.index!, m.index! + m[0].length, ref && `${ref}TNI`, 'TIME', 0.8);
    for (const m of run('lastNight'))
      push(m.index!, m.index! + m[0].length, ref && `${addDays(ref, -1)}TNI`, 'TIME', 0.8);
    for (const m of run('pluralWeekday')) {
      // "Mondays", "Tuesday nights": every such day.
      push(
        m.index!,
        m.index! + m[0].length,
        `XXXX-WXX-${w.weekdays[low(m[1]!)]}${m[2] ? `T${w.partsOfDay[low(m[2])]}` : ''}`,
        'SET',
        0.7,
      );
    }
    for (const m of run('week')) {
      // ABC's "This Week": a title.
      if (/^\p{Lu}/u.test(m[0]) && partOfTitle(text, m.index!, R)) continue;
      const rel = low(m[1]!);
      const shiftWeeks = R.last.test(rel) ? -1 : R.next.test(rel) ? 1 : 0;
      const weekend = w.weekend.includes(low(m[2]!));
      const value = ref ? isoWeek(addDays(ref, 7 * shiftWeeks)) + (weekend ? '-WE' : '') : null;
      push(m.index!, m.index! + m[0].length, value, 'DATE', 0.8);
    }
    for (const m of run('theWeekend')) {
      // The most recent weekend on or before publication.
      const back = ref ? (new Date(`${ref}T12:00:00Z`).getUTCDay() + 1) % 7 : 0; // days back to Saturday
      push(
        m.index!,
        m.index! + m[0].length,
        ref ? `${isoWeek(addDays(ref, back <= 1 ? 0 : -back))}-WE` : null,
        'DATE',
        0.7,
      );
    }
    for (const m of run('season')) {
      const rel = m[1] ? low(m[1]) : '';
      let year = refDate.getUTCFullYear();
      if (rel && R.last.test(rel)) year--;
      else if (rel && R.next.test(rel)) year++;
      push(
        m.index! + (m[1] ? 0 : m[0].length - m[2]!.length),
        m.index! + m[0].length,
        ref || m[1] ? `${year}-${w.seasons[low(m[2]!)]}` : null,
        'DATE',
        0.7,
      );
    }
    for (const m of run('relMonth')) {
      // "last May" is May of the year before; "next May" the coming one; "this May" this year's.
      // ("this march", "last may" in lower case: a noun, a verb.)
      if ((w.lowercaseNotMonths ?? []).includes(m[2]!)) continue;
      const rel = low(m[1]!);
      const month = w.months[low(m[2]!)]!;
      const ry = refDate.getUTCFullYear();
      // "last April" written in October is this year's April, the most recent one before this month.
      const year = R.last.test(rel)
        ? month < refDate.getUTCMonth() + 1
          ? ry
          : ry - 1
        : R.next.test(rel)
          ? month <= refDate.getUTCMonth() + 1
            ? ry + 1
            : ry
          : ry;
      push(m.index!, m.index! + m[0].length, ref ? ym(year, month) : null, 'DATE', 0.8);
    }
    for (const m of run('monthRelYear')) {
      const rel = low(m[2]!);
      const year = refDate.getUTCFullYear() + (R.last.test(rel) ? -1 : R.next.test(rel) ? 1 : 0);
      push(m.index!, m.index! + m[0].length, ref ? ym(year, w.months[low(m[1]!)]!) : null, 'DATE', 0.85);
    }
    // After "October this year" and before the durations; "this quarter" is left to it by unnamedQuarter.
    for (const m of run('currentPeriod')) {
      const unit = w.units[low(m[1]!)]!;
      const y = refDate.getUTCFullYear();
      const month = refDate.getUTCMonth() + 1;
      // "this decade" → 199, "this century" → 19 (TIMEX3 writes a decade or a century by its leading digits)
      const value =
        unit === 'Y'
          ? String(y)
          : unit === 'Q'
            ? `${y}-Q${Math.floor((month - 1) / 3) + 1}`
            : unit === 'DE'
              ? String(y).slice(0, 3)
              : unit === 'CE'
                ? String(y).slice(0, 2)
                : ym(y, month);
      push(m.index!, m.index! + m[0].length, ref ? value : null, 'DATE', 0.75);
    }
    // "for the full year": the year of publication; "the year ended March 31": a twelve-month period.
    for (const m of run('theYear')) {
      const end = m.index! + m[0].length - (m.groups?.end?.length ?? 0);
      if (m.groups?.end) push(m.index!, end, durationValue(1, 'Y'), 'DURATION', 0.6);
      else push(m.index!, end, ref ? String(refDate.getUTCFullYear()) : null, 'DATE', 0.6);
    }
    for (const m of run('pastUnit')) {
      const unit = w.units[low(m[1]!)]!;
      push(m.index!, m.index! + m[0].length, durationValue(1, unit), 'DURATION', 0.7);
    }
    for (const m of run('yearHalf'))
      push(m.index!, m.index! + m[0].length, `${m[2]}-H${w.yearHalves![low(m[1]!)]}`, 'DATE', 0.8);
    for (const m of run('lengthCompound')) {
      const unit = w.units[low(m[2]!)]!;
      // "a day-long": the article is no count of its own ("a decades-long feud" is some decades).
      const article = m[1] !== undefined && numberOf(m[1], false) === 1 && !/\d/.test(m[1]);
      const n = m[1] && !article ? numberOf(m[1], false) : low(m[2]!).endsWith('s') ? null : 1;
      const start = article ? m.index! + m[1]!.length + 1 : m.index!;
      push(start, m.index! + m[0].length, durationValue(n, unit), 'DURATION', 0.7, false);
    }
    for (const m of run('barePlural')) {
      const unit = w.units[low(m[1]!)]!;
      push(m.index!, m.index! + m[0].length, durationValue(null, unit), 'DURATION', 0.6);
    }
    for (const m of run('duration')) {
      // CBS's "60 Minutes": a unit written with a capital inside a sentence is a name.
      if (
        /^\p{Lu}/u.test(m[3]!) &&
        /\p{Ll}/u.test(m[3]!) &&
        !/(?:^|[.!?]\s+|\n)$/.test(text.slice(Math.max(0, m.index! - 3), m.index!))
      )
        continue;
      // "ten years old": an age; "a year earlier": the year before (anchorToQuarter), not a duration.
      const from = m[4] !== undefined && (w.measuredFrom ?? []).includes(low(m[4]));
      if (m[4] && (!from || R.yearBefore.test(m[0]))) continue;
      // "three days later": the stretch without the word after it, as TimeML marks it.
      const end = from
        ? m.index! + m[0].length - m[4]!.length - (/\s+$/.exec(m[0].slice(0, -m[4]!.length))?.[0].length ?? 0)
        : m.index! + m[0].length;
      const unit = w.units[low(m[3]!)]!;
      const lead = text.slice(Math.max(0, m.index! - 24), m.index!);
      if (/^(?:a|an)$/i.test(m[2]!) && !m[1]) {
        // "four flights a week", "$500 million a year": a rate, not a duration
        if (/(?:\d|\b(?:million|billion|thousand|hundred)|\p{Ll}{2,}s)\s+$/u.test(lead)) continue;
        // "a second group": the ordinal, not a second of time
        if (
          unit === 'S' &&
          /^\s+\p{Ll}/u.test(text.slice(m.index! + m[0].length)) &&
          !/\b(?:for|in|within|about|just|only)\s+$/i.test(lead)
        )
          continue;
      }
      if (
        unit === 'Q' &&
        !m[1] &&
        !(w.vagueBeforePlural ?? []).includes(low(m[2]!)) &&
        /^(?:the\s+)?\S+[-\s]+quarter/i.test(m[0])
      )
        continue;
      const vague = w.vague.includes(low(m[2]!)) || (w.vagueBeforePlural ?? []).includes(low(m[2]!));
      const n = vague
        ? null
        : numberOf(
            m[2]!,
            w.half.some((h) => m[0].toLowerCase().includes(h)),
          );
      if (!vague && n === null) continue;
      push(m.index!, end, durationValue(n, unit), 'DURATION', 0.75);
    }
    for (const [name, v] of [
      ['present', 'PRESENT_REF'],
      ['past', 'PAST_REF'],
      ['future', 'FUTURE_REF'],
    ] as const) {
      for (const m of run(name)) {
        const end = m.index! + m[0].length;
        // "shortly after the bombings", "soon before the vote": near another event, not near publication.
        const next = /^\s+(?<word>\p{L}+)/u.exec(text.slice(end, end + 20))?.groups?.word?.toLowerCase();
        if (next && (w.relativeFollowers ?? []).includes(next)) continue;
        // "as soon as he arrives", "as soon as Tuesday": a conjunction or a qualifier of another time.
        if (
          v === 'FUTURE_REF' &&
          /\bas\s+$/i.test(text.slice(Math.max(0, m.index! - 4), m.index!)) &&
          next === 'as' &&
          !/^\s+as\s+possible\b/i.test(text.slice(end, end + 16))
        )
          continue;
        // "was soon released", "soon became a flood": soon after the story's past events, not in the future.
        if (v === 'FUTURE_REF' && tenseAt(m.index!, end) === 'past') continue;
        push(m.index!, end, v, 'DATE', 0.7);
      }
    }
  }

  const parse = CHRONO[lang] ?? (R ? chrono.parse : null);
  let rangeStart: string | null = null;
  for (const r of (parse ? parseInChunks(parse, text, refDate, check) : []).flatMap(rangeEnds)) {
    // The value of the date just before, when this piece ends a range that began with it.
    const startOfRange = 'rangeEnd' in r ? rangeStart : null;
    rangeStart = null;
    // "on 9 May, 49.52 Hz": a decimal number after the date is a figure, not the date's two-digit year.
    const cutYear = /,\s*\d{1,4}$/.exec(r.text);
    if (cutYear && /^[.,]\d/.test(text.slice(r.index + r.text.length, r.index + r.text.length + 2))) {
      r.text = r.text.slice(0, cutYear.index);
      // chrono's results are its ParsingComponents, typed read-only
      const start = r.start as unknown as chrono.ParsingComponents;
      start.delete('year');
      start.imply('year', refDate.getUTCFullYear());
    }
    const comp = (c: 'year' | 'month' | 'day' | 'weekday' | 'hour' | 'minute'): number | undefined =>
      r.start.isCertain(c) ? (r.start.get(c) ?? undefined) : undefined;
    const known = {
      year: comp('year'),
      month: comp('month'),
      day: comp('day'),
      weekday: comp('weekday'),
      hour: comp('hour'),
      minute: comp('minute'),
    };
    const implied = {
      year: r.start.get('year') ?? undefined,
      month: r.start.get('month') ?? undefined,
      day: r.start.get('day') ?? undefined,
    };
    // "after Jan. 1, 1990 at 1,015 francs", "fell 1.4%, or 6.43, on Friday": a figure, not a clock time.
    if (known.hour !== undefined && !/[ap]\.?m\b|o'clock/i.test(r.text)) {
      const figureAfter = /^[,.]\d/.test(text.slice(r.index + r.text.length, r.index + r.text.length + 2));
      const cutEnd = figureAfter ? /\s+(?:at\s+)?\d{1,2}$/.exec(r.text) : null;
      const cutStart = /^\d{1,2}\.\d{2},?\s+(?=\p{L})/u.exec(r.text);
      if (cutEnd || cutStart) {
        known.hour = undefined;
        known.minute = undefined;
        if (cutEnd) r.text = r.text.slice(0, cutEnd.index);
        if (cutStart) {
          r.index += cutStart[0].length;
          r.text = r.text.slice(cutStart[0].length);
        }
      }
    }
    const hasCalendar =
      known.year !== undefined ||
      known.month !== undefined ||
      known.day !== undefined ||
      known.weekday !== undefined;
    const relative = /\b(today|yesterday|tomorrow|tonight|last|next|ago|this)\b/i.test(r.text);
    if (!hasCalendar && !relative) {
      // A clock time alone ("at 10 p.m.", "at midday") is on the day the text last named, or the day of
      // publication.
      const noon = /^(?:at\s+)?mid-?day$/i.test(r.text.trim());
      if (
        known.hour === undefined ||
        (!noon &&
          (!/\d/.test(r.text) ||
            !/a\.?m\b|p\.?m\b|:\d\d|o'clock/i.test(r.text) ||
            /^\d+([,.]\d+)?$/.test(r.text.trim())))
      )
        continue;
      const day =
        out
          .filter(
            (d) => d.start < r.index && r.index - d.start < 400 && /^\d{4}-\d{2}-\d{2}/.test(d.value ?? ''),
          )
          .at(-1)
          ?.value?.slice(0, 10) ?? ref;
      const end = r.index + r.text.replace(/[\s,;:]+$/, '').length;
      push(r.index, end, day ? `${day}T${pad(known.hour)}:${pad(known.minute ?? 0)}` : null, 'TIME', 0.7);
      continue;
    }
    if (/^\d+([,.]\d+)?$/.test(r.text.trim())) continue;
    if (/\d\s+\d+\/\d+/.test(r.text) || /^(?:in\s+)?half\b/i.test(r.text.trim())) continue; // "112 5/8" is a price, "in half" a share
    // "VOA Today", ABC's “This Week”: a date word inside a name or a title
    if (R && /^\p{Lu}/u.test(r.text) && !capitalisedAnyway(r.text, R) && partOfTitle(text, r.index, R))
      continue;
    // Not dates: "7/8" (a fraction more often than July 8), "Sun" (Sun Microsystems), "may" (the verb).
    if (/^\d{1,2}\/\d{1,2}$/.test(r.text.trim())) continue;
    if (
      /^\p{L}{2,3}[.,]?$/u.test(r.text.trim()) &&
      known.weekday !== undefined &&
      !/^[.,]?\s*\d/.test(text.slice(r.index + r.text.length, r.index + r.text.length + 4))
    )
      continue; // "sat down", "Sun Microsystems", "Sun, Hewlett-Packard and others"
    // "allegations in the SEC suit": an acronym after an article is a name, not a unit of time ("sec").
    if (/^(?:\p{Ll}+\s+)?(?:the|a|an)\s+\p{Lu}{2,}$/u.test(r.text.trim())) continue;

    if (R?.w.lowercaseNotMonths?.includes(r.text.trim().replace(/[.,;:]$/, ''))) continue; // "You may, in a year"

    // "the annual March for Life", "the March of the Mothers": a month's name that begins a title.
    if (
      known.month !== undefined &&
      known.day === undefined &&
      known.year === undefined &&
      /^\s+(?:for|of)\s+(?:the\s+)?\p{Lu}/u.test(
        text.slice(r.index + (/^\s*\p{L}+/u.exec(r.text)?.[0].length ?? 0), r.index + r.text.length + 24),
      )
    )
      continue;
    // "Good Friday", "Super Tuesday": a name.
    if (known.weekday !== undefined && known.day === undefined && R && namedDay(text, r.index, R.w)) continue;
    if (!hasCalendar && /^\s*(right\s+)?now\s*$/i.test(r.text)) continue;
    // "in the weeks since the pull-out", "the years that followed": an unnamed stretch, not a week from now.
    const stretch = /^\s*(?:in\s+)?the\s+(?<unit>\p{L}+s)\s*$/iu.exec(r.text)?.groups?.unit?.toLowerCase();
    if (stretch && R?.w.units[stretch]) {
      const start = r.index + r.text.search(/\S/);
      push(
        start,
        r.index + r.text.trimEnd().length,
        durationValue(null, R.w.units[stretch]),
        'DURATION',
        0.6,
      );
      continue;
    }
    // "the day before the vote", "in the weeks after his death": counted from another event, not publication;
    // which day is not for us to guess.
    const from = /^\s*(?:in\s+)?the\s+(?<unit>\p{L}+)\s+(?<rel>\p{L}+)\s*$/iu.exec(r.text)?.groups;
    if (
      R &&
      from &&
      R.w.units[from.unit!.toLowerCase()] &&
      (R.w.relativeFollowers ?? []).includes(from.rel!.toLowerCase())
    ) {
      const end = r.index + r.text.trimEnd().length;
      // Alone at the end of its clause ("down from $450 million the year before."), it counts from the time
      // the text named last.
      const unit = R.w.units[from.unit!.toLowerCase()]!;
      if (/^\s*(?:[.,;:!?)"”]|$)/u.test(text.slice(end, end + 2)) && !from.unit!.toLowerCase().endsWith('s'))
        anaphors.push({ end, unit, shift: from.rel!.toLowerCase() === 'before' ? -1 : 1, part: null });
      push(r.index + r.text.search(/\S/), end, null, 'DATE', 0.5);
      continue;
    }
    // "later in the day" is the day the text is about, not tomorrow (chrono reads "in a day").
    const theDay = /^\s*(?:in\s+)?the\s+day\s*$/i.test(r.text);
    const start = r.index;
    const end = r.index + r.text.replace(/[\s,.;:]+$/, '').length;
    const before = text.slice(Math.max(0, start - 12), start);
    const lastBefore = (R?.last.test(before) ?? false) || /^\s*last\b/i.test(r.text);
    const named = (R?.next.test(before) ?? false) || /\bnext\b/i.test(r.text);
    // The clause's tense matters only where the calendar leaves the year or the week open.
    const open = known.year === undefined && (known.weekday !== undefined || known.month !== undefined);
    const clause = lastBefore || named || !open || !ref ? null : clauseAt(start, end);
    const tense = clause?.tense ?? null;
    const ahead = !lastBefore && (named || tense === 'future');
    let value: string | null = null;
    if (theDay) {
      value = ref;
    } else if (known.weekday !== undefined && known.day === undefined) {
      // "last Wednesday" written on a Wednesday is a week before; "Wednesday" alone may be the day itself.
      // "will vote Friday" written on a Friday is that day; "next Friday" is a week on.
      value = ref ? weekdayDate(ref, known.weekday, ahead, lastBefore, named) : null;
      // Under a past verb an infinitive's day is the nearer one ("voted Tuesday to avoid a shutdown on Friday").
      if (ref && clause?.either) value = nearestWeekday(ref, known.weekday);
      // Told in the past, the day after publication is that day, not six days before: a feed's date is
      // often a time zone behind the newsroom's ("took effect early Friday" dated Thursday).
      if (ref && tense === 'past' && !lastBefore && weekdayDate(ref, known.weekday, true) === addDays(ref, 1))
        value = addDays(ref, 1);
    } else if (known.year !== undefined) {
      value =
        known.month !== undefined
          ? known.day !== undefined
            ? ymd(known.year, known.month, known.day)
            : ym(known.year, known.month)
          : String(known.year);
    } else if (known.month !== undefined && ref) {
      const [ry, rm, rd] = ref.split('-').map(Number) as [number, number, number];
      let year: number;
      // "last April" written in October is this year's April; written in March, last year's.
      if (lastBefore) year = known.month < rm ? ry : ry - 1;
      else if ((R?.thisRe.test(before) ?? false) || /^\s*this\b/i.test(r.text)) year = ry;
      else {
        // The nearest such month (or day) to publication; "will", "next" and the like pick the next one.
        const at = (y: number): number => Date.UTC(y, known.month! - 1, known.day ?? 15);
        const now = Date.UTC(ry, rm - 1, known.day !== undefined ? rd : 15);
        // A clause in the past tense picks the last one on or before publication (a day named may be a few
        // days after the date a feed gives).
        const slack = known.day !== undefined ? 7 * 86_400_000 : 0;
        const options = [ry - 1, ry, ry + 1].filter(
          (y) => (!ahead || at(y) >= now - (named ? 0 : slack)) && (tense !== 'past' || at(y) <= now + slack),
        );
        // Where the clause does not say which way but the sentence is told in the past, a month ahead must be
        // much nearer than the one behind to be meant ("In January, … a bombing killed a guard" in October).
        const looksBack = tense === null && R?.tr ? sentenceTense(text, start, end, R.tr) === 'past' : false;
        const dist = (y: number): number => Math.abs(at(y) - now) * (looksBack && at(y) > now ? 2 : 1);
        year = options.reduce((best, y) => (dist(y) < dist(best) ? y : best), options[0]!);
      }
      value = known.day !== undefined ? ymd(year, known.month, known.day) : ym(year, known.month);
    } else if (ref) {
      value = ymd(known.year ?? implied.year!, known.month ?? implied.month!, known.day ?? implied.day!);
    }
    // The end of a range without its own year falls on or after the range's start.
    if (
      value &&
      startOfRange &&
      known.year === undefined &&
      /^\d{4}-\d{2}/.test(value) &&
      value < startOfRange
    ) {
      value = `${Number(value.slice(0, 4)) + 1}${value.slice(4)}`;
    }
    if (!('rangeEnd' in r)) rangeStart = value;
    if (value && !validDate(value)) value = null;
    const timed = known.hour !== undefined && value !== null && /^\d{4}-\d{2}-\d{2}$/.test(value);
    if (timed) value = `${value}T${pad(known.hour!)}:${pad(known.minute ?? 0)}`;
    push(start, end, value, timed ? 'TIME' : 'DATE', value ? 0.85 : 0.5);
  }

  if (R) {
    const functionWords = R.functionWords;
    for (const m of text.matchAll(R.year)) {
      const yearStart = m.index! + m[0].length - m[2]!.length;
      // A bare year after a preposition or in a date phrase, or standing alone: not when a noun follows
      // ("2000 people" is a count).
      // After a determiner the year qualifies the noun ("the 1998 bombing", "a 1996 law"): a date.
      const attributive = /(?:^|\s)(?:the|a|an|this|that|his|her|its|their|our)\s+$/i.test(
        text.slice(Math.max(0, yearStart - 8), yearStart),
      );
      if (
        !m[1] &&
        !attributive &&
        /^\s+\p{Ll}+/u.test(text.slice(m.index! + m[0].length, m.index! + m[0].length + 20))
      ) {
        const next = /^\s+(\p{Ll}+)/u.exec(text.slice(m.index! + m[0].length))![1]!;
        if (!functionWords.has(next)) continue;
      }
      // After a figure ("$5 2000", "3, 2000") a count, not a year; in a list of years ("in 1994, 1995 and 1997") a year.
      const before = text.slice(Math.max(0, yearStart - 7), yearStart);
      if (
        !m[1] &&
        /[$€£¥]\s*$|\d[,.]?\s*$/.test(before.slice(-3)) &&
        !/\b(?:1[89]|20)\d{2},\s+$/.test(before)
      )
        continue;
      push(yearStart, yearStart + 4, m[2]!, 'DATE', 0.8);
    }
  }
  out.sort((a, b) => a.start - b.start);
  if (R) joinYears(text, out);
  resolveAnaphors(out, anaphors);
  if (R) weekOf(text, out, R);
  if (R) secondDays(text, out, R);
  if (R) anchorToQuarter(out, R, text);
  if (R?.tr) assignRoles(text, out, R.tr, ref);
  return out;
}

/**
 * A month or a season with no year of its own, followed by a year ("January nineteen ninety-seven", "the
 * winter of 1994"), is that month or season of that year: one mention.
 */
function joinYears(text: string, dates: DateMention[]): void {
  for (let k = dates.length - 1; k > 0; k--) {
    const year = dates[k]!;
    const before = dates[k - 1]!;
    if (!/^\d{4}$/.test(year.value ?? '') || !/^\d{4}-(?:\d{2}|SP|SU|FA|WI)$/.test(before.value ?? ''))
      continue;
    if (/\d{4}/.test(before.text)) continue;
    // "of", or only a space, between ("in May, 2020 saw" is two dates); the year's span may hold the "of".
    const lead = /^(?:of|in)\s+/i.exec(year.text)?.[0] ?? '';
    const gap = text.slice(before.end, year.start) + lead;
    if (!/^\s+(?:of\s+)?$/i.test(gap) && !/^\s*of\s+$/i.test(gap)) continue;
    before.value = `${year.value}${before.value!.slice(4)}`;
    before.end = year.end;
    before.text = text.slice(before.start, before.end);
    dates.splice(k, 1);
  }
}

/** "April 24 and 25": the second day of the same month, a date of its own as TimeML marks it. */
function secondDays(text: string, dates: DateMention[], R: Rules): void {
  const join = R.dayListJoin;
  for (let k = dates.length - 1; k >= 0; k--) {
    const d = dates[k]!;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d.value ?? '') || !/\d$/.test(d.text)) continue;
    const m = join.exec(text.slice(d.end, d.end + 12));
    if (!m) continue;
    const start = d.end + m[0].length - m.groups!.day!.length;
    const end = d.end + m[0].length;
    // "April 24 and 25 delegates": a count; the next date may already hold it.
    const next = /^\s+(\p{Ll}+)/u.exec(text.slice(end, end + 20))?.[1];
    if (next && !R.functionWords.has(next)) continue;
    if (dates[k + 1] && dates[k + 1]!.start < end) continue;
    const day = Number(m.groups!.day);
    if (day <= Number(d.value!.slice(8))) continue;
    const value = `${d.value!.slice(0, 8)}${pad(day)}`;
    if (!validDate(value)) continue;
    dates.splice(k + 1, 0, { ...d, start, end, text: text.slice(start, end), value });
  }
}

/** "the week of March 6" is the ISO week holding that day; "the weekend of Feb. 12" that week's weekend. */
function weekOf(text: string, dates: DateMention[], R: Rules): void {
  const w = R.w;
  const lead = R.weekOfLead;
  for (let k = 0; k < dates.length; k++) {
    const d = dates[k]!;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d.value ?? '') || !/^(?:of\s+)?[\p{Lu}\d]/u.test(d.text)) continue;
    if (!/^of\s/i.test(d.text) && !/\sof\s+$/i.test(text.slice(Math.max(0, d.start - 4), d.start))) continue;
    const prev = dates[k - 1];
    const from = Math.max(0, d.start - 20);
    const m = lead.exec(text.slice(from, d.start));
    if (!m) continue;
    let start = from + m.index;
    const weekend = w.weekend.includes(m.groups!.unit!.toLowerCase());
    // "the weekend", "in the week" read alone give way to the week named.
    if (prev && prev.end > start) {
      start = Math.min(start, prev.start);
      dates.splice(--k, 1);
    }
    d.value = `${isoWeek(d.value!)}${weekend ? '-WE' : ''}`;
    d.start = start;
    d.text = text.slice(start, d.end);
  }
}

interface Anaphor {
  /** Where the phrase ends (its start may take a preposition before it). */
  end: number;
  /** The unit named (TIMEX3 letters; a part of the day is a day). */
  unit: string;
  /** 0 for "that year", 1 for "the following year". */
  shift: number;
  /** A part of the day ("the next morning" → MO), or null. */
  part: string | null;
}

/**
 * "that year", "later that year", "the following month", "the next morning": the unit of the last date before
 * it that is precise enough (a day for "that day", a month for "that month"), shifted for "following".
 * Without such a date it names no time the text gave ("that day will come"): it is dropped.
 */
function resolveAnaphors(dates: DateMention[], anaphors: Anaphor[]): void {
  const precise: Record<string, RegExp> = {
    Y: /^(\d{4})(?:-|$)/,
    Q: /^(\d{4}-Q[1-4])$/,
    M: /^(\d{4}-\d{2})(?:-\d{2})?(?:T|$)/,
    W: /^(\d{4}-(?:W\d{2}|\d{2}-\d{2}))(?:T|$)/,
    D: /^(\d{4}-\d{2}-\d{2})(?:T|$)/,
  };
  for (const a of anaphors) {
    const k = dates.findIndex((d) => d.end === a.end);
    if (k < 0) continue;
    const d = dates[k]!;
    let found: string | null = null;
    for (let i = k - 1; i >= 0 && found === null; i--) {
      const v = dates[i]!.type === 'DATE' || dates[i]!.type === 'TIME' ? dates[i]!.value : null;
      found = (v && precise[a.unit]!.exec(v)?.[1]) ?? null;
    }
    if (found === null) {
      dates.splice(k, 1);
      continue;
    }
    let value: string;
    if (a.unit === 'Y') value = String(Number(found) + a.shift);
    else if (a.unit === 'Q') {
      const q = Number(found.slice(6)) - 1 + a.shift;
      value = `${Number(found.slice(0, 4)) + Math.floor(q / 4)}-Q${(((q % 4) + 4) % 4) + 1}`;
    } else if (a.unit === 'M') value = shift(`${found}-01`, 'M', a.shift);
    else if (a.unit === 'W')
      value =
        found.includes('W') && !a.shift
          ? found
          : shift(found.includes('W') ? isoWeekMonday(found) : found, 'W', a.shift);
    else value = addDays(found, a.shift);
    d.value = a.part ? `${value}T${a.part}` : value;
  }
}

/** The Monday of an ISO week ("2000-W10" → 2000-03-06). */
function isoWeekMonday(week: string): string {
  const [y, w] = week.split('-W').map(Number) as [number, number];
  const jan4 = new Date(Date.UTC(y, 0, 4, 12));
  jan4.setUTCDate(jan4.getUTCDate() - ((jan4.getUTCDay() + 6) % 7) + 7 * (w - 1));
  return jan4.toISOString().slice(0, 10);
}

type ChronoResult = ReturnType<ChronoParse>[number];
interface DatePiece {
  index: number;
  text: string;
  start: ChronoResult['start'];
  /** The second date of a range: it cannot fall before the first. */
  rangeEnd?: boolean;
}

/**
 * A range ("from Aug. 26 to Oct. 20", "Friday to December") is two dates, each with its own span, as TimeML
 * marks them; a single date is one piece.
 */
/**
 * chrono over the text a few paragraphs at a time (a date never crosses a paragraph): some of its rules look
 * back over all the text before a match, which is quadratic on a long text.
 */
function parseInChunks(parse: ChronoParse, text: string, refDate: Date, check: () => void): ChronoHit[] {
  const out: ChronoHit[] = [];
  for (let from = 0; from < text.length;) {
    check();
    let to = Math.min(text.length, from + 4000);
    if (to < text.length) {
      const nl = text.lastIndexOf('\n', to);
      // A paragraph longer than a chunk (a page on one line) is cut after a sentence, else at a space.
      to = nl > from ? nl + 1 : sentenceCut(text, from, to);
    }
    for (const r of parse(text.slice(from, to), { instant: refDate, timezone: 0 })) {
      // chrono reads "night of Oct. 23" as a night without a date: the date is what follows "of".
      const partOf = /^(?:the\s+)?(?:morning|afternoon|evening|night)\s+of\s+/i.exec(r.text);
      if (partOf && !r.start.isCertain('month') && !r.start.isCertain('weekday')) {
        const rest = r.text.slice(partOf[0].length);
        for (const q of parse(rest, { instant: refDate, timezone: 0 }))
          out.push({
            index: r.index + from + partOf[0].length + q.index,
            text: q.text,
            start: q.start,
            end: q.end ?? null,
          });
        continue;
      }
      out.push({ index: r.index + from, text: r.text, start: r.start, end: r.end ?? null });
    }
    from = to;
  }
  return out;
}

/** The end of the last sentence in the second half of [from, to), else the last space there, else `to`. */
function sentenceCut(text: string, from: number, to: number): number {
  const lo = from + Math.floor((to - from) / 2);
  const piece = text.slice(lo, to);
  let cut = -1;
  for (const m of piece.matchAll(/[.!?]["”’)]?\s+(?=[\p{Lu}\p{N}“"])/gu)) cut = m.index + m[0].length;
  if (cut < 0) cut = piece.lastIndexOf(' ') + 1;
  return cut > 0 ? lo + cut : to;
}

/** A chrono result placed in the whole text. */
interface ChronoHit {
  index: number;
  text: string;
  start: ChronoResult['start'];
  end: ChronoResult['start'] | null;
}

function rangeEnds(r: ChronoHit): DatePiece[] {
  if (!r.end) return [r];
  const sep = /\s*(?:[-–—]|\bto\b|\bthrough\b|\buntil\b|\btill\b)\s*/giu;
  let cut: RegExpExecArray | null = null;
  for (let m = sep.exec(r.text); m; m = sep.exec(r.text)) if (m.index > 0) cut = m;
  if (!cut) return [r];
  const second = cut.index + cut[0].length;
  if (second >= r.text.length) return [r];
  return [
    { index: r.index, text: r.text.slice(0, cut.index), start: r.start },
    { index: r.index + second, text: r.text.slice(second), start: r.end, rangeEnd: true },
  ];
}

function durationValue(n: number | null, unit: string): string {
  const timeUnit = unit === 'H' || unit === 'MIN' || unit === 'S';
  const code = unit === 'MIN' ? 'M' : unit === 'DE' ? 'DE' : unit === 'CE' ? 'CE' : unit;
  if (n === null) return `P${timeUnit ? 'T' : ''}X${code}`;
  if (unit === 'Q') return `P${n * 3}M`;
  if (unit === 'DE' || unit === 'CE') return `P${n * (unit === 'DE' ? 10 : 100)}Y`;
  if (!Number.isInteger(n)) {
    // "2 1/2 years" -> P2Y6M, "5 1/2 hours" -> PT5H30M
    const whole = Math.floor(n);
    const sub: Record<string, [string, number]> = {
      Y: ['M', 12],
      M: ['D', 30],
      W: ['D', 7],
      D: ['H', 24],
      H: ['M', 60],
      MIN: ['S', 60],
    };
    const s = sub[unit];
    if (s) {
      const small = Math.round((n - whole) * s[1]);
      const smallTime = unit === 'D' || unit === 'H' || unit === 'MIN';
      return timeUnit
        ? `PT${whole}${code}${small}${s[0]}`
        : smallTime
          ? `P${whole}${code}T${small}${s[0]}`
          : `P${whole}${code}${small}${s[0]}`;
    }
  }
  return `P${timeUnit ? 'T' : ''}${n}${code}`;
}

/** Whether the weekday at `at` is part of a name ("the Good Friday Agreement", "Super Tuesday"). */
function namedDay(text: string, at: number, w: DateWords): boolean {
  const before = text.slice(Math.max(0, at - 20), at);
  const prev = /(?<prefix>\p{Lu}[\p{L}\s]*?)\s+$/u.exec(before)?.groups?.prefix?.toLowerCase();
  return prev !== undefined && (w.namedDayPrefixes ?? []).some((p) => prev === p || prev.endsWith(` ${p}`));
}

/** Weekdays and months are capitalised wherever they stand; "Today" or "This Week" mid-sentence is a name. */
function capitalisedAnyway(t: string, R: Rules): boolean {
  const first = t.split(/[\s,.]+/)[0]!.toLowerCase();
  return (
    first in R.w.weekdays ||
    first in R.w.months ||
    Object.keys(R.w.months).some((m) => m.startsWith(first) && first.length >= 3)
  );
}

/** Whether a capitalised date word at `at` belongs to a name or a title: after an opening mark or a capitalised word that is not a function word ("VOA Today", “This Week”). */
function partOfTitle(text: string, at: number, R: Rules): boolean {
  const before = text.slice(Math.max(0, at - 24), at);
  if (/[“"]$/.test(before)) return true;
  const m = /(\p{Lu}[\p{L}'’]*)\s+$/u.exec(before);
  if (!m || /[.!?:]["”]?\s*$/.test(before.slice(0, m.index))) return false;
  return !R.functionWords.has(m[1]!.toLowerCase()) && !R.lead.test(`${m[1]} `);
}

/**
 * Where a quarter is the topic ("third-quarter profit rose 5% from a year earlier"), "a year earlier", "a year
 * ago" and "the year-ago period" mean that quarter a year before, not the year before publication.
 */
function anchorToQuarter(dates: DateMention[], R: Rules, text: string): void {
  let topic: { year: number; q: number; end: number } | null = null;
  const periodAfter = R.periodAfter;
  for (const d of dates) {
    // "the 1988 quarter", "in the 1989 period": that year's quarter of the topic.
    if (
      topic &&
      /^\d{4}$/.test(d.value ?? '') &&
      d.start - topic.end < 600 &&
      periodAfter.test(text.slice(d.end, d.end + 12))
    ) {
      d.value = `${d.value}-Q${topic.q}`;
      continue;
    }
    const quarter = d.value && /^(\d{4})-Q([1-4])$/.exec(d.value);
    if (
      R.yearBefore.test(d.text) &&
      topic &&
      d.start - topic.end < 600 &&
      (d.type === 'DATE' || d.type === 'DURATION')
    ) {
      d.value = `${topic.year - 1}-Q${topic.q}`;
      d.type = 'DATE';
      continue;
    }
    if (quarter) topic = { year: Number(quarter[1]), q: Number(quarter[2]), end: d.end };
  }
}

/** The date `n` units before or after `ref`, at the unit's granularity ("six weeks ago" -> an ISO week). */
function shift(ref: string, unit: string, n: number): string {
  const d = new Date(`${ref}T12:00:00Z`);
  const whole = Math.round(n);
  switch (unit) {
    case 'Y':
      return String(d.getUTCFullYear() + whole);
    case 'DE':
      return String(d.getUTCFullYear() + 10 * whole).slice(0, 3);
    case 'CE':
      return String(d.getUTCFullYear() + 100 * whole).slice(0, 2);
    case 'Q':
    case 'M': {
      d.setUTCDate(1);
      d.setUTCMonth(d.getUTCMonth() + whole * (unit === 'Q' ? 3 : 1));
      return ym(d.getUTCFullYear(), d.getUTCMonth() + 1);
    }
    case 'W':
      return isoWeek(addDays(ref, 7 * whole));
    case 'D':
      return addDays(ref, whole);
    default:
      return ref;
  }
}

/** The day of a holiday in a year, by its rule in data/dates.json (see DateWords.holidays). */
function holidayDate(rule: string, year: number): string {
  const easter = /^easter(?<shift>[+-]\d+)?$/.exec(rule);
  if (easter) return addDays(easterSunday(year), Number(easter.groups!.shift ?? 0));
  const m = /^(?<month>\d{2})-(?<day>\d{2})(?:\+W(?<weekday>[1-7]))?$/.exec(rule);
  if (!m) throw new Error(`data/dates.json: holiday rule "${rule}" is neither MM-DD, MM-DD+Wd nor easter±n`);
  const day = `${year}-${m.groups!.month}-${m.groups!.day}`;
  return m.groups!.weekday ? weekdayDate(day, Number(m.groups!.weekday) % 7, true) : day;
}

/** Easter Sunday of a year (the Gregorian computus, Meeus/Jones/Butcher). */
function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return ymd(year, month, day);
}

/** The weekday nearer to `ref`, before or after it (the earlier one when both are as near). */
function nearestWeekday(ref: string, weekday: number): string {
  const back = weekdayDate(ref, weekday, false);
  const on = weekdayDate(ref, weekday, true);
  return dayDistance(ref, on) < dayDistance(back, ref) ? on : back;
}

/** Days from `a` to `b`. */
function dayDistance(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T12:00:00Z`) - Date.parse(`${a}T12:00:00Z`)) / 86_400_000);
}

function addDays(ref: string, n: number): string {
  const d = new Date(`${ref}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** ISO 8601 week of a date: "1998-W08". */
function isoWeek(day: string): string {
  const d = new Date(`${day}T12:00:00Z`);
  const dow = (d.getUTCDay() + 6) % 7; // Monday 0
  d.setUTCDate(d.getUTCDate() - dow + 3); // the Thursday of this week
  const year = d.getUTCFullYear();
  const firstThursday = new Date(Date.UTC(year, 0, 4, 12));
  firstThursday.setUTCDate(firstThursday.getUTCDate() - ((firstThursday.getUTCDay() + 6) % 7) + 3);
  const week = 1 + Math.round((d.getTime() - firstThursday.getTime()) / (7 * 86_400_000));
  return `${year}-W${pad(week)}`;
}

/** The weekday on or before `ref`, strictly before it, or after it. */
function weekdayDate(
  ref: string,
  weekday: number,
  next: boolean,
  strictlyBefore = false,
  strictlyAfter = false,
): string {
  const d = new Date(`${ref}T12:00:00Z`);
  const back = (d.getUTCDay() - weekday + 7) % 7;
  const on = (weekday - d.getUTCDay() + 7) % 7;
  const diff = next ? on || (strictlyAfter ? 7 : 0) : -(back || (strictlyBefore ? 7 : 0));
  d.setUTCDate(d.getUTCDate() + diff);
  return d.toISOString().slice(0, 10);
}

const pad = (n: number): string => String(n).padStart(2, '0');
const ym = (y: number, m: number): string => `${y}-${pad(m)}`;
const ymd = (y: number, m: number, d: number): string => `${y}-${pad(m)}-${pad(d)}`;

function validDate(v: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return true;
  const d = new Date(`${v}T00:00:00Z`);
  return (
    d.getUTCFullYear() === Number(m[1]) &&
    d.getUTCMonth() + 1 === Number(m[2]) &&
    d.getUTCDate() === Number(m[3])
  );
}

export const datesAnalyzer: Analyzer = {
  name: 'dates',
  run(ctx: AnalysisContext) {
    // With neither date words in data/dates.json nor a chrono locale, nothing could be found: say so.
    if (!CHRONO[ctx.lang] && !rulesFor(ctx.lang)) {
      ctx.warnings.push(
        unsupportedLanguage('dates', ctx.lang, 'date words (data/dates.json) or chrono locale'),
      );
      return;
    }
    ctx.dates = findDates(ctx.text, ctx.article.published, ctx.lang, ctx.budget.check);
  },
};

/**
 * Whether a date is when something was said ("said Friday", "told reporters on Monday") rather than when
 * the reported event happens; false for a language without tense words.
 */
export function isWhenSaid(text: string, d: DateMention, language = 'en'): boolean {
  const tr = rulesFor(baseLanguage(language))?.tr;
  return tr ? clauseTense(text, d.start, d.end, tr).reporting : false;
}
