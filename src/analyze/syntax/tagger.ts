/**
 * Part-of-speech tagger: greedy, left to right, averaged perceptron over the word, its prefixes and
 * suffixes (up to four letters), its shape, its neighbours two either side and the two previous tags
 * (Collins 2002; Honnibal 2013). Features are hashed integers: the parts that do not depend on earlier
 * tags are computed once per sentence. Frequent words that always had one tag in training take it
 * without scoring.
 */
import type { Clusters } from './clusters.js';
import { f1, f2, f3, hashString } from './hash.js';
import { argmax, Features, Perceptron, rng, shuffle, type PerceptronJson } from './perceptron.js';

export const UPOS = [
  'ADJ', 'ADP', 'ADV', 'AUX', 'CCONJ', 'DET', 'INTJ', 'NOUN', 'NUM',
  'PART', 'PRON', 'PROPN', 'PUNCT', 'SCONJ', 'SYM', 'VERB', 'X',
] as const; // prettier-ignore

/** A tagger as written; `P` is how its perceptron is stored (JSON, binary sections, or loaded). */
export interface TaggerJson<P = PerceptronJson> {
  /** The tags it predicts, in class order (absent: UPOS). */
  tagset?: string[];
  model: P;
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

/** Tag atom standing for "before the sentence" (any tag set has fewer tags). */
const NO_TAG = 1023;

/** Feature templates (numbers only name them inside the hash). */
const enum T {
  Bias, Word, Cased, Suffix, Prefix = Suffix + 4, Shape = Prefix + 4, First,
  Prev1, Prev2, Next1, Next2, PrevSuffix, NextSuffix, NextShape, PrevWord, WordNext,
  Tag1, Tag12, Tag1Word, Tag2Word, Tag1Suffix, Tag1Next,
  Given, GivenPrev, GivenNext, GivenWord, GivenTag1,
  Cluster, Coarse, PrevCluster, NextCluster, ClusterNext, ShapeCluster, Tag1Cluster,
} // prettier-ignore

/** Static features per word (not depending on earlier tags). */
const STATIC = 26;

interface WordAtoms {
  word: number;
  suffix3: number;
  shape: number;
  /** Fine word cluster (0: none). */
  cluster: number;
}

/** Keys of the static features of every word of a sentence, STATIC per word. */
function staticFeatures(
  words: readonly string[],
  clusters?: Clusters,
): { keys: Uint32Array; atoms: WordAtoms[] } {
  const atoms: WordAtoms[] = words.map((w) => {
    const n = normalize(w);
    return {
      word: hashString(n),
      suffix3: hashString(n.slice(-3)),
      shape: hashString(shape(w)),
      cluster: clusters ? clusters.fine(n) : 0,
    };
  });
  const pad = (i: number, what: 'word' | 'suffix3' | 'shape' | 'cluster'): number =>
    i < 0 ? 1 + i : i >= words.length ? 100 + i - words.length : atoms[i]![what];
  const keys = new Uint32Array(words.length * STATIC);
  words.forEach((w, i) => {
    const n = normalize(w);
    const a = atoms[i]!;
    let k = i * STATIC;
    keys[k++] = f1(T.Bias, 0);
    keys[k++] = f1(T.Word, a.word);
    keys[k++] = f1(T.Cased, hashString(w));
    for (let j = 1; j <= 4; j++)
      keys[k++] = f1(T.Suffix + j - 1, n.length >= j ? hashString(n.slice(-j)) : 0);
    for (let j = 1; j <= 4; j++)
      keys[k++] = f1(T.Prefix + j - 1, n.length >= j ? hashString(n.slice(0, j)) : 0);
    keys[k++] = f1(T.Shape, a.shape);
    keys[k++] = f2(T.First, i === 0 ? 1 : 0, a.shape);
    keys[k++] = f1(T.Prev1, pad(i - 1, 'word'));
    keys[k++] = f1(T.Prev2, pad(i - 2, 'word'));
    keys[k++] = f1(T.Next1, pad(i + 1, 'word'));
    keys[k++] = f1(T.Next2, pad(i + 2, 'word'));
    keys[k++] = f1(T.PrevSuffix, pad(i - 1, 'suffix3'));
    keys[k++] = f1(T.NextSuffix, pad(i + 1, 'suffix3'));
    keys[k++] = f1(T.NextShape, pad(i + 1, 'shape'));
    keys[k++] = f2(T.PrevWord, pad(i - 1, 'word'), a.word);
    keys[k++] = f2(T.WordNext, a.word, pad(i + 1, 'word'));
    keys[k++] = f1(T.Cluster, a.cluster);
    keys[k++] = f1(T.Coarse, clusters ? clusters.coarse(n) : 0);
    keys[k++] = f1(T.PrevCluster, pad(i - 1, 'cluster'));
    keys[k++] = f1(T.NextCluster, pad(i + 1, 'cluster'));
    keys[k++] = f2(T.ClusterNext, a.cluster, pad(i + 1, 'cluster'));
    keys[k++] = f2(T.ShapeCluster, a.shape, a.cluster);
  });
  return { keys, atoms };
}

/**
 * Fills `out` with the features of word `i` given the tags chosen so far, and, for a tagger stacked on
 * another (fine tags after UPOS), the other tagger's tags of the whole sentence.
 */
function features(
  i: number,
  sentence: { keys: Uint32Array; atoms: WordAtoms[] },
  tags: readonly number[],
  out: Features,
  given?: readonly number[],
): void {
  out.n = 0;
  for (let k = i * STATIC; k < (i + 1) * STATIC; k++) out.push(sentence.keys[k]!);
  const t1 = i >= 1 ? tags[i - 1]! : NO_TAG;
  const t2 = i >= 2 ? tags[i - 2]! : NO_TAG;
  const a = sentence.atoms[i]!;
  const next = i + 1 < sentence.atoms.length ? sentence.atoms[i + 1]!.word : 100;
  out.push(f1(T.Tag1, t1));
  out.push(f2(T.Tag12, t1, t2));
  out.push(f2(T.Tag1Word, t1, a.word));
  out.push(f2(T.Tag2Word, t2, a.word));
  out.push(f2(T.Tag1Suffix, t1, a.suffix3));
  out.push(f3(T.Tag1Next, t1, a.word, next));
  out.push(f2(T.Tag1Cluster, t1, a.cluster));
  if (given) {
    const g = given[i]!;
    out.push(f1(T.Given, g));
    out.push(f2(T.GivenPrev, i >= 1 ? given[i - 1]! : NO_TAG, g));
    out.push(f2(T.GivenNext, g, i + 1 < given.length ? given[i + 1]! : NO_TAG));
    out.push(f2(T.GivenWord, g, a.word));
    out.push(f2(T.GivenTag1, g, t1));
  }
}

export class Tagger {
  private readonly buffer = new Features(64);
  private readonly scores: Float64Array;

  constructor(
    readonly model: Perceptron,
    readonly lexicon: Map<string, number>,
    readonly tagset: readonly string[] = UPOS,
    readonly clusters?: Clusters,
  ) {
    this.scores = new Float64Array(tagset.length);
  }

  static fromJSON(json: TaggerJson<Perceptron>, clusters?: Clusters): Tagger {
    return new Tagger(json.model, new Map(Object.entries(json.lexicon)), json.tagset ?? UPOS, clusters);
  }

  toJSON({ maxRows }: { maxRows?: number } = {}): TaggerJson {
    return {
      ...(this.tagset === UPOS ? {} : { tagset: [...this.tagset] }),
      model: this.model.toJSON({ maxRows }),
      lexicon: Object.fromEntries(this.lexicon),
    };
  }

  /** Tag indices (into the tag set) for the words of one sentence; `given`: the tags it is stacked on. */
  tag(words: readonly string[], given?: readonly number[]): number[] {
    const sentence = staticFeatures(words, this.clusters);
    const tags: number[] = [];
    for (let i = 0; i < words.length; i++) {
      let t = this.lexicon.get(normalize(words[i]!));
      if (t === undefined) {
        features(i, sentence, tags, this.buffer, given);
        this.scores.fill(0);
        this.model.score(this.buffer.keys, this.buffer.n, this.scores);
        t = argmax(this.scores);
      }
      tags.push(t);
    }
    return tags;
  }
}

export interface TaggedSentence {
  words: string[];
  tags: number[];
  /** Tags of the tagger this one is stacked on (predicted, as it will see them). */
  given?: number[];
}

/** Trains a tagger on gold sentences; deterministic given the seed. */
export function trainTagger(
  sentences: readonly TaggedSentence[],
  {
    iterations = 5,
    seed = 1,
    tagset = UPOS as readonly string[],
    clusters,
    log = (_: string) => {},
  }: {
    iterations?: number;
    seed?: number;
    tagset?: readonly string[];
    clusters?: Clusters;
    log?: (line: string) => void;
  } = {},
): Tagger {
  const lexicon = buildLexicon(sentences);
  const model = new Perceptron(tagset.length, 1 << 18);
  const random = rng(seed);
  const order = sentences.map((s) => ({ s, f: staticFeatures(s.words, clusters) }));
  const scores = new Float64Array(tagset.length);
  const buffer = new Features(64);
  for (let it = 0; it < iterations; it++) {
    let right = 0;
    let total = 0;
    for (const { s, f } of shuffle(order, random)) {
      const tags: number[] = [];
      for (let i = 0; i < s.words.length; i++) {
        const gold = s.tags[i]!;
        let guess = lexicon.get(normalize(s.words[i]!));
        if (guess === undefined) {
          features(i, f, tags, buffer, s.given);
          scores.fill(0);
          model.score(buffer.keys, buffer.n, scores);
          guess = argmax(scores);
          model.update(gold, guess, buffer.keys, buffer.n);
        }
        tags.push(guess);
        right += guess === gold ? 1 : 0;
        total++;
      }
    }
    log(`tagger iteration ${it + 1}: train accuracy ${(right / total).toFixed(4)}, ${model.rows} features`);
  }
  model.average();
  model.freeze();
  return new Tagger(model, lexicon, tagset, clusters);
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
