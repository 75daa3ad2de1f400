/**
 * Word clusters learned from the training text alone: the exchange algorithm (Kneser & Ney 1993; Martin,
 * Liermann & Ney 1998) for a class bigram model, the objective Brown et al. (1992) clustering maximizes
 * (the mutual information of adjacent classes), by moving one word at a time to the class that raises it
 * most. Words that share contexts share a class, so a word the parser saw rarely borrows what it learned
 * from its classmates. Run at two sizes, the coarse classes stand in for Brown's short bit prefixes.
 * Deterministic: words are visited in a fixed order (frequency, then spelling) and ties go to the lower
 * class.
 */

export interface ClusterOptions {
  /** Number of classes. */
  classes: number;
  /** Passes over the vocabulary. */
  passes?: number;
  /** Words seen fewer times get no class (their contexts say too little). */
  minCount?: number;
}

const xlogx = (x: number): number => (x > 0 ? x * Math.log(x) : 0);

/** Class of each clustered word (sentences: words as the parser sees them, normalized). */
export function exchangeClusters(
  sentences: readonly (readonly string[])[],
  { classes, passes = 4, minCount = 2 }: ClusterOptions,
): Map<string, number> {
  const BOUNDARY = '\u0000';
  const counts = new Map<string, number>();
  for (const s of sentences) for (const w of s) counts.set(w, (counts.get(w) ?? 0) + 1);
  counts.set(BOUNDARY, sentences.length);
  const vocab = [...counts.entries()]
    .filter(([w, n]) => n >= minCount || w === BOUNDARY)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([w]) => w);
  const index = new Map(vocab.map((w, i) => [w, i]));
  const V = vocab.length;
  // Words below the count share one extra id (V), pinned to its own class (C): they are the context of
  // clustered words but are never moved.
  const C = classes;
  const id = (w: string): number => index.get(w) ?? V;
  // Word bigram counts as successor and predecessor lists (CSR), and each word's own bigram count.
  const pairs = new Map<number, number>();
  for (const s of sentences) {
    let prev = id(BOUNDARY);
    for (const w of [...s, BOUNDARY]) {
      const cur = id(w);
      const key = prev * (V + 1) + cur;
      pairs.set(key, (pairs.get(key) ?? 0) + 1);
      prev = cur;
    }
  }
  const next: number[][] = Array.from({ length: V + 1 }, () => []);
  const prevs: number[][] = Array.from({ length: V + 1 }, () => []);
  const sorted = [...pairs.entries()].sort((a, b) => a[0] - b[0]);
  const left = new Float64Array(V + 1);
  const right = new Float64Array(V + 1);
  for (const [key, n] of sorted) {
    const a = Math.floor(key / (V + 1));
    const b = key % (V + 1);
    next[a]!.push(b, n);
    prevs[b]!.push(a, n);
    left[a]! += n;
    right[b]! += n;
  }
  const K = C + 1;
  const cls = new Int32Array(V + 1);
  for (let w = 0; w < V; w++) cls[w] = w % C;
  cls[V] = C;
  // Class bigram counts and class totals as left and right members of a bigram.
  const M = new Float64Array(K * K);
  const nl = new Float64Array(K);
  const nr = new Float64Array(K);
  for (let a = 0; a <= V; a++) {
    const list = next[a]!;
    for (let k = 0; k < list.length; k += 2) M[cls[a]! * K + cls[list[k]!]!]! += list[k + 1]!;
    nl[cls[a]!]! += left[a]!;
    nr[cls[a]!]! += right[a]!;
  }
  const toRight = new Float64Array(K);
  const toLeft = new Float64Array(K);
  const touched: number[] = [];
  for (let pass = 0; pass < passes; pass++) {
    let moved = 0;
    for (let w = 0; w < V; w++) {
      // The word's bigrams by the class of the other word (its own bigrams apart).
      let self = 0;
      touched.length = 0;
      const nx = next[w]!;
      for (let k = 0; k < nx.length; k += 2) {
        const v = nx[k]!;
        if (v === w) self += nx[k + 1]!;
        else {
          const c = cls[v]!;
          if (toRight[c] === 0 && toLeft[c] === 0) touched.push(c);
          toRight[c]! += nx[k + 1]!;
        }
      }
      const pv = prevs[w]!;
      for (let k = 0; k < pv.length; k += 2) {
        const v = pv[k]!;
        if (v === w) continue;
        const c = cls[v]!;
        if (toRight[c] === 0 && toLeft[c] === 0) touched.push(c);
        toLeft[c]! += pv[k + 1]!;
      }
      // Take the word out of its class.
      const from = cls[w]!;
      for (const c of touched) {
        M[from * K + c]! -= toRight[c]!;
        M[c * K + from]! -= toLeft[c]!;
      }
      M[from * K + from]! -= self;
      nl[from]! -= left[w]!;
      nr[from]! -= right[w]!;
      // The gain of putting it in each class; the best wins (the lowest class on ties).
      let best = from;
      let bestGain = -Infinity;
      for (let b = 0; b < C; b++) {
        let gain = 0;
        for (const c of touched) {
          if (c === b) continue;
          const r = toRight[c]!;
          if (r) gain += xlogx(M[b * K + c]! + r) - xlogx(M[b * K + c]!);
          const l = toLeft[c]!;
          if (l) gain += xlogx(M[c * K + b]! + l) - xlogx(M[c * K + b]!);
        }
        const bb = M[b * K + b]!;
        gain += xlogx(bb + toRight[b]! + toLeft[b]! + self) - xlogx(bb);
        gain -= xlogx(nl[b]! + left[w]!) - xlogx(nl[b]!);
        gain -= xlogx(nr[b]! + right[w]!) - xlogx(nr[b]!);
        if (gain > bestGain + 1e-9) {
          bestGain = gain;
          best = b;
        }
      }
      for (const c of touched) {
        M[best * K + c]! += toRight[c]!;
        M[c * K + best]! += toLeft[c]!;
      }
      M[best * K + best]! += self;
      nl[best]! += left[w]!;
      nr[best]! += right[w]!;
      if (best !== from) moved++;
      cls[w] = best;
      for (const c of touched) {
        toRight[c] = 0;
        toLeft[c] = 0;
      }
    }
    if (moved === 0) break;
  }
  const out = new Map<string, number>();
  for (let w = 0; w < V; w++) if (vocab[w] !== BOUNDARY) out.set(vocab[w]!, cls[w]!);
  return out;
}

/** Coarse and fine classes of each word, as stored in the model (fine + 1024 * coarse). */
export interface ClustersJson {
  fine: number;
  coarse: number;
  words: Record<string, number>;
}

/** Cluster atoms for features: 0 when the word has none. */
export class Clusters {
  constructor(readonly words: Map<string, number>) {}

  static train(
    sentences: readonly (readonly string[])[],
    { fine = 256, coarse = 32, passes = 4 } = {},
  ): Clusters {
    const f = exchangeClusters(sentences, { classes: fine, passes });
    const c = exchangeClusters(sentences, { classes: coarse, passes });
    const words = new Map<string, number>();
    for (const [w, k] of f) words.set(w, 1 + k + 1024 * (1 + c.get(w)!));
    return new Clusters(words);
  }

  static fromJSON(json: ClustersJson): Clusters {
    return new Clusters(new Map(Object.entries(json.words)));
  }

  toJSON(): ClustersJson {
    let fine = 0;
    let coarse = 0;
    for (const v of this.words.values()) {
      fine = Math.max(fine, v % 1024);
      coarse = Math.max(coarse, Math.floor(v / 1024));
    }
    return { fine, coarse, words: Object.fromEntries(this.words) };
  }

  /** Fine class atom of a normalized word (0: none). */
  fine(word: string): number {
    const v = this.words.get(word);
    return v === undefined ? 0 : v % 1024;
  }

  /** Coarse class atom of a normalized word (0: none). */
  coarse(word: string): number {
    const v = this.words.get(word);
    return v === undefined ? 0 : Math.floor(v / 1024);
  }
}
