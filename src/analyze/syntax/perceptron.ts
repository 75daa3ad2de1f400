/**
 * Averaged perceptron (Collins 2002) over string features, shared by the tagger, the parser and the
 * labeller. Feature strings are interned to rows of a dense weight matrix (one column per class); during
 * training each weight keeps a running total and the step it last changed, so averaging is exact and lazy.
 */
import { seededRandom } from '../../util/random.js';

export interface PerceptronJson {
  classes: number;
  /** Feature strings, joined by "\n", one per row. */
  features: string;
  /** Weights quantized to int16 (row-major), base64. */
  weights: string;
  scale: number;
}

export class Perceptron {
  readonly index = new Map<string, number>();
  weights: Float32Array;
  /** Training only: whether unseen features get a row on update. */
  growable = true;
  private totals: Float64Array | null = null;
  private stamps: Int32Array | null = null;
  private tick = 0;

  constructor(readonly nClasses: number) {
    this.weights = new Float32Array(1024 * nClasses);
  }

  get rows(): number {
    return this.index.size;
  }

  /** Adds the weights of each known feature to `out` (length nClasses, zeroed by the caller). */
  score(features: readonly string[], out: Float64Array): void {
    const n = this.nClasses;
    const w = this.weights;
    for (const f of features) {
      const row = this.index.get(f);
      if (row === undefined) continue;
      const base = row * n;
      for (let c = 0; c < n; c++) out[c]! += w[base + c]!;
    }
  }

  /** Reserves a row for a feature (used to fix the vocabulary before training). */
  add(feature: string): number {
    let row = this.index.get(feature);
    if (row !== undefined) return row;
    row = this.index.size;
    this.index.set(feature, row);
    const need = (row + 1) * this.nClasses;
    if (need > this.weights.length) {
      const size = Math.max(need, this.weights.length * 2);
      this.weights = grow(this.weights, size);
      if (this.totals) this.totals = grow(this.totals, size);
      if (this.stamps) this.stamps = grow(this.stamps, size);
    }
    return row;
  }

  /** One training step: counts an example, and moves weight from `guess` to `truth` when they differ. */
  update(truth: number, guess: number, features: readonly string[]): void {
    this.tick++;
    if (truth === guess) return;
    if (!this.totals) {
      this.totals = new Float64Array(this.weights.length);
      this.stamps = new Int32Array(this.weights.length);
    }
    for (const f of features) {
      const row = this.growable ? this.add(f) : this.index.get(f);
      if (row === undefined) continue;
      const base = row * this.nClasses;
      this.bump(base + truth, 1);
      this.bump(base + guess, -1);
    }
  }

  private bump(i: number, delta: number): void {
    const totals = this.totals!;
    const stamps = this.stamps!;
    totals[i]! += (this.tick - stamps[i]!) * this.weights[i]!;
    stamps[i] = this.tick;
    this.weights[i]! += delta;
  }

  /** Replaces each weight by its average over all steps; ends training. */
  average(): void {
    if (!this.totals || !this.stamps) return;
    const size = this.index.size * this.nClasses;
    for (let i = 0; i < size; i++) {
      const total = this.totals[i]! + (this.tick - this.stamps[i]!) * this.weights[i]!;
      this.weights[i] = total / Math.max(1, this.tick);
    }
    this.totals = null;
    this.stamps = null;
  }

  /** Drops rows whose weights are all below `min` in magnitude and quantizes the rest to int16. */
  toJSON(min = 1e-3): PerceptronJson {
    const n = this.nClasses;
    const kept: string[] = [];
    const rows: number[] = [];
    let max = 0;
    for (const [f, row] of this.index) {
      let big = false;
      for (let c = 0; c < n; c++) {
        const v = Math.abs(this.weights[row * n + c]!);
        if (v >= min) big = true;
        if (v > max) max = v;
      }
      if (big) {
        kept.push(f);
        rows.push(row);
      }
    }
    const scale = max / 32767 || 1;
    const q = new Int16Array(rows.length * n);
    rows.forEach((row, k) => {
      for (let c = 0; c < n; c++) q[k * n + c] = Math.round(this.weights[row * n + c]! / scale);
    });
    return {
      classes: n,
      features: kept.join('\n'),
      weights: Buffer.from(q.buffer, q.byteOffset, q.byteLength).toString('base64'),
      scale,
    };
  }

  static fromJSON(json: PerceptronJson): Perceptron {
    const p = new Perceptron(json.classes);
    const features = json.features ? json.features.split('\n') : [];
    features.forEach((f, i) => p.index.set(f, i));
    const bytes = Buffer.from(json.weights, 'base64');
    const q = new Int16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 2);
    p.weights = new Float32Array(q.length);
    for (let i = 0; i < q.length; i++) p.weights[i] = q[i]! * json.scale;
    p.growable = false;
    return p;
  }
}

function grow<T extends Float32Array | Float64Array | Int32Array>(a: T, size: number): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}

/** Index of the highest score among the allowed classes (all when `allowed` is absent); ties go to the lower index. */
export function argmax(scores: Float64Array, allowed?: readonly number[]): number {
  let best = -1;
  let bestScore = -Infinity;
  if (allowed) {
    for (const c of allowed)
      if (scores[c]! > bestScore) {
        bestScore = scores[c]!;
        best = c;
      }
    return best;
  }
  for (let c = 0; c < scores.length; c++)
    if (scores[c]! > bestScore) {
      bestScore = scores[c]!;
      best = c;
    }
  return best;
}

/** Seeded random numbers, so training is deterministic given a seed. */
export const rng = seededRandom;

export function shuffle<T>(xs: T[], random: () => number): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}
