/**
 * Re-run analysis on stored articles, so that a store made by an older sitrep gets what analysis does now
 * (date roles, figure measures, any later improvement) without ingesting again. Each article's analysis
 * is replaced in its own transaction: one that fails is reported and costs no other. Text, metadata,
 * revisions and story placement stay as stored: stories are placed from an article's words and names
 * when it arrives, and moving articles between stories an analyst follows is `sitrep place --rebuild`'s
 * decision, not a side effect of better dates.
 */
import { analyze } from '../analyze/analyze.js';
import type { AnalyzedArticle, Article } from '../model/document.js';
import type { Store } from '../store/store.js';
import { NotFoundError, UsageError } from './errors.js';

export interface ReanalyzeOptions {
  /** Only these articles (ids or external ids). */
  articles?: string[];
  /** This article (id or external id) and every article stored after it. */
  since?: string;
  /** Called after each article with how many are done of how many. */
  onProgress?: (done: number, total: number, id: string) => void;
}

export interface ReanalyzeFailure {
  id: string;
  reason: string;
}

export interface ReanalyzeSummary {
  database: string;
  /** Articles read. */
  total: number;
  /** Articles whose analysis changed and was replaced. */
  updated: number;
  /** Articles whose new analysis is the stored one. */
  unchanged: number;
  failed: ReanalyzeFailure[];
}

/** The warning of reading the input (not of analysing it): it stays with the article. */
const INGEST_ANALYZER = 'ingest';

/** Re-analyse stored articles and replace their analysis where it changed. Writes. */
export async function reanalyze(store: Store, o: ReanalyzeOptions = {}): Promise<ReanalyzeSummary> {
  if (o.articles?.length && o.since !== undefined)
    throw new UsageError('give either --article or --since, not both');
  const ids = await selectIds(store, o);
  const summary: ReanalyzeSummary = {
    database: store.location,
    total: ids.length,
    updated: 0,
    unchanged: 0,
    failed: [],
  };
  for (const [i, id] of ids.entries()) {
    try {
      const stored = await store.getArticle(id);
      if (!stored) throw new NotFoundError('article', id, `no article with id "${id}" in ${store.location}`);
      const fresh = reanalyzed(stored);
      if (sameAnalysis(stored, fresh)) summary.unchanged++;
      else if (await store.replaceAnalysis(fresh)) summary.updated++;
      else
        throw new NotFoundError(
          'article',
          id,
          `article "${id}" left ${store.location} while it was analysed`,
        );
    } catch (err) {
      summary.failed.push({ id, reason: (err as Error).message });
    }
    o.onProgress?.(i + 1, ids.length, id);
  }
  return summary;
}

/** A stored article analysed again from its stored text and metadata. */
export function reanalyzed(stored: AnalyzedArticle): AnalyzedArticle {
  const {
    sentences: _sentences,
    entities: _entities,
    quotes: _quotes,
    figures: _figures,
    dates: _dates,
    warnings,
    ...article
  } = stored;
  const fresh = analyze(article satisfies Article);
  // What reading the input removed or left out was found at ingest and cannot be found again from the text.
  const kept = warnings.filter((w) => w.analyzer === INGEST_ANALYZER);
  return kept.length ? { ...fresh, warnings: [...kept, ...fresh.warnings] } : fresh;
}

function sameAnalysis(a: AnalyzedArticle, b: AnalyzedArticle): boolean {
  const of = (x: AnalyzedArticle): string =>
    JSON.stringify([x.sentences, x.entities, x.quotes, x.figures, x.dates, x.warnings]);
  return of(a) === of(b);
}

/** The ids to re-analyse, oldest stored first; NotFoundError for an id the store does not hold. */
async function selectIds(store: Store, o: ReanalyzeOptions): Promise<string[]> {
  const resolve = async (id: string): Promise<string> => {
    const a = await store.getArticle(id);
    if (!a) throw new NotFoundError('article', id, `no article with id "${id}" in ${store.location}`);
    return a.id;
  };
  if (o.articles?.length) {
    const ids: string[] = [];
    for (const id of o.articles) ids.push(await resolve(id));
    return [...new Set(ids)];
  }
  const since = o.since === undefined ? null : await resolve(o.since);
  const ids: string[] = [];
  for await (const a of store.articles()) {
    if (since !== null && !ids.length && a.id !== since) continue;
    ids.push(a.id);
  }
  return ids;
}
