/**
 * Keep a store's stories up to date: place every article not yet in a story, in publication order. Each
 * batch reads, decides and writes inside one `storyTransaction`, so placers in several processes take
 * turns, and an article another placer placed meanwhile is skipped: the stories depend only on the order
 * in which articles are placed, not on how many processes placed them. The state lives in the store's rows
 * (rows.ts); a store that still holds the old one-document state is converted by the first batch.
 */
import type { AnalyzedArticle } from '../model/document.js';
import type { Store, StoryStateTx } from '../store/store.js';
import { StoryClusterer, type ClusterOptions } from './cluster.js';
import { DEFAULT_FEATURE_OPTIONS, storyFeatures, type FeatureOptions } from './features.js';
import { RowStoryState, StoryCache } from './rows.js';

export interface UpdateOptions {
  cluster?: Partial<ClusterOptions>;
  features?: Partial<FeatureOptions>;
  /** Forget all stories and place every stored article again. */
  rebuild?: boolean;
  /** Articles placed per transaction (progress is reported after each). */
  chunk?: number;
  onProgress?: (done: number, total: number) => void;
  /** Counts story-state rows read from the store (those this process had not cached) and written. */
  io?: { read: number; written: number };
}

export interface UpdateSummary {
  /** Articles placed in this run. */
  assigned: number;
  /** Stories opened in this run. */
  opened: number;
  /** Stories that merged into another in this run. */
  merged: number;
}

/** Rows this process decoded, per store, kept between calls (checked against the store's generation). */
const caches = new WeakMap<Store, StoryCache>();

function cacheOf(store: Store): StoryCache {
  let cache = caches.get(store);
  if (!cache) caches.set(store, (cache = new StoryCache()));
  return cache;
}

export async function updateStories(store: Store, opts: UpdateOptions = {}): Promise<UpdateSummary> {
  const features = { ...DEFAULT_FEATURE_OPTIONS, ...opts.features };
  const summary: UpdateSummary = { assigned: 0, opened: 0, merged: 0 };
  const chunk = Math.max(1, opts.chunk ?? 500);
  const cache = cacheOf(store);

  const batch = async (ids: string[], reset: boolean): Promise<void> => {
    await store.storyTransaction(async (tx: StoryStateTx) => {
      try {
        const state = await RowStoryState.open(tx, cache, opts.cluster, {
          reset,
          members: () => store.storyMembers(),
        });
        const clusterer = new StoryClusterer(state.opts, state);
        const done = reset ? new Set<string>() : await tx.assigned(ids);
        let sinceFlush = 0;
        for await (const article of prefetched(
          store,
          ids.filter((id) => !done.has(id)),
        )) {
          const a = await clusterer.assign(storyFeatures(article, features));
          state.placed(
            { articleId: a.article, story: a.story, event: a.event, score: a.score },
            article.title,
            article.language,
            fallbackLabel(article),
          );
          if (a.opened) summary.opened++;
          summary.merged += a.merged.length;
          summary.assigned++;
          // A long batch (a rebuild) writes as it goes, so that memory stays bounded; it commits once.
          if (++sinceFlush >= chunk) {
            await state.flush();
            sinceFlush = 0;
            if (reset) opts.onProgress?.(summary.assigned, ids.length);
          }
        }
        await state.flush();
        if (opts.io) {
          opts.io.read += state.io.read;
          opts.io.written += state.io.written;
        }
      } catch (err) {
        cache.clear();
        throw err;
      }
    });
  };

  if (opts.rebuild) {
    // One transaction: the stored stories are never half rebuilt.
    const ids = (await store.listArticles()).map((a) => a.id);
    await batch(ids, true);
    opts.onProgress?.(summary.assigned, ids.length);
    return summary;
  }
  const ids = await store.unassignedArticleIds();
  // Even with nothing to place, one batch converts an old one-document state.
  for (let i = 0; i === 0 || i < ids.length; i += chunk) {
    await batch(ids.slice(i, i + chunk), false);
    opts.onProgress?.(summary.assigned, ids.length);
  }
  return summary;
}

/** Articles read ahead, a slice at a time: a couple of round trips per slice, not per article; memory stays bounded. */
const READ_AHEAD = 50;

async function* prefetched(store: Store, ids: string[]): AsyncGenerator<AnalyzedArticle> {
  for (let i = 0; i < ids.length; i += READ_AHEAD)
    yield* await store.getArticles(ids.slice(i, i + READ_AHEAD));
}

function fallbackLabel(a: AnalyzedArticle): string {
  return a.title ?? a.source;
}
