/**
 * The storage interface. Two implementations satisfy it: SQLite (default, embedded) and PostgreSQL (scale,
 * to come); both must pass the one shared suite in `store.case.ts`. All methods are async so that a
 * networked implementation fits the same shape.
 */
import type { AnnotationKind, AnnotationRow } from '../model/annotations.js';
import type { Alert, FiredAlert } from '../model/alert.js';
import type { AnalyzedArticle } from '../model/document.js';
import { words } from '../util/text.js';
import type { QueueCounts } from './job-counts.js';

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

/** Where a page of articles (newest first) ends: the next page starts after this article. */
export interface ArticleKey {
  published: string | null;
  id: string;
}

/**
 * A page of stored articles, newest publication first (undated ones last), then by id descending, so that
 * `after` (the last article of the previous page) continues the list through an index, at any depth.
 */
export interface ArticleQuery {
  outlet?: string;
  /** BCP 47 tag as stored ("en", "de"). */
  language?: string;
  /** Only articles placed in this story. */
  story?: number;
  /** Published on or after this day (YYYY-MM-DD). */
  from?: string;
  /** Published on or before this day (YYYY-MM-DD), the whole day included. */
  to?: string;
  after?: ArticleKey;
  limit: number;
}

/** Narrowing a full-text search; a search page is `offset` hits into the ranking. */
export interface SearchOptions {
  limit?: number;
  offset?: number;
  outlet?: string;
  /** Published on or after this day (YYYY-MM-DD). */
  from?: string;
  /** Published on or before this day (YYYY-MM-DD), the whole day included. */
  to?: string;
  /** Only articles with an entity of exactly this name (as the entity facet gives it). */
  entity?: string;
}

export interface FacetCount {
  value: string;
  count: number;
}

/** Counts over the best matches of a search: by outlet, by publication day, by entity (most first). */
export interface SearchFacets {
  /** How many of the best matches the counts are over (at most the `sample` asked for). */
  over: number;
  outlets: FacetCount[];
  /** By publication day (YYYY-MM-DD), oldest first; undated matches are not counted. */
  days: FacetCount[];
  /** Entity names as the articles give them, the most widely found first. */
  entities: FacetCount[];
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

/**
 * The story clusterer's state is kept in rows (per term, story, event and remembered member), read for the
 * candidates one article needs and written where it changed. These types are what a store reads and writes;
 * how it encodes them (SQLite blobs, PostgreSQL arrays) is its own business. Times are ms since the epoch.
 */
export interface StoryMeta {
  /** The clustering options the state was built with, as JSON (opaque to the store). */
  options: string;
  /** Articles placed so far. */
  docs: number;
  nextStory: number;
  nextEvent: number;
  /** Counts committed placements; a placer whose cached rows are older than this reads them again. */
  generation: number;
}

/** A term-weight centroid: terms in insertion order, weights exactly as computed (stored losslessly). */
export interface StoryCentroid {
  size: number;
  first: number | null;
  last: number | null;
  terms: string[];
  weights: number[];
}

export interface StoryRow extends StoryCentroid {
  id: number;
  /** Events ever placed in the story (the next event's position in it). */
  eventCount: number;
  /** The title of the member closest to the centroid, for listings. */
  label: string;
}

export interface StoryEventRow extends StoryCentroid {
  id: number;
  story: number;
  /** Position in its story (order of creation; a merged story's events follow the absorbing story's). */
  ord: number;
  label: string;
}

/** One of a story's most recent members: its heaviest terms and the event it went to. */
export interface StoryMemberRow {
  story: number;
  /** Position in the story's list of recent members (increasing). */
  seq: number;
  event: number;
  terms: string[];
  weights: number[];
}

/** One entry of a term's list of stories (most recent last); `seq` orders the list. */
export interface StoryPosting {
  term: string;
  seq: number;
  story: number;
  /** Written only if the term's last stored posting is of another story (the placer did not read it). */
  unlessLast?: boolean;
}

/** What a batch of placements changed; written at once by `StoryStateTx.write`. */
export interface StoryChanges {
  meta: StoryMeta;
  /** New document frequencies of terms (absolute). */
  df: { term: string; df: number }[];
  postings: StoryPosting[];
  /** Drop a term's postings older than `before` (they fell out of the window the clusterer reads). */
  prunePostings: { term: string; before: number }[];
  /** Keep only the last `keep` postings of these terms (written without being read). */
  trimPostings: { terms: string[]; keep: number };
  /** Live stories to insert or replace. */
  stories: StoryRow[];
  events: StoryEventRow[];
  members: StoryMemberRow[];
  /** Drop a story's remembered members older than `before` (beyond the cap). */
  pruneMembers: { story: number; before: number }[];
  assignments: StoryAssignment[];
  /** Story ids merged away, each with the live story it now lives in (written when converting the old state). */
  redirects: { from: number; into: number }[];
  /** The old one-document state (`legacyState`) has been converted: drop it. */
  legacyConverted?: boolean;
}

/** A story absorbed by another: `from`'s articles and events move to `into`, which keeps `members`. */
export interface StoryMerge {
  from: number;
  into: number;
  /** Added to the positions of `from`'s events, so that they follow `into`'s. */
  eventOffset: number;
  /** `into`'s recent members after the merge (they replace both stories' members). */
  members: StoryMemberRow[];
}

/** Story and event labels, for listings (no clustering state needed). */
export interface StoryLabels {
  stories: Map<number, string>;
  events: Map<number, string>;
}

/**
 * The story state as one placer sees it inside `Store.storyTransaction`: every read is of the rows an
 * article needs (by key, or one story's events in a time range), every write is of what changed.
 */
export interface StoryStateTx {
  meta(): Promise<StoryMeta | null>;
  /** The pre-rows state (one JSON document) when the database still holds one, to convert once. */
  legacyState(): Promise<string | null>;
  /** Document frequencies; a term never seen is absent. */
  df(terms: string[]): Promise<Map<string, number>>;
  /** The last `limit` postings of each term, oldest first; a term without postings is absent. */
  postings(terms: string[], limit: number): Promise<Map<string, StoryPosting[]>>;
  /** Live stories by id (merged-away ids are absent). */
  stories(ids: number[]): Promise<StoryRow[]>;
  /** For merged-away ids among `ids`: the live story each now lives in. */
  redirects(ids: number[]): Promise<Map<number, number>>;
  /** Remembered members of these stories, by story, oldest first. */
  members(stories: number[]): Promise<StoryMemberRow[]>;
  /**
   * Ids of the story's events whose time span comes within [from, to] (first ≤ to and last ≥ from), and
   * of its undated events; every event of the story when `from` is null.
   */
  eventIds(story: number, from: number | null, to: number | null): Promise<number[]>;
  events(ids: number[]): Promise<StoryEventRow[]>;
  /** Which of these articles are already placed in a story. */
  assigned(articleIds: string[]): Promise<Set<string>>;
  write(changes: StoryChanges): Promise<void>;
  /** Apply a merge at once (the placer writes its pending changes first). */
  merge(m: StoryMerge): Promise<void>;
  /** Forget every story, event, member, posting, frequency and assignment (a rebuild starts with this). */
  reset(): Promise<void>;
}

/**
 * A feed or page that `watch` polls, with what the last polls found. Times are ISO 8601 (UTC); the
 * validators are the server's, sent back in the next conditional request.
 */
export interface SourceRecord {
  url: string;
  outlet: string | null;
  language: string | null;
  /** Seconds between polls when all goes well. */
  everySeconds: number;
  addedAt: string;
  lastFetch: string | null;
  /** When a poll last stored a new article. */
  lastNew: string | null;
  /** The last poll's error, or null when it succeeded. */
  lastError: string | null;
  /** Polls failed in a row (the back-off doubles the interval for each). */
  failures: number;
  nextDue: string;
  etag: string | null;
  lastModified: string | null;
  /** A hash of the last body read, so that a server without validators costs no analysis either. */
  bodyHash: string | null;
}

/** A stretch of a text that holds a figure or a quote, so that a change inside it is named as such. */
export interface RevisionMark {
  kind: 'figure' | 'quote';
  start: number;
  end: number;
  text: string;
}

/**
 * A later text of a stored article (the same URL or feed guid, seen again with changed text). The article
 * keeps the text it was first stored with; revisions follow in the order they were seen.
 */
export interface ArticleRevision {
  articleId: string;
  /** 1 for the first revision, then 2, 3… */
  seq: number;
  /** The id the changed content would have had as an article of its own. */
  contentId: string;
  seenAt: string;
  source: string;
  title: string | null;
  text: string;
  marks: RevisionMark[];
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
  /**
   * Replace the analysis of the stored article with `article.id` (its sentences, warnings and every
   * annotation) by the given one, in one transaction: a reader sees the old analysis or the new, never
   * a mix. The article's text, metadata, story placement and revisions stay. False, writing nothing, when
   * no article has that id. Throws StoreFullError, writing nothing, when the database or its disk is full.
   */
  replaceAnalysis(article: AnalyzedArticle): Promise<boolean>;
  /** Ids of the articles with this external id, first stored first. */
  idsByExternalId(externalId: string): Promise<string[]>;
  hasArticle(id: string): Promise<boolean>;
  /** The stored articles with these ids (not external ids), in the order asked; ids not stored are left out. */
  getArticles(ids: string[]): Promise<AnalyzedArticle[]>;
  /** Which of these ids are stored: one look-up for a batch (a worker skips what is stored before analysing). */
  storedIds(ids: string[]): Promise<Set<string>>;
  /**
   * Articles linked to this one as republications of one text (by the policy, when either was stored),
   * most similar first.
   */
  nearDuplicates(id: string): Promise<NearDuplicate[]>;
  listArticles(opts?: ListOptions): Promise<ArticleSummary[]>;
  countArticles(): Promise<number>;
  /** Full-text search over titles and texts, best first. */
  search(query: string, opts?: SearchOptions): Promise<SearchHit[]>;
  /** Facets of a search (same query and filters) over its `sample` best matches. */
  searchFacets(
    query: string,
    opts: Omit<SearchOptions, 'limit' | 'offset'> & { sample: number },
  ): Promise<SearchFacets>;
  /** One page of articles with filters, newest first (ArticleQuery). */
  articlePage(query: ArticleQuery): Promise<ArticleSummary[]>;
  /**
   * A token that changes whenever anything stored changes (through this handle or any other writer), so
   * that views computed from the store can be kept until it changes. Cheap: called on every API request.
   */
  dataVersion(): Promise<string>;
  /** Every article, oldest ingest first, one at a time (for export). */
  articles(): AsyncIterable<AnalyzedArticle>;
  /** Stored annotations of one kind, oldest publication first, in text order within an article. */
  annotations<K extends AnnotationKind>(query: AnnotationQuery<K>): Promise<AnnotationRow<K>[]>;
  /**
   * Run `work` as the only story placer: other placers (in this process or any other) wait until it
   * ends. Everything `work` writes through `tx` is committed when it resolves and dropped when it throws.
   * SQLite: one IMMEDIATE transaction; PostgreSQL: a transaction holding an advisory lock.
   */
  storyTransaction<T>(work: (tx: StoryStateTx) => Promise<T>): Promise<T>;
  /** Labels of the stories (all, or one) and of their events. */
  storyLabels(story?: number): Promise<StoryLabels>;
  /** Ids of stored articles not yet in any story, oldest publication first. */
  unassignedArticleIds(): Promise<string[]>;
  /** Every article placed in a story, with what a listing shows of it, oldest publication first. */
  storyMembers(story?: number): Promise<StoryMember[]>;
  /** The first stored article with this URL, or null. */
  articleIdByUrl(url: string): Promise<string | null>;
  /**
   * Record a revision after the article's last one (its `seq` is assigned); null, recording nothing, when
   * this content is the article's already (its stored text or one of its revisions).
   */
  addRevision(revision: Omit<ArticleRevision, 'seq'>): Promise<ArticleRevision | null>;
  /** An article's revisions, oldest first. */
  revisions(articleId: string): Promise<ArticleRevision[]>;
  /** Revisions of any article seen after `since` (ISO 8601; all without it), oldest first, at most `limit`. */
  revisionsSince(since: string | null, limit: number): Promise<ArticleRevision[]>;
  /** Articles stored after `since` (an `ingestedAt`; all without it), oldest first, at most `limit`. */
  ingestedSince(since: string | null, limit: number): Promise<ArticleSummary[]>;
  /**
   * How many stored articles and revisions came from a source: its URL, or an item or linked page of it
   * (`url#N`).
   */
  sourceCounts(url: string): Promise<{ articles: number; revisions: number }>;
  /** Keep alerts as fired at `firedAt`, numbered after every alert kept before; returns them numbered. */
  addAlerts(alerts: Alert[], firedAt: string): Promise<FiredAlert[]>;
  /**
   * Alerts kept: newest first below `before` (an id), or with `after` the ones fired after that id,
   * oldest first. At most `limit`.
   */
  alerts(query: { before?: number; after?: number; limit: number }): Promise<FiredAlert[]>;
  /** Add a source, or replace the stored record of the one with this URL. */
  putSource(source: SourceRecord): Promise<void>;
  /** Forget a source; false when none has this URL. Its articles stay. */
  removeSource(url: string): Promise<boolean>;
  /** Every source, by URL. */
  listSources(): Promise<SourceRecord[]>;
  /**
   * The job queue's counts per queue (a PostgreSQL database where `sitrep ingest --queue` or a worker has
   * made the queue); null when it has none. Absent from stores that never have a queue (SQLite).
   */
  jobCounts?(): Promise<QueueCounts[] | null>;
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
