/**
 * Frozen analysed articles for storage tests (fixtures/store/*.json), so that a change in the analysis
 * cannot fail a storage test, and synthetic ones made without analysis, for volume.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AnalyzedArticle } from '../model/document.js';
import { FIXTURES } from './fixtures.js';

/** A frozen analysed article by its fixture name ('ceasefire', 'port', 'markets', 'wire'…). */
export function storedArticle(name: string): AnalyzedArticle {
  return JSON.parse(readFileSync(join(FIXTURES, 'store', `${name}.json`), 'utf8')) as AnalyzedArticle;
}

const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'ti', 'vo', 'de', 'pa', 'zu', 'ber', 'gan', 'hol'];

/** A made-up word for number n: distinct numbers give distinct words. */
function word(n: number): string {
  let w = '';
  do {
    w += SYLLABLES[n % SYLLABLES.length];
    n = Math.floor(n / SYLLABLES.length);
  } while (n > 0);
  return w;
}

/**
 * The n-th synthetic article: its own made-up words (no two share a 5-word run, so none is a near-duplicate
 * of another), no annotations, an external id `syn-n`.
 */
export function syntheticArticle(n: number, outlet = 'Synthetic Daily'): AnalyzedArticle {
  const words = Array.from({ length: 30 }, (_, i) => word((n * 7919 + i * 104729) % 1_000_003));
  const text = `Report ${n}\n\n${words.join(' ')}.`;
  return {
    id: `syn${n.toString(16).padStart(13, '0')}`,
    externalId: `syn-${n}`,
    source: `synthetic#${n}`,
    url: null,
    title: `Report ${n}`,
    outlet,
    agency: null,
    authors: [],
    credit: null,
    published: '2024-05-01',
    language: 'en',
    format: 'text',
    text,
    meta: {},
    sourceMap: null,
    removed: [],
    sentences: [{ start: 0, end: text.length }],
    entities: [],
    quotes: [],
    figures: [],
    dates: [],
    warnings: [],
  };
}
