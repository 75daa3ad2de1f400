/**
 * The API as the dashboard reads it (docs/api.md lists the routes; /api/openapi.json is their schema).
 * Every call goes through `get`, which turns an error body `{error, detail}` into an ApiError the pages
 * show as it is.
 */

/** Where a claim comes from: the article, its outlet and date, and the span of its cleaned text. */
export interface Cite {
  articleId: string;
  outlet: string | null;
  published: string | null;
  start: number;
  end: number;
  externalId?: string | null;
  title?: string | null;
  /** The exact text of the span, when the response carries it. */
  text?: string;
}

/** One page of a list; `next` is the cursor of the following page, null on the last. */
export interface Page<T> {
  items: T[];
  next: string | null;
}

export interface DayCount {
  day: string;
  articles: number;
}

export interface StoryArticle {
  id: string;
  externalId: string | null;
  title: string | null;
  outlet: string | null;
  published: string | null;
}

interface EventHead {
  id: number;
  label: string;
  first: string | null;
  last: string | null;
}

/**
 * How many items each list of an answer left out, by the list's field name: lists inside answers hold at
 * most `each` items (10 unless asked), story cards the latest days and events.
 */
export type Omitted = Record<string, number>;

/** How many items a list of `o` had before the server cut it. */
export function total<T extends { omitted?: Omitted }>(o: T, field: keyof T & string): number {
  const list = o[field];
  return (Array.isArray(list) ? list.length : 0) + (o.omitted?.[field] ?? 0);
}

/** A story as the overview lists it, ranked by recent activity. */
export interface StoryCard {
  id: number;
  label: string;
  first: string | null;
  last: string | null;
  outlets: string[];
  articleCount: number;
  recentArticles: number;
  /** The latest days with articles. */
  perDay: DayCount[];
  eventCount: number;
  /** The latest events. */
  events: (EventHead & { articleCount: number })[];
  latest: { articleId: string; title: string | null; outlet: string | null; published: string | null } | null;
  omitted?: Omitted;
}

/** One story, with its events and their articles (each list cut). */
export interface StoryDetail extends Omit<StoryCard, 'events'> {
  events: (EventHead & { articleCount: number; articles: StoryArticle[]; omitted?: Omitted })[];
}

export interface SpeakerQuotes {
  speaker: string | null;
  omitted?: Omitted;
  outlets: string[];
  quotes: {
    kind: string;
    text: string;
    cue: string | null;
    source: string | null;
    confidence?: number;
    cite: Cite;
  }[];
}

export interface AlignedFigure {
  articleId: string;
  outlet: string | null;
  published: string | null;
  text: string;
  value: number | null;
  unit: string | null;
  claimant: string | null;
  start: number;
  end: number;
  dates: string[];
  period: string | null;
  sentence: string;
}

export interface FigureGroup {
  noun: string;
  omitted?: Omitted;
  figures: AlignedFigure[];
  verdict: 'agree' | 'differ' | 'incomparable' | 'single';
  reason: string | null;
}

export interface TimelineItem {
  date: string;
  actors: string[];
  /** The sentence that states the date, as a citation with its text. */
  cite: Cite & { text: string };
  alsoIn: Cite[];
}

export interface OutletFraming {
  outlet: string;
  articles: number;
  words: number;
  categories: Record<
    string,
    { count: number; per1000: number; quoted: number; terms: Record<string, number> }
  >;
}

export interface FramingOccurrence {
  articleId: string;
  outlet: string;
  category: string;
  term: string;
  start: number;
  end: number;
  text: string;
  context: string;
  quoted: boolean;
}

export interface StatementVersion {
  articleId: string;
  outlet: string | null;
  published: string | null;
  kind: string;
  text: string;
  start: number;
  end: number;
  onlyHere: string[];
}

export interface Comparison {
  story: number;
  figures: FigureGroup[];
  statements: {
    shared: StatementGroup[];
    single: StatementGroup[];
    omitted?: Omitted;
  };
  framing: { outlets: OutletFraming[]; occurrences: FramingOccurrence[]; omitted?: Omitted };
  omitted?: Omitted;
}

export interface StatementGroup {
  speaker: string | null;
  versions: StatementVersion[];
  outlets: string[];
  omitted?: Omitted;
}

export interface Brief {
  story: {
    id: number;
    label: string;
    first: string | null;
    last: string | null;
    outlets: string[];
    articleCount: number;
  };
  summary: { text: string; cite: Cite }[];
  actors: Entity[];
  figures: FigureGroup[];
  framing: Comparison['framing'];
  omitted?: Omitted;
}

export interface Entity {
  name: string;
  type: string;
  aliases: string[];
  mentions: number;
  articles: number;
  outlets: string[];
  cites: Cite[];
  omitted?: Omitted;
}

export interface FigureItem {
  value: number | null;
  noun: string | null;
  unit: string | null;
  claimant: string | null;
  cite: Cite & { text: string };
}

/** One entity: who it is, what it said and claimed, where it appears, how often over time. */
export interface EntityDetail {
  entity: Entity;
  quotes: SpeakerQuotes['quotes'];
  figures: FigureItem[];
  stories: { id: number; label: string; articles: number }[];
  perDay: DayCount[];
  omitted?: Omitted;
}

interface Spanned {
  start: number;
  end: number;
  text: string;
}

export interface Article {
  id: string;
  externalId: string | null;
  title: string | null;
  outlet: string | null;
  published: string | null;
  language: string | null;
  url: string | null;
  authors: string[];
  text: string;
  entities: { id: string; name: string; type: string; mentions: Spanned[] }[];
  quotes: (Spanned & { kind: string; speaker: string | null; source: Spanned | null; cue: Spanned | null })[];
  figures: (Spanned & { unit: string | null; claimant: string | null })[];
  dates: (Spanned & { value: string | null })[];
  warnings: { analyzer: string; code: string; message: string }[];
}

export interface ArticleDetail {
  article: Article;
  republished: { id: string; outlet: string | null; published: string | null; title: string | null }[];
  story: { id: number; event: number } | null;
}

export interface SearchHit {
  id: string;
  title: string | null;
  outlet: string | null;
  published: string | null;
  score: number;
  /** A passage around the matches, with matches between [ and ]. */
  snippet: string;
}

export interface Facet {
  value: string;
  count: number;
}

export interface SearchResult extends Page<SearchHit> {
  facets: { over: number; outlets: Facet[]; days: Facet[]; entities: Facet[] };
}

/** A stored article as listed and as the live stream announces it. */
export interface ArticleNotice {
  id: string;
  externalId: string | null;
  title: string | null;
  outlet: string | null;
  published: string | null;
  source: string;
  ingestedAt: string;
}

export interface RevisionNotice {
  articleId: string;
  seq: number;
  seenAt: string;
  source: string;
  title: string | null;
}

/** An alert rule matched by a new article, citing the passage that triggered it. */
export interface FiredAlert {
  id: number;
  firedAt: string;
  rule: 'story-outlets' | 'entity-statement' | 'figure-disagrees' | 'outlet-joins';
  message: string;
  story: number | null;
  articleId: string;
  outlet: string | null;
  title: string | null;
  cite: { articleId: string; start: number; end: number; text: string };
}

/** A watched feed or page with what its polls found. */
export interface SourceStatus {
  url: string;
  outlet: string | null;
  language: string | null;
  everySeconds: number;
  addedAt: string;
  lastFetch: string | null;
  lastNew: string | null;
  lastError: string | null;
  failures: number;
  nextDue: string;
  articles: number;
  revisions: number;
}

export interface TextChange {
  kind: 'added' | 'removed' | 'changed';
  touches: ('figure' | 'quote')[];
  before: string;
  after: string;
}

export interface Revisions {
  id: string;
  title: string | null;
  url: string | null;
  outlet: string | null;
  revisions: {
    seq: number;
    seenAt: string;
    source: string;
    title: string | null;
    titleChanged: boolean;
    changes: TextChange[];
  }[];
}

/** A failed call: the status and the server's own words for what went wrong. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly detail: string,
  ) {
    super(`${error}: ${detail}`);
  }
}

type Query = Record<string, string | number | null | undefined>;

export function apiUrl(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return `api${path}${qs ? `?${qs}` : ''}`;
}

/** GET a JSON document; ApiError for any answer but 2xx (or no answer at all: status 0). */
export async function get<T>(path: string, query: Query = {}, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(apiUrl(path, query), { signal });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ApiError(0, 'unreachable', 'the sitrep server did not answer; is `sitrep serve` running?');
  }
  return answer<T>(res, path);
}

/** POST (JSON) or DELETE; ApiError as for `get`. */
export async function send<T>(
  method: 'POST' | 'DELETE',
  path: string,
  o: { query?: Query; body?: unknown } = {},
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(apiUrl(path, o.query), {
      method,
      headers: o.body === undefined ? {} : { 'content-type': 'application/json' },
      body: o.body === undefined ? undefined : JSON.stringify(o.body),
    });
  } catch {
    throw new ApiError(0, 'unreachable', 'the sitrep server did not answer; is `sitrep serve` running?');
  }
  return answer<T>(res, path);
}

/** A response's JSON, or an ApiError with the server's error and detail. */
async function answer<T>(res: Response, path: string): Promise<T> {
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: string; detail?: string } | null;
    throw new ApiError(
      res.status,
      body?.error ?? res.statusText,
      body?.detail ?? `${res.status} from ${path}`,
    );
  }
  return (await res.json()) as T;
}
