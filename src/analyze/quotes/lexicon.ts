/**
 * The quote lexicon of a language: its speech cues, 'according to' phrases, pronouns and speaker nouns, and
 * the function words the passes look for (adverbs between a name and its cue, determiners, auxiliaries, words
 * that end a noun phrase), all read from data/quotes.json and compiled once per language into sets and regexes.
 */
import { loadData } from '../../util/data.js';
import { lexicon } from '../lexicon.js';
import type { Lexicon } from '../lexicon.js';

export interface QuoteData {
  introducers?: string[];
  namingVerbs?: string[];
  fragmentCues?: string[];
  cues: string[];
  clauseCues: string[];
  according: string[];
  pronouns: Record<string, string>;
  pronounGenders?: Record<string, Gender>;
  honorifics?: Record<string, Gender>;
  personNouns?: string[];
  speakerNouns: string[];
}

export type Gender = 'male' | 'female';

export interface QuoteLexicon {
  cueRe: RegExp;
  /** A cue (or an introducing verb) right before an opening mark: "he said “…”", "yelled “…”", "argues that “…”". */
  cueEndRe: RegExp;
  /** Every verb whose complement can hold a quoted fragment: cues, naming verbs and the rest ("accused X of “…”"),
   * lower case, with the most words any of them has (looked up word by word: a regex of them all is slow). */
  fragmentCues: Set<string>;
  fragmentCueWords: number;
  /** The cues of `cueRe` as a set, lower case, for finding them all in a text at once. */
  cueSet: Set<string>;
  cueWords: number;
  /** A naming verb and at most a few words before an opening mark: "called the town “…”", "dubbed “…”". */
  namingEndRe: RegExp;
  clauseCues: Set<string>;
  accordingRe: RegExp;
  pronouns: Map<string, string>;
  pronounGenders: Map<string, Gender>;
  honorifics: Map<string, Gender>;
  personNouns: Set<string>;
  speakerNouns: Set<string>;
  lex: Lexicon;
}

export const cache = new Map<string, QuoteLexicon>();

export function quoteLexicon(lang: string): QuoteLexicon {
  let q = cache.get(lang);
  if (!q) {
    const d =
      loadData<Record<string, QuoteData>>('quotes.json')[lang] ??
      loadData<Record<string, QuoteData>>('quotes.json').en!;
    const alt = (xs: string[]): string =>
      [...xs]
        .sort((a, b) => b.length - a.length)
        .map((x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+'))
        .join('|');
    q = {
      cueRe: new RegExp(
        `(?<![\\p{L}\\p{N}])(?:${alt([...d.cues, ...(d.introducers ?? []), ...(d.namingVerbs ?? [])])})(?![\\p{L}\\p{N}])`,
        'giu',
      ),
      cueEndRe: new RegExp(
        `(?<![\\p{L}\\p{N}])(?:${alt([...d.cues, ...(d.introducers ?? [])])})(?:\\s+that)?\\s*[:,]?\\s*[–—-]?\\s*$`,
        'iu',
      ),
      namingEndRe: new RegExp(
        `(?<![\\p{L}\\p{N}])(?:${alt(d.namingVerbs ?? [])})(?:\\s+[^\\s.!?;:“”"«»]+){0,4}?(?:\\s+as)?\\s*,?\\s*$`,
        'iu',
      ),
      fragmentCues: new Set(
        [...d.cues, ...(d.introducers ?? []), ...(d.namingVerbs ?? []), ...(d.fragmentCues ?? [])].map((c) =>
          c.toLowerCase(),
        ),
      ),
      fragmentCueWords: Math.max(...[...d.cues, ...(d.fragmentCues ?? [])].map((c) => c.split(/\s+/).length)),
      cueSet: new Set(
        [...d.cues, ...(d.introducers ?? []), ...(d.namingVerbs ?? [])].map((c) => c.toLowerCase()),
      ),
      cueWords: Math.max(
        ...[...d.cues, ...(d.introducers ?? []), ...(d.namingVerbs ?? [])].map((c) => c.split(/\s+/).length),
      ),
      clauseCues: new Set(d.clauseCues),
      accordingRe: new RegExp(`(?<![\\p{L}\\p{N}])(?:${alt(d.according)})(?![\\p{L}\\p{N}])`, 'giu'),
      pronouns: new Map(Object.entries(d.pronouns)),
      pronounGenders: new Map(Object.entries(d.pronounGenders ?? {})),
      honorifics: new Map(Object.entries(d.honorifics ?? {})),
      personNouns: new Set(d.personNouns ?? []),
      speakerNouns: new Set(d.speakerNouns),
      lex: lexicon(lang),
    };
    cache.set(lang, q);
  }
  return q;
}

export const OPENERS = '“"«„';
export const CLOSERS = '”"»“';
export const ADVERBS = new Set([
  'also',
  'then',
  'later',
  'again',
  'once',
  'further',
  'has',
  'had',
  'have',
  'was',
  'is',
  'will',
  'would',
  'repeatedly',
  'earlier',
  'recently',
  'previously',
  'reportedly',
  'publicly',
  'firmly',
  'clearly',
  'specifically',
  'separately',
  'subsequently',
  'has',
  'had',
  'been',
  'not',
  'never',
  'however',
  'today',
  'yesterday',
  'on',
  'in',
  'at',
]);
export const DETERMINERS = new Set([
  'the',
  'a',
  'an',
  'his',
  'her',
  'its',
  'their',
  'our',
  'both',
  'this',
  'that',
  'these',
  'those',
]);
/** Words that open a phrase set off between commas or dashes after a speaker's name. */
export const SET_OFF_OPENERS = new Set([
  'who',
  'whose',
  'which',
  'a',
  'an',
  'the',
  'his',
  'her',
  'their',
  'its',
  'one',
  'now',
  'once',
  'still',
  'however',
  'meanwhile',
  'too',
  'for',
  'in',
  'at',
  'speaking',
  'asked',
  'clad',
  'himself',
  'herself',
  'both',
]);
export const AUXILIARIES = new Set([
  'has',
  'have',
  'had',
  'is',
  'are',
  'was',
  'were',
  'will',
  'would',
  'did',
  'does',
  'do',
  'can',
  'could',
  'should',
  'may',
  'might',
  'must',
]);
export const STOP_NP = new Set([
  'at',
  'in',
  'on',
  'during',
  'to',
  'with',
  'for',
  'from',
  'after',
  'before',
  'when',
  'while',
  'that',
  'and',
  'but',
  'as',
  'who',
  'which',
  'by',
  'about',
  'over',
  'since',
]);
