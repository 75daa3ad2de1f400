/**
 * The API's request and response schemas (TypeBox, i.e. JSON Schema). Fastify validates requests and
 * serialises responses with them, and @fastify/swagger builds the OpenAPI document from them: the document
 * cannot drift from what the server does. Objects taken from the document model allow further properties,
 * so a field the model gains is passed on rather than dropped.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { CARD_DAYS, CARD_EVENTS, DEFAULT_EACH, DEFAULT_LIMIT, MAX_EACH, MAX_LIMIT } from '../app/api.js';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Str = Type.String();
const NStr = Nullable(Type.String());
const Int = Type.Integer();
const Num = Type.Number();
/** An object of the document model: its listed properties are required, more may come. */
const Model = <P extends Parameters<typeof Type.Object>[0]>(props: P, description?: string) =>
  Type.Object(props, { additionalProperties: true, ...(description ? { description } : {}) });
/** Anything JSON (a part of a view documented in docs/output.md, passed on as the use case gives it). */
const Loose = (description: string) => Type.Object({}, { additionalProperties: true, description });

export const ErrorBody = Type.Object(
  {
    error: Type.String({ description: 'what went wrong, as a code: not-found, bad-request, unauthorized…' }),
    detail: Type.String({ description: 'what went wrong, for people, naming the input' }),
  },
  { description: 'Every failure has this body' },
);

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'a day, YYYY-MM-DD' });

// --------------------------------------------------------------------------------------------- request

export const Paging = {
  limit: Type.Optional(
    Type.Integer({ minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT, description: 'items per page' }),
  ),
  cursor: Type.Optional(
    Type.String({ minLength: 1, maxLength: 512, description: "the previous page's `next`" }),
  ),
};
/** How many items each list inside an answer holds at most (a page's own items are its `limit`). */
const Each = {
  each: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: MAX_EACH,
      default: DEFAULT_EACH,
      description:
        'at most this many items in each list inside the answer; what is cut is counted in `omitted`',
    }),
  ),
};
const StoryFilter = Type.Optional(Type.Integer({ minimum: 0, description: 'only this story' }));
const strict = { additionalProperties: false } as const;

export const ArticlesQuery = Type.Object(
  {
    outlet: Type.Optional(Type.String({ minLength: 1, description: 'outlet name as stored' })),
    language: Type.Optional(Type.String({ minLength: 1, description: 'BCP 47 tag as stored (en, de)' })),
    story: StoryFilter,
    from: Type.Optional({ ...Day, description: 'published on or after this day' }),
    to: Type.Optional({ ...Day, description: 'published on or before this day' }),
    ...Paging,
  },
  strict,
);
export const SearchQuery = Type.Object(
  {
    q: Type.String({ minLength: 1, maxLength: 1000, description: 'words, or "a phrase" in double quotes' }),
    outlet: Type.Optional(Type.String({ minLength: 1 })),
    from: Type.Optional(Day),
    to: Type.Optional(Day),
    entity: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 300,
        description: 'only articles naming this entity (a facet value)',
      }),
    ),
    ...Paging,
  },
  strict,
);
export const StoriesQuery = Type.Object(
  {
    outlet: Type.Optional(
      Type.String({ minLength: 1, description: 'stories with an article from this outlet' }),
    ),
    from: Type.Optional({ ...Day, description: 'stories with an article published on or after this day' }),
    to: Type.Optional({ ...Day, description: 'stories with an article published on or before this day' }),
    ...Paging,
  },
  strict,
);
export const QuotesQuery = Type.Object(
  {
    speaker: Type.Optional(Type.String({ minLength: 1, description: 'speakers whose name contains this' })),
    story: StoryFilter,
    ...Paging,
    ...Each,
  },
  strict,
);
export const EntitiesQuery = Type.Object(
  {
    type: Type.Optional(
      Type.Union([
        Type.Literal('person'),
        Type.Literal('organization'),
        Type.Literal('place'),
        Type.Literal('other'),
      ]),
    ),
    name: Type.Optional(Type.String({ minLength: 1, description: 'name or alias contains this, any case' })),
    story: StoryFilter,
    ...Paging,
    ...Each,
  },
  strict,
);
export const ScopeQuery = Type.Object({ story: StoryFilter, ...Paging }, strict);
export const BriefQuery = Type.Object(
  {
    format: Type.Optional(
      Type.Union([Type.Literal('json'), Type.Literal('md'), Type.Literal('html')], { default: 'json' }),
    ),
    each: Type.Optional(
      Type.Integer({
        ...Each.each,
        description:
          'JSON only: at most this many items in each list of the brief, what is cut counted in `omitted` (Markdown and HTML are whole)',
      }),
    ),
  },
  strict,
);
export const EachQuery = Type.Object({ ...Each }, strict);
export const UploadQuery = Type.Object(
  {
    name: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, description: 'a name for the upload (its source)' }),
    ),
  },
  strict,
);
export const StoryParams = Type.Object({ id: Type.Integer({ minimum: 0, description: 'story id' }) });
export const ArticleParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 512, description: 'article id or external id' }),
});
export const EntityParams = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 512, description: 'entity name or alias, any case' }),
});
export const UploadJson = Type.Object(
  {
    format: Type.Union([Type.Literal('text'), Type.Literal('html'), Type.Literal('jsonl')]),
    content: Type.String({ minLength: 1 }),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  strict,
);

/** A raw upload: the page, text or JSONL lines themselves (the content type says which). */
export const UploadRaw = Type.String({ minLength: 1 });
export type UploadBody = Static<typeof UploadJson> | string;

// -------------------------------------------------------------------------------------------- response

const Omitted = Type.Optional(
  Type.Record(Type.String(), Type.Integer({ minimum: 1 }), {
    description: "how many items each cut list of this object left out, by the list's field name",
  }),
);

const Next = Type.Union([Type.String(), Type.Null()], {
  description: 'cursor of the next page; null on the last',
});
const page = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item), next: Next });

export const Citation = Type.Object(
  {
    articleId: Str,
    externalId: NStr,
    title: NStr,
    outlet: NStr,
    published: NStr,
    start: Int,
    end: Int,
    text: Type.String({ description: 'exactly the article text from start to end' }),
  },
  { description: 'where a fact is: article, outlet, date, character span (UTF-16) and its exact text' },
);

const ArticleSummary = Type.Object({
  id: Str,
  externalId: NStr,
  source: Str,
  title: NStr,
  outlet: NStr,
  published: NStr,
  language: NStr,
  chars: Int,
  counts: Type.Object({ entities: Int, quotes: Int, figures: Int, dates: Int }),
  ingestedAt: Str,
});
export const ArticlePage = page(ArticleSummary);

const TextSpan = Type.Object({ start: Int, end: Int, text: Str });
const Annotation = { start: Int, end: Int, text: Str, confidence: Num };
const Article = Model(
  {
    id: Str,
    externalId: NStr,
    source: Str,
    url: NStr,
    title: NStr,
    outlet: NStr,
    agency: NStr,
    authors: Type.Array(Str),
    credit: NStr,
    published: NStr,
    language: NStr,
    format: Str,
    text: Str,
    meta: Loose('where each metadata field came from'),
    sourceMap: Nullable(Type.Array(Type.Object({ at: Int, raw: Int, length: Int }))),
    removed: Type.Array(Model({ rule: Str, start: Int, end: Int, text: Str })),
    sentences: Type.Array(Type.Object({ start: Int, end: Int })),
    entities: Type.Array(
      Model({
        id: Str,
        name: Str,
        type: Str,
        aliases: Type.Array(Str),
        roles: Type.Array(Str),
        mentions: Type.Array(TextSpan),
        confidence: Num,
      }),
    ),
    quotes: Type.Array(
      Model({
        ...Annotation,
        kind: Str,
        cue: Nullable(TextSpan),
        source: Nullable(TextSpan),
        speaker: NStr,
        speakerEntity: NStr,
      }),
    ),
    figures: Type.Array(
      Model({
        ...Annotation,
        value: Nullable(Num),
        low: Nullable(Num),
        high: Nullable(Num),
        qualifier: Str,
        noun: NStr,
        unit: NStr,
        claimant: NStr,
      }),
    ),
    dates: Type.Array(Model({ ...Annotation, value: NStr, type: Str })),
    warnings: Type.Array(Model({ analyzer: Str, code: Str, message: Str })),
  },
  'the analysed article: docs/output.md',
);
export const ArticleDetail = Type.Object({
  article: Article,
  republished: Type.Array(
    Type.Object({ id: Str, externalId: NStr, title: NStr, outlet: NStr, published: NStr, similarity: Num }),
  ),
  story: Nullable(Type.Object({ id: Int, event: Int })),
});

export const Health = Type.Object({
  status: Type.Literal('ok'),
  version: Str,
  store: Type.String({ description: 'where the data is (no password)' }),
  articles: Int,
  stories: Int,
  unplaced: Type.Integer({ description: 'stored articles not yet in a story' }),
  queue: Type.Optional(
    Type.Object(
      {
        queued: Type.Integer({ description: 'jobs waiting to run (retries included)' }),
        active: Type.Integer({ description: 'jobs running' }),
        failed: Type.Integer({ description: 'jobs that failed every attempt (sitrep jobs --failed)' }),
        completed: Int,
      },
      {
        description:
          'progress of queued work (sitrep ingest --queue, sitrep worker); only for a PostgreSQL store with a job queue',
      },
    ),
  ),
});

const FacetCount = Type.Object({ value: Str, count: Int });
export const SearchResult = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Str,
      externalId: NStr,
      title: NStr,
      outlet: NStr,
      published: NStr,
      score: Num,
      snippet: Type.String({ description: 'a passage with the matches between [ and ]' }),
    }),
  ),
  next: Next,
  facets: Type.Object({
    over: Type.Integer({ description: 'how many of the best matches the counts are over' }),
    outlets: Type.Array(FacetCount),
    days: Type.Array(FacetCount),
    entities: Type.Array(FacetCount),
  }),
});

const DayCount = Type.Object({ day: Str, articles: Int });
const StoryHead = {
  id: Int,
  label: Str,
  first: NStr,
  last: NStr,
  outlets: Type.Array(Str),
  articleCount: Int,
  recentArticles: Type.Integer({ description: 'articles in the last 7 days of the store: the ranking' }),
  perDay: Type.Array(DayCount),
  latest: Nullable(
    Type.Object({ articleId: Str, externalId: NStr, title: NStr, outlet: NStr, published: NStr }),
  ),
};
const EventHead = { id: Int, label: Str, first: NStr, last: NStr };
export const StoryCard = Type.Object({
  ...StoryHead,
  perDay: Type.Array(DayCount, {
    description: `articles per day, the ${CARD_DAYS} latest days with articles`,
  }),
  eventCount: Int,
  events: Type.Array(Type.Object({ ...EventHead, articleCount: Int }), {
    description: `the ${CARD_EVENTS} latest events, latest first`,
  }),
  omitted: Omitted,
});
export const StoryPage = page(StoryCard);
export const StoryDetail = Type.Object({
  ...StoryHead,
  eventCount: Int,
  omitted: Omitted,
  events: Type.Array(
    Type.Object({
      ...EventHead,
      articleCount: Int,
      omitted: Omitted,
      articles: Type.Array(
        Type.Object({
          id: Str,
          externalId: NStr,
          title: NStr,
          outlet: NStr,
          published: NStr,
          source: Str,
          score: Num,
        }),
      ),
    }),
  ),
});

export const Comparison = Type.Object({
  story: Int,
  omitted: Omitted,
  figures: Type.Array(Loose('figures that count one thing across outlets: docs/output.md')),
  statements: Loose('statements across outlets'),
  framing: Loose('hedging and loaded words per outlet'),
});
export const BriefJson = Model(
  {
    story: Model({ id: Int, label: Str, articleCount: Int }, 'the story'),
    summary: Type.Array(Loose('a summary sentence with its citation')),
    actors: Type.Array(Loose('a key actor')),
    quotes: Type.Array(Loose('a speaker with quotations')),
    figures: Type.Array(Loose('figures across outlets')),
    timeline: Type.Array(
      Model(
        {
          date: Type.String({ description: 'TIMEX value: YYYY, YYYY-MM or YYYY-MM-DD' }),
          text: Str,
          planned: Type.Boolean({ description: 'told as to come ("will vote on Friday")' }),
          actors: Type.Array(Str),
          cite: Model(
            { articleId: Str, externalId: NStr, outlet: NStr, published: NStr, start: Int, end: Int },
            'the sentence',
          ),
          anchor: Loose('the date mention that anchors the event: span, exact text, value, confidence'),
          alsoIn: Type.Array(Loose('another article that reports the same dated event')),
        },
        'a dated event: when the timeline is cut, the most reported and most recent are kept',
      ),
    ),
    timelineOmitted: Type.Integer({ minimum: 0, description: 'timeline entries left out to keep it short' }),
    framing: Loose('framing'),
    sources: Type.Array(Loose('a cited article')),
    omitted: Omitted,
  },
  'the cited briefing (sitrep brief --format json)',
);

const SpeakerGroup = Type.Object({
  speaker: NStr,
  omitted: Omitted,
  outlets: Type.Array(Str),
  quotes: Type.Array(
    Type.Object({ kind: Str, text: Str, confidence: Num, cue: NStr, source: NStr, cite: Citation }),
  ),
});
export const QuotePage = page(SpeakerGroup);

const Entity = Type.Object({
  name: Str,
  type: Str,
  aliases: Type.Array(Str),
  mentions: Int,
  articles: Int,
  outlets: Type.Array(Str),
  cites: Type.Array(Citation, { description: 'the first mention in each article' }),
  omitted: Omitted,
});
export const EntityPage = page(Entity);

const FigureItem = Type.Object({
  value: Nullable(Num),
  low: Nullable(Num),
  high: Nullable(Num),
  qualifier: Str,
  noun: NStr,
  unit: NStr,
  claimant: NStr,
  confidence: Num,
  cite: Citation,
});
export const FigurePage = page(FigureItem);

export const EntityDetail = Type.Object({
  entity: Entity,
  quotes: SpeakerGroup.properties.quotes,
  figures: Type.Array(FigureItem),
  stories: Type.Array(Type.Object({ id: Int, label: Str, articles: Int })),
  perDay: Type.Array(DayCount),
  omitted: Omitted,
});

export const TimelinePage = page(
  Type.Object({
    date: Type.String({ description: 'TIMEX value: YYYY, YYYY-MM or YYYY-MM-DD' }),
    actors: Type.Array(Str),
    cite: Citation,
    alsoIn: Type.Array(
      Type.Object({ articleId: Str, externalId: NStr, outlet: NStr, published: NStr, start: Int, end: Int }),
    ),
  }),
);

export const IngestResult = Model(
  {
    database: Str,
    ingested: Type.Array(Model({ id: Str, source: Str, title: NStr })),
    duplicates: Type.Array(Model({ id: Str, source: Str, kind: Str })),
    failed: Type.Array(Model({ input: Str, reason: Str })),
    warnings: Type.Array(Loose('an incomplete analysis')),
    conflicts: Type.Array(Loose('an external id already used')),
    links: Type.Array(Loose('a feed item with only a link')),
    stopped: Nullable(Loose('why writing stopped')),
    stories: Nullable(Loose('what placing in stories did')),
  },
  'what ingesting did (sitrep ingest --format json)',
);

// ---------------------------------------------------------------------------------- watching (issue 19)

export const PagingQuery = Type.Object({ ...Paging }, strict);

const Time = Type.String({ description: 'ISO 8601, UTC' });
const NTime = Nullable(Time);
export const SourceStatus = Type.Object({
  url: Str,
  outlet: NStr,
  language: NStr,
  everySeconds: Type.Integer({ description: 'seconds between polls when all goes well' }),
  addedAt: Time,
  lastFetch: { ...NTime, description: 'when it was last polled' },
  lastNew: { ...NTime, description: 'when a poll last stored a new article' },
  lastError: { ...NStr, description: "the last poll's error; null when it succeeded" },
  failures: Type.Integer({ description: 'polls failed in a row (each doubles the wait)' }),
  nextDue: { ...Time, description: 'when it will be polled next' },
  articles: Type.Integer({ description: 'stored articles from it (its items and the pages they link to)' }),
  revisions: Type.Integer({ description: 'revisions recorded of those articles' }),
});
export const SourcePage = page(SourceStatus);
export const SourceBody = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: 4096, description: 'http(s) URL of a feed or a page' }),
    outlet: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: "its articles' outlet" })),
    language: Type.Optional(
      Type.String({ minLength: 2, maxLength: 35, description: "its articles' language (en, fr, pt-BR)" }),
    ),
    every: Type.Optional(
      Type.String({ minLength: 1, maxLength: 20, description: 'how often to poll: 90s, 15m, 2h, 1d' }),
    ),
  },
  strict,
);
export const SourceAdded = Type.Object({
  added: Type.Boolean({ description: 'false when the source was there already (its settings changed)' }),
  source: SourceStatus,
});
export const SourceUrlQuery = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: 4096, description: 'the URL as the sources list gives it' }),
  },
  strict,
);
export const SourceRemoved = Type.Object({ removed: Str });

const TextChange = Type.Object({
  kind: Type.Union([Type.Literal('added'), Type.Literal('removed'), Type.Literal('changed')]),
  touches: Type.Array(Type.Union([Type.Literal('figure'), Type.Literal('quote')]), {
    description: 'a figure or quote the change falls in (by the analysis of each version)',
  }),
  before: Type.String({ description: "the earlier version's words ('' for an addition)" }),
  after: Type.String({ description: "the later version's words ('' for a removal)" }),
  beforeSpan: Type.Object({ start: Int, end: Int }),
  afterSpan: Type.Object({ start: Int, end: Int }),
});
export const Revisions = Type.Object({
  id: Str,
  title: NStr,
  url: NStr,
  outlet: NStr,
  revisions: Type.Array(
    Type.Object({
      seq: Type.Integer({ description: '1 for the first revision, then 2, 3…' }),
      seenAt: Time,
      source: Str,
      title: NStr,
      titleChanged: Type.Boolean(),
      changes: Type.Array(TextChange, { description: 'against the version before, in text order' }),
    }),
  ),
});

export const Alert = Type.Object(
  {
    id: Type.Integer({ description: 'a later alert has a larger id' }),
    firedAt: Time,
    rule: Type.Union([
      Type.Literal('story-outlets'),
      Type.Literal('entity-statement'),
      Type.Literal('figure-disagrees'),
      Type.Literal('outlet-joins'),
    ]),
    message: Str,
    story: Nullable(Int),
    articleId: Str,
    outlet: NStr,
    title: NStr,
    cite: Type.Object(
      { articleId: Str, start: Int, end: Int, text: Str },
      { description: 'the passage that triggered the alert: article, span and exact text' },
    ),
  },
  { description: 'an alert rule matched by a new article' },
);
export const AlertPage = page(Alert);

export const errors = (...codes: number[]) =>
  Object.fromEntries(codes.map((c) => [c, ErrorBody])) as Record<number, typeof ErrorBody>;
