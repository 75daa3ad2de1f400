/**
 * The storage interface. Two implementations satisfy it: SQLite (default, embedded) and PostgreSQL (scale,
 * to come); both must pass the one shared suite in `store.case.ts`. All methods are async so that a
 * networked implementation fits the same shape.
 */
import type { AnnotationKind, AnnotationRow } from '../model/annotations.js';
import type { AnalyzedArticle } from '../model/document.js';
import { words } from '../util/text.js';

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

export interface AnnotationQuery<K extends AnnotationKind = AnnotationKind> {
  kind: K;
  /** Only annotations whose label (a quote's speaker, an entity's name, a figure's noun, a date's value) contains this, ignoring case. */
  label?: string;
  /** Only annotations of articles in this story. */
  story?: number;
}

/** A near-duplicate fingerprint, computed by the core: a MinHash signature and its band keys. */
export interface Fingerprint {
  /** Empty for a text too short to judge: such an article is never a candidate. */
  signature: number[];
  bands: string[];
}

/** A stored article that shares at least one band with a new one. */
export interface Candidate {
  id: string;
  outlet: string | null;
  signature: number[];
}

/** The policy's decision: not stored (a near-duplicate of `nearDuplicateOf`), or stored with these links. */
export type Verdict = { nearDuplicateOf: string } | { links: { id: string; similarity: number }[] };

/**
 * The near-duplicate policy, owned by the core (`NEAR_DUPLICATES` in ingest/near-duplicates.ts). A store
 * calls it inside its write transaction, so that two writers cannot both store the same outlet's copy:
 * for each new article it computes the fingerprint, reads at most `candidatesPerBand` candidates per band
 * (most recently stored first), asks `judge`, and writes what the verdict says. The store itself decides
 * nothing about similarity.
 */
export interface NearDuplicatePolicy {
  candidatesPerBand: number;
  fingerprint(article: AnalyzedArticle): Fingerprint;
  judge(article: AnalyzedArticle, fingerprint: Fingerprint, candidates: Candidate[]): Verdict;
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
   * already stored is left as it is and reported as a duplicate. With a policy (ingest always passes the
   * core's), each article is fingerprinted and judged against the stored ones, and may be refused as a
   * near-duplicate; without one, nothing is fingerprinted and the articles are never candidates later.
   * A second writer waits for the first (it never fails because another process is writing). Throws
   * StoreFullError, writing nothing, when the database or its disk is full.
   */
  putArticles(articles: AnalyzedArticle[], policy?: NearDuplicatePolicy): Promise<PutResult[]>;
  /**
   * An article by its id; else the first stored article with that external id. Several stored articles
   * can share an external id (an input that reuses ids for different texts; ingest reports it as a
   * conflict): `idsByExternalId` lists them all.
   */
  getArticle(id: string): Promise<AnalyzedArticle | null>;
  /** Ids of the articles with this external id, first stored first. */
  idsByExternalId(externalId: string): Promise<string[]>;
  hasArticle(id: string): Promise<boolean>;
  /**
   * Articles linked to this one as republications of one text (by the policy, when either was stored),
   * most similar first.
   */
  nearDuplicates(id: string): Promise<NearDuplicate[]>;
  listArticles(opts?: ListOptions): Promise<ArticleSummary[]>;
  countArticles(): Promise<number>;
  /** Full-text search over titles and texts, best first. */
  search(query: string, opts?: { limit?: number }): Promise<SearchHit[]>;
  /** Every article, oldest ingest first, one at a time (for export). */
  articles(): AsyncIterable<AnalyzedArticle>;
  /** Stored annotations of one kind, oldest publication first, in text order within an article. */
  annotations<K extends AnnotationKind>(query: AnnotationQuery<K>): Promise<AnnotationRow<K>[]>;
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
    const found = words(m[1] ?? m[2] ?? '');
    if (found.length) terms.push(found.join(' '));
  }
  return terms;
}
