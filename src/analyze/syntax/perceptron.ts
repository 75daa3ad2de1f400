/**
 * Averaged perceptron (Collins 2002) over hashed integer features (hash.ts), shared by the tagger, the
 * parser and the labeller. A feature key finds its row of the dense weight matrix (one column per class)
 * through an open-addressing table of typed arrays, so scoring allocates nothing and compares no strings.
 * During training each weight keeps a running total and the step it last changed, so averaging is exact
 * and lazy; after averaging the weights are frozen in a Float32Array.
 */
import { seededRandom } from '../../util/random.js';

export interface PerceptronJson {
  classes: number;
  /**
   * Feature keys in ascending order, each stored as the difference to the previous one (uint32), as byte
   * planes (all lowest bytes, then all second bytes, ...), base64: small numbers' zero bytes end up side by
   * side, where gzip packs them.
   */
  keys: string;
  /** Weights quantized to int16 (row-major, rows in key order), base64; as byte planes when `planes`. */
  weights: string;
  /**
   * Byte planes pack a few-class model's weights better; a many-class model's rows, mostly zeros, pack
   * better whole (measured on the shipped model).
   */
  planes: boolean;
  scale: number;
}

export class Perceptron {
  /** Open-addressing table: slot -> feature key, slot -> row (-1 when the slot is empty). */
  private keys: Uint32Array;
  private slots: Int32Array;
  private mask: number;
  private count = 0;
  weights: Float32Array;
  private totals: Float64Array | null = null;
  private stamps: Int32Array | null = null;
  private tick = 0;

  constructor(
    readonly nClasses: number,
    capacity = 1 << 12,
  ) {
    let size = 1 << 4;
    while (size < capacity * 2) size <<= 1;
    this.keys = new Uint32Array(size);
    this.slots = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    this.weights = new Float32Array(Math.max(capacity, 16) * nClasses);
  }

  get rows(): number {
    return this.count;
  }

  /** Row of a feature key, -1 when the model has none. */
  row(key: number): number {
    const mask = this.mask;
    let i = key & mask;
    for (;;) {
      const r = this.slots[i]!;
      if (r < 0 || this.keys[i] === key) return r;
      i = (i + 1) & mask;
    }
  }

  /** Adds the weights of each known feature among the first `n` keys to `out` (zeroed by the caller). */
  score(features: Uint32Array, n: number, out: Float64Array): void {
    if (this.packed) return this.scorePacked(this.packed, features, n, out);
    const nc = this.nClasses;
    const w = this.weights;
    const keys = this.keys;
    const slots = this.slots;
    const mask = this.mask;
    for (let k = 0; k < n; k++) {
      const key = features[k]!;
      let i = key & mask;
      let r = slots[i]!;
      while (r >= 0 && keys[i] !== key) {
        i = (i + 1) & mask;
        r = slots[i]!;
      }
      if (r < 0) continue;
      const base = r * nc;
      for (let c = 0; c < nc; c++) out[c]! += w[base + c]!;
    }
  }

  /**
   * Frozen models keep key and weights side by side (slot = [key, w0, w1, ...]): one cache line per
   * feature instead of three scattered reads, which is most of the parser's time.
   */
  private packed: { table: Float32Array; keys: Uint32Array; mask: number } | null = null;

  private scorePacked(
    packed: { table: Float32Array; keys: Uint32Array; mask: number },
    features: Uint32Array,
    n: number,
    out: Float64Array,
  ): void {
    const { table, keys, mask } = packed;
    const nc = this.nClasses;
    const stride = nc + 1;
    if (nc === 3) return scorePacked3(table, keys, mask, features, n, out);
    for (let k = 0; k < n; k++) {
      const key = features[k]!;
      let i = key & mask;
      let at = keys[i * stride]!;
      while (at !== key && at !== 0) {
        i = (i + 1) & mask;
        at = keys[i * stride]!;
      }
      if (at === 0) continue;
      const base = i * stride + 1;
      for (let c = 0; c < nc; c++) out[c]! += table[base + c]!;
    }
  }

  /** Ends training for good: lays the table out packed (see scorePacked). */
  freeze(): void {
    const nc = this.nClasses;
    const stride = nc + 1;
    let size = 16;
    while (size < this.count * 2) size <<= 1;
    const table = new Float32Array(size * stride);
    const keys = new Uint32Array(table.buffer);
    const mask = size - 1;
    for (let j = 0; j < this.slots.length; j++) {
      const r = this.slots[j]!;
      if (r < 0) continue;
      const key = this.keys[j]!;
      let i = key & mask;
      while (keys[i * stride] !== 0) i = (i + 1) & mask;
      keys[i * stride] = key;
      for (let c = 0; c < nc; c++) table[i * stride + 1 + c] = this.weights[r * nc + c]!;
    }
    this.packed = { table, keys, mask };
  }

  private insert(key: number): number {
    const mask = this.mask;
    let i = key & mask;
    for (;;) {
      const r = this.slots[i]!;
      if (r >= 0 && this.keys[i] === key) return r;
      if (r < 0) break;
      i = (i + 1) & mask;
    }
    const row = this.count++;
    this.keys[i] = key;
    this.slots[i] = row;
    const need = this.count * this.nClasses;
    if (need > this.weights.length) {
      const size = Math.max(need, this.weights.length * 2);
      this.weights = grow(this.weights, size);
      if (this.totals) this.totals = grow(this.totals, size);
      if (this.stamps) this.stamps = grow(this.stamps, size);
    }
    if (this.count * 2 > this.slots.length) this.rehash();
    return row;
  }

  private rehash(): void {
    const oldKeys = this.keys;
    const oldSlots = this.slots;
    const size = oldSlots.length * 2;
    this.keys = new Uint32Array(size);
    this.slots = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    for (let j = 0; j < oldSlots.length; j++) {
      if (oldSlots[j]! < 0) continue;
      let i = oldKeys[j]! & this.mask;
      while (this.slots[i]! >= 0) i = (i + 1) & this.mask;
      this.keys[i] = oldKeys[j]!;
      this.slots[i] = oldSlots[j]!;
    }
  }

  /** One training step: counts an example, and moves weight from `guess` to `truth` when they differ. */
  update(truth: number, guess: number, features: Uint32Array, n: number): void {
    this.tick++;
    if (truth === guess) return;
    if (!this.totals) {
      this.totals = new Float64Array(this.weights.length);
      this.stamps = new Int32Array(this.weights.length);
    }
    for (let k = 0; k < n; k++) {
      const base = this.insert(features[k]!) * this.nClasses;
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

  /** A frozen copy holding the averages so far, while training goes on (to score a held-out set per iteration). */
  averagedCopy(): Perceptron {
    const copy = new Perceptron(this.nClasses, 16);
    copy.keys = this.keys.slice();
    copy.slots = this.slots.slice();
    copy.mask = this.mask;
    copy.count = this.count;
    copy.tick = this.tick;
    copy.weights = this.weights.slice(0, this.count * this.nClasses);
    if (this.totals && this.stamps) {
      copy.totals = this.totals.slice(0, this.count * this.nClasses);
      copy.stamps = this.stamps.slice(0, this.count * this.nClasses);
    }
    copy.average();
    copy.freeze();
    return copy;
  }

  /** Replaces each weight by its average over all steps; ends training. */
  average(): void {
    if (!this.totals || !this.stamps) return;
    const size = this.count * this.nClasses;
    for (let i = 0; i < size; i++) {
      const total = this.totals[i]! + (this.tick - this.stamps[i]!) * this.weights[i]!;
      this.weights[i] = total / Math.max(1, this.tick);
    }
    this.totals = null;
    this.stamps = null;
  }

  /**
   * Serializes the `maxRows` rows with the largest weights (a row's largest magnitude decides),
   * quantized to int16. Small averaged weights change few decisions, and
   * dropping them is what keeps the shipped model a few MB.
   */
  toJSON({ maxRows = Infinity } = {}): PerceptronJson {
    const n = this.nClasses;
    const rowKey = new Uint32Array(this.count);
    for (let i = 0; i < this.slots.length; i++)
      if (this.slots[i]! >= 0) rowKey[this.slots[i]!] = this.keys[i]!;
    let max = 0;
    for (let i = 0; i < this.count * n; i++) max = Math.max(max, Math.abs(this.weights[i]!));
    const scale = max / 32767 || 1;
    // Rows rank by their largest quantized weight, so pruning a written model again keeps the same rows
    // as pruning it while writing; rows that quantize to all zeros say nothing and go.
    const size = new Int32Array(this.count);
    for (let r = 0; r < this.count; r++)
      for (let c = 0; c < n; c++)
        size[r] = Math.max(size[r]!, Math.round(Math.abs(this.weights[r * n + c]!) / scale));
    let rows = [...Array(this.count).keys()].filter((r) => size[r]! > 0);
    if (rows.length > maxRows)
      rows = rows.sort((a, b) => size[b]! - size[a]! || rowKey[a]! - rowKey[b]!).slice(0, maxRows);
    rows.sort((a, b) => rowKey[a]! - rowKey[b]!);
    const deltas = new Uint32Array(rows.length);
    const q = new Int16Array(rows.length * n);
    let prev = 0;
    rows.forEach((row, k) => {
      deltas[k] = rowKey[row]! - prev;
      prev = rowKey[row]!;
      for (let c = 0; c < n; c++) q[k * n + c] = Math.round(this.weights[row * n + c]! / scale);
    });
    const planes = n < 8;
    const weights = planes
      ? toPlanes(q)
      : Buffer.from(q.buffer, q.byteOffset, q.byteLength).toString('base64');
    return { classes: n, keys: toPlanes(deltas), weights, planes, scale };
  }

  static fromJSON(json: PerceptronJson): Perceptron {
    const deltas = new Uint32Array(fromPlanes(json.keys, 4));
    const wbytes = Buffer.from(json.weights, 'base64');
    const q = new Int16Array(
      json.planes
        ? fromPlanes(json.weights, 2)
        : wbytes.buffer.slice(wbytes.byteOffset, wbytes.byteOffset + wbytes.byteLength),
    );
    const p = new Perceptron(json.classes, Math.max(16, deltas.length));
    let key = 0;
    for (let k = 0; k < deltas.length; k++) {
      key = (key + deltas[k]!) >>> 0;
      p.insert(key);
    }
    p.weights = new Float32Array(q.length);
    for (let i = 0; i < q.length; i++) p.weights[i] = q[i]! * json.scale;
    p.freeze();
    return p;
  }
}

/** scorePacked for the transition model's three classes, unrolled: the parser's innermost loop. */
function scorePacked3(
  table: Float32Array,
  keys: Uint32Array,
  mask: number,
  features: Uint32Array,
  n: number,
  out: Float64Array,
): void {
  let a = 0;
  let b = 0;
  let c = 0;
  for (let k = 0; k < n; k++) {
    const key = features[k]!;
    let i = key & mask;
    let at = keys[i << 2]!;
    while (at !== key && at !== 0) {
      i = (i + 1) & mask;
      at = keys[i << 2]!;
    }
    if (at === 0) continue;
    const base = (i << 2) + 1;
    a += table[base]!;
    b += table[base + 1]!;
    c += table[base + 2]!;
  }
  out[0]! += a;
  out[1]! += b;
  out[2]! += c;
}

function toPlanes(a: Uint32Array | Int16Array): string {
  const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const width = a.BYTES_PER_ELEMENT;
  const out = Buffer.alloc(bytes.length);
  for (let i = 0; i < a.length; i++)
    for (let b = 0; b < width; b++) out[b * a.length + i] = bytes[i * width + b]!;
  return out.toString('base64');
}

function fromPlanes(text: string, width: number): ArrayBuffer {
  const planes = Buffer.from(text, 'base64');
  const count = planes.length / width;
  const bytes = new Uint8Array(planes.length);
  for (let i = 0; i < count; i++)
    for (let b = 0; b < width; b++) bytes[i * width + b] = planes[b * count + i]!;
  return bytes.buffer;
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

/** A reusable buffer of feature keys (grows when a word has more children than it has room for). */
export class Features {
  keys: Uint32Array;
  n = 0;
  constructor(capacity = 256) {
    this.keys = new Uint32Array(capacity);
  }
  push(key: number): void {
    if (this.n === this.keys.length) {
      const bigger = new Uint32Array(this.keys.length * 2);
      bigger.set(this.keys);
      this.keys = bigger;
    }
    this.keys[this.n++] = key;
  }
}
