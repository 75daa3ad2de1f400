/**
 * What a figure measures, of what kind it is, and who states it, read from its sentence without a parse:
 * the counted noun, else the subject before the clause's verb ("Initial claims … decreased by 20,000");
 * the basis from the words around the number ("fell 20,000" a change, "from 405,000" the level before,
 * "a 21-year high" a record span, "59% of respondents" a share, "the past 8 weeks" a period); the kind from
 * the nearest cue word before it in its clause ("had expected" a forecast, "pledged" a target); the
 * claimant from the sentence's source ("…, the Labor Department said", "according to AAA", "Economists
 * surveyed by Refinitiv had expected"). Cheap enough to run on every figure. Pure.
 */
import type { DateMention, Figure, FigureKind, Measure, Span } from '../model/document.js';
import { firstIndex } from '../util/search.js';
import { readFigure } from './figure-phrase.js';
import type { FigureWords } from './figure-words.js';
import { tagSpan, type TaggedToken } from './syntax/index.js';

const TIME_UNIT = /^(?:second|minute|hour|day|week|month|year|decade)s?$/i;
/** Units that are not a counted thing: the measure's thing is then found in the sentence. */
const MEASURING_UNIT =
  /^(?:percentage|percentage point|fraction|vote|year|month|week|day|hour|minute|second|point|basis point|cent|count)$|dollar|euro|pound|yen|yuan|franc|krone|krona|rupee|ruble|rand|peso|shekel|ringgit|per /;

const CURRENCY_UNIT = /dollar|euro|pound|yen|yuan|franc|krone|krona|rupee|ruble|rand|peso|shekel|ringgit/;

interface Context {
  /** The singular, normalised form of a counted noun ("claims" -> "claim"). */
  normalize: (noun: string) => string | null;
  text: string;
  sentences: Span[];
  dates: DateMention[];
  words: FigureWords;
  /** The article's language: sentences of a language with a syntax model are read with their tags. */
  lang?: string;
}

/** Sets `measure`, `kind` and, where no quote gave one, `claimant` on each figure. */
export function describeFigures(c: Context, figures: Figure[]): void {
  let counted: Figure | null = null;
  let last: Figure | null = null;
  // each sentence is tagged once, when a figure in it needs its tags
  const tagged = new Map<number, TaggedToken[]>();
  // (sorted by start, for the binary searches of a sentence's dates and figures)
  const byStart = (a: Span, b: Span): number => a.start - b.start;
  const sorted = { ...c, dates: [...c.dates].sort(byStart) };
  const sortedFigures = [...figures].sort(byStart);
  for (const f of figures) {
    const s = sentenceOf(c.sentences, f) ?? { start: f.start, end: f.end };
    const before = c.text.slice(s.start, f.start);
    const after = c.text.slice(f.end, s.end);
    const basis = basisOf(c, f, before, after);
    f.measure = {
      thing: thingOf(c, f, before, after, basis),
      scope: scopeOf(after),
      basis,
      period: periodOf(c, f, s),
    };
    // "Seven of the deaths", "at least nine were children": a number alone counts the noun it is part of or is
    f.unit ??= partitive(c, f, after);
    // A bare number counts what its sentence says it measures: "claims fell to 385,000" counts claims; a
    // sentence that names only "the figure" or "the reading" goes on counting what the figure before it
    // counted ("Last week's figure was revised down to 405,000").
    const thing = f.measure.thing;
    // (only for a number in digits standing alone: not "5G", not "dozens")
    if (
      f.unit === null &&
      basis !== 'record' &&
      f.qualifier !== 'tally' &&
      /\d$/.test(f.text) &&
      !/^\p{L}/u.test(after)
    ) {
      const head =
        thing
          ?.split(/\s+(?:of|in|for|at|among|on|from|by)\s+/)[0]!
          .split(/\s+/)
          .at(-1) ?? '';
      // (nor a name's word, "Kestrel Mining fell 4.2% to 3.80"; a capital first word of the sentence
      // counts only as a plural, "Orders dropped 2,400")
      const written = /^\p{Ll}[\p{L}'’-]*\p{L}$/u.test(head)
        ? new RegExp(
            String.raw`(?<!\p{L})(?:${head}|(?<first>^\s*\p{Lu}${head.slice(1)}))(?!\p{L})`,
            'u',
          ).exec(before)
        : null;
      // (not a percent's word: in "fell 0.4 per cent to 13176" the subject's last word is the percent's)
      const named =
        !!written &&
        (!written.groups?.first || c.normalize(head) !== head) &&
        !c.words.measureStop.has(head) &&
        !/^(?:cent|percent|percentage)$/.test(head);
      // "The economy added far fewer jobs than expected in April, just 266,000": the number counts what
      // the clause's change verb counted, not its subject
      const object = objectPattern(c.words).exec(before)?.groups?.noun;
      if (object && !c.words.genericThings.has(object) && c.normalize(object)) {
        f.unit = c.normalize(object);
        f.measure.basis = 'change';
      } else if (named && !c.words.genericThings.has(head)) f.unit = c.normalize(head);
      else if (counted && f.start - counted.end < 400) {
        f.unit = counted.unit;
        // (an average of them keeps its words: "the four-week moving average … 395,000" is not a week's count)
        const average = head === 'average' && thing!.split(/\s+/).length > 1;
        if (!thing || (c.words.genericThings.has(head) && !average))
          f.measure.thing = counted.measure?.thing ?? counted.unit;
      }
      // "an average of 20 per week": what it counts, at a rate per a span of time
      const span =
        /^\s+(?:per|a|an|each)\s+(?<span>second|minute|hour|day|week|month|year)\b(?!\s+(?:earlier|ago|before|later|prior|after)\b)/.exec(
          after,
        )?.groups?.span;
      if (f.unit && span && !f.unit.includes(' per ')) f.unit = `${f.unit} per ${span}`;
    }
    readTags(sorted, f, s, sortedFigures, tagged, last);
    // "…declined to 4.8% in September, …, down from 5.2% in August": the level a change started from measures
    // what the figure before it in the sentence measures
    if (basis === 'previous' && !f.measure.thing && last && last.start >= s.start && last.unit === f.unit)
      f.measure.thing = last.measure?.thing ?? null;
    last = f;
    if (f.unit && !MEASURING_UNIT.test(f.unit) && f.qualifier !== 'tally') counted = f;
    f.kind = basis === 'previous' || basis === 'period' ? 'actual' : kindOf(c.words, f, before, after);
    f.claimant ??= claimantOf(c.words, c.text.slice(s.start, s.end), f.start - s.start);
  }
}

/**
 * The spans of `sorted` (by start) that lie inside `s`, found by binary search: every figure of a long
 * text asks for its sentence's, so a scan of all of them would cost the square of their number.
 */
function inSpan<T extends Span>(sorted: readonly T[], s: Span): T[] {
  const out: T[] = [];
  for (let i = firstIndex(sorted, (x) => x.start < s.start); i < sorted.length; i++) {
    const x = sorted[i]!;
    if (x.start >= s.end) break;
    if (x.end <= s.end) out.push(x);
  }
  return out;
}

/** Longest sentence read with its tags, in characters (as the quotes' parse: prose, not a table). */
const MAX_TAGGED_SENTENCE = 1200;
/** How far before a figure an amount noun it measures may stand ("the population … topped 331 million"). */
const AMOUNT_WINDOW = 120;

/**
 * Corrects a figure's measure from its sentence's tags (languages with a syntax model only): the counted noun
 * past its adjectives and the thing where the word rules read a verb,
 * a preposition or nothing as it.
 */
function readTags(
  c: Context,
  f: Figure,
  s: Span,
  figures: Figure[],
  tagged: Map<number, TaggedToken[]>,
  last: Figure | null,
): void {
  if (!c.lang?.startsWith('en') || !f.measure || f.qualifier === 'tally') return;
  // (a run of text longer than a sentence of prose, a table or a list, is read by the word rules alone:
  // tagging it would cost more than all its figures)
  if (s.end - s.start > MAX_TAGGED_SENTENCE) return;
  const m = f.measure;
  if (m.basis === 'record' || m.basis === 'period' || m.basis === 'share') return;
  // (a span of time is what it is of, a sentence or an offset, not the subject's: "gave him 17 years")
  if (TIME_UNIT.test(f.unit ?? '')) return;
  // a counted noun is itself the thing, unless it is an adjective ("3.3 million new infections")
  const counting = f.unit !== null && !MEASURING_UNIT.test(f.unit);
  // (a counted noun followed by a function word or a break is a noun: "1 billion doses of", "3,235 participants,"
  // need no tags, unless the sentence names an amount noun; the tags cost more than the rest of the figure)
  const near = c.text.slice(Math.max(s.start, f.start - AMOUNT_WINDOW), f.start);
  const amount = counting && [...c.words.amountNouns].some((x) => near.includes(x));
  const next = /^\s+(?<word>[\p{L}\p{N}][\p{L}\p{N}-]*)/u.exec(c.text.slice(f.end, f.end + 40))?.groups?.word;
  const open = !!next && !c.words.measureStop.has(next.toLowerCase());
  if (counting && !amount && !open) return;
  let tokens = tagged.get(s.start);
  if (!tokens) {
    tokens = tagSpan(c.text, s);
    tagged.set(s.start, tokens);
  }
  const i0 = tokens.findIndex((t) => t.end > f.start);
  let i1 = i0;
  while (i1 + 1 < tokens.length && tokens[i1 + 1]!.start < f.end) i1++;
  if (i0 < 0) return;
  const head = tokens[i1]!;
  // "3.3 million new COVID-19 infections": the noun after the adjectives the figure took for its noun
  // (a word, not a unit's symbol or abbreviation: "1.5mm" is no adjective)
  // (and the unit the adjective itself: "2,900 year-old" counts years of age)
  const adjective =
    counting &&
    /^\p{Ll}{3,}$/u.test(head.text) &&
    (head.upos === 'ADJ' || head.upos === 'VERB') &&
    (f.unit === head.text || f.unit === c.normalize(head.text) || f.unit === f.noun);
  if (adjective) {
    let k = i1 + 1;
    let noun = -1;
    while (k < tokens.length && /^(?:ADJ|NOUN|PROPN|NUM|VERB|PUNCT)$/.test(tokens[k]!.upos)) {
      const t = tokens[k]!;
      if (t.upos === 'PUNCT' && t.text !== '-') break;
      // ("COVID-19 vaccine doses": a number only inside a hyphenated name)
      if (t.upos === 'NUM' && tokens[k - 1]!.text !== '-') break;
      if (t.upos === 'VERB' && t.xpos !== 'VBN') break;
      // ("coal-fired power plants": a hyphenated word goes on to the noun after it)
      const hyphen = t.text === '-' || tokens[k - 1]!.text === '-';
      if (t.upos === 'NOUN') noun = k;
      else if (noun >= 0 && !hyphen) break;
      k++;
    }
    const unit = noun >= 0 ? c.normalize(tokens[noun]!.text.toLowerCase()) : null;
    if (unit) {
      f.unit = unit;
      m.thing = c.text.slice(head.start, tokens[noun]!.end).toLowerCase();
    }
    return;
  }
  // dates are read through; another figure ends a phrase ("those making below $40,000 would drop by 24%")
  const dates: Span[] = inSpan(c.dates, s).filter((d) => d.end <= f.start || d.start >= f.end);
  const skip: Span[] = [...dates, ...inSpan(figures, s).filter((g) => g !== f)];
  if (counting) {
    // "the total population of the United States has topped 331 million people": the people are the population
    const r =
      amount && tokens.some((t) => c.words.amountNouns.has(t.text.toLowerCase()))
        ? readFigure(c.text, tokens, i0, i1, dates, c.words)
        : null;
    const head = r?.thing
      ?.split(/\s+(?:of|in|for|among)\s+/)[0]!
      .split(/\s+/)
      .at(-1);
    if (r?.thing && head && c.words.amountNouns.has(head)) m.thing = r.thing;
    return;
  }
  const r = readFigure(c.text, tokens, i0, i1, dates, c.words);
  if (r.change) {
    if (m.basis === 'level') m.basis = 'change';
    if (last && last.start >= s.start && last.measure?.thing) m.thing = last.measure.thing;
    return;
  }
  if (r.pronoun) {
    if (r.thing) m.thing = last?.measure?.thing ? `${last.measure.thing} ${r.thing}` : r.thing;
    else if (last && f.start - last.end < 400 && last.measure?.thing && suspect(tokens, m.thing, skip))
      m.thing = last.measure.thing;
    return;
  }
  if (!r.thing) {
    // "that figure had risen to $2.96": a figure named only as a figure measures what the one before did
    const near = last && f.start - last.end < 400 ? last.measure?.thing : null;
    if (near && m.thing && c.words.genericThings.has(m.thing)) m.thing = near;
    return;
  }
  if (r.scope !== null || r.sure || suspect(tokens, m.thing, skip)) {
    m.thing = r.thing;
    if (r.scope) m.scope = r.scope;
  }
}

/**
 * Whether the word rules' thing is no noun phrase: nothing, a verb's clause ("census data unveiled on monday
 * revealed"), a prepositional phrase ("on the last day of may"), a piece of a date or one word that is no
 * noun ("higher").
 */
function suspect(tokens: TaggedToken[], thing: string | null, skip: Span[]): boolean {
  if (!thing) return true;
  const ws = thing.split(/\s+/);
  // a piece of a date or of another figure ("the population on march")
  const inSkipped = (t: TaggedToken): boolean => skip.some((x) => x.start <= t.start && x.end >= t.end);
  const content = (t: TaggedToken): boolean => /^(?:NOUN|PROPN|NUM)$/.test(t.upos);
  if (tokens.some((t) => inSkipped(t) && content(t) && ws.includes(t.text.toLowerCase()))) return true;
  const tag = (w: string): TaggedToken | undefined => tokens.find((t) => t.text.toLowerCase() === w);
  const first = tag(ws[0]!);
  if (first && (first.upos === 'ADP' || first.upos === 'ADV' || first.xpos === 'VBG')) return true;
  if (ws.length === 1) return !!first && first.upos !== 'NOUN' && first.upos !== 'PROPN';
  return ws.some((w) => {
    const t = tag(w);
    return !!t && (t.xpos === 'VBD' || t.xpos === 'VBZ' || t.xpos === 'VBP');
  });
}

const objectPatterns = new WeakMap<FigureWords, RegExp>();

/** "added far fewer jobs than expected in April, just": the noun a change verb counted, then a comma. */
function objectPattern(w: FigureWords): RegExp {
  let p = objectPatterns.get(w);
  if (!p) {
    p = new RegExp(
      String.raw`\b(?:${[...w.changeVerbs].join('|')})\s+(?:(?:far|many|much|fewer|more|few|just|only|about|some)\s+){0,3}(?<noun>\p{Ll}+s)\b[^.;:]*,\s*(?:\p{L}+\s+)?$`,
      'u',
    );
    objectPatterns.set(w, p);
  }
  return p;
}

function partitive(c: Context, f: Figure, after: string): string | null {
  if (f.noun || f.qualifier === 'tally' || f.low !== null) return null;
  // ("35m of its Echo devices": a name may stand before the noun after a possessive)
  const m =
    /^\s+(?:of\s+the|of\s+those|were|are)\s+(?<noun>\p{Ll}+s)\b/u.exec(after) ??
    /^\s+of\s+(?:its|their|our|his|her)\s+(?:\p{Lu}[\p{L}-]*\s+)?(?<noun>\p{Ll}+s)\b/u.exec(after);
  const noun = m?.groups!.noun;
  return noun && !c.words.measureStop.has(noun) && !c.words.genericThings.has(noun)
    ? c.normalize(noun)
    : null;
}

function sentenceOf(sentences: Span[], f: Span): Span | undefined {
  const i = firstIndex(sentences, (s) => s.end <= f.start);
  const s = sentences[i];
  return s && s.start <= f.start ? s : undefined;
}

/** Words of a stretch of text, hyphenated compounds kept whole ("lower-than-expected"). */
function tokens(t: string): string[] {
  return (t.match(/[\p{L}\p{N}][\p{L}\p{N}'’.-]*/gu) ?? []).map((w) => w.toLowerCase().replace(/[.]$/, ''));
}

/**
 * The last `n` words of `t` that `keep` keeps, as `tokens(t)` would give them, read from the end of `t` only
 * when that holds enough of them (a sentence before a figure may be long, and each of its figures reads it).
 * The end is cut after a space, which no word runs across, so its words are the last words of the whole.
 */
function lastTokens(t: string, n: number, keep: (word: string) => boolean): string[] {
  let cut = t.length - 60;
  while (cut > 0 && !/\s/.test(t[cut - 1]!)) cut--;
  if (cut > 0) {
    const end = tokens(t.slice(cut)).filter(keep);
    if (end.length >= n) return end.slice(-n);
  }
  return tokens(t).filter(keep).slice(-n);
}

/** Adverbs that may stand between a verb and its figure ("added only 194,000", "fell sharply to 4.8%"). */
const FOCUS_ADVERBS = new Set([
  'just',
  'only',
  'sharply',
  'slightly',
  'roughly',
  'nearly',
  'almost',
  'about',
]);

function basisOf(c: Context, f: Figure, before: string, after: string): Measure['basis'] {
  const w = c.words;
  // adverbs between a verb and its figure do not change what the verb says ("added just 266,000")
  const prev = lastTokens(before, 3, (x) => !FOCUS_ADVERBS.has(x));
  const last = prev.at(-1) ?? '';
  const next = tokens(after).slice(0, 2);
  const counted = f.noun?.toLowerCase() ?? '';
  if (
    f.unit === 'year' &&
    (tokens(f.text).some((x) => w.recordWords.has(x)) ||
      /\b\p{L}+est\b.*\bin\s*$|\bfirst time in\s*$/iu.test(before))
  )
    return 'record';
  if (TIME_UNIT.test(counted) && f.qualifier === '=' && w.periodWords.has(last)) return 'period';
  // "fell to 385,000 from a revised 405,000", "from 590,000 in late April": the level a change started from
  // (not "by 2,000 from the previous week to 373,000", whose "to" names the new level).
  if (
    /\bfrom\b(?:\s+[^\s,;]+){0,3}\s*$/i.test(before) &&
    !/\bto\b[^,;]*$/i.test(before.slice(before.lastIndexOf('from')))
  )
    return 'previous';
  if (/^from\b/i.test(f.text)) return 'previous';
  if (
    // (a quick test first for the words the pattern needs: it is tried at every position of the text before)
    /week|month|revised/iu.test(before) &&
    /\b(?:prior|previous|last)\s+(?:week|month)['’]s\b[^,;]*$|\bthe\s+(?:week|month)\s+(?:before|earlier)\b[^;.]*$|\brevised\s+(?:\p{L}+\s+)?(?:to\s*)?$|\brevised\b[^,;.]*\bto\s*$/iu.test(
      before,
    )
  )
    return 'previous';
  // "dipped below 400,000", "rose above 5%": a threshold crossed, a level
  if (/^(?:below|under|above)\s/i.test(f.text) && w.changeVerbs.has(last)) return 'level';
  if (w.changeVerbs.has(last) || (last === 'by' && prev.some((x) => w.changeVerbs.has(x)))) return 'change';
  if (/\b(?:increase|decrease|rise|fall|drop|decline|jump|gain|growth|cut|reduction)\s+of\s*$/i.test(before))
    return 'change';
  if (next[0] && w.changeNouns.has(next[0]) && !(next[0] === 'more' && next[1] === 'than')) return 'change';
  if ((f.unit === 'percentage' || f.unit === 'fraction') && /^\s+of\s+\p{L}/u.test(after)) return 'share';
  if ((f.unit === 'percentage' || f.unit === 'fraction') && /\bof\b/.test(f.text)) return 'share';
  return 'level';
}

/**
 * The thing measured: the counted noun when the figure names one ("19 Republicans"), else the subject
 * before the nearest verb that introduces the figure ("The unemployment rate stood at 5.9%").
 */
function thingOf(
  c: Context,
  f: Figure,
  before: string,
  after: string,
  basis: Measure['basis'],
): string | null {
  if (basis === 'share') {
    const of = /^\s+of\s+((?:[\p{L}'’-]+\s*){1,4})/u.exec(after)?.[1] ?? /\bof\s+(.+)$/u.exec(f.text)?.[1];
    if (of) return nounPhrase(c.words, of.split(/\s+/));
  }
  if (f.unit && !MEASURING_UNIT.test(f.unit) && basis !== 'record') return f.unit;
  // An amount of money before a noun is that noun's size: "a $1 trillion bill", "a $1.9 trillion stimulus package".
  if (f.unit && CURRENCY_UNIT.test(f.unit) && !/ per /.test(f.unit)) {
    const named =
      /^\s+((?:[\p{Ll}][\p{L}-]*\s+){0,3}[\p{Ll}][\p{L}-]*)/u.exec(after)?.[1]?.split(/\s+/) ?? [];
    // stopped at a verb, a function word or a participle ("package aimed at")
    const stop = named.findIndex(
      (x, i) =>
        isVerb(c.words, x) ||
        c.words.measureStop.has(x) ||
        c.words.changeNouns.has(x) ||
        (i > 0 && /ed$/.test(x)),
    );
    const phrase = nounPhrase(c.words, stop < 0 ? named : named.slice(0, stop));
    if (phrase && stop !== 0) return phrase;
  }
  // The subject: the words before the first verb of the figure's clause, or of an earlier clause of its
  // sentence ("The unemployment rate stood at 5.9%, up from 5.8%"). When the subject is the source
  // ("Economists had expected claims to fall to 400,000"), the thing is what follows its verbs.
  // The verb nearest the figure counts: in "the Labor Department showed that the unemployment rate fell to
  // 4.8%" the rate fell, and in "payrolls rose by 194,000 as the unemployment rate fell to 4.8%" too.
  const clauses = before.split(/[,;:—(]\s+/);
  for (let k = clauses.length - 1; k >= 0; k--) {
    const words = clauses[k]!.split(/\s+/).filter(Boolean);
    for (let v = words.length - 1; v >= 0; v--) {
      if (!isVerb(c.words, bare(words[v]!))) continue;
      // the run of verbs and adverbs that ends here ("had been", "fell sharply to")
      let s = v;
      const particle = (x: string): boolean => /ly$|^(?:up|down|out|off)$/.test(x);
      while (s > 0 && (isVerb(c.words, bare(words[s - 1]!)) || particle(bare(words[s - 1]!)))) s--;
      // its subject: the words before it back to a clause break, another verb or a number
      let b = s;
      while (
        b > 0 &&
        !SUBJECT_BREAK.test(bare(words[b - 1]!)) &&
        !isVerb(c.words, bare(words[b - 1]!)) &&
        !/^\d/.test(words[b - 1]!)
      )
        b--;
      const subject = nounPhrase(c.words, words.slice(b, s));
      if (!subject) {
        v = s;
        continue;
      }
      if (isSource(c.words, words.slice(s))) {
        let o = s;
        while (o < words.length && isVerb(c.words, bare(words[o]!))) o++;
        // the source's own words name no thing ("Analysts had expected 62,000"): the thing of the figures before
        return nounPhrase(c.words, words.slice(o));
      }
      return subject;
    }
  }
  // No clause names it before its verb: the sentence's opening noun phrase ("The number of Americans …").
  const opening = nounPhrase(
    c.words,
    before
      .split(/[,;:—(]/)[0]!
      .split(/\s+/)
      .filter(Boolean),
  );
  if (opening && before.includes(',')) return opening;
  if (f.unit && basis === 'record') return null;
  // A noun right after a percentage or an amount of money: "5.9% unemployment".
  if (!f.unit || !MEASURING_UNIT.test(f.unit)) return null;
  const next = /^\s+([\p{Ll}][\p{L}-]+(?:\s+[\p{Ll}][\p{L}-]+)?)/u.exec(after)?.[1];
  return next && !isVerb(c.words, bare(next.split(/\s+/)[0]!))
    ? nounPhrase(c.words, next.split(/\s+/))
    : null;
}

const bare = (x: string): string => x.toLowerCase().replace(/^[^\p{L}]+|[^\p{L}'’-]+$/gu, '');

function isVerb(w: FigureWords, x: string): boolean {
  return (
    (w.measureVerbs.has(x) || w.changeVerbs.has(x) || w.sourceVerbs.has(x)) &&
    !['up', 'down', 'by'].includes(x)
  );
}

/** Whether a clause's verbs say what someone expected or said ("had expected", "forecast", "said"). */
function isSource(w: FigureWords, words: string[]): boolean {
  return words.slice(0, 3).some((x) => w.forecast.has(bare(x)) || w.sourceVerbs.has(bare(x)));
}

/** Words that end a subject read backwards from its verb: conjunctions and relative words. */
const SUBJECT_BREAK =
  /^(?:that|which|who|whom|whose|where|when|within|after|before|until|while|because|if|than|as|and|but|so|with)$/i;

const CLAUSE_BREAK =
  /^(?:that|which|who|whom|whose|where|when|within|after|before|until|while|because|if|than)$/i;

/** The noun phrase of some words: function words and adverbs trimmed, stopped at a verb or a number. */
function nounPhrase(w: FigureWords, words: string[]): string | null {
  const clean: string[] = [];
  for (const x of words) {
    const t = x.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}'’]+$/gu, '');
    if (!t) continue;
    if (clean.length && (isVerb(w, t.toLowerCase()) || /^\d/.test(t) || CLAUSE_BREAK.test(t))) break;
    clean.push(t);
  }
  let a = 0;
  let b = clean.length;
  while (a < b && (w.measureStop.has(clean[a]!.toLowerCase()) || /ly$/.test(clean[a]!))) a++;
  while (b > a && (w.measureStop.has(clean[b - 1]!.toLowerCase()) || /ly$/.test(clean[b - 1]!))) b--;
  const phrase = clean.slice(Math.max(a, b - 6), b).join(' ');
  return phrase && phrase.length <= 60 ? phrase.toLowerCase() : null;
}

/** The scope after the figure: "in regular state programs", "of Republican-led states". */
function scopeOf(after: string): string | null {
  const m =
    /^\s+((?:in|of|among|for|at)\s+(?:the\s+)?(?:[\p{L}'’-]+\s*){1,4}?)(?=[,.;:]|\s+(?:in|on|from|to|after|since|and|as|the|last|this)\b|$)/u.exec(
      after,
    );
  return m ? m[1]!.trim() : null;
}

/** The period the sentence gives: the date mention nearest the figure that is not a boundary ("since 2019"). */
function periodOf(c: Context, f: Figure, s: Span): string | null {
  let best: DateMention | null = null;
  let bestDistance = Infinity;
  for (const d of c.dates) {
    if (d.start < s.start || d.end > s.end || (d.start < f.end && d.end > f.start)) continue;
    if (/^(?:since|from|until|till|through|before|after)\b/i.test(d.text)) continue;
    const distance = d.start >= f.end ? d.start - f.end : f.start - d.end;
    if (distance < bestDistance) {
      best = d;
      bestDistance = distance;
    }
  }
  return best ? best.text : null;
}

/** The kind from the nearest cue word before the figure in its clause; "an estimated" in the figure itself. */
function kindOf(w: FigureWords, f: Figure, before: string, after: string): FigureKind {
  if (/\bestimated\b/i.test(f.text)) return 'estimate';
  // "the 6.0% analysts had expected": the cue in the clause that follows the figure
  if (
    /^\s*$|\bthe\s*$/i.test(before.slice(-5)) &&
    tokens(after.split(/[,;.]/)[0]!)
      .slice(0, 4)
      .some((x) => w.forecast.has(x))
  )
    return 'forecast';
  const clause = before.split(/[;:]|,\s+(?=\p{Ll})/u).at(-1) ?? before;
  const ws = tokens(clause);
  for (let i = ws.length - 1; i >= 0; i--) {
    const x = ws[i]!;
    if (w.target.has(x)) return 'target';
    if (w.forecast.has(x)) return 'forecast';
    if (w.estimate.has(x)) return 'estimate';
  }
  return 'actual';
}

const NP = String.raw`((?:[\p{Lu}\p{Ll}][\p{L}'’.&-]*)(?:\s+(?:[\p{L}(][\p{L}'’.&()-]*)){0,11})`;

/** The source patterns of a language, built once. */
const sourcePatterns = new WeakMap<FigureWords, { trailing: RegExp; lead: RegExp }>();

function patternsOf(w: FigureWords): { trailing: RegExp; lead: RegExp } {
  let p = sourcePatterns.get(w);
  if (!p) {
    const verbs = [...w.sourceVerbs].filter((v) => v !== 'according').join('|');
    p = {
      // "…, the Labor Department said (Thursday)." / "…, Labor Department data showed." / "…, the bureau said
      // Friday, down from 5.2% in August."
      trailing: new RegExp(
        String.raw`[,—]\s*${NP}\s+(?:${verbs})\b(?:\s+(?:on\s+)?\p{L}+)?(?:[.!?"”]*\s*$|\s*[,—;]\s)`,
        'u',
      ),
      // "Economists surveyed by Refinitiv had expected 350,000", "The Labor Department said 373,000 …".
      lead: new RegExp(
        String.raw`^\s*${NP}\s+(?:had\s+|has\s+|have\s+)?(?:${verbs}|${[...w.forecast].join('|')}|called for)\b`,
        'u',
      ),
    };
    sourcePatterns.set(w, p);
  }
  return p;
}

/** The source a sentence names for what it states, or null when the outlet states it itself. */
export function claimantOf(w: FigureWords, sentence: string, at: number): string | null {
  const patterns = patternsOf(w);
  // "forecasters’ expectations of 359,000": whose expectation it is
  const near = sentence.slice(Math.max(0, at - 80), at);
  // (a quick test first for the nouns the pattern needs: it is tried at every position of the text)
  const whose =
    /expectation|forecast|estimate|projection|prediction/u.test(near) &&
    /(?<who>(?:\p{Lu}\p{L}*\s+)?\p{L}+)['’]s?\s+(?:expectations?|forecasts?|estimates?|projections?|predictions?)\s+(?:of|for)\s+(?:about\s+|around\s+)?$/u.exec(
      near,
    );
  if (whose) return trimSource(whose.groups!.who!.replace(/^(?:the|a|an)\s+/i, ''));
  const trailing = patterns.trailing.exec(sentence);
  if (trailing && (trailing.index >= at - 1 || !/[.!?"”]\s*$/.test(trailing[0])))
    return trimSource(trailing[1]!);
  const lead = patterns.lead.exec(sentence);
  if (
    lead &&
    lead[0].length <= at &&
    !/^(?:he|she|it|they|we|i|you|this|that|there)\b/i.test(lead[1]!) &&
    // a source is a name or a noun phrase, not a clause or a figure ("The economy rebounded and")
    !lead[1]!
      .replace(/\s+(?:had|has|have|was|were|is|are)$/u, '')
      .split(/\s+/)
      // (a noun after a determiner or a possessive is no verb: "Friday's report from the Labor Department")
      .some(
        (x, i, xs) =>
          (isVerb(w, bare(x)) && !/(?:['’]s|^(?:the|a|an|its|their))$/i.test(xs[i - 1] ?? '')) ||
          /^(?:and|but|\d.*|percent|per)$/i.test(x),
      ) &&
    !/\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)\b/i.test(
      lead[1]!,
    )
  )
    return trimSource(lead[1]!);
  const according = /\baccording to\s+([^,.;:"“”]{2,80})/iu.exec(sentence);
  if (according) return trimSource(according[1]!);
  // "…, were reported by Commander, Gen. Ada Moss during a briefing": a passive report names its source
  // (through a title's comma and abbreviation, up to a preposition or the clause's end)
  const by =
    /\b(?:was|were|is|are|been|being)\s+(?:reported|announced|confirmed|released|disclosed|published|stated)\s+by\s+(?<who>(?:[\p{Lu}][\p{L}'’-]*\.?,?\s+|(?:the|of|and)\s+)*[\p{Lu}][\p{L}'’-]*)/u.exec(
      sentence,
    );
  if (by) return trimSource(by.groups!.who!);
  return null;
}

function trimSource(s: string): string | null {
  const t = s
    .replace(/\s+(?:had|has|have|was|were|is|are)$/u, '')
    .replace(/\s+(?:on|in|last|this)\s+\p{L}+$/u, '')
    .replace(/\s+(?:that|which|who)\b.*$/u, '')
    // an adverb before the verb is none of the name ("The company previously reported")
    .replace(/\s+\p{Ll}+ly$/u, '')
    .trim();
  // ("The previously reported figure", "In a widely expected filing": no name at all)
  if (/(?:^|\s)(?:the|a|an|in|on|of|at|for)$/i.test(t)) return null;
  return t.length >= 2 && t.length <= 80 ? t : null;
}
