/**
 * The sample corpus's ceasefire story, analyzed and placed once per process: the brief tests read it and
 * never change it (a test that needs a variant spreads a copy), so building it per test only repeats the
 * pipeline.
 */
import type { AnalyzedArticle } from '../model/document.js';
import { runPipeline } from '../pipeline.js';
import { StoryClusterer } from '../stories/cluster.js';
import { storyFeatures } from '../stories/features.js';
import type { StoryOverview } from '../stories/overview.js';
import { SAMPLE_CORPUS } from './fixtures.js';

export interface CeasefireStory {
  story: StoryOverview;
  articles: AnalyzedArticle[];
}

async function build(): Promise<CeasefireStory> {
  const all: AnalyzedArticle[] = [];
  for await (const item of runPipeline([SAMPLE_CORPUS])) if (item.ok) all.push(item.article);
  all.sort((a, b) => (a.published ?? '').localeCompare(b.published ?? ''));
  const c = new StoryClusterer();
  const placed: { a: AnalyzedArticle; story: number }[] = [];
  for (const a of all) placed.push({ a, story: (await c.assign(storyFeatures(a))).story });
  const roots = await c.state.resolve(placed.map((p) => p.story));
  const first = placed.find((p) => /ceasefire/i.test(p.a.title ?? ''))!;
  const articles = placed.filter((p) => roots.get(p.story) === roots.get(first.story)).map((p) => p.a);
  const story: StoryOverview = {
    id: 1,
    label: 'Ceasefire talks',
    first: articles[0]!.published,
    last: articles.at(-1)!.published,
    outlets: [...new Set(articles.map((a) => a.outlet!))],
    articleCount: articles.length,
    events: [],
  };
  return deepFreeze({ story, articles });
}

/** Frozen, so a test that changed it by mistake would fail rather than affect the tests after it. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

let shared: Promise<CeasefireStory> | undefined;

export function ceasefireStory(): Promise<CeasefireStory> {
  shared ??= build();
  return shared;
}
