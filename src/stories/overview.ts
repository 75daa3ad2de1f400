/**
 * What a person sees of the stories: each with a label (the title of its most central article), its time
 * span, outlets, and events, each event with its articles. Pure: built from the store's assignments and
 * the clusterer's centroids.
 */
import type { StoryMember } from '../store/store.js';
import { termsOf } from './features.js';

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

/** Group members into stories and events; `centroid` gives a story's term weights, for choosing labels. */
export function describeStories(
  members: StoryMember[],
  centroid: (story: number) => Map<string, number>,
): StoryOverview[] {
  const byStory = new Map<number, StoryMember[]>();
  for (const m of members) push(byStory, m.story, m);
  const out: StoryOverview[] = [];
  for (const [id, ms] of byStory) {
    const weights = centroid(id);
    const byEvent = new Map<number, StoryMember[]>();
    for (const m of ms) push(byEvent, m.event, m);
    const events = [...byEvent].map(([eid, ems]) => ({
      id: eid,
      label: labelOf(ems, weights),
      ...span(ems),
      articles: ems.map(toArticle),
    }));
    events.sort((a, b) => (a.first ?? '').localeCompare(b.first ?? '') || a.id - b.id);
    out.push({
      id,
      label: labelOf(ms, weights),
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

function labelOf(ms: StoryMember[], weights: Map<string, number>): string {
  let best: StoryMember | undefined;
  let bestScore = -1;
  for (const m of ms) {
    if (!m.title) continue;
    const terms = termsOf(m.title, m.language ?? 'en');
    if (!terms.length) continue;
    let s = 0;
    for (const t of new Set(terms)) s += weights.get(t) ?? 0;
    s /= Math.sqrt(terms.length);
    if (s > bestScore) {
      bestScore = s;
      best = m;
    }
  }
  return best?.title ?? ms[0]?.title ?? ms[0]?.source ?? '';
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
