/**
 * Articles for storage tests made without analysis: the frozen ones (fixtures/store/*.json, loaded by the
 * store suite) and synthetic ones, for volume.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { NEAR_DUPLICATES } from '../ingest/near-duplicates.js';
import type { AnalyzedArticle } from '../model/document.js';
import { openSqliteStore } from '../store/sqlite.js';
import type { NearDuplicatePolicy } from '../store/store.js';
import { tempDir } from './fixtures.js';

export { storedArticle } from '../store/store.case.js';

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

/**
 * Store a feed of n near-identical items (one template, two words changed per item: every pair is about
 * 0.7 similar) with the core's policy, and say what was read and written: without bounds each item would
 * be compared with, and linked to, every earlier one.
 */
export async function storeTemplatedFeed(n: number): Promise<{
  stored: number;
  mostCandidates: number;
  links: number;
  mostLinks: number;
  lastLinked: boolean;
}> {
  const template = Array.from({ length: 60 }, (_, i) => word(i * 31 + 500));
  const items = Array.from({ length: n }, (_, k) => {
    const text = template.map((w, i) => (i === 20 ? `a${k}` : i === 40 ? `b${k}` : w)).join(' ');
    return { ...syntheticArticle(k, 'Templated Feed'), text };
  });
  let mostCandidates = 0;
  const policy: NearDuplicatePolicy = {
    ...NEAR_DUPLICATES,
    judge(article, fp, candidates) {
      mostCandidates = Math.max(mostCandidates, candidates.length);
      return NEAR_DUPLICATES.judge(article, fp, candidates);
    },
  };
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'feed.db');
    const store = openSqliteStore(path);
    let stored = 0;
    for (let i = 0; i < n; i += 100) {
      const results = await store.putArticles(items.slice(i, i + 100), policy);
      stored += results.filter((r) => r === 'inserted').length;
    }
    const lastLinked = (await store.nearDuplicates(items[n - 1]!.id)).length > 0;
    await store.close();
    const db = new Database(path, { readonly: true });
    const links = db.prepare('SELECT count(*) FROM article_links').pluck().get() as number;
    const mostLinks = db
      .prepare('SELECT max(n) FROM (SELECT count(*) AS n FROM article_links GROUP BY article_id)')
      .pluck()
      .get() as number;
    db.close();
    return { stored, mostCandidates, links, mostLinks, lastLinked };
  } finally {
    cleanup();
  }
}
