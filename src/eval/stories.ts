/**
 * Story clustering on ../shared/corpus/stories-dev, articles replayed in date order through exactly what
 * `sitrep ingest` does (analyze, story features, the online clusterer with its default options), scored
 * with ../shared/eval/score-clusters.mjs. Gold clusters in both sets are single occasions (an AllSides
 * story is one day's news told by three outlets; a UCI cluster is one news item), which is what sitrep
 * calls an event; the story level (a situation over weeks or months) is printed beside it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyze } from '../analyze/analyze.js';
import { runPipeline } from '../pipeline.js';
import { SAMPLE_CORPUS } from '../testing/fixtures.js';
import { StoryClusterer, type Assignment } from '../stories/cluster.js';
import { storyFeatures } from '../stories/features.js';
import type { AnalyzedArticle } from '../model/document.js';
import type { Row } from './corpora.js';
import { centroidSummary, summarize } from '../brief/summary.js';
import { rougeN } from './rouge.js';

export interface StoryRow {
  id: string;
  title: string;
  text: string;
  date: string;
  source: string;
  cluster: string;
  url?: string;
}

type ScoreFn = (
  gold: Map<string, string>,
  pred: Map<string, string | number>,
) => {
  predClusters: number;
  goldClusters: number;
  standard: { F1: number };
  bcubed: { P: number; R: number; F1: number };
};

export async function evalStories(shared: string): Promise<Row[]> {
  const { score } = (await import(pathToFileURL(join(shared, 'eval', 'score-clusters.mjs')).href)) as {
    score: ScoreFn;
  };
  const rows: Row[] = [];
  const sets = [
    { file: 'allsides.jsonl', corpus: 'stories-allsides', target: '≥ 0.95 (#4)' },
    { file: 'uci-headlines.jsonl', corpus: 'stories-uci', target: '≥ 0.85 (#4)' },
  ];
  for (const set of sets) {
    const items = readFileSync(join(shared, 'corpus', 'stories-dev', set.file), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as StoryRow);
    const order = items.map((r, i) => ({ r, i, t: Date.parse(r.date) }));
    order.sort((a, b) => a.t - b.t || a.i - b.i);
    const clusterer = new StoryClusterer();
    const t0 = performance.now();
    const assigned: Assignment[] = [];
    for (const { r } of order) assigned.push(await clusterer.assign(storyFeatures(analyzeRow(r))));
    const ms = (performance.now() - t0) / items.length;
    const gold = new Map(items.map((r) => [r.id, r.cluster]));
    const events = score(gold, new Map(assigned.map((a) => [a.article, a.event])));
    const roots = await clusterer.state.resolve(assigned.map((a) => a.story));
    const stories = score(gold, new Map(assigned.map((a) => [a.article, roots.get(a.story)!])));
    rows.push({
      corpus: set.corpus,
      measure: 'BCubed F1, events vs gold',
      value: events.bcubed.F1,
      target: set.target,
      note: `P ${events.bcubed.P.toFixed(3)} R ${events.bcubed.R.toFixed(3)}; pairwise F1 ${events.standard.F1.toFixed(3)}; ${events.predClusters} events for ${events.goldClusters} gold; ${ms.toFixed(2)} ms/article incl. analysis`,
    });
    rows.push({
      corpus: set.corpus,
      measure: 'BCubed F1, stories vs gold',
      value: stories.bcubed.F1,
      note: `P ${stories.bcubed.P.toFixed(3)} R ${stories.bcubed.R.toFixed(3)}; ${stories.predClusters} stories (situations: coarser than gold by design)`,
    });
  }
  rows.push(...briefingRows(shared));
  for (const [corpus, inputs, meta, want] of [
    [
      'seeds',
      [join(shared, 'corpus', 'seeds')],
      [join(shared, 'corpus', 'seeds', 'meta.jsonl')],
      '1 story, 5 events',
    ],
    ['sample-corpus', [SAMPLE_CORPUS], undefined, '2 stories (README)'],
  ] as const) {
    const articles: AnalyzedArticle[] = [];
    for await (const item of runPipeline([...inputs], meta ? { meta: [...meta] } : {}))
      if (item.ok) articles.push(item.article);
    articles.sort((a, b) => (a.published ?? '').localeCompare(b.published ?? ''));
    const clusterer = new StoryClusterer();
    const assigned: Assignment[] = [];
    for (const a of articles) assigned.push(await clusterer.assign(storyFeatures(a)));
    const roots = await clusterer.state.resolve(assigned.map((a) => a.story));
    const nStories = new Set(roots.values()).size;
    const nEvents = new Set(assigned.map((a) => a.event)).size;
    rows.push({
      corpus,
      measure: 'stories found',
      value: nStories,
      target: want,
      note: `${nEvents} events, ${articles.length} articles`,
    });
  }
  return rows;
}

interface Roundup {
  cluster: string;
  roundup: string[];
}

/**
 * The story summary against AllSides' human roundups: ROUGE-1/2 F1 (macro over stories) of sitrep's
 * summary, the lead of the centre article cut to the same length, and a centroid summary of the same length.
 * The roundup's last paragraph says how outlets covered the story (not what happened) and is left out.
 */
function briefingRows(shared: string): Row[] {
  const dir = join(shared, 'corpus', 'stories-dev');
  const articles = readFileSync(join(dir, 'allsides.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as StoryRow & { lean?: string });
  const roundups = readFileSync(join(dir, 'allsides-roundups.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Roundup);
  const byCluster = new Map<string, (StoryRow & { lean?: string })[]>();
  for (const a of articles) byCluster.set(a.cluster, [...(byCluster.get(a.cluster) ?? []), a]);
  const sums: Record<'sitrep' | 'lead' | 'centroid', [number, number]> = {
    sitrep: [0, 0],
    lead: [0, 0],
    centroid: [0, 0],
  };
  let n = 0;
  let words = 0;
  for (const r of roundups) {
    const rows = byCluster.get(r.cluster);
    if (!rows?.length) continue;
    const reference = (r.roundup.length > 1 ? r.roundup.slice(0, -1) : r.roundup).join(' ');
    const analyzed = rows.map(analyzeRow);
    const ours = summarize(analyzed)
      .map((s) => s.text)
      .join(' ');
    const length = ours.split(/\s+/).length;
    const centre = rows.find((x) => x.lean === 'center') ?? rows[0]!;
    const lead = centre.text.split(/\s+/).slice(0, length).join(' ');
    const centroid = centroidSummary(analyzed, length)
      .map((s) => s.text)
      .join(' ');
    for (const [k, text] of [
      ['sitrep', ours],
      ['lead', lead],
      ['centroid', centroid],
    ] as const) {
      sums[k][0] += rougeN(text, reference, 1).f1;
      sums[k][1] += rougeN(text, reference, 2).f1;
    }
    words += length;
    n++;
  }
  const f = (k: keyof typeof sums, i: 0 | 1): number => (n ? sums[k][i] / n : 0);
  const note = (i: 0 | 1): string =>
    `lead of centre article ${f('lead', i).toFixed(3)}, centroid ${f('centroid', i).toFixed(3)} (same length); ${n} stories, ${(words / Math.max(1, n)).toFixed(0)} words on average`;
  return [
    {
      corpus: 'allsides-roundups',
      measure: 'summary ROUGE-1 F1',
      value: f('sitrep', 0),
      target: 'beat both baselines (#4)',
      note: note(0),
    },
    {
      corpus: 'allsides-roundups',
      measure: 'summary ROUGE-2 F1',
      value: f('sitrep', 1),
      target: 'beat both baselines (#4)',
      note: note(1),
    },
  ];
}

export function analyzeRow(r: StoryRow): AnalyzedArticle {
  return analyze({
    id: r.id,
    externalId: r.id,
    source: r.id,
    url: r.url ?? null,
    title: r.title,
    outlet: r.source,
    agency: null,
    authors: [],
    credit: null,
    published: r.date,
    language: 'en',
    format: 'text',
    // A headline-only row is read as `sitrep ingest` reads it: its text is its headline.
    text: r.text || r.title,
    meta: {},
    sourceMap: null,
    removed: [],
  });
}
