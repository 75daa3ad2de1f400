/**
 * The HTTP server: the API over the application layer (src/app) and the dashboard's files. Route handlers
 * only translate: request in, one use case, response out. Every request is validated against the route's
 * schema, every failure answers `{error, detail}` with its status, and the OpenAPI document at
 * /api/openapi.json is generated from the same schemas.
 */
import swagger from '@fastify/swagger';
import fastifyStatic from '@fastify/static';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import { createHash, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import {
  alertPage,
  articleDetail,
  articlePage,
  deleteSource,
  entityDetail,
  entityPage,
  figurePage,
  health,
  ingestContent,
  putSourceStatus,
  quotePage,
  revisionsOf,
  searchPage,
  sourcePage,
  storyBrief,
  storyBriefCut,
  storyComparison,
  storyDetailView,
  storyPage,
  timelinePage,
  type StoryViewRunner,
  type UploadFormat,
} from '../app/api.js';
import { BadInputError, NotFoundError, StoreNotFoundError, UsageError } from '../app/errors.js';
import type { Store } from '../store/store.js';
import { StoreFullError } from '../store/errors.js';
import { briefHtml, briefMarkdown } from '../render/brief.js';
import { DEFAULT_LIVE_INTERVAL_MS, LiveFeed } from './live.js';
import * as S from './schemas.js';

export interface ServerOptions {
  store: Store;
  version: string;
  /** Writes need `Authorization: Bearer <token>`; without one, writes are allowed only on loopback. */
  token?: string;
  /** The server listens only on a loopback address (writes without a token are allowed then). */
  loopback: boolean;
  /** The store was opened only to read: every write is refused. */
  readOnly?: boolean;
  /** The built dashboard (index.html and assets); not served when the folder does not exist. */
  webRoot?: string;
  /** Largest request body, in bytes. */
  bodyLimit?: number;
  /** Bytes of answers kept for reuse until the store changes (DEFAULT_CACHE_BYTES). */
  cacheBytes?: number;
  /** Where a 500's error is written for the operator (its stack never reaches the client). */
  log?: (message: string) => void;
  /** How often the live stream checks whether the store changed, while anyone listens (ms). */
  liveIntervalMs?: number;
  /** Called after a source was added or removed (the watcher in this process polls a new one at once). */
  onSourcesChanged?: () => void;
  /** Computes stories' comparisons and briefs off the event loop (a worker thread); in process without. */
  storyViews?: StoryViewRunner;
}

export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../web/', import.meta.url));
export const DEFAULT_BODY_LIMIT = 16 * 1024 * 1024;
export const DEFAULT_CACHE_BYTES = 256 * 1024 * 1024;
/** Answers from this size on are also kept gzipped: JSON shrinks several times, once per view. */
const GZIP_FROM = 1024;

/** A successful GET answer as sent: its body and the headers that say what it is. */
interface Answer {
  /** Encoded once: sending a Buffer costs no encoding per request. */
  body: Buffer;
  /** The body gzipped once, for clients that accept it (every browser); null for a small body. */
  gzip: Buffer | null;
  type: string;
  csp: string | null;
}

/**
 * Answers to GET /api/… as sent, by URL, for one data version of the store: a view's JSON is made once,
 * not per request (a story's brief or comparison is hundreds of kB). Bounded by the bytes it holds; the
 * least recently used answers go first. Everything goes when the store changes.
 */
class ResponseCache {
  private version: string | null = null;
  private readonly answers = new Map<string, Answer>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get(version: string, url: string): Answer | undefined {
    if (version !== this.version) {
      this.answers.clear();
      this.bytes = 0;
      this.version = version;
      return undefined;
    }
    const a = this.answers.get(url);
    if (a) {
      this.answers.delete(url);
      this.answers.set(url, a);
    }
    return a;
  }

  set(version: string, url: string, a: Answer): void {
    if (version !== this.version || a.body.length > this.maxBytes / 4) return;
    this.answers.set(url, a);
    this.bytes += a.body.length + (a.gzip?.length ?? 0);
    for (const [k, old] of this.answers) {
      if (this.bytes <= this.maxBytes) break;
      this.answers.delete(k);
      this.bytes -= old.body.length + (old.gzip?.length ?? 0);
    }
  }
}

/** Serve GET /api/… from the cache when the store has not changed since the answer was made. */
function answerFromCache(app: FastifyInstance, store: Store, cache: ResponseCache): void {
  const versions = new WeakMap<FastifyRequest, string>();
  // Sources change with every poll, which PostgreSQL's data version does not count; events are a stream.
  const cacheable = (req: FastifyRequest): boolean =>
    req.method === 'GET' &&
    req.url.startsWith('/api/') &&
    !/^\/api\/(?:openapi\.json|sources|events)(?:[/?]|$)/.test(req.url);
  app.addHook('onRequest', async (req, reply) => {
    if (!cacheable(req)) return;
    const version = await store.dataVersion();
    const hit = cache.get(version, req.url);
    if (!hit) {
      versions.set(req, version);
      return;
    }
    reply.type(hit.type).header('vary', 'accept-encoding');
    if (hit.csp) reply.header('content-security-policy', hit.csp);
    if (hit.gzip && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? '')))
      return reply.header('content-encoding', 'gzip').send(hit.gzip);
    return reply.send(hit.body);
  });
  app.addHook('onSend', async (req, reply, payload) => {
    const version = versions.get(req);
    if (version === undefined || reply.statusCode !== 200 || typeof payload !== 'string') return payload;
    const csp = reply.getHeader('content-security-policy');
    const body = Buffer.from(payload, 'utf8');
    cache.set(version, req.url, {
      body,
      gzip: body.length >= GZIP_FROM ? gzipSync(body) : null,
      type: String(reply.getHeader('content-type') ?? 'application/json; charset=utf-8'),
      csp: typeof csp === 'string' ? csp : null,
    });
    return payload;
  });
}

/** The API's HTTP failure for an error, by its class or its Fastify code (never its message). */
function failure(err: unknown): { status: number; error: string; detail: string } {
  if (err instanceof NotFoundError) return { status: 404, error: 'not-found', detail: err.message };
  if (err instanceof UsageError) return { status: 400, error: 'bad-request', detail: err.message };
  if (err instanceof BadInputError) return { status: 422, error: 'bad-input', detail: err.message };
  if (err instanceof StoreFullError) return { status: 507, error: 'store-full', detail: err.message };
  if (err instanceof StoreNotFoundError) return { status: 503, error: 'no-store', detail: err.message };
  const f = err as Partial<FastifyError>;
  if (f.validation) return { status: 400, error: 'bad-request', detail: f.message ?? 'invalid request' };
  if (f.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return { status: 413, error: 'too-large', detail: f.message ?? 'request body too large' };
  if (f.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    return { status: 415, error: 'unsupported-media-type', detail: f.message ?? 'unsupported content type' };
  if (typeof f.statusCode === 'number' && f.statusCode >= 400 && f.statusCode < 500)
    return { status: f.statusCode, error: 'bad-request', detail: f.message ?? 'bad request' };
  return { status: 500, error: 'internal', detail: 'the server failed to answer; the error is in its log' };
}

class AuthError extends Error {
  constructor(
    readonly status: 401 | 403,
    message: string,
  ) {
    super(message);
    this.name = 'AuthError';
  }
}

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/** Whether a request may write: the token when one is set, else only a server bound to loopback. */
function authorizeWrite(o: ServerOptions, req: FastifyRequest): void {
  if (o.readOnly) throw new AuthError(403, 'writes are refused: the database can only be read');
  if (!o.token) {
    if (o.loopback) return;
    throw new AuthError(
      403,
      'writes are refused: this server is not on loopback and has no SITREP_TOKEN set',
    );
  }
  const m = /^Bearer\s+(?<token>\S+)\s*$/i.exec(req.headers.authorization ?? '');
  if (!m) throw new AuthError(401, 'writes need the header Authorization: Bearer <SITREP_TOKEN>');
  if (!timingSafeEqual(digest(m.groups!.token!), digest(o.token)))
    throw new AuthError(401, 'the bearer token is not this server’s SITREP_TOKEN');
}

const UPLOAD_TYPES: Record<string, UploadFormat> = {
  'text/plain': 'text',
  'text/html': 'html',
  'application/x-ndjson': 'jsonl',
  'application/jsonl': 'jsonl',
};

export async function buildServer(o: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    bodyLimit: o.bodyLimit ?? DEFAULT_BODY_LIMIT,
    // Unknown query parameters are an error (400), not silently dropped; numbers come as strings.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: true, useDefaults: true } },
    return503OnClosing: true,
  }).withTypeProvider<TypeBoxTypeProvider>();
  const store = o.store;
  const log = o.log ?? ((m: string) => process.stderr.write(`${m}\n`));

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'sitrep API',
        version: o.version,
        description:
          'Who said what, which figures, what happened when, who is involved, and how outlets tell it; every item cites article, outlet, date, character span and exact text.',
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'SITREP_TOKEN' } },
      },
    },
  });

  app.addHook('onSend', async (_req, reply) => {
    reply.header('x-content-type-options', 'nosniff');
  });
  answerFromCache(app, store, new ResponseCache(o.cacheBytes ?? DEFAULT_CACHE_BYTES));

  app.setErrorHandler((err, req, reply) => {
    if (err instanceof AuthError) {
      if (err.status === 401) reply.header('www-authenticate', 'Bearer');
      return reply
        .status(err.status)
        .send({ error: err.status === 401 ? 'unauthorized' : 'forbidden', detail: err.message });
    }
    const f = failure(err);
    if (f.status >= 500)
      log(`sitrep serve: ${req.method} ${req.url} failed: ${(err as Error).stack ?? String(err)}`);
    return reply
      .status(f.status)
      .type('application/json; charset=utf-8')
      .send({ error: f.error, detail: f.detail });
  });

  const web = o.webRoot ?? DEFAULT_WEB_ROOT;
  const haveWeb = existsSync(`${web}/index.html`);
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0]!;
    if (
      !path.startsWith('/api/') &&
      path !== '/api' &&
      haveWeb &&
      (req.method === 'GET' || req.method === 'HEAD')
    )
      return reply.type('text/html; charset=utf-8').sendFile('index.html');
    return reply.status(404).send({
      error: 'not-found',
      detail: `no route ${req.method} ${path}${haveWeb ? '' : ' (the dashboard is not built)'}`,
    });
  });
  if (haveWeb) await app.register(fastifyStatic, { root: web, prefix: '/', index: 'index.html' });

  for (const type of Object.keys(UPLOAD_TYPES))
    app.addContentTypeParser(type, { parseAs: 'string' }, (_req, body, done) => done(null, body));

  const tag = (t: string) => ({ tags: [t] });

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.get(
    '/api/health',
    {
      schema: {
        ...tag('meta'),
        summary: 'Store, version and counts',
        response: { 200: S.Health, ...S.errors(500) },
      },
    },
    async () => health(store, o.version),
  );

  app.get(
    '/api/articles',
    {
      schema: {
        ...tag('articles'),
        summary: 'Stored articles, newest first, with filters',
        querystring: S.ArticlesQuery,
        response: { 200: S.ArticlePage, ...S.errors(400, 500) },
      },
    },
    async (req) => articlePage(store, req.query),
  );

  app.get(
    '/api/articles/:id',
    {
      schema: {
        ...tag('articles'),
        summary: 'One article with all its annotations',
        params: S.ArticleParams,
        response: { 200: S.ArticleDetail, ...S.errors(400, 404, 500) },
      },
    },
    async (req) => articleDetail(store, req.params.id),
  );

  app.post(
    '/api/articles',
    {
      bodyLimit: o.bodyLimit ?? DEFAULT_BODY_LIMIT,
      schema: {
        ...tag('articles'),
        summary: 'Ingest a page, a text or JSONL lines (Bearer SITREP_TOKEN)',
        security: [{ bearer: [] }],
        querystring: S.UploadQuery,
        body: {
          content: {
            'application/json': { schema: S.UploadJson },
            ...Object.fromEntries(Object.keys(UPLOAD_TYPES).map((t) => [t, { schema: S.UploadRaw }])),
          },
        },
        response: { 200: S.IngestResult, ...S.errors(400, 401, 403, 413, 415, 500, 507) },
      },
      preValidation: async (req) => authorizeWrite(o, req),
    },
    async (req) => {
      const body = req.body as S.UploadBody;
      if (typeof body !== 'string')
        return ingestContent(store, { ...body, name: body.name ?? req.query.name });
      const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      return ingestContent(store, {
        format: UPLOAD_TYPES[type] ?? 'text',
        content: body,
        name: req.query.name,
      });
    },
  );

  app.get(
    '/api/search',
    {
      schema: {
        ...tag('articles'),
        summary: 'Full-text search with snippets and facets (outlet, day, entity)',
        querystring: S.SearchQuery,
        response: { 200: S.SearchResult, ...S.errors(400, 500) },
      },
    },
    async (req) => searchPage(store, req.query),
  );

  app.get(
    '/api/stories',
    {
      schema: {
        ...tag('stories'),
        summary: 'Stories ranked by recent activity',
        querystring: S.StoriesQuery,
        response: { 200: S.StoryPage, ...S.errors(400, 500) },
      },
    },
    async (req) => storyPage(store, req.query),
  );

  app.get(
    '/api/stories/:id',
    {
      schema: {
        ...tag('stories'),
        summary: 'One story with its events and articles',
        params: S.StoryParams,
        querystring: S.EachQuery,
        response: { 200: S.StoryDetail, ...S.errors(400, 404, 500) },
      },
    },
    async (req) => storyDetailView(store, req.params.id, req.query.each),
  );

  app.get(
    '/api/stories/:id/compare',
    {
      schema: {
        ...tag('stories'),
        summary: 'How the outlets tell one story: figures, statements, framing',
        params: S.StoryParams,
        querystring: S.EachQuery,
        response: { 200: S.Comparison, ...S.errors(400, 404, 500) },
      },
    },
    async (req) => storyComparison(store, req.params.id, req.query.each, o.storyViews),
  );

  app.get(
    '/api/stories/:id/brief',
    {
      schema: {
        ...tag('stories'),
        summary: 'The cited briefing on one story, as JSON, Markdown or one HTML page',
        params: S.StoryParams,
        querystring: S.BriefQuery,
        response: {
          200: {
            description: 'the briefing',
            content: {
              'application/json': { schema: S.BriefJson },
              'text/markdown': { schema: { type: 'string' } },
              'text/html': { schema: { type: 'string' } },
            },
          },
          ...S.errors(400, 404, 500),
        },
      },
    },
    async (req, reply) => {
      const format = req.query.format ?? 'json';
      if (format === 'json')
        return reply
          .type('application/json; charset=utf-8')
          .send(await storyBriefCut(store, req.params.id, req.query.each, o.storyViews));
      const b = await storyBrief(store, req.params.id, o.storyViews);
      if (format === 'md') return reply.type('text/markdown; charset=utf-8').send(briefMarkdown(b));
      return (
        reply
          .type('text/html; charset=utf-8')
          // The page has no scripts and loads nothing: a policy that forbids both costs nothing.
          .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
          .send(briefHtml(b))
      );
    },
  );

  app.get(
    '/api/quotes',
    {
      schema: {
        ...tag('views'),
        summary: 'Who said what, grouped by speaker',
        querystring: S.QuotesQuery,
        response: { 200: S.QuotePage, ...S.errors(400, 404, 500) },
      },
    },
    async (req) => quotePage(store, req.query),
  );

  app.get(
    '/api/entities',
    {
      schema: {
        ...tag('views'),
        summary: 'People, organisations and places, aliases merged, most widely reported first',
        querystring: S.EntitiesQuery,
        response: { 200: S.EntityPage, ...S.errors(400, 404, 500) },
      },
    },
    async (req) => entityPage(store, req.query),
  );

  app.get(
    '/api/entities/:name',
    {
      schema: {
        ...tag('views'),
        summary: 'One entity: aliases, quotations, figures claimed, stories, articles per day',
        params: S.EntityParams,
        querystring: S.EachQuery,
        response: { 200: S.EntityDetail, ...S.errors(400, 404, 500) },
      },
    },
    async (req) => entityDetail(store, req.params.name, req.query.each),
  );

  app.get(
    '/api/figures',
    {
      schema: {
        ...tag('views'),
        summary: 'Figures that say what they count',
        querystring: S.ScopeQuery,
        response: { 200: S.FigurePage, ...S.errors(400, 404, 500) },
      },
    },
    async (req) => figurePage(store, req.query),
  );

  app.get(
    '/api/timeline',
    {
      schema: {
        ...tag('views'),
        summary: 'Dated events in the order they happened',
        querystring: S.ScopeQuery,
        response: { 200: S.TimelinePage, ...S.errors(400, 404, 500) },
      },
    },
    async (req) => timelinePage(store, req.query),
  );

  app.get(
    '/api/articles/:id/revisions',
    {
      schema: {
        ...tag('watching'),
        summary: "An article's later versions (sitrep watch saw its text change), each diffed word by word",
        params: S.ArticleParams,
        response: { 200: S.Revisions, ...S.errors(400, 404, 500) },
      },
    },
    async (req) => revisionsOf(store, req.params.id),
  );

  app.get(
    '/api/sources',
    {
      schema: {
        ...tag('watching'),
        summary: 'The watched feeds and pages: last poll, last error, next poll, what each brought',
        querystring: S.PagingQuery,
        response: { 200: S.SourcePage, ...S.errors(400, 500) },
      },
    },
    async (req) => sourcePage(store, req.query),
  );

  app.post(
    '/api/sources',
    {
      schema: {
        ...tag('watching'),
        summary: 'Watch a feed or page, or change the settings of one watched (Bearer SITREP_TOKEN)',
        security: [{ bearer: [] }],
        body: S.SourceBody,
        response: { 200: S.SourceAdded, ...S.errors(400, 401, 403, 415, 422, 500) },
      },
      preValidation: async (req) => authorizeWrite(o, req),
    },
    async (req) => {
      const r = await putSourceStatus(store, req.body);
      o.onSourcesChanged?.();
      return r;
    },
  );

  app.delete(
    '/api/sources',
    {
      schema: {
        ...tag('watching'),
        summary: 'Stop watching a source; its articles stay (Bearer SITREP_TOKEN)',
        security: [{ bearer: [] }],
        querystring: S.SourceUrlQuery,
        response: { 200: S.SourceRemoved, ...S.errors(400, 401, 403, 404, 500) },
      },
      preValidation: async (req) => authorizeWrite(o, req),
    },
    async (req) => {
      const r = await deleteSource(store, req.query.url);
      o.onSourcesChanged?.();
      return r;
    },
  );

  app.get(
    '/api/alerts',
    {
      schema: {
        ...tag('watching'),
        summary: 'Alerts fired by the watch rules, newest first, each citing its passage',
        querystring: S.PagingQuery,
        response: { 200: S.AlertPage, ...S.errors(400, 500) },
      },
    },
    async (req) => alertPage(store, req.query),
  );

  const live = new LiveFeed(store, o.liveIntervalMs ?? DEFAULT_LIVE_INTERVAL_MS, log);
  app.addHook('preClose', async () => live.close());
  app.get(
    '/api/events',
    {
      schema: {
        ...tag('watching'),
        summary:
          'Server-sent events while the store changes: article, revision and alert (one JSON object each), then change; hello on connecting',
        response: {
          200: {
            description:
              'an event stream: `event: article` (an article summary), `event: revision` ({articleId, seq, seenAt, source, title}), `event: alert` (an alert with its citation), `event: change` ({version}) after them, `event: hello` first',
            content: { 'text/event-stream': { schema: { type: 'string' } } },
          },
          ...S.errors(500),
        },
      },
    },
    async (_req, reply) => {
      reply.hijack();
      await live.listen(reply.raw);
    },
  );

  return app;
}

export type { FastifyInstance, FastifyReply };
