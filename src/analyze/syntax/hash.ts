/**
 * Integer feature hashing. A feature is a template number combined with a few integer atoms (a word's
 * string hash, a tag index, a distance); the result is a 32-bit key into the perceptron's table, so
 * scoring never builds or compares strings. Each atom is folded in with one xor and one odd multiply (a
 * bijection for a fixed prefix, so two features differing in one atom never collide), then the key is
 * mixed once so its low bits can index the table. Two unrelated features share a key with probability
 * about 2^-32, which at a few million features is a handful of harmless collisions. Key 0 marks an empty
 * slot in the frozen table, so no feature has it.
 */

/** Final mixing step of MurmurHash3: a bijection on 32 bits that spreads every input bit. */
function fmix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0 || 1;
}

/** 32-bit hash of a string (FNV-1a over UTF-16 units, then mixed). */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return fmix(h) | 0;
}

const K0 = 0x9e3779b1;
const K = 0x27d4eb2f;

/** Key of template `t` with one atom. */
export function f1(t: number, a: number): number {
  return fmix(Math.imul(Math.imul(t + 1, K0) ^ a, K));
}

/** Key of template `t` with two atoms. */
export function f2(t: number, a: number, b: number): number {
  return fmix(Math.imul(Math.imul(Math.imul(t + 1, K0) ^ a, K) ^ b, K));
}

/** Key of template `t` with three atoms. */
export function f3(t: number, a: number, b: number, c: number): number {
  return fmix(Math.imul(Math.imul(Math.imul(Math.imul(t + 1, K0) ^ a, K) ^ b, K) ^ c, K));
}

/** Key of template `t` with four atoms. */
export function f4(t: number, a: number, b: number, c: number, d: number): number {
  return fmix(Math.imul(Math.imul(Math.imul(Math.imul(Math.imul(t + 1, K0) ^ a, K) ^ b, K) ^ c, K) ^ d, K));
}
