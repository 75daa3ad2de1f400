/** ROUGE-N F1 (Lin 2004): clipped n-gram overlap of a candidate with a reference, words lower-cased and stemmed. */
import { createRequire } from 'node:module';
import { words } from '../util/text.js';

const require = createRequire(import.meta.url);
const { stemmer } = require('@orama/stemmers/english') as { stemmer: (w: string) => string };

export function tokens(text: string): string[] {
  return words(text.toLowerCase()).map(stemmer);
}

function ngrams(toks: string[], n: number): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i + n <= toks.length; i++) {
    const g = toks.slice(i, i + n).join(' ');
    m.set(g, (m.get(g) ?? 0) + 1);
  }
  return m;
}

export function rougeN(
  candidate: string,
  reference: string,
  n: number,
): { p: number; r: number; f1: number } {
  const c = ngrams(tokens(candidate), n);
  const r = ngrams(tokens(reference), n);
  let overlap = 0;
  let cTotal = 0;
  let rTotal = 0;
  for (const v of c.values()) cTotal += v;
  for (const [g, v] of r) {
    rTotal += v;
    overlap += Math.min(v, c.get(g) ?? 0);
  }
  const p = cTotal ? overlap / cTotal : 0;
  const rec = rTotal ? overlap / rTotal : 0;
  return { p, r: rec, f1: p + rec ? (2 * p * rec) / (p + rec) : 0 };
}
