/**
 * What a date does in its sentence, read from the words around it (data/dates.json `tense` and `roles`):
 * whether the clause looks back or ahead (so "will vote on Friday" is the coming Friday), and the date's
 * role: the event the sentence reports, background ("since 2014", "had served in 2010"), a benchmark ("the
 * highest since 2008", "up 3% from a year earlier"), an end of a range ("from 2017 to 2021"), a period (a
 * duration or a recurring time) or publication metadata (a dateline, "Updated March 3"). Cheap word rules,
 * no parse: they run on every dated sentence of every article.
 */
import type { DateMention, DateRole } from '../model/document.js';

export interface TenseWords {
  future: string[];
  infinitive: string[];
  notInfinitive: string[];
  notInfinitiveBefore?: string[];
  past: string[];
  pastSuffixes: string[];
  notPast: string[];
  perfect: string[];
  passiveAux?: string[];
  pastPrepositions?: string[];
  futurePrepositions?: string[];
  determiners?: string[];
  futureAfterVerb?: string[];
  futureAfterWord?: string[];
  notBeforeFutureWord?: string[];
  clauseWords?: string[];
  nonFinite?: string[];
  notNonFinite?: string[];
  pastAfterFigure?: string[];
  futureSuffixes?: string[];
  progressiveAux: string[];
  progressiveSuffixes: string[];
  reporting: string[];
  background: string[];
  clauseBreaks: string[];
}

export interface RoleWords {
  since: string[];
  superlatives: string[];
  comparison: string[];
  changeFrom: string[];
  changeCues: string[];
  rangeStart: string[];
  rangeJoin: string[];
  rangeEndLead?: string[];
  qualifiers?: string[];
  datelineWords: string[];
  /** Words that compare from a few words before a date ("higher than they were in 2020"). */
  comparisonWords?: string[];
  /** A date's own preposition that makes it the period or moment a statement is about ("for 2021", "as of"). */
  referenceLeads?: string[];
  /** Words that open a relative clause after a comma (", who was elected in 2019,"). */
  relativePronouns?: string[];
}

export type Tense = 'past' | 'future';

/** What the clause around a date says about its time: which way it looks, and the word that says so. */
export interface ClauseTense {
  tense: Tense | null;
  /** The word that decided (lower case), null when none did. */
  cue: string | null;
  /** The cue is a verb of saying ("said Friday"): the date is when it was said. */
  reporting: boolean;
  /** The cue makes the date background ("had served in 2010", "founded in 1990"). */
  background: boolean;
  /**
   * An infinitive under a verb in the past ("voted Tuesday to avoid a shutdown on Friday", "arranged
   * celebrations to mark the entry on Friday"): the date may be either side of publication; the nearest wins.
   */
  either?: boolean;
}

interface Token {
  word: string;
  lower: string;
  start: number;
  end: number;
}

/** Compiled per language: phrase lists split into words, sets for single words. */
export interface TenseRules {
  t: TenseWords;
  r: RoleWords;
  future: string[][];
  /** The future phrases by their last word and by their first: a token looks up only its own. */
  futureByLast: Map<string, string[][]>;
  futureByFirst: Map<string, string[][]>;
  past: Set<string>;
  notPast: Set<string>;
  reporting: Set<string>;
  background: Set<string>;
  infinitive: Set<string>;
  notInfinitive: Set<string>;
  notInfinitiveBefore: Set<string>;
  perfect: Set<string>;
  passiveAux: Set<string>;
  determiners: Set<string>;
  futureAfterVerb: Set<string>;
  futureAfterWord: Set<string>;
  notBeforeFutureWord: Set<string>;
  clauseWords: Set<string>;
  notNonFinite: Set<string>;
  pastAfterFigure: Set<string>;
  pastPrepositions: string[][];
  futurePrepositions: string[][];
  progressiveAux: Set<string>;
  lowercaseNotMonths: Set<string>;
  leadPrepositions: Set<string>;
  /** The language's function words, lower case: "the 1998 bombing" is attributive, "in 1998 the" is not. */
  functionWords: Set<string>;
  superlatives: Set<string>;
  changeCues: Set<string>;
  comparison: string[][];
  changeFrom: Set<string>;
  since: Set<string>;
  rangeStart: Set<string>;
  rangeJoin: Set<string>;
  rangeEndLead: Set<string>;
  qualifiers: string[][];
  datelineWords: string[][];
  comparisonWords: Set<string>;
  referenceLeads: Set<string>;
  relativePronouns: Set<string>;
  /** A leading preposition of a date's own text ("since 2008" → "since"). */
  leadWord: RegExp;
}

const splitWords = (s: string): string[] => s.toLowerCase().split(/\s+/).filter(Boolean);

/** Phrases grouped by one of their words, longest first within a group. */
function index(phrases: string[][], key: (p: string[]) => string): Map<string, string[][]> {
  const m = new Map<string, string[][]>();
  for (const p of phrases) m.set(key(p), [...(m.get(key(p)) ?? []), p]);
  return m;
}

export function compileTenseRules(
  t: TenseWords,
  r: RoleWords,
  prepositions: string[],
  lowercaseNotMonths: string[] = [],
  functionWords: Iterable<string> = [],
): TenseRules {
  const byLength = (xs: string[]): string[][] => xs.map(splitWords).sort((a, b) => b.length - a.length);
  const escaped = prepositions.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+'));
  return {
    t,
    r,
    future: byLength(t.future),
    futureByLast: index(byLength(t.future), (p) => p.at(-1)!),
    futureByFirst: index(byLength(t.future), (p) => p[0]!),
    past: new Set(t.past),
    notPast: new Set(t.notPast),
    reporting: new Set(t.reporting),
    background: new Set(t.background),
    infinitive: new Set(t.infinitive),
    notInfinitive: new Set(t.notInfinitive),
    notInfinitiveBefore: new Set(t.notInfinitiveBefore ?? []),
    perfect: new Set(t.perfect),
    passiveAux: new Set(t.passiveAux ?? []),
    determiners: new Set(t.determiners ?? []),
    futureAfterVerb: new Set(t.futureAfterVerb ?? []),
    futureAfterWord: new Set(t.futureAfterWord ?? []),
    notBeforeFutureWord: new Set(t.notBeforeFutureWord ?? []),
    clauseWords: new Set(t.clauseWords ?? []),
    notNonFinite: new Set(t.notNonFinite ?? []),
    pastAfterFigure: new Set(t.pastAfterFigure ?? []),
    pastPrepositions: byLength(t.pastPrepositions ?? []),
    futurePrepositions: byLength(t.futurePrepositions ?? []),
    progressiveAux: new Set(t.progressiveAux),
    lowercaseNotMonths: new Set(lowercaseNotMonths),
    leadPrepositions: new Set(prepositions.filter((p) => !p.includes(' '))),
    functionWords: new Set([...functionWords].map((x) => x.toLowerCase())),
    superlatives: new Set(r.superlatives),
    changeCues: new Set(r.changeCues),
    comparison: byLength(r.comparison),
    changeFrom: new Set(r.changeFrom),
    since: new Set(r.since),
    rangeStart: new Set(r.rangeStart),
    rangeJoin: new Set(r.rangeJoin),
    rangeEndLead: new Set(r.rangeEndLead ?? []),
    qualifiers: byLength(r.qualifiers ?? []),
    datelineWords: byLength(r.datelineWords),
    comparisonWords: new Set(r.comparisonWords ?? []),
    referenceLeads: new Set(r.referenceLeads ?? []),
    relativePronouns: new Set(r.relativePronouns ?? []),
    leadWord: new RegExp(`^(?<lead>${escaped.join('|') || '(?!)'})\\s+`, 'iu'),
  };
}

/** Words and dashes with their offsets; a dash between spaces is a token of its own. */
function tokens(text: string, from: number, to: number): Token[] {
  const out: Token[] = [];
  for (const m of text.slice(from, to).matchAll(/(?<word>[\p{L}\p{N}][\p{L}\p{N}'’.-]*|[-–—%]|'ll|’ll)/gu)) {
    // (the whole match is the word; the replace only where a dot ends it: this runs for every word near a date)
    const word = m[0].endsWith('.') ? m[0].replace(/[.]+$/, '') : m[0];
    const start = from + m.index;
    out.push({ word, lower: word.toLowerCase(), start, end: start + word.length });
  }
  return out;
}

/** The start of the sentence holding `at`: after the last sentence end or line break before it. */
export function sentenceStart(text: string, at: number, limit = 400): number {
  const from = Math.max(0, at - limit);
  // Back from `at` to the nearest line break, or sentence end before a capital: a scan back, no regex over
  // the window (this runs for every date).
  for (let i = at - 1; i >= from; i--) {
    const c = text[i]!;
    if (c === '\n') return i + 1;
    if (c !== '.' && c !== '!' && c !== '?') continue;
    let n = i + 1;
    while (n < at && CLOSING.includes(text[n]!)) n++;
    const spaceAt = n;
    while (n < at && /\s/u.test(text[n]!)) n++;
    if (n === spaceAt || n >= at) continue;
    const first = OPENING.includes(text[n]!) ? text[n + 1] : text[n];
    if (first !== undefined && /\p{Lu}/u.test(first)) return n;
  }
  return from;
}

const CLOSING = '"”’)';
const OPENING = '"“‘';

/** The end of the sentence holding `at`. */
export function sentenceEnd(text: string, at: number, limit = 400): number {
  const piece = text.slice(at, at + limit);
  const m = /[.!?]["”’)]*(?=\s+["“‘]?\p{Lu}|\s*$)|\n/u.exec(piece);
  return m ? at + m.index + m[0].length : Math.min(text.length, at + limit);
}

/** Whether the words of `phrase` end at tokens[i] (going back). */
function phraseEndsAt(ts: Token[], i: number, phrase: string[]): boolean {
  if (i + 1 < phrase.length) return false;
  for (let k = 0; k < phrase.length; k++)
    if (ts[i - k]!.lower !== phrase[phrase.length - 1 - k]) return false;
  return true;
}

/** Whether the words of `phrase` start at tokens[i] (going forward). */
function phraseStartsAt(ts: Token[], i: number, phrase: string[]): boolean {
  if (i + phrase.length > ts.length) return false;
  for (let k = 0; k < phrase.length; k++) if (ts[i + k]!.lower !== phrase[k]) return false;
  return true;
}

/** What token `i` says about tense, looking at its neighbours; null when it says nothing. */
function cueAt(ts: Token[], i: number, R: TenseRules, backward: boolean): ClauseTense | null {
  const tok = ts[i]!;
  // A capitalised "May" is the month, not the modal.
  if (tok.word !== tok.lower && R.lowercaseNotMonths.has(tok.lower)) return null;
  if ((R.t.futureSuffixes ?? []).some((x) => tok.lower.endsWith(x)))
    return { tense: 'future', cue: tok.lower, reporting: false, background: false };
  for (const p of (backward ? R.futureByLast : R.futureByFirst).get(tok.lower) ?? [])
    if (backward ? phraseEndsAt(ts, i, p) : phraseStartsAt(ts, i, p)) {
      // "had been due to expire Friday": a plan told in the past perfect was overtaken; its time is behind.
      const first = backward ? i - p.length + 1 : i;
      if (ts[first - 1]?.lower === 'been' && ts[first - 2]?.lower === 'had')
        return { tense: 'past', cue: `had been ${p.join(' ')}`, reporting: false, background: false };
      return { tense: 'future', cue: p.join(' '), reporting: false, background: false };
    }
  if (R.infinitive.has(tok.lower)) {
    // After the date, an infinitive is another verb's ("agreed in April to hand them over").
    if (!backward) return null;
    // "to avoid a shutdown on Friday": an infinitive looks ahead; "to the meeting", "according to" do not;
    // after a past form it tells what was done then ("voted to support the plan Friday").
    const next = ts[i + 1];
    const prev = ts[i - 1];
    // ("has decided to admit them in March" looks ahead again.)
    const aux = ts[i - 2]?.lower ?? '';
    if (
      prev &&
      (R.past.has(prev.lower) || pastSuffixed(prev, R)) &&
      !R.passiveAux.has(aux) &&
      !R.perfect.has(aux)
    )
      return { tense: 'past', cue: `${prev.lower} ${tok.lower}`, reporting: false, background: false };
    if (
      next &&
      next.word === next.lower &&
      /^\p{Ll}+$/u.test(next.word) &&
      !R.notInfinitive.has(next.lower) &&
      !(next.lower.endsWith('s') && !next.lower.endsWith('ss')) &&
      !(prev && R.notInfinitiveBefore.has(prev.lower))
    )
      return { tense: 'future', cue: `${tok.lower} ${next.lower}`, reporting: false, background: false };
    return null;
  }
  // "is meeting on Monday": the present progressive of a plan.
  if (
    R.t.progressiveSuffixes.some((s) => tok.lower.endsWith(s) && tok.lower.length > s.length + 2) &&
    ts[i - 1] &&
    R.progressiveAux.has(ts[i - 1]!.lower)
  )
    return { tense: 'future', cue: `${ts[i - 1]!.lower} ${tok.lower}`, reporting: false, background: false };
  // "a bill extending funding through Dec. 3": a clause without a finite verb says nothing of time.
  if (
    backward &&
    tok.word === tok.lower &&
    (R.t.nonFinite ?? []).some((s) => tok.lower.endsWith(s) && tok.lower.length > s.length + 2) &&
    !R.notNonFinite.has(tok.lower)
  )
    // ("would be traveling Thursday": after a form of "be" the verb is finite; its auxiliary tells.)
    return ts[i - 1] && R.passiveAux.has(ts[i - 1]!.lower) ? null : NONE;
  // "will be paid", "must be returned by": a participle after a form of "be" is no past tense; nor after
  // "has" ("has set Nov. 10 as the deadline": a present perfect does not take a date of its own).
  const participle = pastSuffixed(tok, R) || R.past.has(tok.lower);
  const aux = ts[i - 1]?.lower ?? '';
  if (participle && (R.passiveAux.has(aux) || R.perfect.has(aux))) return null;
  // "had closed in 2015": the past perfect, background to the story.
  if (participle && R.background.has(aux))
    return { tense: 'past', cue: `${aux} ${tok.lower}`, reporting: false, background: true };
  // "a still unspecified date", "the embattled leader": an adjective.
  const p1 = ts[i - 1];
  const p2 = ts[i - 2];
  const adverb = p1 && /ly$|^(?:still|already|now|newly|long)$/u.test(p1.lower);
  if (
    pastSuffixed(tok, R) &&
    p1 &&
    (R.determiners.has(p1.lower) || (adverb && p2 && R.determiners.has(p2.lower)))
  )
    return null;
  if (R.past.has(tok.lower) || pastSuffixed(tok, R))
    return {
      tense: 'past',
      cue: tok.lower,
      reporting: R.reporting.has(tok.lower),
      background: R.background.has(tok.lower),
    };
  return null;
}

/** A regular past form ("voted"), not a listed exception ("indeed", "hundred"). */
function pastSuffixed(tok: Token, R: TenseRules): boolean {
  return (
    !R.notPast.has(tok.lower) &&
    tok.word === tok.lower &&
    R.t.pastSuffixes.some((s) => tok.lower.endsWith(s) && tok.lower.length > s.length + 2)
  );
}

const NONE: ClauseTense = { tense: null, cue: null, reporting: false, background: false };

/**
 * Which way the clause of the date at [start, end) looks: a preposition just before it that decides alone
 * ("since", "by"), else the nearest tense cue in its sentence, before or after it ("voted Friday", "On
 * Friday, the council will vote"; before it when both are as near). Clause breaks (quotation marks,
 * semicolons, brackets) end the search. A possessive ("Friday's vote") names an occasion, not the clause's
 * time: it says nothing.
 */
export function clauseTense(text: string, spanStart: number, end: number, R: TenseRules): ClauseTense {
  // A span that holds its preposition ("on Sunday") is read as the preposition, then the date.
  const start = spanStart + (R.leadWord.exec(text.slice(spanStart, end))?.[0].length ?? 0);
  const sStart = sentenceStart(text, start);
  const sEnd = sentenceEnd(text, end);
  const breaks = R.t.clauseBreaks;
  // Searched inside the sentence only: a search over the whole text for every date would be quadratic.
  const head = text.slice(sStart, start);
  const tail = text.slice(end, sEnd);
  let from = sStart;
  let to = sEnd;
  for (const b of breaks) {
    const k = head.lastIndexOf(b);
    if (k >= 0) from = Math.max(from, sStart + k + b.length);
    const j = tail.indexOf(b);
    if (j >= 0) to = Math.min(to, end + j);
  }
  if (/^['’]s\b/u.test(text.slice(end, end + 3))) return NONE;
  const all = tokens(text, from, start);
  // A clause word ("but", "while") begins the date's clause.
  let clauseAt = 0;
  for (let i = all.length - 1; i >= 0; i--)
    if (R.clauseWords.has(all[i]!.lower)) {
      clauseAt = i + 1;
      break;
    }
  const before = all.slice(clauseAt);
  // "a June agreement", "the Jan. 14 deadline": the date qualifies a noun.
  if (
    before.length &&
    R.determiners.has(before.at(-1)!.lower) &&
    /^\s+\p{Ll}/u.test(text.slice(end, end + 3))
  )
    return NONE;
  for (const [list, tense] of [
    [R.pastPrepositions, 'past'],
    [R.futurePrepositions, 'future'],
  ] as const)
    for (const p of list) {
      // Also before the date's own preposition: "starting in July", "effective on Monday".
      const ownLead = before.length > 1 && R.leadPrepositions.has(before.at(-1)!.lower) ? 2 : 1;
      if (
        phraseEndsAt(before, before.length - 1, p) ||
        (ownLead === 2 && phraseEndsAt(before, before.length - 2, p))
      )
        return { tense, cue: p.join(' '), reporting: false, background: false };
    }
  // "down 6.8% from Oct. 13": a change measured from a past point.
  if (
    before.length >= 2 &&
    R.pastAfterFigure.has(before.at(-1)!.lower) &&
    /(?:\d|%)$/u.test(before.at(-2)!.word)
  )
    return { tense: 'past', cue: before.at(-1)!.lower, reporting: false, background: false };
  // "extended to Nov. 16": a deadline moved; "from Aug. 26 to Oct. 20" is a range, "in contrast to" no verb.
  const verb = before.at(-2);
  if (
    before.length >= 2 &&
    R.futureAfterVerb.has(before.at(-1)!.lower) &&
    verb &&
    (R.past.has(verb.lower) || pastSuffixed(verb, R))
  )
    return {
      tense: 'future',
      cue: `${verb.lower} ${before.at(-1)!.lower}`,
      reporting: false,
      background: false,
    };
  // "gave the relatives until Tuesday": a deadline ahead.
  if (
    before.length >= 2 &&
    R.futureAfterWord.has(before.at(-1)!.lower) &&
    verb &&
    /^\p{Ll}+$/u.test(verb.word) &&
    !R.notBeforeFutureWord.has(verb.lower)
  )
    return {
      tense: 'future',
      cue: `${verb.lower} ${before.at(-1)!.lower}`,
      reporting: false,
      background: false,
    };
  const after = tokens(text, end, to);
  // The date's own preposition ("in", "on") says nothing.
  const lead = before.length && R.leadPrepositions.has(before.at(-1)!.lower) ? 1 : 0;
  // A date that opens its clause ("On Friday, the council will vote") takes the tense of what follows;
  // elsewhere the words before it, and failing those a verb right after it ("the ministry on Sunday issued").
  const opens = before.length - lead === 0;
  // "Congress on Thursday approved": between a name and its verb.
  const named =
    lead > 0 && before.length - lead > 0 && /^\p{Lu}/u.test(before[before.length - 1 - lead]!.word);
  if (named && after.length) {
    const a = cueAt(after, 0, R, false);
    if (a) return a;
  }
  if (!opens)
    for (let i = before.length - 1 - lead, n = 0; i >= 0 && n < 14; i--, n++) {
      const b = cueAt(before, i, R, true);
      if (!b) continue;
      // (The infinitive itself, "to mark", not a phrase ending in it, "plan to".)
      if (
        b.tense === 'future' &&
        R.infinitive.has(before[i]!.lower) &&
        b.cue?.startsWith(`${before[i]!.lower} `)
      ) {
        // An infinitive looks ahead from its verb's time: under a past verb, that time is behind us.
        for (let k = i - 1, m = 0; k >= 0 && m < 10; k--, m++) {
          const c = cueAt(before, k, R, true);
          if (!c) continue;
          if (c.tense === 'past' && !c.reporting) return { ...NONE, either: true };
          break;
        }
      }
      return b;
    }
  for (let n = 0; n < (opens ? 10 : 1) && n < after.length; n++) {
    const a = cueAt(after, n, R, false);
    if (a) return a;
  }
  return NONE;
}

/**
 * The way a whole sentence looks when the date's own clause does not say: 'past' when its verbs are past
 * forms and none looks ahead ("In January, days after the mayor took office, a storm flooded the harbour").
 */
export function sentenceTense(text: string, start: number, end: number, R: TenseRules): Tense | null {
  const ts = tokens(text, sentenceStart(text, start), sentenceEnd(text, end));
  let past = false;
  for (let i = 0; i < ts.length; i++) {
    const c = cueAt(ts, i, R, true);
    if (c?.tense === 'future') return null;
    // (a verb of saying tells when it was said, not when the date is: "runs from Aug. 26, the museum said")
    if (c?.tense === 'past' && !c.reporting) past = true;
  }
  return past ? 'past' : null;
}

/** Whether a date's value names a point or stretch of the calendar (a year, month, day, time, week…). */
const CALENDAR = /^\d{4}(?:-(?:\d{2}|Q\d|W\d{2}|SP|SU|FA|WI|H\d))?(?:-\d{2})?(?:-WE)?(?:T.*)?$|^\d{3}X?$/;

/**
 * The role of each date (sorted by start) in its sentence. A date that is none of the others is an event:
 * what the sentence reports happened (or will happen) then.
 */
export function assignRoles(
  text: string,
  dates: DateMention[],
  R: TenseRules,
  /** The publication day (YYYY-MM-DD): a date wholly before it cannot be planned. */
  published: string | null = null,
): void {
  // The first line with text on it: a plain-text article may open with blank lines before its dateline.
  const firstLineEnd = (() => {
    const from = Math.max(0, text.search(/\S/));
    const nl = text.indexOf('\n', from);
    return nl < 0 ? Math.min(text.length, from + 200) : Math.min(nl, from + 200);
  })();
  for (let k = 0; k < dates.length; k++) {
    const d = dates[k]!;
    d.role = roleOf(text, dates, k, R, firstLineEnd, published);
    // "Starting in November 1774": a clause may look ahead from a past time; the date is still past.
    if (d.role === 'planned' && published && d.value && lastDay(d.value) < published) d.role = 'event';
    // "cut emissions in half by 2030": what the story dates after its publication has not happened yet
    // (a day after it may be the newsroom's today: feeds run a time zone behind).
    if (d.role === 'event' && published && d.value && firstDay(d.value) > dayAfter(published))
      d.role = 'planned';
  }
}

/** The first day a calendar value covers, as YYYY-MM-DD. */
function firstDay(value: string): string {
  const day = /^\d{4}-\d{2}-\d{2}/.exec(value);
  if (day) return day[0];
  const month = /^\d{4}-\d{2}(?!\d)/.exec(value);
  if (month) return `${month[0]}-01`;
  const quarter = /^(?<year>\d{4})-Q(?<q>[1-4])/.exec(value);
  if (quarter)
    return `${quarter.groups!.year}-${String(3 * Number(quarter.groups!.q) - 2).padStart(2, '0')}-01`;
  return `${value.slice(0, 4)}-01-01`;
}

function dayAfter(day: string): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** The last day a calendar value covers, as YYYY-MM-DD (a year's December 31, a month's 31st). */
function lastDay(value: string): string {
  const day = /^\d{4}-\d{2}-\d{2}/.exec(value);
  if (day) return day[0];
  const month = /^\d{4}-\d{2}(?!\d)/.exec(value);
  if (month) return `${month[0]}-31`;
  return `${value.slice(0, 4)}-12-31`;
}

function roleOf(
  text: string,
  dates: DateMention[],
  k: number,
  R: TenseRules,
  firstLineEnd: number,
  published: string | null,
): DateRole {
  const d = dates[k]!;
  if (d.type === 'DURATION' || d.type === 'SET') return 'period';
  if (!d.value || !CALENDAR.test(d.value)) return 'background';
  if (isDateline(text, d, R, firstLineEnd)) return 'publication';
  // "from 2017 to 2021", "between May and July", "2017-2021": both ends.
  const prev = dates[k - 1];
  const next = dates[k + 1];
  const joins = (a: DateMention, b: DateMention): boolean => {
    const gap = text.slice(a.end, b.start).trim().toLowerCase();
    const lead = R.leadWord.exec(b.text)?.groups?.lead?.toLowerCase();
    return (gap === '' && lead !== undefined && R.rangeJoin.has(lead)) || R.rangeJoin.has(gap);
  };
  const opensRange = (a: DateMention): boolean => {
    const lead = R.leadWord.exec(a.text)?.groups?.lead?.toLowerCase();
    const word = tokens(text, Math.max(0, a.start - 20), a.start).at(-1)?.lower;
    return (lead !== undefined && R.rangeStart.has(lead)) || (word !== undefined && R.rangeStart.has(word));
  };
  if (next && joins(d, next) && (opensRange(d) || /^\d{4}$/.test(d.text.trim()))) return 'range';
  // "funded through Dec. 3", "until December 3": the end of a span.
  const ownLead = R.leadWord.exec(d.text)?.groups?.lead?.toLowerCase();
  const wordBefore = tokens(text, Math.max(0, d.start - 12), d.start).at(-1)?.lower;
  if ([ownLead, wordBefore].some((w) => w !== undefined && R.rangeEndLead.has(w))) return 'range';
  if (prev && joins(prev, d) && (opensRange(prev) || /^\d{4}$/.test(prev.text.trim()))) return 'range';

  const sStart = sentenceStart(text, d.start);
  const lead = R.leadWord.exec(d.text)?.groups?.lead;
  const headEnd = d.start + (lead ? lead.length : 0);
  const all = tokens(text, Math.max(sStart, d.start - 160), headEnd);
  // "since at least 2011": the qualifier stands between the preposition and the date.
  let cut = all.length;
  for (const q of R.qualifiers)
    if (phraseEndsAt(all, all.length - 1, q)) cut = Math.min(cut, all.length - q.length);
  const head = all.slice(0, cut);
  const last = head.at(-1);
  const clause = head.map((x) => x.lower);
  // "the highest since 2008" is a benchmark; "in office since 2014" is background (the start of a state).
  if (last && R.since.has(last.lower))
    return clause.slice(-10).some((w) => R.superlatives.has(w)) ? 'benchmark' : 'background';
  // "the highest since records began in December 2000", "higher than they were in February 2020": the
  // word that compares a few words before the date, with no new clause between.
  const near = withinClause(head, R, 4);
  const sinceAt = near.findIndex((w) => R.since.has(w.lower));
  if (sinceAt >= 0) {
    const before = clause.slice(0, head.length - near.length + sinceAt).slice(-10);
    return before.some((w) => R.superlatives.has(w)) ? 'benchmark' : 'background';
  }
  if (near.some((w) => R.comparisonWords.has(w.lower))) return 'benchmark';
  // "more than in 2019", "compared with March".
  for (const p of R.comparison)
    if (phraseEndsAt(head, head.length - 1, p) || phraseEndsAt(head, head.length - 2, p)) return 'benchmark';
  // "up 3% from a year earlier", "rose from 3.1% in March": a change measured from that date.
  const fromAt = (() => {
    for (let i = head.length - 1; i >= Math.max(0, head.length - 5); i--)
      if (R.changeFrom.has(head[i]!.lower)) return i;
    return -1;
  })();
  if (fromAt >= 0 && clause.slice(Math.max(0, fromAt - 12), fromAt).some((w) => R.changeCues.has(w)))
    return 'benchmark';
  // "the Jan. 6 riot", "the 2012 attack": a date naming an occasion the sentence refers to, not its event.
  if (attributive(text, d, R)) return 'background';
  // "The mayor, who was elected in 2019, resigned": a relative clause between commas describes someone;
  // its date is background to the sentence's event.
  if (inRelativeClause(text, d, sStart, R)) return 'background';
  // "the forecast for 2021", "as of Saturday": the period or moment a statement is about, not an event;
  // unless the clause looks ahead ("the vote set for Friday": planned, below).
  // The clause's tense matters only for a date that can still be to come, or after a reference word: it
  // is read per date, so not for the many dates wholly before publication.
  const reference = lead !== undefined && R.referenceLeads.has(lead.toLowerCase().replace(/\s+/g, ' '));
  const open = !published || !d.value || lastDay(d.value) >= published;
  const tense = open || reference ? clauseTense(text, d.start, d.end, R).tense : null;
  if (reference && tense !== 'future') return 'background';
  // "had served in 2010": the nearest tense word before the date says background (the words are at hand).
  const skip = last && R.leadPrepositions.has(last.lower) ? 1 : 0;
  for (let i = head.length - 1 - skip, n = 0; i >= 0 && n < 14; i--, n++) {
    const c = cueAt(head, i, R, true);
    if (c) return c.background ? 'background' : tense === 'future' ? 'planned' : 'event';
  }
  // "will vote on Friday", "payments start in July": what the story says is to come.
  return tense === 'future' ? 'planned' : 'event';
}

/** Whether the date sits in a non-defining relative clause: after ", who" (or "which", "whose") and before a comma. */
function inRelativeClause(text: string, d: DateMention, sStart: number, R: TenseRules): boolean {
  if (!R.relativePronouns.size) return false;
  const before = text.slice(sStart, d.start);
  const comma = before.lastIndexOf(',');
  if (comma < 0) return false;
  const opener = /^\s*(?<word>\p{L}+)/u.exec(before.slice(comma + 1))?.groups?.word?.toLowerCase();
  if (!opener || !R.relativePronouns.has(opener)) return false;
  const after = text.slice(d.end, sentenceEnd(text, d.end));
  return /^[^,;:.!?]*,/u.test(after);
}

/** The last `n` tokens of `head`, cut after a clause word or a comma-free clause break among them. */
function withinClause(head: Token[], R: TenseRules, n: number): Token[] {
  const near = head.slice(-n);
  let from = 0;
  near.forEach((w, i) => {
    if (R.clauseWords.has(w.lower)) from = i + 1;
  });
  return near.slice(from);
}

/** Whether the date qualifies the noun after it: "the violent Jan. 6 insurrection", "a 1996 law". */
function attributive(text: string, d: DateMention, R: TenseRules): boolean {
  if (R.leadWord.test(d.text)) return false;
  if (!/^\s+\p{L}{3,}/u.test(text.slice(d.end, d.end + 6))) return false;
  const next = /^\s+(?<word>\p{L}+)/u.exec(text.slice(d.end, d.end + 30))?.groups?.word?.toLowerCase() ?? '';
  if (R.leadPrepositions.has(next) || R.functionWords.has(next)) return false;
  const before = tokens(text, Math.max(0, d.start - 40), d.start);
  // The determiner, maybe with an adjective or two between ("the violent Jan. 6 insurrection").
  for (let i = before.length - 1; i >= Math.max(0, before.length - 3); i--) {
    const w = before[i]!;
    // A possessive determines too ("Biden's July 4 goal").
    if (R.determiners.has(w.lower) || /\p{L}['’]s$/u.test(w.word)) return true;
    if (w.word !== w.lower || !/^\p{Ll}+$/u.test(w.word)) return false;
  }
  return false;
}

/**
 * A dateline or a publication line: a date on the text's first line before a dash or an agency's
 * parenthesis ("LONDON, March 3 (Reuters) -"), a line that is nothing but the date, or a date after
 * "Published" or "Updated" on its line.
 */
function isDateline(text: string, d: DateMention, R: TenseRules, firstLineEnd: number): boolean {
  const lineStart = text.lastIndexOf('\n', d.start - 1) + 1;
  const lineEndAt = text.indexOf('\n', d.end);
  const lineEnd = lineEndAt < 0 ? text.length : lineEndAt;
  const beforeOnLine = tokens(text, Math.max(lineStart, d.start - 60), d.start);
  for (const p of R.datelineWords)
    for (let i = beforeOnLine.length - 1; i >= Math.max(0, beforeOnLine.length - 4); i--)
      if (phraseEndsAt(beforeOnLine, i, p)) return true;
  const line = text.slice(lineStart, Math.min(lineEnd, lineStart + 60));
  const rest = text.slice(d.end, Math.min(lineEnd, d.end + 80));
  // A line of the date alone (a weekday, a time and a zone may come with it).
  if (
    lineEnd - lineStart < 60 &&
    !/[.!?]\s+\p{Lu}/u.test(line) &&
    /^[\s,|·•–—-]*(?:\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:\p{Lu}{2,4})?)?[\s,.|·•]*$/iu.test(rest) &&
    beforeOnLine.length <= 2
  )
    return true;
  if (d.start > firstLineEnd) return false;
  // "WASHINGTON, March 3 (Reuters) -": capitals and commas before, an agency or a dash after.
  const before = text.slice(lineStart, d.start);
  const after = /^\s*(?:\([^)]{1,40}\)\s*)?(?:--|[-–—:])/u.test(rest);
  return after && /^[\p{Lu}\p{N}\s,.'’()/-]*$/u.test(before);
}
