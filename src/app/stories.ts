/** Stories as people see them, and placing articles in them (the one use case here that writes). */
import type { AnalyzedArticle } from '../model/document.js';
import type { Store } from '../store/store.js';
import type { ClusterOptions } from '../stories/cluster.js';
import { listStoryOverviews, type StoryOverview } from '../stories/overview.js';
import { updateStories, type UpdateSummary } from '../stories/update.js';
import { NotFoundError, UsageError } from './errors.js';

export type { StoryOverview, UpdateSummary };

export interface PlaceOptions {
  /** Forget the stories and place every stored article again, oldest first. */
  rebuild?: boolean;
  storyThreshold?: number;
  eventThreshold?: number;
  mergeThreshold?: number;
  storyHalfLife?: number;
  eventHalfLife?: number;
  neighbourWeight?: number;
  onProgress?: (done: number, total: number) => void;
}

/** Place the articles not yet in a story (all of them with `rebuild`). Writes. */
export async function placeInStories(store: Store, o: PlaceOptions = {}): Promise<UpdateSummary> {
  const cluster: Partial<ClusterOptions> = {};
  const fraction = (name: string, v: number | undefined): number | undefined => {
    if (v !== undefined && !(Number.isFinite(v) && v >= 0 && v <= 1))
      throw new UsageError(`${name} must be a number from 0 to 1, got ${v}`);
    return v;
  };
  const positive = (name: string, v: number | undefined): number | undefined => {
    if (v !== undefined && !(Number.isFinite(v) && v > 0))
      throw new UsageError(`${name} must be a positive number, got ${v}`);
    return v;
  };
  const set = <K extends keyof ClusterOptions>(k: K, v: ClusterOptions[K] | undefined): void => {
    if (v !== undefined) cluster[k] = v;
  };
  set('storyThreshold', fraction('story threshold', o.storyThreshold));
  set('eventThreshold', fraction('event threshold', o.eventThreshold));
  set('mergeThreshold', fraction('merge threshold', o.mergeThreshold));
  set('storyHalfLifeDays', positive('story half-life', o.storyHalfLife));
  set('eventHalfLifeDays', positive('event half-life', o.eventHalfLife));
  set('neighbourWeight', fraction('neighbour weight', o.neighbourWeight));
  return updateStories(store, { cluster, rebuild: o.rebuild, onProgress: o.onProgress });
}

/**
 * Every story (or one), with labels, events and articles; labels are stored with the stories, so this
 * reads no clustering state. Never writes.
 */
export async function storyOverviews(store: Store, story?: number): Promise<StoryOverview[]> {
  return listStoryOverviews(store, story);
}

export interface StoryList {
  stories: StoryOverview[];
  /** Stored articles not yet placed in a story (`sitrep place` places them). */
  unplaced: number;
}

export async function listStories(store: Store, o: { limit?: number } = {}): Promise<StoryList> {
  const stories = (await storyOverviews(store)).slice(0, o.limit ?? Infinity);
  return { stories, unplaced: (await store.unassignedArticleIds()).length };
}

export function storyNotFound(store: Store, story: number): NotFoundError {
  return new NotFoundError(
    'story',
    String(story),
    `no story "${story}" in ${store.location} (sitrep stories lists them)`,
  );
}

/** One story; NotFoundError when there is none of that number. */
export async function storyDetail(store: Store, story: number): Promise<StoryOverview> {
  const found = (await storyOverviews(store, story))[0];
  if (!found) throw storyNotFound(store, story);
  return found;
}

/** NotFoundError unless the story exists. */
export async function requireStory(store: Store, story: number): Promise<void> {
  if (!(await store.storyMembers(story)).length) throw storyNotFound(store, story);
}

/** The stored articles of one story; NotFoundError when there is no such story. */
export async function storyArticles(store: Store, story: number): Promise<AnalyzedArticle[]> {
  const members = await store.storyMembers(story);
  if (!members.length) throw storyNotFound(store, story);
  return (await Promise.all(members.map((m) => store.getArticle(m.articleId)))).filter(
    (a): a is AnalyzedArticle => a !== null,
  );
}
