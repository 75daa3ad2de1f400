/** Views across the store or one story: who said what, who is involved, figures, timeline, comparison, brief. */
import { readFileSync } from 'node:fs';
import {
  entitiesAcross,
  quotesBySpeaker,
  type CollectionEntity,
  type SpeakerQuotes,
} from '../analyze/collection.js';
import {
  buildBrief,
  buildTimeline,
  cutTimeline,
  type Brief,
  type Timeline,
  type TimelineEntry,
} from '../brief/brief.js';
import { alignFigures, type FigureGroup } from '../compare/figures.js';
import {
  defaultFramingLexicon,
  framing,
  mergeLexicons,
  type FramingLexicon,
  type FramingReport,
} from '../compare/framing.js';
import { compareStatements, type StatementComparison } from '../compare/statements.js';
import type { AnalyzedArticle, EntityType, Figure } from '../model/document.js';
import type { Store } from '../store/store.js';
import { BadInputError, NotFoundError } from './errors.js';
import { requireStory, storyArticles, storyOverviews } from './stories.js';

export type { Brief, CollectionEntity, FigureGroup, FramingReport, SpeakerQuotes, StatementComparison };
export type { Timeline, TimelineEntry };

export interface QuoteQuery {
  /** Only speakers whose name contains this, any case. */
  speaker?: string;
  story?: number;
  /** At most this many speakers. */
  limit?: number;
}

/** Quotations grouped by speaker (headlines left out); NotFoundError for an unknown story. */
export async function quotes(store: Store, o: QuoteQuery = {}): Promise<SpeakerQuotes[]> {
  if (o.story !== undefined) await requireStory(store, o.story);
  const rows = await store.annotations({ kind: 'quote', label: o.speaker, story: o.story });
  const known = entitiesAcross(await store.annotations({ kind: 'entity', story: o.story }));
  return quotesBySpeaker(
    rows.filter((r) => r.item.kind !== 'headline'),
    known,
  ).slice(0, o.limit ?? Infinity);
}

export interface EntityQuery {
  type?: EntityType;
  /** Only entities whose name contains this, any case. */
  name?: string;
  story?: number;
  limit?: number;
}

/** Entities merged across articles, most widely reported first; NotFoundError for an unknown story. */
export async function entities(store: Store, o: EntityQuery = {}): Promise<CollectionEntity[]> {
  if (o.story !== undefined) await requireStory(store, o.story);
  const rows = await store.annotations({ kind: 'entity', label: o.name, story: o.story });
  return entitiesAcross(rows)
    .filter((e) => !o.type || e.type === o.type)
    .slice(0, o.limit ?? Infinity);
}

/** Articles of one story, or every stored article. */
async function articlesOf(store: Store, story: number | undefined): Promise<AnalyzedArticle[]> {
  if (story !== undefined) return storyArticles(store, story);
  const all: AnalyzedArticle[] = [];
  for await (const a of store.articles()) all.push(a);
  return all;
}

/**
 * Dated events in the order they happened; with a limit, the most reported and most recent are kept and
 * the number left out is told. NotFoundError for an unknown story.
 */
export async function timeline(store: Store, o: { story?: number; limit?: number } = {}): Promise<Timeline> {
  return cutTimeline(buildTimeline(await articlesOf(store, o.story)), o.limit ?? Infinity);
}

/** One figure as found, with its article. */
export interface FigureRow {
  figure: Figure;
  article: { id: string; externalId: string | null; outlet: string | null; published: string | null };
}

/** Every figure that says what it counts, in store order; NotFoundError for an unknown story. */
export async function figures(store: Store, o: { story?: number } = {}): Promise<FigureRow[]> {
  const rows: FigureRow[] = [];
  for (const a of await articlesOf(store, o.story))
    for (const f of a.figures)
      if (f.noun)
        rows.push({
          figure: f,
          article: { id: a.id, externalId: a.externalId, outlet: a.outlet, published: a.published },
        });
  return rows;
}

/** The built-in framing lexicon with a user's file added; BadInputError naming the file when it is not one. */
export function readLexicon(file: string): FramingLexicon {
  let extra: FramingLexicon;
  try {
    extra = JSON.parse(readFileSync(file, 'utf8')) as FramingLexicon;
  } catch (err) {
    throw new BadInputError(file, `not a readable JSON lexicon (${(err as Error).message})`);
  }
  try {
    return mergeLexicons(defaultFramingLexicon(), extra);
  } catch (err) {
    throw new BadInputError(file, (err as Error).message);
  }
}

export interface Comparison {
  story: number;
  figures: FigureGroup[];
  statements: StatementComparison;
  framing: FramingReport;
}

/** How the outlets tell one story; NotFoundError for an unknown story. */
export async function compare(
  store: Store,
  story: number,
  o: { lexicon?: FramingLexicon } = {},
): Promise<Comparison> {
  const articles = await storyArticles(store, story);
  return {
    story,
    figures: alignFigures(articles),
    statements: compareStatements(articles),
    framing: framing(articles, o.lexicon ?? defaultFramingLexicon()),
  };
}

/** A cited briefing on one story, the biggest without `story`; NotFoundError when there is no such story. */
export async function brief(
  store: Store,
  o: { story?: number; lexicon?: FramingLexicon } = {},
): Promise<Brief> {
  const story = (await storyOverviews(store, o.story))[0];
  if (!story)
    throw new NotFoundError(
      'story',
      String(o.story ?? ''),
      o.story === undefined
        ? `no stories in ${store.location}; add articles with: sitrep ingest <files> (or place them: sitrep place)`
        : `no story "${o.story}" in ${store.location} (sitrep stories lists them)`,
    );
  return buildBrief(story, await storyArticles(store, story.id), { lexicon: o.lexicon });
}
