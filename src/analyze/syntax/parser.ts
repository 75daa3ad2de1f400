/**
 * Dependency parser: greedy arc-hybrid transitions (Kuhlmann et al. 2011) scored by an averaged
 * perceptron, trained with the dynamic oracle of Goldberg & Nivre (2013) (the parser learns from its own
 * mistakes: after each move the cheapest moves from the state it actually reached are the gold ones);
 * crossing training trees are lifted to projective ones first, since the oracle's costs need them.
 * Feature templates follow Zhang & Nivre (2011) as far as arc-hybrid allows: words and tags of three
 * stack and three buffer items, the outermost two children on each side, valencies and distances, and
 * their combinations; every feature is a hashed integer (hash.ts). The root sits after the last word and
 * takes exactly one dependent. Relations come afterwards from a second perceptron that labels each arc
 * with features of the finished tree (the dependent's children, the head's other children, the
 * grandparent), which a transition-time labeller could not see.
 */
import type { Clusters } from './clusters.js';
import { f1, f2, f3, f4, hashString } from './hash.js';
import { argmax, Features, Perceptron, rng, shuffle, type PerceptronJson } from './perceptron.js';
import { normalize, UPOS } from './tagger.js';

const SHIFT = 0;
const RIGHT = 1;
const LEFT = 2;
const MOVES = 3;

/** Tag atoms beyond the UPOS indices. */
const ROOT_TAG = UPOS.length;
const NO_TAG = UPOS.length + 1;
const TAG_INDEX = new Map<string, number>(UPOS.map((t, i) => [t, i]));
const PUNCT = TAG_INDEX.get('PUNCT')!;
const VERB = TAG_INDEX.get('VERB')!;
/** Tags whose word (not only its tag) says which relation a head takes ("by" → obl:agent). */
const NOMINAL = new Set(['NOUN', 'PROPN', 'PRON'].map((t) => TAG_INDEX.get(t)!));
const FUNCTION = new Set(
  ['ADP', 'SCONJ', 'AUX', 'PART', 'DET', 'PRON', 'CCONJ', 'PUNCT'].map((t) => TAG_INDEX.get(t)!),
);

/** A parser as written; `P` is how its perceptrons are stored (JSON, binary sections, or loaded). */
export interface ParserJson<P = PerceptronJson> {
  arcs: P;
  labels: P;
  relations: string[];
}

/** What the parser reads of a sentence: normalized words, UPOS tag names and, where a fine tagger ran, fine tags. */
export interface ParserInput {
  words: readonly string[];
  tags: readonly string[];
  xtags?: readonly string[];
}

export interface ParserGold extends ParserInput {
  heads: readonly number[];
  relations: readonly string[];
}

/**
 * A sentence as integer atoms, with two extra positions: n is the root, n + 1 stands for "nothing"
 * (an empty stack slot, a missing child), so feature code never branches on absence.
 */
interface Atoms {
  n: number;
  words: Int32Array;
  /** UPOS index of each position. */
  tags: Uint8Array;
  /** What features see as the tag: UPOS and fine tag together (UPOS alone without a fine tagger). */
  fine: Int32Array;
  /** Punctuation marks and verbs before each position (prefix counts), for what lies between two words. */
  puncts: Int32Array;
  verbs: Int32Array;
  /** Fine and coarse word clusters (0: none; the root and "nothing" have their own). */
  cf: Int32Array;
  cc: Int32Array;
}

/** Hashes of "UPOS fine-tag" pairs (from the taggers' tag sets: a few hundred at most), kept rather than rebuilt per word. */
const fineAtoms = new Map<string, Map<string, number>>();

function fineAtom(upos: string, xpos: string): number {
  let byFine = fineAtoms.get(upos);
  if (!byFine) fineAtoms.set(upos, (byFine = new Map()));
  let atom = byFine.get(xpos);
  if (atom === undefined) byFine.set(xpos, (atom = hashString(`${upos} ${xpos}`)));
  return atom;
}

function atomsOf(s: ParserInput, clusters?: Clusters): Atoms {
  const n = s.words.length;
  const cf = new Int32Array(n + 2);
  const cc = new Int32Array(n + 2);
  if (clusters)
    for (let i = 0; i < n; i++) {
      cf[i] = clusters.fine(s.words[i]!);
      cc[i] = clusters.coarse(s.words[i]!);
    }
  cf[n] = cc[n] = 5000;
  cf[n + 1] = cc[n + 1] = 5001;
  const words = new Int32Array(n + 2);
  const tags = new Uint8Array(n + 2);
  const fine = new Int32Array(n + 2);
  for (let i = 0; i < n; i++) {
    words[i] = hashString(s.words[i]!);
    tags[i] = TAG_INDEX.get(s.tags[i]!) ?? NO_TAG;
    fine[i] = s.xtags ? fineAtom(s.tags[i]!, s.xtags[i]!) : tags[i]!;
  }
  words[n] = 1;
  tags[n] = ROOT_TAG;
  fine[n] = ROOT_TAG;
  words[n + 1] = 2;
  tags[n + 1] = NO_TAG;
  fine[n + 1] = NO_TAG;
  const puncts = new Int32Array(n + 2);
  const verbs = new Int32Array(n + 2);
  for (let i = 0; i <= n; i++) {
    puncts[i + 1] = puncts[i]! + (tags[i] === PUNCT ? 1 : 0);
    verbs[i + 1] = verbs[i]! + (tags[i] === VERB ? 1 : 0);
  }
  return { n, words, tags, fine, puncts, verbs, cf, cc };
}

class State {
  readonly heads: Int32Array;
  readonly stack: Int32Array;
  depth = 0;
  b = 0;
  /** Leftmost, second leftmost, rightmost and second rightmost child of each position (n + 1 = none). */
  readonly l1: Int32Array;
  readonly l2: Int32Array;
  readonly r1: Int32Array;
  readonly r2: Int32Array;
  readonly nl: Uint8Array;
  readonly nr: Uint8Array;

  constructor(readonly n: number) {
    const none = n + 1;
    this.heads = new Int32Array(n).fill(-1);
    this.stack = new Int32Array(n + 1);
    this.l1 = new Int32Array(n + 2).fill(none);
    this.l2 = new Int32Array(n + 2).fill(none);
    this.r1 = new Int32Array(n + 2).fill(none);
    this.r2 = new Int32Array(n + 2).fill(none);
    this.nl = new Uint8Array(n + 2);
    this.nr = new Uint8Array(n + 2);
  }

  get done(): boolean {
    return this.b === this.n && this.depth === 0;
  }

  canShift(): boolean {
    return this.b < this.n;
  }
  canRight(): boolean {
    return this.depth >= 2;
  }
  /** Only the last word standing may attach to the root: one root per sentence. */
  canLeft(): boolean {
    return this.depth >= 1 && (this.b < this.n || this.depth === 1);
  }

  valid(): number[] {
    const out: number[] = [];
    if (this.canShift()) out.push(SHIFT);
    if (this.canRight()) out.push(RIGHT);
    if (this.canLeft()) out.push(LEFT);
    return out;
  }

  apply(move: number): void {
    if (move === SHIFT) {
      this.stack[this.depth++] = this.b++;
      return;
    }
    const dep = this.stack[--this.depth]!;
    const head = move === RIGHT ? this.stack[this.depth - 1]! : this.b;
    this.heads[dep] = head;
    // Arc-hybrid adds left children from the nearest outwards and right children left to right, so
    // each new child is the outermost on its side.
    if (dep < head) {
      this.l2[head] = this.l1[head]!;
      this.l1[head] = dep;
      if (this.nl[head]! < 255) this.nl[head]!++;
    } else {
      this.r2[head] = this.r1[head]!;
      this.r1[head] = dep;
      if (this.nr[head]! < 255) this.nr[head]!++;
    }
  }

  /** Gold arcs each valid move makes unreachable (Goldberg & Nivre 2013, arc-hybrid). */
  cost(move: number, gold: readonly number[]): number {
    const n = this.n;
    const depth = this.depth;
    const stack = this.stack;
    const goldHead = (i: number): number => (gold[i]! < 0 ? n : gold[i]!);
    let cost = 0;
    if (move === SHIFT) {
      const b = this.b;
      const gb = goldHead(b);
      for (let k = 0; k < depth; k++) {
        const s = stack[k]!;
        if (goldHead(s) === b) cost++;
        if (k < depth - 1 && gb === s) cost++;
      }
      return cost;
    }
    const s0 = stack[depth - 1]!;
    const h = goldHead(s0);
    for (let i = this.b; i < n; i++) if (goldHead(i) === s0) cost++;
    if (move === LEFT) {
      if (depth >= 2 && h === stack[depth - 2]) cost++;
      if (h > this.b) cost++;
    } else if (h >= this.b) cost++;
    return cost;
  }
}

function bucket(a: number, b: number): number {
  const d = Math.abs(a - b);
  return d < 5 ? d : d < 10 ? 5 : 6;
}

/** Feature templates of the transition model (numbers only name them inside the hash). */
const enum A {
  Bias, S0w, S0p, S0wp, S1w, S1p, S1wp, S2w, S2p, B0w, B0p, B0wp, B1w, B1p, B1wp, B2w, B2p,
  S0wpB0wp, S0wpB0w, S0wB0wp, S0wpB0p, S0pB0wp, S0wB0w, S0pB0p, B0pB1p,
  S1wpS0wp, S1wS0w, S1pS0p, S1wpS0p, S1pS0wp, S1pB0p, S1wB0w,
  B0pB1pB2p, S0pB0pB1p, S1pS0pB0p, S2pS1pS0p, S0pS0LpB0p, S0pS0RpB0p, S0pB0pB0Lp, S1pS1RpS0p, S1pS1LpS0p,
  S1pS0pS0Lp, S1pS0pS0Rp, S0wB0pB1p, S0pB0wB1p, S0pB0pB1w,
  S0wD, S0pD, B0wD, B0pD, S0wB0wD, S0pB0pD, S1pS0pD1, S1wS0wD1, S1wS0pD1, S1pS0wD1,
  S0wVl, S0pVl, S0wVr, S0pVr, S1wVr, S1pVr, S1pVl, B0wVl, B0pVl,
  S0Lw, S0Lp, S0Rw, S0Rp, S1Lw, S1Lp, S1Rw, S1Rp, B0Lw, B0Lp, S0L2p, S0R2p, B0L2p, S1R2p,
  S0pS0LpS0L2p, S0pS0RpS0R2p, B0pB0LpB0L2p, S1pS1RpS1R2p,
  S0pPrevNext, B0pPrev, S0wS0Lw, S0wS0Rw, B0wB0Lw, S1wS1Rw,
  PunctBetween, VerbBetween, PunctBetween1, VerbBetween1,
  S0c, S1c, B0c, B1c, S0cB0c, S0cB0p, S0pB0c, S1cS0c, S1pS0c, S1cS0p, S0cB0cD, S1ccS0ccB0cc,
  S0ccB0ccB1cc, S0cB0wp, S0wpB0c,
} // prettier-ignore

function arcFeatures(st: State, a: Atoms, out: Features): void {
  const { n, words: W, fine: P } = a;
  const none = n + 1;
  const d = st.depth;
  const s0 = d > 0 ? st.stack[d - 1]! : none;
  const s1 = d > 1 ? st.stack[d - 2]! : none;
  const s2 = d > 2 ? st.stack[d - 3]! : none;
  const b0 = st.b;
  const b1 = b0 + 1 < n ? b0 + 1 : none;
  const b2 = b0 + 2 < n ? b0 + 2 : none;
  const [s0w, s0p, s1w, s1p, s2p, b0w, b0p, b1w, b1p, b2p] = [W[s0]!, P[s0]!, W[s1]!, P[s1]!, P[s2]!, W[b0]!, P[b0]!, W[b1]!, P[b1]!, P[b2]!]; // prettier-ignore
  const s0L = st.l1[s0]!;
  const s0R = st.r1[s0]!;
  const s1L = st.l1[s1]!;
  const s1R = st.r1[s1]!;
  const b0L = st.l1[b0]!;
  const s0Lp = P[s0L]!;
  const s0Rp = P[s0R]!;
  const s1Lp = P[s1L]!;
  const s1Rp = P[s1R]!;
  const b0Lp = P[b0L]!;
  const s0L2p = P[st.l2[s0]!]!;
  const s0R2p = P[st.r2[s0]!]!;
  const b0L2p = P[st.l2[b0]!]!;
  const s1R2p = P[st.r2[s1]!]!;
  const dist = d > 0 ? bucket(s0, b0) : 7;
  const dist1 = d > 1 ? bucket(s1, s0) : 7;
  const vl0 = st.nl[s0]!;
  const vr0 = st.nr[s0]!;
  const prevTag = s0 < n && s0 > 0 ? P[s0 - 1]! : NO_TAG;
  const nextTag = s0 + 1 < n ? P[s0 + 1]! : NO_TAG;
  const b0prev = b0 > 0 && b0 < n ? P[b0 - 1]! : NO_TAG;
  out.n = 0;
  out.push(f1(A.Bias, 0));
  out.push(f1(A.S0w, s0w));
  out.push(f1(A.S0p, s0p));
  out.push(f2(A.S0wp, s0w, s0p));
  out.push(f1(A.S1w, s1w));
  out.push(f1(A.S1p, s1p));
  out.push(f2(A.S1wp, s1w, s1p));
  out.push(f1(A.S2w, W[s2]!));
  out.push(f1(A.S2p, s2p));
  out.push(f1(A.B0w, b0w));
  out.push(f1(A.B0p, b0p));
  out.push(f2(A.B0wp, b0w, b0p));
  out.push(f1(A.B1w, b1w));
  out.push(f1(A.B1p, b1p));
  out.push(f2(A.B1wp, b1w, b1p));
  out.push(f1(A.B2w, W[b2]!));
  out.push(f1(A.B2p, b2p));
  out.push(f4(A.S0wpB0wp, s0w, s0p, b0w, b0p));
  out.push(f3(A.S0wpB0w, s0w, s0p, b0w));
  out.push(f3(A.S0wB0wp, s0w, b0w, b0p));
  out.push(f3(A.S0wpB0p, s0w, s0p, b0p));
  out.push(f3(A.S0pB0wp, s0p, b0w, b0p));
  out.push(f2(A.S0wB0w, s0w, b0w));
  out.push(f2(A.S0pB0p, s0p, b0p));
  out.push(f2(A.B0pB1p, b0p, b1p));
  out.push(f4(A.S1wpS0wp, s1w, s1p, s0w, s0p));
  out.push(f2(A.S1wS0w, s1w, s0w));
  out.push(f2(A.S1pS0p, s1p, s0p));
  out.push(f3(A.S1wpS0p, s1w, s1p, s0p));
  out.push(f3(A.S1pS0wp, s1p, s0w, s0p));
  out.push(f2(A.S1pB0p, s1p, b0p));
  out.push(f2(A.S1wB0w, s1w, b0w));
  out.push(f3(A.B0pB1pB2p, b0p, b1p, b2p));
  out.push(f3(A.S0pB0pB1p, s0p, b0p, b1p));
  out.push(f3(A.S1pS0pB0p, s1p, s0p, b0p));
  out.push(f3(A.S2pS1pS0p, s2p, s1p, s0p));
  out.push(f3(A.S0pS0LpB0p, s0p, s0Lp, b0p));
  out.push(f3(A.S0pS0RpB0p, s0p, s0Rp, b0p));
  out.push(f3(A.S0pB0pB0Lp, s0p, b0p, b0Lp));
  out.push(f3(A.S1pS1RpS0p, s1p, s1Rp, s0p));
  out.push(f3(A.S1pS1LpS0p, s1p, s1Lp, s0p));
  out.push(f3(A.S1pS0pS0Lp, s1p, s0p, s0Lp));
  out.push(f3(A.S1pS0pS0Rp, s1p, s0p, s0Rp));
  out.push(f3(A.S0wB0pB1p, s0w, b0p, b1p));
  out.push(f3(A.S0pB0wB1p, s0p, b0w, b1p));
  out.push(f3(A.S0pB0pB1w, s0p, b0p, b1w));
  out.push(f2(A.S0wD, s0w, dist));
  out.push(f2(A.S0pD, s0p, dist));
  out.push(f2(A.B0wD, b0w, dist));
  out.push(f2(A.B0pD, b0p, dist));
  out.push(f3(A.S0wB0wD, s0w, b0w, dist));
  out.push(f3(A.S0pB0pD, s0p, b0p, dist));
  out.push(f3(A.S1pS0pD1, s1p, s0p, dist1));
  out.push(f3(A.S1wS0wD1, s1w, s0w, dist1));
  out.push(f3(A.S1wS0pD1, s1w, s0p, dist1));
  out.push(f3(A.S1pS0wD1, s1p, s0w, dist1));
  out.push(f2(A.S0wVl, s0w, vl0));
  out.push(f2(A.S0pVl, s0p, vl0));
  out.push(f2(A.S0wVr, s0w, vr0));
  out.push(f2(A.S0pVr, s0p, vr0));
  out.push(f2(A.S1wVr, s1w, st.nr[s1]!));
  out.push(f2(A.S1pVr, s1p, st.nr[s1]!));
  out.push(f2(A.S1pVl, s1p, st.nl[s1]!));
  out.push(f2(A.B0wVl, b0w, st.nl[b0]!));
  out.push(f2(A.B0pVl, b0p, st.nl[b0]!));
  out.push(f1(A.S0Lw, W[s0L]!));
  out.push(f1(A.S0Lp, s0Lp));
  out.push(f1(A.S0Rw, W[s0R]!));
  out.push(f1(A.S0Rp, s0Rp));
  out.push(f1(A.S1Lw, W[s1L]!));
  out.push(f1(A.S1Lp, s1Lp));
  out.push(f1(A.S1Rw, W[s1R]!));
  out.push(f1(A.S1Rp, s1Rp));
  out.push(f1(A.B0Lw, W[b0L]!));
  out.push(f1(A.B0Lp, b0Lp));
  out.push(f1(A.S0L2p, s0L2p));
  out.push(f1(A.S0R2p, s0R2p));
  out.push(f1(A.B0L2p, b0L2p));
  out.push(f1(A.S1R2p, s1R2p));
  out.push(f3(A.S0pS0LpS0L2p, s0p, s0Lp, s0L2p));
  out.push(f3(A.S0pS0RpS0R2p, s0p, s0Rp, s0R2p));
  out.push(f3(A.B0pB0LpB0L2p, b0p, b0Lp, b0L2p));
  out.push(f3(A.S1pS1RpS1R2p, s1p, s1Rp, s1R2p));
  out.push(f3(A.S0pPrevNext, prevTag, s0p, nextTag));
  out.push(f2(A.B0pPrev, b0prev, b0p));
  out.push(f2(A.S0wS0Lw, s0w, W[s0L]!));
  out.push(f2(A.S0wS0Rw, s0w, W[s0R]!));
  out.push(f2(A.B0wB0Lw, b0w, W[b0L]!));
  out.push(f2(A.S1wS1Rw, s1w, W[s1R]!));
  // What lies between s0 and b0 (and between s1 and s0): a comma or a verb in between makes an arc less likely.
  const pb = d > 0 ? Math.min(a.puncts[b0]! - a.puncts[s0 + 1]!, 3) : 4;
  const vb = d > 0 ? Math.min(a.verbs[b0]! - a.verbs[s0 + 1]!, 2) : 3;
  const pb1 = d > 1 ? Math.min(a.puncts[s0]! - a.puncts[s1 + 1]!, 3) : 4;
  const vb1 = d > 1 ? Math.min(a.verbs[s0]! - a.verbs[s1 + 1]!, 2) : 3;
  out.push(f3(A.PunctBetween, s0p, b0p, pb));
  out.push(f3(A.VerbBetween, s0p, b0p, vb));
  out.push(f3(A.PunctBetween1, s1p, s0p, pb1));
  out.push(f3(A.VerbBetween1, s1p, s0p, vb1));
  // Word clusters: what a rare word's classmates taught.
  const { cf: C, cc: CC } = a;
  const s0c = C[s0]!;
  const s1c = C[s1]!;
  const b0c = C[b0]!;
  out.push(f1(A.S0c, s0c));
  out.push(f1(A.S1c, s1c));
  out.push(f1(A.B0c, b0c));
  out.push(f1(A.B1c, C[b1]!));
  out.push(f2(A.S0cB0c, s0c, b0c));
  out.push(f2(A.S0cB0p, s0c, b0p));
  out.push(f2(A.S0pB0c, s0p, b0c));
  out.push(f2(A.S1cS0c, s1c, s0c));
  out.push(f2(A.S1pS0c, s1p, s0c));
  out.push(f2(A.S1cS0p, s1c, s0p));
  out.push(f3(A.S0cB0cD, s0c, b0c, dist));
  out.push(f3(A.S1ccS0ccB0cc, CC[s1]!, CC[s0]!, CC[b0]!));
  out.push(f3(A.S0ccB0ccB1cc, CC[s0]!, CC[b0]!, CC[b1]!));
  out.push(f3(A.S0cB0wp, s0c, b0w, b0p));
  out.push(f3(A.S0wpB0c, s0w, s0p, b0c));
}

/** Feature templates of the labeller. */
const enum L {
  Bias, Dw, Dp, Hw, Hp, DirDist, DpHpDir, DwHpDir, DpHwDir, DwHw, DpHpDirDist, GpHpDp, GwHpDp, DsufDp,
  DprevDp, DpDnext, DpNchildren, ChildFunction, ChildTag, SiblingFunction, SiblingTag, DpHpLeftmost,
  HprevDp, DpFirst, HeadLabelDp, HeadLabelHpDp, SiblingFunctionDp, NominalsBetween,
  EarlierSibling, PrevSibling, DcHpDir, DpHcDir, DcHcDir, PunctBetween, ChildFunctionHead, DcHwDir,
} // prettier-ignore

function labelFeatures(
  a: Atoms,
  suffixes: Int32Array,
  heads: ArrayLike<number>,
  children: number[][],
  d: number,
  headLabel: number,
  labels: ArrayLike<number>,
  out: Features,
): void {
  const { n, words: W, fine: P, tags: U } = a;
  const none = n + 1;
  const hr = heads[d]!;
  const h = hr < 0 ? n : hr;
  const dw = W[d]!;
  const dp = P[d]!;
  const hw = W[h]!;
  const hp = P[h]!;
  const dir = hr < 0 ? 2 : d < h ? 0 : 1;
  const dist = hr < 0 ? 7 : bucket(d, h);
  const g = hr < 0 ? none : heads[h]! < 0 ? n : heads[h]!;
  const prev = d > 0 ? P[d - 1]! : NO_TAG;
  const next = d + 1 < n ? P[d + 1]! : NO_TAG;
  out.n = 0;
  out.push(f1(L.Bias, 0));
  out.push(f1(L.Dw, dw));
  out.push(f1(L.Dp, dp));
  out.push(f1(L.Hw, hw));
  out.push(f1(L.Hp, hp));
  out.push(f2(L.DirDist, dir, dist));
  out.push(f3(L.DpHpDir, dp, hp, dir));
  out.push(f3(L.DwHpDir, dw, hp, dir));
  out.push(f3(L.DpHwDir, dp, hw, dir));
  out.push(f2(L.DwHw, dw, hw));
  out.push(f4(L.DpHpDirDist, dp, hp, dir, dist));
  out.push(f3(L.GpHpDp, P[g]!, hp, dp));
  out.push(f3(L.GwHpDp, W[g]!, hp, dp));
  out.push(f2(L.DsufDp, suffixes[d]!, dp));
  out.push(f2(L.DprevDp, prev, dp));
  out.push(f2(L.DpDnext, dp, next));
  out.push(f2(L.DpNchildren, dp, Math.min(children[d]!.length, 4)));
  out.push(f2(L.DpFirst, dp, d === 0 ? 1 : 0));
  out.push(f3(L.HprevDp, h > 0 && h < n ? P[h - 1]! : NO_TAG, hp, dp));
  const kids = children[d]!;
  out.push(f3(L.DpHpLeftmost, dp, hp, kids.length ? P[kids[0]!]! : NO_TAG));
  for (const c of kids) {
    const cp = P[c]!;
    if (FUNCTION.has(U[c]!)) {
      out.push(f3(L.ChildFunction, cp, W[c]!, dp));
      // "by" under a noun of a passive verb (obl:agent), "to" under a verb's noun (obl) or a noun's (nmod).
      out.push(f4(L.ChildFunctionHead, W[c]!, dp, hp, dir));
    } else out.push(f3(L.ChildTag, cp, c < d ? 0 : 1, dp));
  }
  // A comma between a word and its head: apposition, parataxis, a conjunct rather than an object.
  const lo = Math.min(d, h);
  const commas = hr < 0 ? 3 : Math.min(a.puncts[Math.max(d, h)]! - a.puncts[lo + 1]!, 2);
  out.push(f4(L.PunctBetween, dp, hp, dir, commas));
  // The head's own relation, labelled before it (top down): a conjunct's or a clause's dependents differ.
  out.push(f3(L.HeadLabelDp, headLabel, dp, dir));
  out.push(f4(L.HeadLabelHpDp, headLabel, hp, dp, dir));
  let nominals = 0;
  for (const c of children[h]!) {
    if (c === d) continue;
    const cp = P[c]!;
    const u = U[c]!;
    if (FUNCTION.has(u)) {
      out.push(f3(L.SiblingFunction, cp, W[c]!, dir));
      out.push(f4(L.SiblingFunctionDp, cp, W[c]!, dp, dir));
    } else out.push(f4(L.SiblingTag, cp, c < d ? 0 : 1, dp, hp));
    if ((c - d) * (c - h) < 0 && NOMINAL.has(u)) nominals++;
  }
  // A nominal between the word and its head: the second object, the object after a subject.
  out.push(f4(L.NominalsBetween, dp, hp, dir, Math.min(nominals, 2)));
  // Relations of the siblings labelled before it (to its left: a subject taken makes this an object).
  let prevSibling = -1;
  for (const c of children[h]!) {
    if (c >= d) break;
    prevSibling = labels[c]!;
    out.push(f3(L.EarlierSibling, prevSibling, dp, dir));
  }
  out.push(f4(L.PrevSibling, prevSibling, dp, hp, dir));
  out.push(f3(L.DcHpDir, a.cf[d]!, hp, dir));
  out.push(f3(L.DpHcDir, dp, a.cf[h]!, dir));
  out.push(f3(L.DcHcDir, a.cc[d]!, a.cc[h]!, dir));
  out.push(f3(L.DcHwDir, a.cf[d]!, hw, dir));
}

/** Children of a position in top-down order (each word after its head), from the root's. */
function topDown(children: number[][], n: number): number[] {
  const order: number[] = [];
  const queue = [n];
  for (let k = 0; k < queue.length; k++) {
    for (const c of children[queue[k]!]!) {
      order.push(c);
      queue.push(c);
    }
  }
  return order;
}

/** Whether no two arcs cross (the root's arc runs from its word to the end, where the root sits). */
export function isProjective(heads: readonly number[]): boolean {
  const n = heads.length;
  const arcs = heads.map((h, d) => {
    const head = h < 0 ? n : h;
    return [Math.min(d, head), Math.max(d, head)] as const;
  });
  for (const [a, b] of arcs) for (const [c, d] of arcs) if (a < c && c < b && b < d) return false;
  return true;
}

/**
 * The tree with its crossing arcs lifted (Nivre & Nilsson 2005, without their label encoding): the
 * shortest arc that spans a word its head does not dominate moves up to its head's head, until none
 * does. The parser learns the lifted arcs from the oracle instead of skipping the sentence; null when a
 * lift would give the root a second dependent.
 */
export function projectivize(heads: readonly number[]): number[] | null {
  const h = [...heads];
  const n = h.length;
  const dominates = (a: number, k: number): boolean => {
    for (let x = k, steps = 0; x >= 0 && steps <= n; x = h[x]!, steps++) if (x === a) return true;
    return false;
  };
  for (;;) {
    let worst = -1;
    let span = Infinity;
    for (let d = 0; d < n; d++) {
      const head = h[d]!;
      if (head < 0) continue;
      const lo = Math.min(d, head);
      const hi = Math.max(d, head);
      if (hi - lo >= span) continue;
      for (let k = lo + 1; k < hi; k++)
        if (!dominates(head, k)) {
          worst = d;
          span = hi - lo;
          break;
        }
    }
    if (worst < 0) return h;
    const up = h[h[worst]!]!;
    if (up < 0) return null;
    h[worst] = up;
  }
}

function childrenOf(heads: ArrayLike<number>, n: number): number[][] {
  const children: number[][] = Array.from({ length: n + 2 }, () => []);
  for (let i = 0; i < n; i++) children[heads[i]! < 0 ? n : heads[i]!]!.push(i);
  return children;
}

function suffixesOf(s: ParserInput): Int32Array {
  return Int32Array.from(s.words, (w) => hashString(w.slice(-3)));
}

export interface Parse {
  /** 0-based head of each word, -1 for the root. */
  heads: number[];
  relations: string[];
}

/** Training sizes: the most useful rows each model keeps when written (see Perceptron.toJSON). */
export interface ParserSizes {
  arcRows?: number;
  labelRows?: number;
}

export class Parser {
  private readonly scores = new Float64Array(MOVES);
  private readonly labelScores: Float64Array;
  private readonly buffer = new Features(512);

  constructor(
    readonly arcs: Perceptron,
    readonly labels: Perceptron,
    readonly relations: string[],
    readonly clusters?: Clusters,
  ) {
    this.labelScores = new Float64Array(relations.length);
  }

  static fromJSON(json: ParserJson<Perceptron>, clusters?: Clusters): Parser {
    return new Parser(json.arcs, json.labels, json.relations, clusters);
  }

  toJSON(sizes: ParserSizes = {}): ParserJson {
    return {
      arcs: this.arcs.toJSON({ maxRows: sizes.arcRows }),
      labels: this.labels.toJSON({ maxRows: sizes.labelRows }),
      relations: this.relations,
    };
  }

  parse(s: ParserInput): Parse {
    const a = atomsOf(s, this.clusters);
    const n = a.n;
    const st = new State(n);
    const scores = this.scores;
    while (!st.done) {
      arcFeatures(st, a, this.buffer);
      scores.fill(0);
      this.arcs.score(this.buffer.keys, this.buffer.n, scores);
      let best = -1;
      if (st.canShift()) best = SHIFT;
      if (st.canRight() && (best < 0 || scores[RIGHT]! > scores[best]!)) best = RIGHT;
      if (st.canLeft() && (best < 0 || scores[LEFT]! > scores[best]!)) best = LEFT;
      st.apply(best);
    }
    const heads = Array.from(st.heads, (h) => (h === n ? -1 : h));
    return { heads, relations: this.label(s, heads, a) };
  }

  label(s: ParserInput, heads: readonly number[], a: Atoms = atomsOf(s, this.clusters)): string[] {
    const children = childrenOf(heads, a.n);
    const suffixes = suffixesOf(s);
    const root = this.relations.length;
    const chosen = new Int32Array(heads.length).fill(root);
    for (const d of topDown(children, a.n)) {
      const headLabel = heads[d]! < 0 ? root : chosen[heads[d]!]!;
      labelFeatures(a, suffixes, heads, children, d, headLabel, chosen, this.buffer);
      this.labelScores.fill(0);
      this.labels.score(this.buffer.keys, this.buffer.n, this.labelScores);
      chosen[d] = argmax(this.labelScores);
    }
    return Array.from(chosen, (r) => this.relations[r] ?? 'dep');
  }
}

/** Trains the parser and the labeller on gold trees (with predicted tags); deterministic given the seed. */
export function trainParser(
  sentences: readonly ParserGold[],
  {
    iterations = 8,
    seed = 1,
    explore = 0.9,
    clusters,
    lift = true,
    ownLabels = true,
    onIteration,
    log = (_: string) => {},
  }: {
    iterations?: number;
    seed?: number;
    explore?: number;
    clusters?: Clusters;
    /** Train the transitions on lifted (projectivized) trees of crossing sentences too. */
    lift?: boolean;
    /** The labeller learns from the relations it gave the head and earlier siblings, as when it parses. */
    ownLabels?: boolean;
    /** Called after each iteration with the parser its averages so far make (to score a held-out set). */
    onIteration?: (iteration: number, parser: Parser) => void;
    log?: (line: string) => void;
  } = {},
): Parser {
  const relCount = new Map<string, number>();
  for (const s of sentences) for (const r of s.relations) relCount.set(r, (relCount.get(r) ?? 0) + 1);
  const relations = [...relCount.keys()].sort();
  const relIndex = new Map(relations.map((r, i) => [r, i]));
  const arcs = new Perceptron(MOVES, 1 << 20);
  const labels = new Perceptron(relations.length, 1 << 16);
  const random = rng(seed);
  const order = sentences.map((s) => ({
    s,
    a: atomsOf(s, clusters),
    suffixes: suffixesOf(s),
    oracleHeads: isProjective(s.heads) ? s.heads : lift ? projectivize(s.heads) : null,
    labels: Int32Array.from(s.relations, (r) => relIndex.get(r)!),
  }));
  const scores = new Float64Array(MOVES);
  const labelScores = new Float64Array(relations.length);
  const buffer = new Features(512);
  const gold: number[] = [];
  const valid: number[] = [];
  for (let it = 0; it < iterations; it++) {
    let right = 0;
    let total = 0;
    let labelRight = 0;
    for (const { s, a, suffixes, oracleHeads, labels: goldLabels } of shuffle(order, random)) {
      const st = new State(a.n);
      // The oracle's costs hold for projective trees only; a crossing tree would teach wrong moves.
      while (oracleHeads && !st.done) {
        valid.length = 0;
        gold.length = 0;
        let least = Infinity;
        for (const m of st.valid()) {
          const c = st.cost(m, oracleHeads);
          valid.push(m);
          if (c < least) {
            least = c;
            gold.length = 0;
          }
          if (c === least) gold.push(m);
        }
        arcFeatures(st, a, buffer);
        scores.fill(0);
        arcs.score(buffer.keys, buffer.n, scores);
        const guess = argmax(scores, valid);
        const best = argmax(scores, gold);
        arcs.update(best, guess, buffer.keys, buffer.n);
        // Explore: follow our own guess (if it is not hopeless) once the model has seen the data.
        st.apply(it > 0 && random() < explore ? guess : best);
      }
      const children = childrenOf(s.heads, a.n);
      // Top down, as the parser labels: the head's relation and the earlier siblings' are known.
      const given = ownLabels ? new Int32Array(a.n).fill(relations.length) : goldLabels;
      for (const d of topDown(children, a.n)) {
        const hd = s.heads[d]!;
        const headLabel = hd < 0 ? relations.length : given[hd]!;
        labelFeatures(a, suffixes, s.heads, children, d, headLabel, given, buffer);
        labelScores.fill(0);
        labels.score(buffer.keys, buffer.n, labelScores);
        const want = goldLabels[d]!;
        const got = argmax(labelScores);
        labels.update(want, got, buffer.keys, buffer.n);
        if (ownLabels) given[d] = got;
        labelRight += want === got ? 1 : 0;
        const h = st.heads[d] === a.n ? -1 : st.heads[d];
        right += h === s.heads[d] ? 1 : 0;
        total++;
      }
    }
    log(
      `parser iteration ${it + 1}: train UAS ${(right / total).toFixed(4)}, labels ${(labelRight / total).toFixed(4)}, ${arcs.rows} arc features, ${labels.rows} label features`,
    );
    onIteration?.(it, new Parser(arcs.averagedCopy(), labels.averagedCopy(), relations, clusters));
  }
  arcs.average();
  labels.average();
  arcs.freeze();
  labels.freeze();
  return new Parser(arcs, labels, relations, clusters);
}

export { normalize, UPOS };
