/**
 * The demo: the bundled sample corpus ingested and summed up. Every number comes from the same use cases
 * as the commands (`entities`, `quotes`, `stories`, `list`), so the demo and the commands agree.
 */
import { fileURLToPath } from 'node:url';
import type { Store } from '../store/store.js';
import { listArticles } from './articles.js';
import { ingest, type IngestResult } from './ingest.js';
import { storyOverviews, type StoryOverview } from './stories.js';
import {
  entities,
  figures,
  quotes,
  type CollectionEntity,
  type FigureRow,
  type SpeakerQuotes,
} from './views.js';

export const SAMPLE_CORPUS = fileURLToPath(new URL('../../fixtures/sample-corpus/', import.meta.url));

export interface DemoReport {
  corpus: string;
  database: string;
  ingest: IngestResult;
  articles: number;
  /** Articles per outlet, most first. */
  outlets: { outlet: string; articles: number }[];
  stories: StoryOverview[];
  /** The most widely reported people, organisations and places (as `sitrep entities` counts them). */
  entities: CollectionEntity[];
  /** The most quoted speakers (as `sitrep quotes` groups them). */
  speakers: SpeakerQuotes[];
  figures: FigureRow[];
}

export async function demo(store: Store, o: { corpus?: string } = {}): Promise<DemoReport> {
  const corpus = o.corpus ?? SAMPLE_CORPUS;
  const result = await ingest(store, [corpus]);
  const listed = await listArticles(store);
  const outlets = new Map<string, number>();
  for (const a of listed)
    outlets.set(a.outlet ?? 'unknown outlet', (outlets.get(a.outlet ?? 'unknown outlet') ?? 0) + 1);
  return {
    corpus,
    database: store.location,
    ingest: result,
    articles: listed.length,
    outlets: [...outlets]
      .map(([outlet, articles]) => ({ outlet, articles }))
      .sort((a, b) => b.articles - a.articles || a.outlet.localeCompare(b.outlet)),
    stories: await storyOverviews(store),
    entities: (await entities(store)).filter((e) => e.type !== 'other').slice(0, 10),
    speakers: (await quotes(store)).filter((g) => g.speaker !== null).slice(0, 6),
    figures: await figures(store),
  };
}
