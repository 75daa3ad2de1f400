/**
 * Part-of-speech tagger: greedy, left to right, averaged perceptron over the word, its affixes and shape,
 * its neighbours and the two previous tags (Collins 2002; Honnibal 2013). Frequent words that always had
 * one tag in training take it without scoring.
 */
import { argmax, Perceptron, rng, shuffle, type PerceptronJson } from './perceptron.js';

export const UPOS = [
  'ADJ', 'ADP', 'ADV', 'AUX', 'CCONJ', 'DET', 'INTJ', 'NOUN', 'NUM',
  'PART', 'PRON', 'PROPN', 'PUNCT', 'SCONJ', 'SYM', 'VERB', 'X',
] as const; // prettier-ignore

export interface TaggerJson {
  model: PerceptronJson;
  /** Lower-cased word -> tag index, for frequent unambiguous words. */
  lexicon: Record<string, number>;
}

/** A word as features see it: lower-cased, digits folded. */
export function normalize(word: string): string {
  if (/^\p{N}[\p{N},.:]*$/u.test(word)) return word.length === 4 ? '!YEAR' : '!DIGITS';
  return word.toLowerCase().replace(/’/g, "'");
}

export function shape(word: string): string {
  const s = word
    .replace(/\p{Lu}/gu, 'X')
    .replace(/\p{Ll}/gu, 'x')
    .replace(/\p{N}/gu, 'd')
    .replace(/(.)\1{2,}/gu, '$1$1');
  return s.length > 6 ? s.slice(0, 3) + s.slice(-3) : s;
}

const START = ['-START-', '-START2-'];
const END = ['-END-', '-END2-'];

export class Tagger {
  constructor(
    readonly model: Perceptron,
    readonly lexicon: Map<string, number>,
  ) {}

  static fromJSON(json: TaggerJson): Tagger {
    return new Tagger(Perceptron.fromJSON(json.model), new Map(Object.entries(json.lexicon)));
  }

  toJSON(): TaggerJson {
    return { model: this.model.toJSON(), lexicon: Object.fromEntries(this.lexicon) };
  }

  /** Tag indices (into UPOS) for the words of one sentence. */
  tag(words: readonly string[]): number[] {
    const ctx = context(words);
    const tags: number[] = [];
    const scores = new Float64Array(UPOS.length);
    for (let i = 0; i < words.length; i++) {
      let t = this.lexicon.get(ctx[i + 2]!);
      if (t === undefined) {
        scores.fill(0);
        this.model.score(features(i, words[i]!, ctx, tags), scores);
        t = argmax(scores);
      }
      tags.push(t);
    }
    return tags;
  }
}

function context(words: readonly string[]): string[] {
  return [...START, ...words.map(normalize), ...END];
}

function tagName(tags: readonly number[], i: number): string {
  return i < 0 ? '-S-' : UPOS[tags[i]!]!;
}

export function features(i: number, word: string, ctx: readonly string[], tags: readonly number[]): string[] {
  const w = ctx[i + 2]!;
  const p1 = tagName(tags, i - 1);
  const p2 = tagName(tags, i - 2);
  const prev = ctx[i + 1]!;
  const next = ctx[i + 3]!;
  return [
    'b',
    `w ${w}`,
    `s3 ${w.slice(-3)}`,
    `s2 ${w.slice(-2)}`,
    `s1 ${w.slice(-1)}`,
    `p1 ${w[0]}`,
    `sh ${shape(word)}`,
    `t1 ${p1}`,
    `t2 ${p1} ${p2}`,
    `t1w ${p1} ${w}`,
    `w-1 ${prev}`,
    `s-1 ${prev.slice(-3)}`,
    `w-2 ${ctx[i]}`,
    `w+1 ${next}`,
    `s+1 ${next.slice(-3)}`,
    `w+2 ${ctx[i + 4]}`,
    `ww ${prev} ${w}`,
    `wn ${w} ${next}`,
  ];
}

export interface TaggedSentence {
  words: string[];
  tags: number[];
}

/** Trains a tagger on gold sentences; deterministic given the seed. */
export function trainTagger(
  sentences: readonly TaggedSentence[],
  { iterations = 5, seed = 1, minCount = 2, log = (_: string) => {} } = {},
): Tagger {
  const lexicon = buildLexicon(sentences);
  const model = new Perceptron(UPOS.length);
  // Fix the vocabulary first: features seen fewer than minCount times with gold context are noise.
  const counts = new Map<string, number>();
  for (const s of sentences) {
    const ctx = context(s.words);
    for (let i = 0; i < s.words.length; i++)
      for (const f of features(i, s.words[i]!, ctx, s.tags)) counts.set(f, (counts.get(f) ?? 0) + 1);
  }
  for (const [f, n] of counts) if (n >= minCount) model.add(f);
  model.growable = false;
  const random = rng(seed);
  const order = [...sentences];
  const scores = new Float64Array(UPOS.length);
  for (let it = 0; it < iterations; it++) {
    let right = 0;
    let total = 0;
    for (const s of shuffle(order, random)) {
      const ctx = context(s.words);
      const tags: number[] = [];
      for (let i = 0; i < s.words.length; i++) {
        const gold = s.tags[i]!;
        let guess = lexicon.get(ctx[i + 2]!);
        if (guess === undefined) {
          const f = features(i, s.words[i]!, ctx, tags);
          scores.fill(0);
          model.score(f, scores);
          guess = argmax(scores);
          model.update(gold, guess, f);
        }
        tags.push(guess);
        right += guess === gold ? 1 : 0;
        total++;
      }
    }
    log(`tagger iteration ${it + 1}: train accuracy ${(right / total).toFixed(4)}`);
  }
  model.average();
  return new Tagger(model, lexicon);
}

function buildLexicon(sentences: readonly TaggedSentence[]): Map<string, number> {
  const seen = new Map<string, Map<number, number>>();
  for (const s of sentences)
    s.words.forEach((w, i) => {
      const key = normalize(w);
      const m = seen.get(key) ?? new Map<number, number>();
      m.set(s.tags[i]!, (m.get(s.tags[i]!) ?? 0) + 1);
      seen.set(key, m);
    });
  const lexicon = new Map<string, number>();
  for (const [w, m] of seen) {
    const total = [...m.values()].reduce((a, b) => a + b, 0);
    const [tag, n] = [...m.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]!;
    if (total >= 20 && n / total >= 0.995) lexicon.set(w, tag);
  }
  return lexicon;
}
