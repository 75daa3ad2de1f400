/**
 * What a person sees of the stories: each with a label (the title of its most central article), its time
 * span, outlets, and events, each event with its articles. Built from the store's assignments and the
 * labels the placer stored (no clustering state is read).
 */
import type { Store, StoryLabels, StoryMember } from '../store/store.js';

export interface StoryArticle {
  id: string;
  /** The id the input gave (a JSONL line's `id`), or null. */
  externalId: string | null;
  title: string | null;
  outlet: string | null;
  published: string | null;
  source: string;
  /** How strongly the article belongs to its story (1 for the article that opened it). */
  score: number;
}

export interface EventOverview {
  id: number;
  label: string;
  first: string | null;
  last: string | null;
  articles: StoryArticle[];
}

export interface StoryOverview {
  id: number;
  label: string;
  first: string | null;
  last: string | null;
  outlets: string[];
  articleCount: number;
  events: EventOverview[];
}

/** The stories of a store (all, or one), biggest first, with their stored labels. */
export async function listStoryOverviews(store: Store, story?: number): Promise<StoryOverview[]> {
  return describeStories(await store.storyMembers(story), await store.storyLabels(story));
}

/** Group members into stories and events, labelled from `labels` (an unlabelled one by its first title). */
export function describeStories(members: StoryMember[], labels: StoryLabels): StoryOverview[] {
  const byStory = new Map<number, StoryMember[]>();
  for (const m of members) push(byStory, m.story, m);
  const out: StoryOverview[] = [];
  for (const [id, ms] of byStory) {
    const byEvent = new Map<number, StoryMember[]>();
    for (const m of ms) push(byEvent, m.event, m);
    const events = [...byEvent].map(([eid, ems]) => ({
      id: eid,
      label: labels.events.get(eid) || firstLabel(ems),
      ...span(ems),
      articles: ems.map(toArticle),
    }));
    events.sort((a, b) => (a.first ?? '').localeCompare(b.first ?? '') || a.id - b.id);
    out.push({
      id,
      label: labels.stories.get(id) || firstLabel(ms),
      ...span(ms),
      outlets: [...new Set(ms.map((m) => m.outlet).filter((o): o is string => !!o))].sort(),
      articleCount: ms.length,
      events,
    });
  }
  // Biggest stories first, then the most recent.
  return out.sort(
    (a, b) => b.articleCount - a.articleCount || (b.last ?? '').localeCompare(a.last ?? '') || a.id - b.id,
  );
}

function firstLabel(ms: StoryMember[]): string {
  return ms.find((m) => m.title)?.title ?? ms[0]?.source ?? '';
}

function span(ms: StoryMember[]): { first: string | null; last: string | null } {
  const dates = ms
    .map((m) => m.published)
    .filter((d): d is string => !!d)
    .sort();
  return { first: dates[0] ?? null, last: dates[dates.length - 1] ?? null };
}

function toArticle(m: StoryMember): StoryArticle {
  return {
    id: m.articleId,
    externalId: m.externalId,
    title: m.title,
    outlet: m.outlet,
    published: m.published,
    source: m.source,
    score: m.score,
  };
}

function push<K, V>(map: Map<K, V[]>, k: K, v: V): void {
  const list = map.get(k);
  if (list) list.push(v);
  else map.set(k, [v]);
}
