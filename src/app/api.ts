/**
 * The use cases behind the HTTP API: pages of the views the CLI shows, each item with its citation
 * (article id, outlet, date, span, exact text), and the views a dashboard needs besides (stories ranked
 * by recent activity with articles per day, one entity with its statements). Views computed across the
 * store are kept until the store changes (`view` in cache.ts). Never writes, except `ingestContent`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { entitiesAcross, quotesBySpeaker, type CollectionEntity } from '../analyze/collection.js';
import { fold } from '../analyze/lexicon.js';
import { buildTimeline, cutTimeline, type TimelineEntry } from '../brief/brief.js';
import type { AnalyzedArticle, EntityType, Figure } from '../model/document.js';
import type { QueueCounts } from '../store/job-counts.js';
import type { ArticleSummary, FacetCount, SearchHit, Store, StoryMember } from '../store/store.js';
import type { EventOverview, StoryOverview } from '../stories/overview.js';
import { view } from './cache.js';
import { NotFoundError, UsageError } from './errors.js';
import { ingest, type IngestResult } from './ingest.js';
import { storyArticles, storyNotFound, storyOverviews } from './stories.js';
import { brief, compare, type Brief, type Comparison, type SpeakerQuotes } from './views.js';
import { articleRevisions, type RevisionsView } from './articles.js';
import type { FiredAlert } from '../model/alert.js';
import type { SourceRecord } from '../store/store.js';
import { addSource, parseInterval, removeSource } from './sources.js';

/** Where a fact is: its article, that article's outlet and date, the span and its exact text. */
export interface Citation {
  articleId: string;
  externalId: string | null;
  title: string | null;
  outlet: string | null;
  published: string | null;
  start: number;
  end: number;
  text: string;
}

/** One page of a list; `next` is the cursor of the following page, null on the last. */
export interface Page<T> {
  items: T[];
  next: string | null;
}

export interface PageRequest {
  limit?: number;
  /** A `next` from an earlier page of the same list. */
  cursor?: string;
}

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

/** What a cursor holds: a position in a list computed whole, or the last article of a page of articles. */
type CursorState =
  { k: 'offset'; o: number } | { k: 'article'; p: string | null; i: string } | { k: 'alert'; id: number };

function encodeCursor(c: CursorState): string {
  return Buffer.from(JSON.stringify(c), 'utf8').toString('base64url');
}

/** A cursor this API gave, of the kind the list uses; UsageError (HTTP 400) for anything else. */
function decodeCursor<K extends CursorState['k']>(cursor: string, kind: K): Extract<CursorState, { k: K }> {
  const bad = (): UsageError =>
    new UsageError(`cursor "${cursor}" is not one this list gave (use its "next")`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (typeof parsed !== 'object' || parsed === null || !('k' in parsed) || parsed.k !== kind) throw bad();
  if (kind === 'alert') {
    const id = 'id' in parsed ? parsed.id : undefined;
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 1) throw bad();
    return { k: 'alert', id } as Extract<CursorState, { k: K }>;
  }
  if (kind === 'offset') {
    const o = 'o' in parsed ? parsed.o : undefined;
    if (typeof o !== 'number' || !Number.isInteger(o) || o < 0) throw bad();
    return { k: 'offset', o } as Extract<CursorState, { k: K }>;
  }
  const p = 'p' in parsed ? parsed.p : undefined;
  const i = 'i' in parsed ? parsed.i : undefined;
  if ((typeof p !== 'string' && p !== null) || typeof i !== 'string') throw bad();
  return { k: 'article', p, i } as Extract<CursorState, { k: K }>;
}

function limitOf(r: PageRequest): number {
  const limit = r.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
    throw new UsageError(`limit must be a whole number from 1 to ${MAX_LIMIT}, got ${limit}`);
  return limit;
}

/** A page of a list computed whole (the list is a view kept until the store changes). */
function pageOf<T>(all: T[], r: PageRequest): Page<T> {
  const limit = limitOf(r);
  const from = r.cursor === undefined ? 0 : decodeCursor(r.cursor, 'offset').o;
  const items = all.slice(from, from + limit);
  const end = from + items.length;
  return { items, next: end < all.length ? encodeCursor({ k: 'offset', o: end }) : null };
}

/** A day (YYYY-MM-DD) from a stored date or date-time; null when undated. */
const dayOf = (published: string | null): string | null => published?.slice(0, 10) ?? null;

function checkDay(name: string, day: string | undefined): void {
  if (day !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(day))
    throw new UsageError(`${name} must be a day as YYYY-MM-DD, got "${day}"`);
}

// ---------------------------------------------------------------------------------------------- health

export interface Health {
  status: 'ok';
  version: string;
  /** Where the data is (a file path, or a connection string without its password). */
  store: string;
  articles: number;
  stories: number;
  /** Stored articles not yet in a story. */
  unplaced: number;
  /** Progress of queued work (a PostgreSQL store with a job queue; absent otherwise): jobs of both queues. */
  queue?: QueueProgress;
}

export interface QueueProgress {
  /** Waiting to run, retries included. */
  queued: number;
  active: number;
  /** Failed every attempt (`sitrep jobs --failed` lists them). */
  failed: number;
  completed: number;
}

/** A connection string's password is never shown, whatever the store's own `location` says. */
const withoutPassword = (location: string): string => location.replace(/(\/\/[^/:@]*):[^@/]*@/, '$1:***@');

export async function health(store: Store, version: string): Promise<Health> {
  const stories = await storyCards(store);
  return {
    status: 'ok',
    version,
    store: withoutPassword(store.location),
    articles: await store.countArticles(),
    stories: stories.length,
    unplaced: await view(store, 'unplaced', async () => (await store.unassignedArticleIds()).length),
    ...(await queueProgress(store)),
  };
}

/** The queue's counts, read each time (jobs move without changing the store's data). */
async function queueProgress(store: Store): Promise<{ queue?: QueueProgress }> {
  const counts = await store.jobCounts?.();
  if (!counts) return {};
  const sum = (f: (c: QueueCounts) => number): number => counts.reduce((n, c) => n + f(c), 0);
  return {
    queue: {
      queued: sum((c) => c.created + c.retry),
      active: sum((c) => c.active),
      failed: sum((c) => c.failed),
      completed: sum((c) => c.completed),
    },
  };
}

// -------------------------------------------------------------------------------------------- articles

export interface ArticleFilter extends PageRequest {
  outlet?: string;
  language?: string;
  story?: number;
  from?: string;
  to?: string;
}

/** Stored articles, newest first, with filters; pages continue through the store's index at any depth. */
export async function articlePage(store: Store, f: ArticleFilter): Promise<Page<ArticleSummary>> {
  checkDay('from', f.from);
  checkDay('to', f.to);
  const limit = limitOf(f);
  const after = f.cursor === undefined ? undefined : decodeCursor(f.cursor, 'article');
  // One more than asked: whether it comes says whether there is a next page.
  const rows = await store.articlePage({
    outlet: f.outlet,
    language: f.language,
    story: f.story,
    from: f.from,
    to: f.to,
    after: after && { published: after.p, id: after.i },
    limit: limit + 1,
  });
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    next: rows.length > limit && last ? encodeCursor({ k: 'article', p: last.published, i: last.id }) : null,
  };
}

/** One article with all its annotations, its republished copies and the story it is in. */
export interface ArticleDetail {
  article: AnalyzedArticle;
  republished: Awaited<ReturnType<Store['nearDuplicates']>>;
  story: { id: number; event: number } | null;
}

export async function articleDetail(store: Store, id: string): Promise<ArticleDetail> {
  const article = await store.getArticle(id);
  if (!article) throw new NotFoundError('article', id, `no article with id "${id}"`);
  const placed = (await storyMembersById(store)).get(article.id);
  return {
    article,
    republished: await store.nearDuplicates(article.id),
    story: placed ? { id: placed.story, event: placed.event } : null,
  };
}

/** Every placed article's story membership, by article id (kept until the store changes). */
function storyMembersById(store: Store): Promise<Map<string, StoryMember>> {
  return view(
    store,
    'members-by-id',
    async () => new Map((await store.storyMembers()).map((m) => [m.articleId, m])),
  );
}

// ---------------------------------------------------------------------------------------------- search

export interface SearchRequest extends PageRequest {
  q: string;
  outlet?: string;
  from?: string;
  to?: string;
  /** Only articles naming this entity (a value of the entity facet). */
  entity?: string;
}

export interface SearchResult extends Page<SearchHit> {
  /** Counts over the best `facets.over` matches (at most FACET_SAMPLE). */
  facets: {
    over: number;
    outlets: FacetCount[];
    days: FacetCount[];
    entities: FacetCount[];
  };
}

/** Facets are counted over this many of the best matches: enough to chart, bounded for a common word. */
export const FACET_SAMPLE = 1000;

export async function searchPage(store: Store, r: SearchRequest): Promise<SearchResult> {
  checkDay('from', r.from);
  checkDay('to', r.to);
  const limit = limitOf(r);
  const offset = r.cursor === undefined ? 0 : decodeCursor(r.cursor, 'offset').o;
  const filter = { outlet: r.outlet, from: r.from, to: r.to, entity: r.entity };
  const hits = await store.search(r.q, { ...filter, limit: limit + 1, offset });
  const items = hits.slice(0, limit);
  const facets = await view(store, `facets\u0000${JSON.stringify([r.q, filter])}`, () =>
    store.searchFacets(r.q, { ...filter, sample: FACET_SAMPLE }),
  );
  return {
    items,
    next: hits.length > limit ? encodeCursor({ k: 'offset', o: offset + items.length }) : null,
    facets,
  };
}

// --------------------------------------------------------------------------------------------- stories

export interface DayCount {
  day: string;
  articles: number;
}

/** A story with everything the ranking and the filters read (kept whole in the view, cut when sent). */
interface RankedCard {
  id: number;
  label: string;
  first: string | null;
  last: string | null;
  outlets: string[];
  articleCount: number;
  /** Articles published in the ACTIVITY_DAYS days up to the store's newest article: the ranking. */
  recentArticles: number;
  /** Articles per publication day, oldest first (days without articles left out); for a sparkline. */
  perDay: DayCount[];
  events: (Omit<EventOverview, 'articles'> & { articleCount: number })[];
  /** The most recent article: the latest development. */
  latest: {
    articleId: string;
    externalId: string | null;
    title: string | null;
    outlet: string | null;
    published: string | null;
  } | null;
}

/** How many items each list of an answer left out, by the list's field name (absent when none was cut). */
export type Omitted = Record<string, number>;

/**
 * A story as the overview lists it: counts, the CARD_DAYS latest publication days and the CARD_EVENTS
 * latest events, not every event (a story of thousands of articles has hundreds); `omitted` tells how many
 * days and events were left out.
 */
export interface StoryCard extends Omit<RankedCard, 'events'> {
  eventCount: number;
  /** The latest events (by their last article), latest first. */
  events: RankedCard['events'];
  omitted?: Omitted;
}

/** Days of articles per day a story card carries: enough for its sparkline. */
export const CARD_DAYS = 60;
/** Events a story card carries. */
export const CARD_EVENTS = 3;

/** One story: its card's head with every publication day, and its events with their articles (cut by `each`). */
export interface StoryDetail extends Omit<RankedCard, 'events'> {
  eventCount: number;
  events: (EventOverview & { articleCount: number; omitted?: Omitted })[];
  omitted?: Omitted;
}

/**
 * Lists inside an answer (a story's events, a brief's actors and sources, a comparison's figures, a
 * speaker's quotations) hold at most this many items unless the request asks otherwise (`each`), up to
 * MAX_EACH: a story of thousands of articles otherwise answers megabytes a page does not show.
 */
export const DEFAULT_EACH = 10;
export const MAX_EACH = 500;

function eachOf(each: number | undefined): number {
  const n = each ?? DEFAULT_EACH;
  if (!Number.isInteger(n) || n < 1 || n > MAX_EACH)
    throw new UsageError(`each must be a whole number from 1 to ${MAX_EACH}, got ${n}`);
  return n;
}

/**
 * A copy of `value` in which every list that is an object's field holds at most `each` items, its first
 * ones (lists are ranked or ordered by their view); an object that had a list cut names it, with how many
 * items were left out, in its `omitted`. Fields named in `whole` are kept whole (bounded already).
 */
export function cutLists<T>(value: T, each: number, whole: ReadonlySet<string> = new Set()): T {
  const cut = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(cut);
    if (v === null || typeof v !== 'object') return v;
    const out: Record<string, unknown> = {};
    const omitted: Omitted = {};
    for (const [k, x] of Object.entries(v)) {
      if (Array.isArray(x) && x.length > each && !whole.has(k)) {
        omitted[k] = x.length - each;
        out[k] = x.slice(0, each).map(cut);
      } else out[k] = cut(x);
    }
    if (Object.keys(omitted).length > 0)
      out.omitted = { ...((out.omitted as Omitted | undefined) ?? {}), ...omitted };
    return out;
  };
  return cut(value) as T;
}

/** "Recent" for ranking stories: the last week of the store (corpora are often of the past, so not of today). */
export const ACTIVITY_DAYS = 7;

function cardOf(s: StoryOverview, since: string): RankedCard {
  const perDay = new Map<string, number>();
  let latest: RankedCard['latest'] = null;
  for (const e of s.events)
    for (const a of e.articles) {
      const day = dayOf(a.published);
      if (day) perDay.set(day, (perDay.get(day) ?? 0) + 1);
      if (!latest || (a.published ?? '') > (latest.published ?? ''))
        latest = {
          articleId: a.id,
          externalId: a.externalId,
          title: a.title,
          outlet: a.outlet,
          published: a.published,
        };
    }
  const days = [...perDay].sort(([a], [b]) => a.localeCompare(b));
  return {
    id: s.id,
    label: s.label,
    first: s.first,
    last: s.last,
    outlets: s.outlets,
    articleCount: s.articleCount,
    recentArticles: days.filter(([d]) => d >= since).reduce((n, [, c]) => n + c, 0),
    perDay: days.map(([day, articles]) => ({ day, articles })),
    events: s.events.map(({ articles, ...e }) => ({ ...e, articleCount: articles.length })),
    latest,
  };
}

/** The day `days` before `day` (YYYY-MM-DD). */
function daysBefore(day: string, days: number): string {
  const t = Date.parse(`${day}T00:00:00Z`);
  return Number.isNaN(t) ? day : new Date(t - days * 86_400_000).toISOString().slice(0, 10);
}

/** Every story's card and overview, ranked by recent activity (kept until the store changes). */
function rankedStories(store: Store): Promise<{ card: RankedCard; overview: StoryOverview }[]> {
  return view(store, 'stories', async () => {
    const overviews = await storyOverviews(store);
    const newest = overviews.reduce((d, s) => ((s.last ?? '') > d ? (s.last ?? '') : d), '');
    const since = newest ? daysBefore(newest.slice(0, 10), ACTIVITY_DAYS - 1) : '';
    return overviews
      .map((overview) => ({ card: cardOf(overview, since), overview }))
      .sort(
        (a, b) =>
          b.card.recentArticles - a.card.recentArticles ||
          (b.card.last ?? '').localeCompare(a.card.last ?? '') ||
          b.card.articleCount - a.card.articleCount ||
          a.card.id - b.card.id,
      );
  });
}

async function storyCards(store: Store): Promise<RankedCard[]> {
  return (await rankedStories(store)).map((s) => s.card);
}

/** A card as sent: the latest days and events, and how many of each were left out. */
function sentCard({ events, perDay, ...head }: RankedCard): StoryCard {
  const latest = [...events].sort((a, b) => (b.last ?? '').localeCompare(a.last ?? '') || b.id - a.id);
  const omitted: Omitted = {};
  if (perDay.length > CARD_DAYS) omitted.perDay = perDay.length - CARD_DAYS;
  if (events.length > CARD_EVENTS) omitted.events = events.length - CARD_EVENTS;
  return {
    ...head,
    perDay: perDay.slice(-CARD_DAYS),
    eventCount: events.length,
    events: latest.slice(0, CARD_EVENTS),
    ...(Object.keys(omitted).length > 0 ? { omitted } : {}),
  };
}

export interface StoryFilter extends PageRequest {
  /** Stories with an article from this outlet. */
  outlet?: string;
  /** Stories with an article published in [from, to] (days, inclusive). */
  from?: string;
  to?: string;
}

export async function storyPage(store: Store, f: StoryFilter): Promise<Page<StoryCard>> {
  checkDay('from', f.from);
  checkDay('to', f.to);
  const cards = await storyCards(store);
  const inRange = (d: DayCount): boolean => (!f.from || d.day >= f.from) && (!f.to || d.day <= f.to);
  const chosen =
    f.outlet === undefined && f.from === undefined && f.to === undefined
      ? cards
      : cards.filter(
          (c) =>
            (f.outlet === undefined || c.outlets.includes(f.outlet)) &&
            (!(f.from || f.to) || c.perDay.some(inRange)),
        );
  const page = pageOf(chosen, f);
  return { items: page.items.map(sentCard), next: page.next };
}

export async function storyDetailView(store: Store, id: number, each?: number): Promise<StoryDetail> {
  const n = eachOf(each);
  const found = (await rankedStories(store)).find((s) => s.card.id === id);
  if (!found) throw storyNotFound(store, id);
  const events = found.overview.events.map((e) => ({ ...e, articleCount: e.articles.length }));
  return cutLists({ ...found.card, eventCount: events.length, events }, n, new Set(['perDay']));
}

async function requireStoryCard(store: Store, id: number): Promise<void> {
  if (!(await rankedStories(store)).some((s) => s.card.id === id)) throw storyNotFound(store, id);
}

/**
 * Computes a story's comparison and brief elsewhere, on its own connection to the same store: a server
 * hands them to a worker thread, since on a big story they take seconds and would hold every other
 * request meanwhile. Without one, they are computed in the caller's thread.
 */
export interface StoryViewRunner {
  compare(story: number): Promise<Comparison>;
  brief(story: number): Promise<Brief>;
}

/** How the outlets tell one story (kept until the store changes). */
export async function storyComparison(
  store: Store,
  id: number,
  each?: number,
  runner?: StoryViewRunner,
): Promise<Comparison> {
  const n = eachOf(each);
  await requireStoryCard(store, id);
  const whole = await view(store, `compare\u0000${id}`, () =>
    runner ? runner.compare(id) : compare(store, id),
  );
  return cutLists(whole, n);
}

/** A story's cited briefing, whole (kept until the store changes): what the Markdown and HTML pages show. */
export async function storyBrief(store: Store, id: number, runner?: StoryViewRunner): Promise<Brief> {
  await requireStoryCard(store, id);
  return view(store, `brief\u0000${id}`, () => (runner ? runner.brief(id) : brief(store, { story: id })));
}

/**
 * A story's cited briefing with its lists cut to `each` items (the JSON answer). The timeline is cut as
 * the brief cuts it (the most reported and most recent developments, in date order), not to its oldest
 * entries; what it leaves out is added to `timelineOmitted`.
 */
export async function storyBriefCut(
  store: Store,
  id: number,
  each?: number,
  runner?: StoryViewRunner,
): Promise<Brief> {
  const n = eachOf(each);
  const whole = await storyBrief(store, id, runner);
  const { entries, omitted } = cutTimeline(whole.timeline, n);
  const timelineOmitted = whole.timelineOmitted + omitted;
  return cutLists({ ...whole, timeline: entries, timelineOmitted }, n, new Set(['timeline']));
}

// ------------------------------------------------------------------------------------ quotes, entities

/** Quoted speakers with their quotations, each cited with its exact text, most quoted first. */
export type SpeakerGroup = SpeakerQuotes;

export interface QuoteFilter extends PageRequest {
  speaker?: string;
  story?: number;
  /** At most this many quotations (and outlets) per speaker; DEFAULT_EACH unless asked. */
  each?: number;
}

/** Quotations grouped by speaker (kept until the store changes). */
function speakerGroups(store: Store, story?: number): Promise<SpeakerQuotes[]> {
  return view(store, `quotes\u0000${story ?? ''}`, async () => {
    const rows = await store.annotations({ kind: 'quote', story });
    return quotesBySpeaker(
      rows.filter((r) => r.item.kind !== 'headline'),
      await mergedEntities(store, story),
    );
  });
}

/** Entities merged across the store or a story (kept until the store changes). */
function mergedEntities(store: Store, story?: number): Promise<CollectionEntity[]> {
  return view(store, `entities\u0000${story ?? ''}`, async () =>
    entitiesAcross(await store.annotations({ kind: 'entity', story })),
  );
}

export async function quotePage(
  store: Store,
  f: QuoteFilter,
): Promise<Page<SpeakerGroup & { omitted?: Omitted }>> {
  const each = eachOf(f.each);
  if (f.story !== undefined) await requireStoryCard(store, f.story);
  const groups = await speakerGroups(store, f.story);
  const want = f.speaker === undefined ? undefined : fold(f.speaker);
  const page = pageOf(
    want === undefined ? groups : groups.filter((g) => fold(g.speaker ?? '').includes(want)),
    f,
  );
  return { items: page.items.map((g) => cutLists(g, each)), next: page.next };
}

export interface EntityFilter extends PageRequest {
  type?: EntityType;
  /** Only entities whose name or an alias contains this, any case. */
  name?: string;
  story?: number;
  /** At most this many citations (and outlets) per entity; DEFAULT_EACH unless asked. */
  each?: number;
}

/** An entity's lists as an answer carries them: aliases whole (they are how it is found), the rest cut. */
const ENTITY_WHOLE = new Set(['aliases', 'perDay']);

export async function entityPage(
  store: Store,
  f: EntityFilter,
): Promise<Page<CollectionEntity & { omitted?: Omitted }>> {
  const each = eachOf(f.each);
  if (f.story !== undefined) await requireStoryCard(store, f.story);
  const all = await mergedEntities(store, f.story);
  const want = f.name === undefined ? undefined : fold(f.name);
  const page = pageOf(
    all.filter(
      (e) =>
        (f.type === undefined || e.type === f.type) &&
        (want === undefined || [e.name, ...e.aliases].some((n) => fold(n).includes(want))),
    ),
    f,
  );
  // A widely reported entity has a citation per article: thousands on a big store.
  return { ...page, items: page.items.map((e) => cutLists(e, each, ENTITY_WHOLE)) };
}

/** One figure with its citation. */
export interface FigureItem {
  value: number | null;
  low: number | null;
  high: number | null;
  qualifier: Figure['qualifier'];
  noun: string | null;
  unit: string | null;
  claimant: string | null;
  confidence: number;
  cite: Citation;
}

function figureItems(store: Store, story?: number): Promise<FigureItem[]> {
  return view(store, `figures\u0000${story ?? ''}`, async () =>
    (await store.annotations({ kind: 'figure', story }))
      .filter((r) => r.item.noun)
      .map(({ article: a, item: f }) => ({
        value: f.value,
        low: f.low,
        high: f.high,
        qualifier: f.qualifier,
        noun: f.noun,
        unit: f.unit,
        claimant: f.claimant,
        confidence: f.confidence,
        cite: {
          articleId: a.id,
          externalId: a.externalId,
          title: a.title,
          outlet: a.outlet,
          published: a.published,
          start: f.start,
          end: f.end,
          text: f.text,
        },
      })),
  );
}

/** One entity: who it is, what it said and claimed, where it appears, how often over time. */
export interface EntityDetail {
  entity: CollectionEntity;
  quotes: SpeakerQuotes['quotes'];
  figures: FigureItem[];
  stories: { id: number; label: string; articles: number }[];
  /** Articles that mention it, per publication day, oldest first. */
  perDay: DayCount[];
}

/** An entity by its name or one of its aliases (any case); a person before an organisation of one name. */
/**
 * One entity with its quotations, figures and stories, each list cut to `each` items (what is cut is
 * counted in `omitted`); its articles per day are whole.
 */
export async function entityDetail(
  store: Store,
  nameOrAlias: string,
  each?: number,
): Promise<EntityDetail & { omitted?: Omitted }> {
  const n = eachOf(each);
  return cutLists(await wholeEntityDetail(store, nameOrAlias), n, ENTITY_WHOLE);
}

async function wholeEntityDetail(store: Store, nameOrAlias: string): Promise<EntityDetail> {
  const want = fold(nameOrAlias.trim());
  const all = await mergedEntities(store);
  const entity =
    all.find((e) => fold(e.name) === want) ?? all.find((e) => e.aliases.some((a) => fold(a) === want));
  if (!entity) throw new NotFoundError('entity', nameOrAlias, `no entity named "${nameOrAlias}"`);
  const names = new Set([entity.name, ...entity.aliases].map(fold));
  const said = (await speakerGroups(store)).filter((g) => g.speaker !== null && names.has(fold(g.speaker)));
  const members = await storyMembersById(store);
  const labels = new Map((await storyCards(store)).map((c) => [c.id, c.label]));
  const stories = new Map<number, number>();
  const perDay = new Map<string, number>();
  for (const c of entity.cites) {
    const story = members.get(c.articleId)?.story;
    if (story !== undefined) stories.set(story, (stories.get(story) ?? 0) + 1);
    const day = dayOf(c.published);
    if (day) perDay.set(day, (perDay.get(day) ?? 0) + 1);
  }
  return {
    entity,
    quotes: said.flatMap((g) => g.quotes),
    figures: (await figureItems(store)).filter((f) => f.claimant !== null && names.has(fold(f.claimant))),
    stories: [...stories]
      .map(([id, articles]) => ({ id, label: labels.get(id) ?? '', articles }))
      .sort((a, b) => b.articles - a.articles || a.id - b.id),
    perDay: [...perDay].sort(([a], [b]) => a.localeCompare(b)).map(([day, articles]) => ({ day, articles })),
  };
}

// ----------------------------------------------------------------------------------- figures, timeline

export interface StoryScope extends PageRequest {
  story?: number;
}

export async function figurePage(store: Store, f: StoryScope): Promise<Page<FigureItem>> {
  if (f.story !== undefined) await requireStoryCard(store, f.story);
  return pageOf(await figureItems(store, f.story), f);
}

/** A dated event with its citation (the sentence that states it) and the other articles that report it. */
export interface TimelineItem {
  date: string;
  actors: string[];
  cite: Citation;
  alsoIn: Omit<Citation, 'text' | 'title'>[];
}

export async function timelinePage(store: Store, f: StoryScope): Promise<Page<TimelineItem>> {
  if (f.story !== undefined) await requireStoryCard(store, f.story);
  const entries = await view(store, `timeline\u0000${f.story ?? ''}`, async () => {
    const articles = f.story !== undefined ? await storyArticles(store, f.story) : await allArticles(store);
    const titles = new Map(articles.map((a) => [a.id, a.title]));
    return buildTimeline(articles).map((e) => timelineItem(e, titles));
  });
  return pageOf(entries, f);
}

function timelineItem(e: TimelineEntry, titles: Map<string, string | null>): TimelineItem {
  const { paragraph: _p, ...cite } = e.cite;
  return {
    date: e.date,
    actors: e.actors,
    cite: { ...cite, title: titles.get(cite.articleId) ?? null, text: e.text },
    alsoIn: e.alsoIn.map(({ paragraph: _q, ...c }) => c),
  };
}

async function allArticles(store: Store): Promise<AnalyzedArticle[]> {
  const all: AnalyzedArticle[] = [];
  for await (const a of store.articles()) all.push(a);
  return all;
}

// ----------------------------------------------------------------------------------------------- write

export type UploadFormat = 'text' | 'html' | 'jsonl';

const EXTENSION: Record<UploadFormat, string> = { text: 'txt', html: 'html', jsonl: 'jsonl' };

/**
 * Ingest content sent to the API (a page, a text, or JSONL lines) as `sitrep ingest` would a file of that
 * kind: it is written to a private temporary file named `name` (its source in the store), read, analysed,
 * stored and placed in stories; the file is removed afterwards.
 */
export async function ingestContent(
  store: Store,
  o: { format: UploadFormat; content: string; name?: string },
): Promise<IngestResult> {
  const base = (o.name ?? 'upload').replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^[.-]+/, '') || 'upload';
  const dir = mkdtempSync(join(tmpdir(), 'sitrep-upload-'));
  try {
    const file = join(
      dir,
      base.endsWith(`.${EXTENSION[o.format]}`) ? base : `${base}.${EXTENSION[o.format]}`,
    );
    writeFileSync(file, o.content, { mode: 0o600 });
    return await ingest(store, [file]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// --------------------------------------------------------------------------------------- watching (#19)

/** A watched source as the sources page shows it: settings, what its polls found, what it brought. */
export type SourceStatus = Omit<SourceRecord, 'etag' | 'lastModified' | 'bodyHash'> & {
  /** Stored articles that came from it (its items and the pages they link to). */
  articles: number;
  /** Revisions recorded of those articles. */
  revisions: number;
};

async function sourceStatus(store: Store, s: SourceRecord): Promise<SourceStatus> {
  const { etag: _etag, lastModified: _lastModified, bodyHash: _bodyHash, ...shown } = s;
  return { ...shown, ...(await store.sourceCounts(s.url)) };
}

export async function sourcePage(store: Store, r: PageRequest): Promise<Page<SourceStatus>> {
  const page = pageOf(await store.listSources(), r);
  const items: SourceStatus[] = [];
  for (const s of page.items) items.push(await sourceStatus(store, s));
  return { items, next: page.next };
}

export interface SourceRequest {
  url: string;
  outlet?: string;
  language?: string;
  /** How often to poll: 90s, 15m, 2h, 1d (as `sitrep sources add --every`). */
  every?: string;
}

/** Add a source, or change one's settings; the status as stored, and whether it was new. */
export async function putSourceStatus(
  store: Store,
  r: SourceRequest,
): Promise<{ added: boolean; source: SourceStatus }> {
  const { source, added } = await addSource(store, r.url, {
    outlet: r.outlet,
    language: r.language,
    everySeconds: r.every === undefined ? undefined : parseInterval(r.every),
  });
  return { added, source: await sourceStatus(store, source) };
}

export async function deleteSource(store: Store, url: string): Promise<{ removed: string }> {
  await removeSource(store, url);
  return { removed: url };
}

/** An article's revisions with their word-level changes (as `sitrep show <id> --revisions`). */
export async function revisionsOf(store: Store, id: string): Promise<RevisionsView> {
  return articleRevisions(store, id);
}

export type { FiredAlert, RevisionsView };

/** Alerts fired, newest first; a page's `next` continues below its last alert. */
export async function alertPage(store: Store, r: PageRequest): Promise<Page<FiredAlert>> {
  const limit = limitOf(r);
  const before = r.cursor === undefined ? undefined : decodeCursor(r.cursor, 'alert').id;
  const items = await store.alerts({ before, limit: limit + 1 });
  const more = items.length > limit;
  const shown = items.slice(0, limit);
  return { items: shown, next: more ? encodeCursor({ k: 'alert', id: shown.at(-1)!.id }) : null };
}

/** Where a reader of the live stream is: the last article, revision and alert it was told of. */
export interface LiveMark {
  ingestedAt: string | null;
  seenAt: string | null;
  alertId: number;
}

/** A revision as the live stream tells of it: which article, which version, when; the diff is one request away. */
export interface RevisionNotice {
  articleId: string;
  seq: number;
  seenAt: string;
  source: string;
  title: string | null;
}

export interface LiveChanges {
  mark: LiveMark;
  articles: ArticleSummary[];
  revisions: RevisionNotice[];
  alerts: FiredAlert[];
}

/** At most this many of each kind per change: a reader told of more reloads the lists instead. */
export const LIVE_BATCH = 100;

/** Where the store is now: a reader starting from here is told only of what comes after. */
export async function liveMark(store: Store, now = new Date()): Promise<LiveMark> {
  const [latestAlert] = await store.alerts({ limit: 1 });
  // Articles and revisions carry their writer's clock: what is stamped after now is new to this reader.
  return { ingestedAt: now.toISOString(), seenAt: now.toISOString(), alertId: latestAlert?.id ?? 0 };
}

/** What was stored after `mark`: new articles, revisions and alerts, oldest first, and the mark after them. */
export async function changesSince(store: Store, mark: LiveMark): Promise<LiveChanges> {
  const articles = await store.ingestedSince(mark.ingestedAt, LIVE_BATCH);
  const revisions = await store.revisionsSince(mark.seenAt, LIVE_BATCH);
  const alerts = await store.alerts({ after: mark.alertId, limit: LIVE_BATCH });
  return {
    mark: {
      ingestedAt: articles.at(-1)?.ingestedAt ?? mark.ingestedAt,
      seenAt: revisions.at(-1)?.seenAt ?? mark.seenAt,
      alertId: alerts.at(-1)?.id ?? mark.alertId,
    },
    articles,
    revisions: revisions.map((r) => ({
      articleId: r.articleId,
      seq: r.seq,
      seenAt: r.seenAt,
      source: r.source,
      title: r.title,
    })),
    alerts,
  };
}
