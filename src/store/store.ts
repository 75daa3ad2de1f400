/**
 * The storage interface. Two implementations satisfy it: SQLite (default, embedded) and PostgreSQL (scale,
 * to come); both must pass the one shared suite in `store.case.ts`. All methods are async so that a
 * networked implementation fits the same shape.
 */
import type { AnalyzedArticle } from '../model/document.js';

/**
 * What storing one article did: `inserted`; `duplicate` (the same content is stored); `near-duplicate` (the
 * same outlet's article with nearly the same text is stored: one article per outlet, the first kept).
 */
export type PutResult = 'inserted' | 'duplicate' | 'near-duplicate';

/** A stored article whose text is nearly the same as another's (republished wire copy). */
export interface NearDuplicate {
  id: string;
  externalId: string | null;
  title: string | null;
  outlet: string | null;
  published: string | null;
  /** Estimated Jaccard similarity of the two texts' word 5-gram sets. */
  similarity: number;
}

export interface ArticleSummary {
  id: string;
  externalId: string | null;
  source: string;
  title: string | null;
  outlet: string | null;
  published: string | null;
  language: string | null;
  chars: number;
  counts: { entities: number; quotes: number; figures: number; dates: number };
  ingestedAt: string;
}

export interface SearchHit {
  id: string;
  externalId: string | null;
  title: string | null;
  outlet: string | null;
  published: string | null;
  /** BM25 relevance; higher is better. */
  score: number;
  /** A passage around the matches, with matches between [ and ]. */
  snippet: string;
}

export interface ListOptions {
  limit?: number;
  offset?: number;
  outlet?: string;
}

/** Where one article sits in the story clustering. */
export interface StoryAssignment {
  articleId: string;
  story: number;
  event: number;
  /** The similarity that placed the article (1 for the article that opened its story). */
  score: number;
}

/** An assignment with what a listing shows of its article. */
export interface StoryMember extends StoryAssignment {
  externalId: string | null;
  title: string | null;
  outlet: string | null;
  published: string | null;
  language: string | null;
  source: string;
}

export type AnnotationKind = 'entity' | 'quote' | 'figure' | 'date';

export interface AnnotationQuery {
  kind: AnnotationKind;
  /** Only annotations whose label (a quote's speaker, an entity's name, a figure's noun, a date's value) contains this, ignoring case. */
  label?: string;
  /** Only annotations of articles in this story. */
  story?: number;
}

/** One stored annotation with what a listing shows of its article. */
export interface AnnotationRow {
  article: {
    id: string;
    externalId: string | null;
    title: string | null;
    outlet: string | null;
    published: string | null;
    source: string;
  };
  /** The annotation as analysis produced it (a Quote, Entity, Figure or DateMention). */
  item: unknown;
}

/** The story clusterer's saved state; `version` counts saves, for optimistic concurrency. */
export interface SavedClusterState {
  version: number;
  data: string;
}

/** Thrown when another process saved story state since this one read it; read again and redo the work. */
export class StateConflictError extends Error {
  constructor() {
    super('story state was changed by another process');
    this.name = 'StateConflictError';
  }
}

export interface Store {
  /**
   * Store analysed articles in one transaction: all are written or none is. An article whose id is
   * already stored is left as it is and reported as a duplicate.
   */
  putArticles(articles: AnalyzedArticle[]): Promise<PutResult[]>;
  /** An article by its id or its external id. */
  getArticle(id: string): Promise<AnalyzedArticle | null>;
  hasArticle(id: string): Promise<boolean>;
  /**
   * Other outlets' articles with nearly the same text (linked when stored, similarity ≥ 0.5), most
   * similar first.
   */
  nearDuplicates(id: string): Promise<NearDuplicate[]>;
  listArticles(opts?: ListOptions): Promise<ArticleSummary[]>;
  countArticles(): Promise<number>;
  /** Full-text search over titles and texts, best first. */
  search(query: string, opts?: { limit?: number }): Promise<SearchHit[]>;
  /** Every article, oldest ingest first, one at a time (for export). */
  articles(): AsyncIterable<AnalyzedArticle>;
  /** Stored annotations of one kind, oldest publication first, in text order within an article. */
  annotations(query: AnnotationQuery): Promise<AnnotationRow[]>;
  /** The story clusterer's state as last saved, or null before any article was placed in a story. */
  getClusterState(): Promise<SavedClusterState | null>;
  /**
   * In one transaction: save the clusterer's new state, record new assignments, and move the articles of
   * merged stories into the story that absorbed them. Fails with StateConflictError, writing nothing, when
   * the stored state is no longer at `expectedVersion` (0 when there was none). With `replace`, every
   * earlier assignment is dropped first (a rebuild).
   */
  saveStories(
    expectedVersion: number,
    data: string,
    assignments: StoryAssignment[],
    merges: { from: number; into: number }[],
    opts?: { replace?: boolean },
  ): Promise<void>;
  /** Ids of stored articles not yet in any story, oldest publication first. */
  unassignedArticleIds(): Promise<string[]>;
  /** Every article placed in a story, with what a listing shows of it, oldest publication first. */
  storyMembers(story?: number): Promise<StoryMember[]>;
  /** Where the data lives, for people (a file path or a connection string without password). */
  readonly location: string;
  close(): Promise<void>;
}

/** Turn free text into a safe FTS query: every word must occur; "quoted phrases" stay phrases. */
export function toFtsTerms(query: string): string[] {
  const terms: string[] = [];
  const re = /"([^"]*)"|([\p{L}\p{N}][\p{L}\p{N}'’-]*)/gu;
  let m: RegExpExecArray | null;
  while ((m = re.exec(query))) {
    const words = (m[1] ?? m[2] ?? '').match(/[\p{L}\p{N}]+/gu);
    if (words?.length) terms.push(words.join(' '));
  }
  return terms;
}
