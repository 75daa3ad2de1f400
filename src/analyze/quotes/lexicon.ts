/**
 * The quote lexicon of a language: its speech cues, 'according to' phrases, pronouns and speaker nouns, and
 * the function words the passes look for (adverbs between a name and its cue, determiners, auxiliaries, words
 * that end a noun phrase), all read from data/quotes.json and compiled once per language into sets and regexes.
 */
import { loadData } from '../../util/data.js';
import { lexicon } from '../lexicon.js';
import type { Lexicon } from '../lexicon.js';
import type { SpeechWords } from './parsed.js';

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
  adverbs: string[];
  determiners: string[];
  setOffOpeners: string[];
  auxiliaries: string[];
  passiveAuxiliaries?: string[];
  documentNouns?: string[];
  authorPrepositions?: string[];
  nounPhraseStops: string[];
  addresseeCues: string[];
  complementizer: string;
  afterCommaOpeners: string[];
  coordinators: string[];
  continuingVerbs: string[];
  sharedVerbLinks: string[];
  sharedVerbAuxiliaries: string[];
  narrativeOpeners?: string[];
  nameSuffixes?: string[];
  sentenceConjunctions?: string[];
  clauseOpeners?: string[];
  agentPrepositions?: string[];
  speechLemmas?: string[];
  genderedNouns?: Record<string, Gender>;
  speechPhrases?: string[];
  namingLemmas?: string[];
  sentenceEndPhrases: string[];
  numberWords: string[];
  quantityNouns: string[];
  subjectPronouns: string[];
  clauseSubjects: string[];
  postCueAdjuncts: string[];
  contrasts: string[];
  contrastSubjects: string[];
  phraseDeterminers: string[];
  quantityOpeners: string[];
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
  /** Nouns that show the gender of the person named right after them ("widow Terry Strada"). */
  genderedNouns: Map<string, Gender>;
  personNouns: Set<string>;
  speakerNouns: Set<string>;
  lex: Lexicon;
  /** Words that may stand between a speaker and a cue ("Putin also said", "has repeatedly said"). */
  adverbs: Set<string>;
  determiners: Set<string>;
  /** Words that open a phrase set off between commas or dashes after a speaker's name. */
  setOffOpeners: Set<string>;
  auxiliaries: Set<string>;
  /** Forms of 'be' before a participle that make a cue passive ("was reported by"). */
  passiveAuxiliaries: Set<string>;
  /** Nouns of documents that may speak for their author ("a statement from X"). */
  documentNouns: Set<string>;
  /** Prepositions that join a document to its author ("from", "by"). */
  authorPrepositions: Set<string>;
  /** Words that end a speaker's noun phrase. */
  nounPhraseStops: Set<string>;
  /** Cues whose "that" may follow an addressee ("told reporters on Monday that"). */
  addresseeCues: Set<string>;
  /** The writer's own addition after a closing mark at a comma (", referring to …", ", which …"). */
  afterComma: RegExp;
  /** The writer's own addition after a closing mark ("— and more", "and boycotted …"). */
  afterMark: RegExp;
  /** A verb sharing the subject after the last mark ("but did not say …"). */
  sharedVerb: RegExp;
  /** The writer's narrative opening right after a quoted fragment ("during a stop …", "and says he …"). */
  narrativeAfter: RegExp;
  /** Generational suffixes closing a name ("jr."), folded. */
  nameSuffixes: Set<string>;
  /** Conjunctions that may open a sentence before its subject ("but"). */
  sentenceConjunctions: Set<string>;
  /** Subordinators and linking words opening a clause before its subject ("though", "when"). */
  clauseOpeners: Set<string>;
  /** Join a person noun to the person it speaks for ("a spokeswoman for …"). */
  agentPrepositions: Set<string>;
  /** What may follow a closing attribution: nothing, or where and when it was said ("… Putin said at the meeting."). */
  clauseEnds: RegExp;
  /** "that" opening a clause within a few words of its cue, or after "told" and an addressee ("told reporters on Monday that"). */
  thatNear: RegExp;
  thatAfterAddressee: RegExp;
  /** A quantity heading a speaker phrase ("two in three voters", "most economists"). */
  quantityHeads: RegExp;
  /** "that" or a subject pronoun opening a clause right after a cue. */
  clauseOpen: RegExp;
  /** Words after a cue that open no reported clause ("said on Monday"). */
  postCueAdjunct: RegExp;
  /** A contrasting clause with a subject of its own ("Carter stopped the practice, but Cook did not say when"). */
  contrastClause: RegExp;
  /** A determiner phrase naming a speaker ("said the minister"). */
  determinerPhrase: RegExp;
  quantityOpener: RegExp;
  /** "Name, he said, …": a name or subject pronoun before a closing cue (parenthetical attribution). */
  parenthetical: RegExp;
  /** A comma, then at most a few capitalised words and a subject, before an inverted cue. */
  invertedLead: RegExp;
  invertedSubject: RegExp;
  /** A second cue and "that" after a comma (", she said that …"). */
  secondCueThat: RegExp;
  /** "that" and a colon or comma ending the text before a quotation ("argued that: “…”"). */
  thatEnd: RegExp;
  /** The lemmas of verbs of saying and the phrases that say, as the dependency parse reads them. */
  speech: SpeechWords;
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
    const that = words([d.complementizer]);
    const cueRe = new RegExp(
      `(?<![\\p{L}\\p{N}])(?:${alt([...d.cues, ...(d.introducers ?? []), ...(d.namingVerbs ?? [])])})(?![\\p{L}\\p{N}])`,
      'giu',
    );
    q = {
      speech: {
        verbs: new Set(d.speechLemmas ?? []),
        phrases: new Set(d.speechPhrases ?? []),
        phraseHeads: new Set((d.speechPhrases ?? []).map((x) => x.split(' ')[0]!)),
        naming: new Set(d.namingLemmas ?? []),
        according: new RegExp(`^(?:${alt(d.according)})(?![\\p{L}\\p{N}])`, 'iu'),
        accordingIn: new RegExp(`(?<![\\p{L}\\p{N}])(?:${alt(d.according)})(?![\\p{L}\\p{N}])`, 'iu'),
      },
      secondCueThat: new RegExp(`,\\s*(${cueRe.source})\\s+${that}\\b\\s*`, 'iu'),
      cueRe,
      thatEnd: new RegExp(`\\b${that}\\s*[:,]?\\s*$`, 'i'),
      cueEndRe: new RegExp(
        `(?<![\\p{L}\\p{N}])(?:${alt([...d.cues, ...(d.introducers ?? [])])})(?:\\s+${that})?\\s*[:,]?\\s*[–—-]?\\s*$`,
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
      genderedNouns: new Map(Object.entries(d.genderedNouns ?? {})),
      personNouns: new Set(d.personNouns ?? []),
      speakerNouns: new Set(d.speakerNouns),
      lex: lexicon(lang),
      adverbs: new Set(d.adverbs),
      determiners: new Set(d.determiners),
      setOffOpeners: new Set(d.setOffOpeners),
      auxiliaries: new Set(d.auxiliaries),
      passiveAuxiliaries: new Set(d.passiveAuxiliaries ?? []),
      documentNouns: new Set(d.documentNouns ?? []),
      authorPrepositions: new Set(d.authorPrepositions ?? []),
      nounPhraseStops: new Set(d.nounPhraseStops),
      addresseeCues: new Set(d.addresseeCues),
      afterComma: new RegExp(`^[,;]?\\s*(?:\\p{Ll}+ing|${words(d.afterCommaOpeners)})\\b`, 'u'),
      afterMark: new RegExp(
        `^[.,]?\\s*(?:[—–]\\s|-\\s)|^\\s+(?:${words(d.coordinators)})\\s+(\\p{Ll}+ing|\\p{Ll}+ed|${words(d.continuingVerbs)})\\b`,
        'u',
      ),
      sharedVerb: new RegExp(
        `\\s+(?:${words(d.sharedVerbLinks)})\\s+(?:${words(d.sharedVerbAuxiliaries)}|\\p{Ll}+ed)\\b`,
        'u',
      ),
      nameSuffixes: new Set(d.nameSuffixes ?? []),
      sentenceConjunctions: new Set(d.sentenceConjunctions ?? []),
      clauseOpeners: new Set(d.clauseOpeners ?? []),
      agentPrepositions: new Set(d.agentPrepositions ?? []),
      narrativeAfter: new RegExp(
        `^[,;]?\\s+(?:${(d.narrativeOpeners ?? []).map((w) => words([w]).replace(/ /g, '\\s+')).join('|') || '(?!)'})\\b`,
        'iu',
      ),
      clauseEnds: new RegExp(
        `^(?![^.!?]*\\b${that}\\b)\\s*(?:(?:${words(d.sentenceEndPhrases)})\\b[^,;:“”"«»]{0,60})?[\\s.!?]*$`,
        'iu',
      ),
      thatNear: new RegExp(`^\\s*(?:[^\\s.;:“"«„]+\\s+){0,4}?${that}\\b\\s*`, 'u'),
      thatAfterAddressee: new RegExp(`^\\s*(?:[^\\s.;:“"«„]+\\s+){0,10}?${that}\\b\\s*`, 'u'),
      clauseOpen: new RegExp(`^\\s*(?:${that}\\b\\s*|(?=(?:${words(d.clauseSubjects)})\\s))`, 'i'),
      postCueAdjunct: new RegExp(`^(?:${words(d.postCueAdjuncts)})\\b`, 'i'),
      contrastClause: new RegExp(
        `(?:,\\s+(?:${words(d.contrasts)})|;)\\s+(?=(?:\\p{Lu}|(?:${words(d.contrastSubjects)})\\b))`,
        'u',
      ),
      determinerPhrase: new RegExp(
        `^(?:${words(d.phraseDeterminers)})\\s+(?:[\\p{Ll}-]+\\s+){0,2}?[\\p{Ll}-]+(?=\\s)`,
        'iu',
      ),
      quantityOpener: new RegExp(`^(?:\\d[\\d,.]*|${words(d.quantityOpeners)})\\b`),
      parenthetical: new RegExp(
        `^(\\p{Lu}[^,;:“”"«»]{3,}?),\\s+((?:${words(d.subjectPronouns)}|(?:\\p{Lu}[\\p{L}.'’-]*\\s+){0,2}\\p{Lu}[\\p{L}.'’-]*))\\s+([\\p{Ll}]+(?:\\s+out)?),\\s+(\\p{Ll}[^“”"«»]*)$`,
        'u',
      ),
      invertedLead: new RegExp(
        `,[”"]?\\s*[–—-]?\\s*(?:(?:\\p{Lu}[\\p{L}.'’-]*\\s+){0,3}(?:${words(d.subjectPronouns)}|\\p{Lu}[\\p{L}.'’-]*)\\s+)?$`,
        'u',
      ),
      invertedSubject: new RegExp(
        `,[”"]?\\s*((?:\\p{Lu}[\\p{L}.'’-]*\\s+){0,3}(?:${words(d.subjectPronouns)}|\\p{Lu}[\\p{L}.'’-]*))\\s+$`,
        'u',
      ),
      quantityHeads: new RegExp(
        `\\b(?:\\d+\\s+in\\s+\\d+|(?:${words(d.numberWords)})\\s+in\\s+(?:10|ten)|${words(d.quantityNouns)})\\b`,
      ),
    };
    cache.set(lang, q);
  }
  return q;
}

/** A word list as a regex alternation, in its order; a word's apostrophe matches either apostrophe. */
function words(xs: string[]): string {
  return xs.map((x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/['’]/g, "['’]")).join('|');
}

export const OPENERS = '“"«„';
export const CLOSERS = '”"»“';
