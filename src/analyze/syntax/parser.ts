/**
 * Dependency parser: greedy arc-hybrid transitions (Kuhlmann et al. 2011) scored by an averaged
 * perceptron, trained with the dynamic oracle of Goldberg & Nivre (2013) (the parser learns from its own
 * mistakes: after each move the cheapest moves from the state it actually reached are the gold ones).
 * The root sits after the last word and takes exactly one dependent. Relations come afterwards from a
 * second perceptron that labels each arc with features of the finished tree.
 */
import { argmax, Perceptron, rng, shuffle, type PerceptronJson } from './perceptron.js';
import { normalize, UPOS } from './tagger.js';

const SHIFT = 0;
const RIGHT = 1;
const LEFT = 2;
const MOVES = 3;

export interface ParserJson {
  arcs: PerceptronJson;
  labels: PerceptronJson;
  relations: string[];
}

/** What the parser reads of a sentence: normalized words and UPOS tag names. */
export interface ParserInput {
  words: readonly string[];
  tags: readonly string[];
}

export interface ParserGold extends ParserInput {
  heads: readonly number[];
  relations: readonly string[];
}

class State {
  readonly heads: Int32Array;
  readonly lefts: number[][];
  readonly rights: number[][];
  readonly stack: number[] = [];
  b = 0;
  constructor(readonly n: number) {
    this.heads = new Int32Array(n).fill(-1);
    this.lefts = Array.from({ length: n + 1 }, () => []);
    this.rights = Array.from({ length: n + 1 }, () => []);
  }

  get done(): boolean {
    return this.b === this.n && this.stack.length === 0;
  }

  valid(): number[] {
    const out: number[] = [];
    const depth = this.stack.length;
    if (this.b < this.n) out.push(SHIFT);
    if (depth >= 2) out.push(RIGHT);
    // Only the last word standing may attach to the root: one root per sentence.
    if (depth >= 1 && (this.b < this.n || depth === 1)) out.push(LEFT);
    return out;
  }

  apply(move: number): void {
    if (move === SHIFT) {
      this.stack.push(this.b++);
      return;
    }
    const dep = this.stack.pop()!;
    const head = move === RIGHT ? this.stack[this.stack.length - 1]! : this.b;
    this.heads[dep] = head;
    if (dep < head) this.lefts[head]!.unshift(dep);
    else this.rights[head]!.push(dep);
  }

  /** Gold arcs each valid move makes unreachable (Goldberg & Nivre 2013, arc-hybrid). */
  cost(move: number, gold: readonly number[]): number {
    const stack = this.stack;
    const n = this.n;
    const goldHead = (i: number): number => (gold[i]! < 0 ? n : gold[i]!);
    let cost = 0;
    if (move === SHIFT) {
      const b = this.b;
      for (let k = 0; k < stack.length; k++) {
        const s = stack[k]!;
        if (goldHead(s) === b) cost++;
        if (k < stack.length - 1 && goldHead(b) === s) cost++;
      }
      return cost;
    }
    const s0 = stack[stack.length - 1]!;
    const h = goldHead(s0);
    for (let i = this.b; i < n; i++) if (goldHead(i) === s0) cost++;
    if (move === LEFT) {
      if (stack.length >= 2 && h === stack[stack.length - 2]) cost++;
      if (h > this.b) cost++;
    } else if (h >= this.b) cost++;
    return cost;
  }
}

function distance(a: number, b: number): string {
  const d = Math.abs(a - b);
  return d < 5 ? String(d) : d < 10 ? '5-9' : '10+';
}

function arcFeatures(st: State, s: ParserInput): string[] {
  const n = st.n;
  const word = (i: number): string => (i < 0 ? '-' : i === n ? '-ROOT-' : s.words[i]!);
  const tag = (i: number): string => (i < 0 ? '-' : i === n ? '-ROOT-' : s.tags[i]!);
  const depth = st.stack.length;
  const s0 = depth > 0 ? st.stack[depth - 1]! : -1;
  const s1 = depth > 1 ? st.stack[depth - 2]! : -1;
  const s2 = depth > 2 ? st.stack[depth - 3]! : -1;
  const n0 = st.b <= n ? st.b : -1;
  const n1 = st.b + 1 < n ? st.b + 1 : -1;
  const n2 = st.b + 2 < n ? st.b + 2 : -1;
  const child = (list: number[][], i: number, k: number): number => {
    if (i < 0) return -1;
    const l = list[i]!;
    return k >= 0 ? (l[k] ?? -1) : (l[l.length + k] ?? -1);
  };
  const s0L = child(st.lefts, s0, 0);
  const s0L2 = child(st.lefts, s0, 1);
  const s0R = child(st.rights, s0, -1);
  const s0R2 = child(st.rights, s0, -2);
  const s1L = child(st.lefts, s1, 0);
  const s1R = child(st.rights, s1, -1);
  const n0L = child(st.lefts, n0, 0);
  const n0L2 = child(st.lefts, n0, 1);
  const [ws0, ws1, wn0, wn1] = [word(s0), word(s1), word(n0), word(n1)];
  const [ps0, ps1, ps2, pn0, pn1, pn2] = [tag(s0), tag(s1), tag(s2), tag(n0), tag(n1), tag(n2)];
  const [ps0L, ps0L2, ps0R, ps0R2, ps1L, ps1R, pn0L, pn0L2] = [
    tag(s0L), tag(s0L2), tag(s0R), tag(s0R2), tag(s1L), tag(s1R), tag(n0L), tag(n0L2),
  ]; // prettier-ignore
  const d = s0 >= 0 && n0 >= 0 ? distance(s0, n0) : '-';
  const vs0 = s0 >= 0 ? `${st.lefts[s0]!.length}/${st.rights[s0]!.length}` : '-';
  const vn0 = n0 >= 0 ? String(st.lefts[n0]!.length) : '-';
  return [
    'b',
    `s0w ${ws0}`,
    `s0p ${ps0}`,
    `s0wp ${ws0} ${ps0}`,
    `s1w ${ws1}`,
    `s1p ${ps1}`,
    `s1wp ${ws1} ${ps1}`,
    `s2p ${ps2}`,
    `n0w ${wn0}`,
    `n0p ${pn0}`,
    `n0wp ${wn0} ${pn0}`,
    `n1w ${wn1}`,
    `n1p ${pn1}`,
    `n1wp ${wn1} ${pn1}`,
    `n2p ${pn2}`,
    `s0Lp ${ps0L}`,
    `s0Rp ${ps0R}`,
    `n0Lp ${pn0L}`,
    `s0Lw ${word(s0L)}`,
    `s0Rw ${word(s0R)}`,
    `n0Lw ${word(n0L)}`,
    `d ${d}`,
    `dw ${d} ${ws0} ${wn0}`,
    `dp ${d} ${ps0} ${pn0}`,
    `vs0 ${vs0} ${ws0}`,
    `vs0p ${vs0} ${ps0}`,
    `vn0 ${vn0} ${wn0}`,
    `vn0p ${vn0} ${pn0}`,
    `s0wn0w ${ws0} ${wn0}`,
    `s0wpn0p ${ws0} ${ps0} ${pn0}`,
    `s0pn0wp ${ps0} ${wn0} ${pn0}`,
    `s0wpn0wp ${ws0} ${ps0} ${wn0} ${pn0}`,
    `n0pn1p ${pn0} ${pn1}`,
    `n0n1n2 ${pn0} ${pn1} ${pn2}`,
    `s0n0n1 ${ps0} ${pn0} ${pn1}`,
    `s1s0n0 ${ps1} ${ps0} ${pn0}`,
    `s1s0 ${ps1} ${ps0}`,
    `s1ws0w ${ws1} ${ws0}`,
    `s1ps0w ${ps1} ${ws0}`,
    `s1ws0p ${ws1} ${ps0}`,
    `s2s1s0 ${ps2} ${ps1} ${ps0}`,
    `s0s0Ln0 ${ps0} ${ps0L} ${pn0}`,
    `s0s0Rn0 ${ps0} ${ps0R} ${pn0}`,
    `s0n0n0L ${ps0} ${pn0} ${pn0L}`,
    `s1s1Ls0 ${ps1} ${ps1L} ${ps0}`,
    `s1s1Rs0 ${ps1} ${ps1R} ${ps0}`,
    `s0LL2 ${ps0} ${ps0L} ${ps0L2}`,
    `s0RR2 ${ps0} ${ps0R} ${ps0R2}`,
    `n0LL2 ${pn0} ${pn0L} ${pn0L2}`,
  ];
}

/** Tags whose word (not only its tag) says which relation a head takes ("by" → obl:agent). */
const FUNCTION = new Set(['ADP', 'SCONJ', 'AUX', 'PART', 'DET', 'PRON', 'CCONJ', 'PUNCT']);

function labelFeatures(s: ParserInput, heads: ArrayLike<number>, children: number[][], d: number): string[] {
  const h = heads[d]!;
  const word = (i: number): string => (i < 0 || i >= s.words.length ? '-' : s.words[i]!);
  const tag = (i: number): string => (i < 0 ? '-ROOT-' : i >= s.tags.length ? '-' : s.tags[i]!);
  const [dw, dp, hw, hp] = [word(d), tag(d), h < 0 ? '-ROOT-' : word(h), tag(h)];
  const dir = h < 0 ? 'R' : d < h ? 'L' : 'H';
  const dist = h < 0 ? '-' : distance(d, h);
  const gp = h < 0 ? '-' : tag(heads[h]!);
  const out = [
    'b',
    `dw ${dw}`,
    `dp ${dp}`,
    `hw ${hw}`,
    `hp ${hp}`,
    `dir ${dir} ${dist}`,
    `dph ${dp} ${hp} ${dir}`,
    `dwh ${dw} ${hp} ${dir}`,
    `dhw ${dp} ${hw} ${dir}`,
    `dwhw ${dw} ${hw}`,
    `dd ${dp} ${hp} ${dir} ${dist}`,
    `g ${gp} ${hp} ${dp}`,
    `ds ${dw.slice(-3)} ${dp}`,
    `dprev ${tag(d - 1)} ${dp}`,
    `dnext ${dp} ${tag(d + 1)}`,
  ];
  for (const c of children[d]!) {
    const cp = tag(c);
    out.push(FUNCTION.has(cp) ? `dc ${cp} ${word(c)} ${dp}` : `dcp ${cp} ${dp}`);
  }
  if (h >= 0)
    for (const c of children[h]!) {
      if (c === d) continue;
      const cp = tag(c);
      if (FUNCTION.has(cp)) out.push(`hc ${cp} ${word(c)} ${dir}`);
      else out.push(`hcp ${cp} ${c < d ? '<' : '>'} ${dp}`);
    }
  return out;
}

function childrenOf(heads: ArrayLike<number>, n: number): number[][] {
  const children: number[][] = Array.from({ length: n }, () => []);
  for (let i = 0; i < n; i++) if (heads[i]! >= 0) children[heads[i]!]!.push(i);
  return children;
}

export interface Parse {
  /** 0-based head of each word, -1 for the root. */
  heads: number[];
  relations: string[];
}

export class Parser {
  private readonly scores = new Float64Array(MOVES);
  private readonly labelScores: Float64Array;

  constructor(
    readonly arcs: Perceptron,
    readonly labels: Perceptron,
    readonly relations: string[],
  ) {
    this.labelScores = new Float64Array(relations.length);
  }

  static fromJSON(json: ParserJson): Parser {
    return new Parser(Perceptron.fromJSON(json.arcs), Perceptron.fromJSON(json.labels), json.relations);
  }

  toJSON(): ParserJson {
    return { arcs: this.arcs.toJSON(), labels: this.labels.toJSON(), relations: this.relations };
  }

  parse(s: ParserInput): Parse {
    const n = s.words.length;
    const st = new State(n);
    while (!st.done) {
      this.scores.fill(0);
      this.arcs.score(arcFeatures(st, s), this.scores);
      st.apply(argmax(this.scores, st.valid()));
    }
    const heads = Array.from(st.heads, (h) => (h === n ? -1 : h));
    return { heads, relations: this.label(s, heads) };
  }

  label(s: ParserInput, heads: readonly number[]): string[] {
    const children = childrenOf(heads, heads.length);
    return heads.map((_, d) => {
      this.labelScores.fill(0);
      this.labels.score(labelFeatures(s, heads, children, d), this.labelScores);
      return this.relations[argmax(this.labelScores)]!;
    });
  }
}

/** Trains the parser and the labeller on gold trees (with predicted tags); deterministic given the seed. */
export function trainParser(
  sentences: readonly ParserGold[],
  { iterations = 8, seed = 1, explore = 0.9, minLabelCount = 2, log = (_: string) => {} } = {},
): Parser {
  const relCount = new Map<string, number>();
  for (const s of sentences) for (const r of s.relations) relCount.set(r, (relCount.get(r) ?? 0) + 1);
  const relations = [...relCount.keys()].sort();
  const relIndex = new Map(relations.map((r, i) => [r, i]));
  const arcs = new Perceptron(MOVES);
  const labels = new Perceptron(relations.length);
  // The labeller's vocabulary is fixed from the gold trees (rare features dropped); the arc model grows.
  const counts = new Map<string, number>();
  for (const s of sentences) {
    const children = childrenOf(s.heads, s.heads.length);
    for (let d = 0; d < s.words.length; d++)
      for (const f of labelFeatures(s, s.heads, children, d)) counts.set(f, (counts.get(f) ?? 0) + 1);
  }
  for (const [f, c] of counts) if (c >= minLabelCount) labels.add(f);
  labels.growable = false;
  counts.clear();

  const random = rng(seed);
  const order = [...sentences];
  const scores = new Float64Array(MOVES);
  const labelScores = new Float64Array(relations.length);
  for (let it = 0; it < iterations; it++) {
    let right = 0;
    let total = 0;
    for (const s of shuffle(order, random)) {
      const st = new State(s.words.length);
      while (!st.done) {
        const valid = st.valid();
        const costs = valid.map((m) => st.cost(m, s.heads));
        const least = Math.min(...costs);
        const gold = valid.filter((_, k) => costs[k] === least);
        const f = arcFeatures(st, s);
        scores.fill(0);
        arcs.score(f, scores);
        const guess = argmax(scores, valid);
        const best = argmax(scores, gold);
        arcs.update(best, guess, f);
        // Explore: follow our own guess (if it is not hopeless) once the model has seen the data.
        st.apply(it > 0 && random() < explore ? guess : best);
      }
      const children = childrenOf(s.heads, s.heads.length);
      for (let d = 0; d < s.words.length; d++) {
        const lf = labelFeatures(s, s.heads, children, d);
        labelScores.fill(0);
        labels.score(lf, labelScores);
        labels.update(relIndex.get(s.relations[d]!)!, argmax(labelScores), lf);
        const h = st.heads[d] === s.words.length ? -1 : st.heads[d];
        right += h === s.heads[d] ? 1 : 0;
        total++;
      }
    }
    log(`parser iteration ${it + 1}: train UAS ${(right / total).toFixed(4)}, ${arcs.rows} arc features`);
  }
  arcs.average();
  labels.average();
  return new Parser(arcs, labels, relations);
}

export { normalize, UPOS };
