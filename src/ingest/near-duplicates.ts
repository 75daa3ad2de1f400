/**
 * Near-duplicate detection: the same text republished (wire copy in several outlets, one page fetched
 * twice with different furniture). Each article gets a MinHash signature of its word 5-gram shingles; the
 * share of equal signature slots estimates the Jaccard similarity of the two shingle sets, and
 * locality-sensitive bands (runs of slots) find candidates without comparing every pair.
 *
 * The policy (what counts as the same article, what is linked, how much is read and kept) lives here, in
 * the core; a store only keeps fingerprints, looks candidates up by band and writes links
 * (`NearDuplicatePolicy` in store.ts), so every store behaves the same.
 */
import type { AnalyzedArticle } from '../model/document.js';
import type { Candidate, Fingerprint, NearDuplicatePolicy, Verdict } from '../store/store.js';
import { words as wordsOf } from '../util/text.js';

export const SIGNATURE_SIZE = 64;
const BAND_ROWS = 4; // 16 bands of 4 slots: pairs at Jaccard 0.5 share a band with probability ~0.65, at 0.8 ~1
const SHINGLE_WORDS = 5;
/** Fewer words than this (a headline, a caption) are too little to tell a copy from a coincidence. */
const MIN_WORDS = 12;

/** At or above this similarity, two articles of the same outlet are one article (the second is not stored). */
export const SAME_ARTICLE = 0.9;
/** At or above this similarity, two articles are linked as republications of one text. */
export const REPUBLISHED = 0.5;

/**
 * Candidates read per band, most recently stored first. A copy at similarity 0.9 shares each band with
 * probability 0.9^4 ≈ 0.66, so about 10 of the 16 bands; it is missed only if every band it shares holds
 * more than this many later articles, and a band that crowded is a template many items share (a feed of
 * near-identical items), not a republication. 16 bands × 16 bounds the work per article at 256
 * signature comparisons whatever the store holds; without a bound a templated feed costs quadratic time.
 */
export const CANDIDATES_PER_BAND = 16;
/**
 * Links kept per new article: the most similar ones. A reader wants to know that a text was republished
 * and by whom it was most closely copied; a hundred links from one templated item say nothing more than
 * ten, and without a bound a feed of n near-identical items writes n² links.
 */
export const LINKS_PER_ARTICLE = 10;

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function mix(h: number, seed: number): number {
  let x = (h ^ Math.imul(seed, 0x9e3779b1)) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/**
 * MinHash signature of a text; empty for a text shorter than MIN_WORDS words, which is then never a
 * near-duplicate (two outlets' identical headlines are two articles; exact copies are one by content).
 */
export function signature(text: string): number[] {
  const words = wordsOf(text.toLowerCase());
  if (words.length < MIN_WORDS) return [];
  const sig = new Array<number>(SIGNATURE_SIZE).fill(0xffffffff);
  const n = Math.max(1, words.length - SHINGLE_WORDS + 1);
  for (let i = 0; i < n; i++) {
    const h = fnv1a(words.slice(i, i + SHINGLE_WORDS).join(' '));
    for (let k = 0; k < SIGNATURE_SIZE; k++) {
      const v = mix(h, k + 1);
      if (v < sig[k]!) sig[k] = v;
    }
  }
  return sig;
}

/** Band keys of a signature: two articles sharing any key are candidates. */
export function bands(sig: number[]): string[] {
  const out: string[] = [];
  for (let b = 0; b + BAND_ROWS <= sig.length; b += BAND_ROWS)
    out.push(
      `${b / BAND_ROWS}:${sig
        .slice(b, b + BAND_ROWS)
        .map((x) => x.toString(36))
        .join('.')}`,
    );
  return out;
}

/** Estimated Jaccard similarity of the shingle sets behind two signatures. */
export function similarity(a: number[], b: number[]): number {
  if (!a.length || a.length !== b.length) return 0;
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}

/**
 * The core's near-duplicate policy: one article per outlet (a same-outlet candidate at SAME_ARTICLE or
 * more makes the new one a near-duplicate, not stored); otherwise the LINKS_PER_ARTICLE most similar
 * candidates at REPUBLISHED or more are linked as republications.
 */
export const NEAR_DUPLICATES: NearDuplicatePolicy = {
  candidatesPerBand: CANDIDATES_PER_BAND,
  fingerprint(article: AnalyzedArticle): Fingerprint {
    const sig = signature(article.text);
    return { signature: sig, bands: bands(sig) };
  },
  judge(article: AnalyzedArticle, fp: Fingerprint, candidates: Candidate[]): Verdict {
    const scored = candidates
      .map((c) => ({ id: c.id, outlet: c.outlet, similarity: similarity(fp.signature, c.signature) }))
      .filter((c) => c.similarity >= REPUBLISHED)
      // Most similar first; ties by id so that the choice does not depend on the store's read order.
      .sort((x, y) => y.similarity - x.similarity || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
    const same = scored.find((c) => c.similarity >= SAME_ARTICLE && c.outlet === article.outlet);
    if (same) return { nearDuplicateOf: same.id };
    return { links: scored.slice(0, LINKS_PER_ARTICLE).map(({ id, similarity }) => ({ id, similarity })) };
  },
};
