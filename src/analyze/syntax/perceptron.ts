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

/** A written perceptron decoded: ascending feature keys and their rows of int16 weights (weight = q * scale). */
export interface PerceptronTables {
  classes: number;
  keys: Uint32Array;
  weights: Int16Array;
  scale: number;
}

/** A perceptron's tables as bytes, the form both the JSON and the binary model store. */
export interface PerceptronBytes {
  classes: number;
  /** Deltas of the ascending keys, uint32 little-endian, as byte planes. */
  keys: Uint8Array;
  /** int16 little-endian weights, as byte planes when `planes`. */
  weights: Uint8Array;
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
    return this.packed?.rows ?? this.count;
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
    if (this.packed) return scorePacked(this.packed, this.nClasses, features, n, out);
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

  /** The frozen table (see Packed), once training has ended. */
  private packed: Packed | null = null;

  /** Ends training for good: lays the table out packed (see Packed). */
  freeze(): void {
    const nc = this.nClasses;
    const order: number[] = [];
    for (let j = 0; j < this.slots.length; j++) if (this.slots[j]! >= 0) order.push(j);
    order.sort((a, b) => this.keys[a]! - this.keys[b]!);
    const keys = new Uint32Array(order.length);
    const weights = new Float32Array(order.length * nc);
    order.forEach((j, k) => {
      keys[k] = this.keys[j]!;
      weights.set(this.weights.subarray(this.slots[j]! * nc, (this.slots[j]! + 1) * nc), k * nc);
    });
    this.packed = pack(keys, weights, 1, nc);
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
   * The `maxRows` rows with the largest weights (a row's largest magnitude decides), quantized to int16,
   * in key order. Small averaged weights change few decisions, and dropping them is what keeps the
   * shipped model a few MB.
   */
  toTables({ maxRows = Infinity } = {}): PerceptronTables {
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
    const keys = new Uint32Array(rows.length);
    const weights = new Int16Array(rows.length * n);
    rows.forEach((row, k) => {
      keys[k] = rowKey[row]!;
      for (let c = 0; c < n; c++) weights[k * n + c] = Math.round(this.weights[row * n + c]! / scale);
    });
    return { classes: n, keys, weights, scale };
  }

  /** Serializes the tables of toTables (keys delta-coded, byte planes where they pack better), base64. */
  toJSON(options: { maxRows?: number } = {}): PerceptronJson {
    const bytes = tablesToBytes(this.toTables(options));
    return {
      ...bytes,
      keys: Buffer.from(bytes.keys).toString('base64'),
      weights: Buffer.from(bytes.weights).toString('base64'),
    };
  }

  static fromJSON(json: PerceptronJson): Perceptron {
    return Perceptron.fromTables(
      tablesFromBytes({
        ...json,
        keys: Buffer.from(json.keys, 'base64'),
        weights: Buffer.from(json.weights, 'base64'),
      }),
    );
  }

  /** A frozen perceptron over written tables: one pass, no per-key hashing (see Packed). */
  static fromTables(tables: PerceptronTables): Perceptron {
    const p = new Perceptron(tables.classes, 0);
    p.packed = pack(tables.keys, tables.weights, tables.scale, tables.classes);
    return p;
  }
}

/** Keys delta-coded and, like few-class weights, split into byte planes: zero bytes side by side for gzip. */
export function tablesToBytes(t: PerceptronTables): PerceptronBytes {
  const deltas = new Uint32Array(t.keys.length);
  let prev = 0;
  for (let k = 0; k < t.keys.length; k++) {
    deltas[k] = t.keys[k]! - prev;
    prev = t.keys[k]!;
  }
  // Byte planes pack a few-class model's weights better; a many-class model's rows, mostly zeros, pack
  // better whole (measured on the shipped model).
  const planes = t.classes < 8;
  const weights = planes
    ? toPlanes(t.weights)
    : new Uint8Array(t.weights.buffer, t.weights.byteOffset, t.weights.byteLength);
  return { classes: t.classes, keys: toPlanes(deltas), weights, planes, scale: t.scale };
}

export function tablesFromBytes(b: PerceptronBytes): PerceptronTables {
  const keys = new Uint32Array(fromPlanes(b.keys, 4));
  let key = 0;
  for (let k = 0; k < keys.length; k++) {
    key = (key + keys[k]!) >>> 0;
    keys[k] = key;
  }
  const weights = new Int16Array(
    b.planes
      ? fromPlanes(b.weights, 2)
      : b.weights.buffer.slice(b.weights.byteOffset, b.weights.byteOffset + b.weights.byteLength),
  );
  return { classes: b.classes, keys, weights, scale: b.scale };
}

/**
 * A frozen table: slot = [key, w0, w1, ...] (key and weights side by side: one cache line per feature
 * instead of three scattered reads, which is most of the parser's time). A key's home slot is its top
 * bits, so keys in ascending order fill the table front to back: each takes its home or, when that is
 * taken, the slot after the previous key. Building is then one sequential pass over sorted keys, with
 * no hashing or probing, and each run of occupied slots holds ascending keys, so a lookup stops at the
 * first empty slot or larger key. The table has room for twice the keys, plus the overflow of the last
 * run and one empty slot that ends every search.
 */
interface Packed {
  table: Float32Array;
  keys: Uint32Array;
  shift: number;
  rows: number;
}

function pack(keys: Uint32Array, weights: ArrayLike<number>, scale: number, nc: number): Packed {
  let bits = 4;
  while (1 << bits < keys.length * 2) bits++;
  const shift = 32 - bits;
  const slot = new Int32Array(keys.length);
  let next = 0;
  for (let k = 0; k < keys.length; k++) {
    slot[k] = Math.max(keys[k]! >>> shift, next);
    next = slot[k]! + 1;
  }
  const stride = nc + 1;
  const table = new Float32Array((Math.max(1 << bits, next) + 1) * stride);
  const tableKeys = new Uint32Array(table.buffer);
  for (let k = 0; k < keys.length; k++) {
    const at = slot[k]! * stride;
    tableKeys[at] = keys[k]!;
    for (let c = 0; c < nc; c++) table[at + 1 + c] = weights[k * nc + c]! * scale;
  }
  return { table, keys: tableKeys, shift, rows: keys.length };
}

function scorePacked(packed: Packed, nc: number, features: Uint32Array, n: number, out: Float64Array): void {
  const { table, keys, shift } = packed;
  if (nc === 3) return scorePacked3(table, keys, shift, features, n, out);
  const stride = nc + 1;
  for (let k = 0; k < n; k++) {
    const key = features[k]!;
    let i = (key >>> shift) * stride;
    let at = keys[i]!;
    while (at < key && at !== 0) {
      i += stride;
      at = keys[i]!;
    }
    if (at !== key) continue;
    for (let c = 0; c < nc; c++) out[c]! += table[i + 1 + c]!;
  }
}

/** scorePacked for the transition model's three classes, unrolled: the parser's innermost loop. */
function scorePacked3(
  table: Float32Array,
  keys: Uint32Array,
  shift: number,
  features: Uint32Array,
  n: number,
  out: Float64Array,
): void {
  let a = 0;
  let b = 0;
  let c = 0;
  for (let k = 0; k < n; k++) {
    const key = features[k]!;
    let i = (key >>> shift) << 2;
    let at = keys[i]!;
    while (at < key && at !== 0) {
      i += 4;
      at = keys[i]!;
    }
    if (at !== key) continue;
    a += table[i + 1]!;
    b += table[i + 2]!;
    c += table[i + 3]!;
  }
  out[0]! += a;
  out[1]! += b;
  out[2]! += c;
}

function toPlanes(a: Uint32Array | Int16Array): Uint8Array {
  const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const width = a.BYTES_PER_ELEMENT;
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < a.length; i++)
    for (let b = 0; b < width; b++) out[b * a.length + i] = bytes[i * width + b]!;
  return out;
}

function fromPlanes(planes: Uint8Array, width: number): ArrayBuffer {
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
