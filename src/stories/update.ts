/**
 * Keep a store's stories up to date: place every article not yet in a story, in publication order, and
 * save the clusterer's state with the new assignments in one transaction. Safe with several processes
 * on one store: a save that finds the state changed under it starts again from the saved state.
 */
import type { Store, StoryAssignment } from '../store/store.js';
import { StateConflictError } from '../store/store.js';
import { StoryClusterer, type ClusterOptions } from './cluster.js';
import { DEFAULT_FEATURE_OPTIONS, storyFeatures, type FeatureOptions } from './features.js';

export interface UpdateOptions {
  cluster?: Partial<ClusterOptions>;
  features?: Partial<FeatureOptions>;
  /** Forget all stories and place every stored article again. */
  rebuild?: boolean;
  /** Articles placed per transaction (progress is reported after each). */
  chunk?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface UpdateSummary {
  /** Articles placed in this run. */
  assigned: number;
  /** Stories opened in this run. */
  opened: number;
  /** Stories that merged into another in this run. */
  merged: number;
}

export async function updateStories(store: Store, opts: UpdateOptions = {}): Promise<UpdateSummary> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await update(store, opts);
    } catch (err) {
      if (!(err instanceof StateConflictError) || attempt >= 5) throw err;
    }
  }
}

async function update(store: Store, opts: UpdateOptions): Promise<UpdateSummary> {
  const features = { ...DEFAULT_FEATURE_OPTIONS, ...opts.features };
  const saved = await store.getClusterState();
  let version = saved?.version ?? 0;
  const clusterer =
    saved && !opts.rebuild
      ? StoryClusterer.parse(saved.data, opts.cluster)
      : new StoryClusterer(opts.cluster);
  const ids = opts.rebuild ? await allIdsByDate(store) : await store.unassignedArticleIds();
  const summary: UpdateSummary = { assigned: 0, opened: 0, merged: 0 };
  // A rebuild is saved once, at the end, so that the stored stories are never half rebuilt.
  const chunk = opts.rebuild ? Infinity : Math.max(1, opts.chunk ?? 500);
  let pending: StoryAssignment[] = [];
  let merges: { from: number; into: number }[] = [];
  let replace = opts.rebuild === true;

  const flush = async (): Promise<void> => {
    if (!pending.length && !replace) return;
    await store.saveStories(version, JSON.stringify(clusterer.toJSON()), pending, merges, { replace });
    version++;
    replace = false;
    pending = [];
    merges = [];
  };

  for (const id of ids) {
    const article = await store.getArticle(id);
    if (!article) continue;
    const a = clusterer.assign(storyFeatures(article, features));
    if (a.opened) summary.opened++;
    for (const from of a.merged) merges.push({ from, into: a.story });
    summary.merged += a.merged.length;
    pending.push({ articleId: a.article, story: a.story, event: a.event, score: a.score });
    summary.assigned++;
    if (pending.length >= chunk) {
      await flush();
      opts.onProgress?.(summary.assigned, ids.length);
    }
  }
  await flush();
  opts.onProgress?.(summary.assigned, ids.length);
  return summary;
}

async function allIdsByDate(store: Store): Promise<string[]> {
  return (await store.listArticles()).map((a) => a.id);
}
