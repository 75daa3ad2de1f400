/**
 * What a figure measures, read from its sentence's part-of-speech tags where word lists fall short: the
 * subject of the verb nearest the figure, whatever the verb ("the U.S. population … was 331.5 million",
 * "deaths from the pandemic have continued to dip, down about 25 percent"), the object an agent set at a
 * level ("the IMF has kept its growth projection at 4.9%"), what the figure itself is said to be when it
 * is the subject ("68% is fully vaccinated", "96% effective against the virus") and the noun a figure
 * counts past its adjectives ("3.3 million new COVID-19 infections"). Pure: the tags are given.
 */
import type { Span } from '../model/document.js';
import type { FigureWords } from './figure-words.js';
import type { TaggedToken } from './syntax/index.js';

/** What the tags say a figure measures. */
export interface Reading {
  /** The measured thing, in the sentence's words (lower-cased), or null. */
  thing: string | null;
  /** Where or of what, when the figure is the subject of its clause ("on the active duty force"). */
  scope: string | null;
  /** The clause's subject is a pronoun ("They're up 4%"): the thing is the one named before. */
  pronoun: boolean;
  /** The figure is the size of a change named before it ("an increase of only 7.4%"). */
  change: boolean;
  /** Read from a relation word rules do not see (an object set at the figure, a predicate of the figure). */
  sure: boolean;
}

interface Sentence {
  text: string;
  tokens: TaggedToken[];
  /** Spans the noun phrases read through as if absent: dates ("on April 1, 2020,") and other figures. */
  skip: Span[];
  words: FigureWords;
}

const NOUNISH = new Set(['NOUN', 'PROPN', 'ADJ', 'NUM', 'DET', 'PART', 'X']);
/** Prepositions that may join a noun phrase to its noun ("deaths from the pandemic", "infections in the U.S."). */
const NP_PREPOSITIONS = new Set(['of', 'in', 'from', 'for', 'against', 'among']);
/** Nouns that stand for the thing around them, not for a thing of their own ("a peak of 88%"). */
const SHELLS = new Set(['peak', 'high', 'low', 'record', 'level', 'average', 'total', 'rate']);
const CLAUSE_BREAK = new Set([';', ':', '—', '–', '(', ')', '"', '“', '”']);

const lower = (s: string): string => s.toLowerCase();

/** Tokens `a..b` (inclusive) as written in the sentence. */
function phrase(s: Sentence, a: number, b: number): string {
  return s.text.slice(s.tokens[a]!.start, s.tokens[b]!.end);
}

function skipped(s: Sentence, t: TaggedToken): boolean {
  return s.skip.some((x) => x.start <= t.start && x.end >= t.end);
}

/** A finite or non-finite verb that heads a clause ("was", "rose", "to dip"), not a participle before a noun. */
function isVerb(s: Sentence, i: number): boolean {
  const t = s.tokens[i]!;
  if (t.upos !== 'VERB' && t.upos !== 'AUX') return false;
  // "reported coronavirus cases", "confirmed infections": a participle modifying the noun after it
  const next = s.tokens[i + 1];
  if ((t.xpos === 'VBN' || t.xpos === 'VBG') && next && (next.upos === 'NOUN' || next.upos === 'ADJ'))
    return !!s.tokens[i - 1] && (s.tokens[i - 1]!.upos === 'AUX' || s.tokens[i - 1]!.upos === 'ADV');
  return true;
}

/**
 * The noun phrase that ends just before token `end` (exclusive), read backwards: determiners, adjectives,
 * nouns, possessives and the prepositions that join nouns, through dates and other figures.
 * Returns its first token, or `end` when there is none.
 */
function phraseBefore(s: Sentence, end: number, floor: number): number {
  let a = end;
  for (let i = end - 1; i >= floor; i--) {
    const t = s.tokens[i]!;
    const w = lower(t.text);
    // (a date is read through, with its commas and the preposition before it: "jobs on the last day of May rose")
    if (skipped(s, t) || (t.text === ',' && (skippedAt(s, i - 1) || skippedAt(s, i + 1)))) continue;
    if (leadsIntoSkipped(s, i)) continue;
    const prev = s.tokens[i - 1];
    const joins =
      (t.upos === 'ADP' && NP_PREPOSITIONS.has(w) && a < end) ||
      // "Pfizer and BioNTech's vaccine": a conjunction between two names or nouns
      (t.upos === 'CCONJ' && a < end && !!prev && (prev.upos === 'PROPN' || prev.upos === 'NOUN')) ||
      (t.upos === 'PRON' && t.xpos === 'PRP$') ||
      t.text === '-' ||
      (t.upos === 'VERB' && t.xpos === 'VBN' && s.tokens[i + 1]?.upos === 'NOUN') ||
      (t.upos === 'NUM' && s.tokens[i + 1]?.upos === 'NOUN' && i + 1 < end);
    if (!NOUNISH.has(t.upos) && !joins) break;
    if (t.upos === 'NUM' && !joins) break;
    a = i;
  }
  return trimFront(s, a, end);
}

/** A preposition or determiner that only introduces a skipped date ("on the | last day of May"). */
function leadsIntoSkipped(s: Sentence, i: number): boolean {
  for (let k = i; k < i + 3; k++) {
    const t = s.tokens[k];
    if (!t) return false;
    if (skipped(s, t)) return k > i;
    if (t.upos !== 'ADP' && t.upos !== 'DET') return false;
  }
  return false;
}

function skippedAt(s: Sentence, i: number): boolean {
  const t = s.tokens[i];
  return !!t && skipped(s, t);
}

/** Past determiners, possessive pronouns, prepositions and skipped words at the front of tokens `a..end`. */
function trimFront(s: Sentence, a: number, end: number): number {
  while (a < end) {
    const t = s.tokens[a]!;
    if (t.upos === 'DET' || t.upos === 'ADP' || t.upos === 'CCONJ' || t.upos === 'PRON' || t.upos === 'PUNCT')
      a++;
    else if (skipped(s, t) || s.words.measureStop.has(lower(t.text))) a++;
    else break;
  }
  return a;
}

/** The phrase of tokens `a..end` (exclusive) with dates, figures and their commas left out, or null. */
function words(s: Sentence, a: number, end: number): string | null {
  let b = end;
  while (
    b > a &&
    (skippedAt(s, b - 1) || leadsIntoSkipped(s, b - 1) || /^[,'’-]$/.test(s.tokens[b - 1]!.text))
  )
    b--;
  while (b > a && (s.tokens[b - 1]!.upos === 'ADP' || s.tokens[b - 1]!.upos === 'CCONJ')) b--;
  if (b <= a) return null;
  // (a date inside the phrase is left out with the preposition that introduced it)
  const kept: string[] = [];
  let from = a;
  for (let i = a; i <= b; i++) {
    const gap = i === b || skippedAt(s, i);
    if (!gap) continue;
    let to = i - 1;
    while (to >= from && (leadsIntoSkipped(s, to) || s.tokens[to]!.text === ',')) to--;
    if (to >= from) kept.push(phrase(s, from, to));
    while (i < b && (skippedAt(s, i) || s.tokens[i]!.text === ',')) i++;
    from = i;
  }
  const out = kept.join(' ').toLowerCase().replace(/\.$/, '').trim();
  return out && out.length <= 70 ? out : null;
}

/**
 * What the figure is said to be when it is its clause's subject or complement: "is fully vaccinated",
 * "effective against the virus", "have at least one dose", "with one dose". Null when nothing follows.
 */
function predicate(s: Sentence, i1: number): string | null {
  let j = i1 + 1;
  const n = s.tokens.length;
  const at = (k: number): TaggedToken | undefined => s.tokens[k];
  // auxiliaries and negation ("is", "didn't", "have been")
  while (at(j) && (at(j)!.upos === 'AUX' || (at(j)!.upos === 'PART' && /^n[o']t$|^not$/i.test(at(j)!.text))))
    j++;
  const start = j;
  while (at(j) && at(j)!.upos === 'ADV') j++;
  const head = at(j);
  if (!head) return null;
  let end: number;
  // (a predicate, not an adjective of a noun after it: "a $1.2 trillion bipartisan infrastructure package")
  const attributive = /^(?:NOUN|PROPN|ADJ)$/.test(at(j + 1)?.upos ?? '');
  if (attributive) return null;
  // (a past form with nothing after it is a participle too: "Coast Guard: 44% fully trained, …")
  const bare = head.xpos === 'VBD' && !/^(?:NOUN|PROPN|DET|PRON|NUM)$/.test(at(j + 1)?.upos ?? '');
  const participle = head.upos === 'VERB' && (/^(?:VBN|JJ)$/.test(head.xpos ?? '') || bare);
  if ((head.upos === 'ADJ' && head.xpos !== 'JJR' && head.xpos !== 'JJS') || participle) {
    end = j;
    // its complement: "against the virus", "at reducing a person's risk of hospitalization"
    const p = at(j + 1);
    if (p && p.upos === 'ADP' && /^(?:against|at|in|for)$/i.test(p.text)) {
      let k = j + 2;
      while (k < n && k <= j + 7 && !/^[,.;:—]$/.test(at(k)!.text) && at(k)!.upos !== 'NUM') {
        if (at(k)!.upos === 'NOUN' && at(k + 1)?.upos !== 'PART' && at(k + 1)?.upos !== 'NOUN') {
          end = k;
          break;
        }
        k++;
      }
    }
  } else if ((head.upos === 'VERB' && /^ha(?:ve|s|d)$/i.test(head.text)) || lower(head.text) === 'with') {
    // "have at least one dose", "with one dose": up to the noun
    let k = j + 1;
    while (k < n && k <= j + 5 && at(k)!.upos !== 'NOUN') k++;
    if (k >= n || at(k)!.upos !== 'NOUN') return null;
    end = k;
  } else return null;
  // (as written: a date inside it is part of what is said, "93% reliable in winter storms")
  const said = phrase(s, start, end).toLowerCase();
  return said.length <= 70 ? said : null;
}

/** Where the figure's clause begins: after a break, a subordinator, or a comma before a conjunction. */
function clauseStart(s: Sentence, i0: number): number {
  for (let i = i0 - 1; i >= 0; i--) {
    const t = s.tokens[i]!;
    if (CLAUSE_BREAK.has(t.text) || t.upos === 'SCONJ') return i + 1;
  }
  return 0;
}

/** A short heading that opens the sentence before a colon ("Marine Corps: 53% fully vaccinated"). */
function heading(s: Sentence, i0: number): string | null {
  const colon = s.tokens.findIndex((t) => t.text === ':');
  if (colon < 1 || colon > 5 || colon >= i0) return null;
  if (!s.tokens.slice(0, colon).every((t) => t.upos === 'PROPN' || t.upos === 'NOUN' || t.upos === 'DET'))
    return null;
  return phrase(s, 0, colon - 1);
}

/**
 * The reading of the figure at tokens `i0..i1`: its clause's subject before the nearest verb (or that
 * verb's object, when an agent set it at the figure), or, when the figure opens its clause, what it is said
 * to be.
 */
export function readFigure(
  text: string,
  tokens: TaggedToken[],
  i0: number,
  i1: number,
  skip: Span[],
  w: FigureWords,
): Reading {
  const s: Sentence = { text, tokens, skip, words: w };
  const none: Reading = { thing: null, scope: null, pronoun: false, change: false, sure: false };
  const k0 = clauseStart(s, i0);
  // "an 11% tax increase", "a 10 percent global decline in cases": the noun phrase the figure sizes
  if (/^(?:a|an)$/i.test(tokens[i0 - 1]?.text ?? '')) {
    let e = i1 + 1;
    while (e < tokens.length && /^(?:ADJ|NOUN)$/.test(tokens[e]!.upos)) e++;
    // with what it is of or in: "decline in new cases", "reduction of emissions"
    if (/^(?:in|of)$/i.test(tokens[e]?.text ?? '') && e > i1 + 1) {
      let k = e + 1;
      while (k < tokens.length && k <= e + 5 && /^(?:DET|ADJ|NOUN|PROPN)$/.test(tokens[k]!.upos)) k++;
      if (tokens[k - 1]!.upos === 'NOUN' || tokens[k - 1]!.upos === 'PROPN') e = k;
    }
    if (e > i1 + 1 && /^(?:NOUN|PROPN)$/.test(tokens[e - 1]!.upos))
      return { ...none, thing: words(s, i1 + 1, e), sure: true };
  }
  // "an increase of only 7.4%": the size of a change named just before
  let p = i0 - 1;
  while (p >= k0 && tokens[p]!.upos === 'ADV') p--;
  if (p > k0 && lower(tokens[p]!.text) === 'of') {
    const noun = tokens[p - 1]!;
    if (w.changeNouns.has(lower(noun.text))) return { ...none, change: true };
    // "an unemployment rate of 6.1%": the noun phrase the figure is of
    const a = phraseBefore(s, p, k0);
    const named = words(s, a, p);
    if (named && !SHELLS.has(lower(noun.text)) && !w.genericThings.has(lower(noun.text)))
      return { ...none, thing: named };
    if (named && lower(noun.text) === 'rate') return { ...none, thing: named };
  }
  // the figure opens its clause: what it is said to be, of the scope before it ("on the active duty force, 68%")
  let k1 = i0;
  while (k1 > k0 && tokens[k1 - 1]!.text !== ',' && !isVerb(s, k1 - 1)) k1--;
  // ("we estimate just over 76% have at least one dose": a clause that a verb of saying or thinking opens)
  let a = i0 - 1;
  while (a > k0 && tokens[a]!.upos === 'ADV') a--;
  const said = [w.sourceVerbs, w.estimate, w.forecast].some((x) => x.has(lower(tokens[a]?.text ?? '')));
  if (k1 === k0 || tokens[k1 - 1]!.text === ',' || (said && a === k1 - 1)) {
    const pred = predicate(s, i1);
    if (pred) return { ...none, thing: pred, scope: said ? null : scopeBefore(s, k0, i0), sure: true };
  }
  // the nearest verb before the figure, clause by clause back to the sentence's start
  for (let v = i0 - 1; v >= 0; v--) {
    if (!isVerb(s, v) || skippedAt(s, v)) continue;
    let b = v;
    // a source's verb: its subject is the claimant, not the thing ("…, the bureau said Friday, down from 5.2%")
    const source = w.sourceVerbs.has(lower(tokens[v]!.text));
    while (
      b > 0 &&
      (isVerb(s, b - 1) || tokens[b - 1]!.upos === 'ADV' || lower(tokens[b - 1]!.text) === 'to')
    )
      b--;
    // the verb's object, when an agent set it at the figure: "kept its global growth projection at 4.9%"
    // (a direct object, not the preposition that takes the figure: "had fallen to a little over 11,000")
    const objectStart = tokens[v + 1]?.upos === 'ADP' ? i0 : trimFront(s, v + 1, i0);
    const agent = b > 0 && /^(?:PROPN|PRON|NOUN)$/.test(tokens[b - 1]!.upos);
    if (agent && v >= k0 && !w.measureVerbs.has(lower(tokens[v]!.text))) {
      let e = objectStart;
      while (
        e < i0 &&
        (NOUNISH.has(tokens[e]!.upos) || tokens[e]!.xpos === 'PRP$') &&
        tokens[e]!.upos !== 'NUM'
      )
        e++;
      // (up to a preposition or an adverb before the figure: "floated gains close to 1 million")
      const noun = tokens.slice(objectStart, e).some((t) => t.upos === 'NOUN');
      const object = noun && /^(?:ADP|ADV)$/.test(tokens[e]?.upos ?? '') ? words(s, objectStart, e) : null;
      if (object) return { ...none, thing: object, sure: true };
    }
    const a = phraseBefore(s, b, 0);
    if (source) {
      v = a;
      continue;
    }
    if (a === b) {
      const pron = tokens[b - 1];
      // (a personal pronoun: "those making below $40,000" is no reference back)
      if (pron && pron.upos === 'PRON' && pron.xpos === 'PRP') {
        // "it is just 47% effective at preventing infection": what the figure says of the thing named before
        const pred = copulaBefore(s, v, i0) ? predicate(s, i1) : null;
        return { ...none, pronoun: true, thing: pred };
      }
      // a participle clause after a comma ("…, falling from a peak of 88%"): the verb of the clause before
      v = b;
      continue;
    }
    const thing = words(s, a, b);
    if (!thing) continue;
    // "the vaccine is 96% effective in teens": what the subject is said to be, by the figure
    const pred = copulaBefore(s, v, i0) ? predicate(s, i1) : null;
    return { ...none, thing: pred ? `${thing} ${pred}` : thing, sure: !!pred };
  }
  // no subject before: what the figure is said to be ("Army: 40% fully vaccinated with 57% with one dose")
  const pred = predicate(s, i1);
  return pred ? { ...none, thing: pred, scope: scopeBefore(s, k0, i0), sure: true } : none;
}

/** Whether token `v` is a copula right before the figure at `i0`, adverbs aside ("is just 47%"). */
function copulaBefore(s: Sentence, v: number, i0: number): boolean {
  if (s.tokens[v]!.upos !== 'AUX') return false;
  for (let k = v + 1; k < i0; k++) if (s.tokens[k]!.upos !== 'ADV') return false;
  return true;
}

/** The scope of a figure that opens its clause: a heading ("Navy: 73%…") or a phrase before it ("on the force, 68%"). */
function scopeBefore(s: Sentence, k0: number, i0: number): string | null {
  const head = heading(s, i0);
  if (head) return `in ${head}`;
  if (s.tokens[k0]?.upos !== 'ADP' || k0 >= i0 - 1) return null;
  let e = i0 - 1;
  while (e > k0 && s.tokens[e]!.upos === 'PUNCT') e--;
  return phrase(s, k0, e);
}
