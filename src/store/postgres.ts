/**
 * The scale-out store: PostgreSQL through node-postgres (`pg`), full-text search with a generated tsvector
 * column. Several processes on several machines may write at once: article writes and story placement each
 * take a transaction-level advisory lock, so writers of one kind take turns (as SQLite's immediate
 * transactions make them) and the near-duplicate policy and the placer see every earlier write.
 *
 * Opening is synchronous (the Store shape every caller knows); connecting and migrating happen once, on
 * the first call, and a failure there is the StoreOpenError or StoreNotFoundError every later call rejects with.
 */
import type pg from 'pg';
import { pgModule } from './pg.js';
import { jobCountsSql, jobSchemaOf, queueCountsOf, type JobState, type QueueCounts } from './job-counts.js';
import type { PoolClient, QueryResult, QueryResultRow } from 'pg';
import type { AnnotationItems, AnnotationKind, AnnotationRow } from '../model/annotations.js';
import type { Alert, FiredAlert } from '../model/alert.js';
import type { AnalyzedArticle } from '../model/document.js';
import type {
  AnnotationQuery,
  ArticleQuery,
  ArticleRevision,
  ArticleSummary,
  Candidate,
  ListOptions,
  NearDuplicate,
  NearDuplicatePolicy,
  PutResult,
  RevisionMark,
  SearchFacets,
  SearchHit,
  SearchOptions,
  SourceRecord,
  Store,
  StoryLabels,
  StoryMember,
  StoryStateTx,
} from './store.js';
import { toFtsTerms } from './store.js';
import { StoreFullError, StoreNotFoundError, StoreOpenError } from './errors.js';
import type { OpenMode } from './open.js';
import {
  annotationRows,
  articleOfRow,
  endOfDay,
  FACET_SIZE,
  sourceValues,
  summaryOfRow,
  type ArticleRow,
} from './annotation-rows.js';
import { parsePostgresLocation, POSTGRES_MIGRATIONS, PostgresLocationError } from './postgres-schema.js';
import { prepared, PostgresStoryTx } from './postgres-stories.js';

/** Advisory lock keys: one class for sitrep, one key per purpose, per schema (so schemas never block each other). */
const LOCK_CLASS = 0x5157;
const LOCK = { migrate: 1, articles: 2, stories: 3 } as const;

/** int8 (counts, sequence numbers, times in ms) as a JS number: every value sitrep stores fits in 2^53. */
const INT8_OID = 20;
const TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID
      ? (v: string) => Number(v)
      : pgModule().types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** SQLSTATE codes told apart (never the message). */
const PG = {
  diskFull: '53100',
  noDatabase: '3D000',
  badPassword: '28P01',
  noAuth: '28000',
} as const;

export interface PostgresOpenOptions {
  mode?: OpenMode;
  /** Connections this process may hold (node-postgres pool size). */
  maxConnections?: number;
}

/** Open a PostgreSQL store at a postgres:// or postgresql:// URL; `?schema=NAME` keeps its tables in a schema. */
export function openPostgresStore(location: string, opts: PostgresOpenOptions = {}): Store {
  let parsed;
  try {
    parsed = parsePostgresLocation(location);
  } catch (err) {
    if (err instanceof PostgresLocationError) throw new StoreOpenError(err.display, err.reason);
    throw err;
  }
  return new PostgresStore(parsed.connectionString, parsed.schema, parsed.display, opts);
}

/** The bits of a node-postgres or socket error that say what went wrong. */
function codeOf(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string'
    ? err.code
    : undefined;
}

const ARTICLE_COLUMNS =
  'id, external_id, source, url, title, outlet, agency, authors, credit, published, language, format, text, meta, source_map, sentences, removed, warnings, ingested_at';

const ORDER_BY_PUBLICATION = 'a.published IS NULL, a.published, a.ingested_at, a.id';

/** What a listing shows of an article, with its annotation counts. */
const SUMMARY_COLUMNS = `a.id, a.external_id, a.source, a.title, a.outlet, a.published, a.language,
  length(a.text) AS chars, a.ingested_at,
  (SELECT count(*) FROM annotations n WHERE n.article_id = a.id AND n.kind = 'entity')::int AS entities,
  (SELECT count(*) FROM annotations n WHERE n.article_id = a.id AND n.kind = 'quote')::int AS quotes,
  (SELECT count(*) FROM annotations n WHERE n.article_id = a.id AND n.kind = 'figure')::int AS figures,
  (SELECT count(*) FROM annotations n WHERE n.article_id = a.id AND n.kind = 'date')::int AS dates`;

/** SQL conditions and their parameters, numbered from `$first`. */
class Conditions {
  readonly where: string[] = [];
  constructor(readonly params: unknown[] = []) {}
  add(sql: (n: (value: unknown) => string) => string): void {
    this.where.push(sql((value) => `$${this.params.push(value)}`));
  }
  get sql(): string {
    return this.where.length ? this.where.join(' AND ') : 'true';
  }
}

/** Filters shared by search and article pages. */
function filterBy(c: Conditions, o: { outlet?: string; from?: string; to?: string; entity?: string }): void {
  if (o.outlet !== undefined) c.add((n) => `a.outlet = ${n(o.outlet)}`);
  if (o.from !== undefined) c.add((n) => `coalesce(a.published, '') >= ${n(o.from)}`);
  if (o.to !== undefined) c.add((n) => `coalesce(a.published, '') < ${n(endOfDay(o.to!))}`);
  if (o.entity !== undefined)
    c.add(
      (n) =>
        `EXISTS (SELECT 1 FROM annotations n WHERE n.article_id = a.id AND n.kind = 'entity' AND n.label = ${n(o.entity)})`,
    );
}

/** The words and phrases of a query, each quoted for websearch_to_tsquery (no operators), or null. */
function websearchOf(query: string): string | null {
  const terms = toFtsTerms(query);
  return terms.length ? terms.map((t) => `"${t.replace(/"/g, ' ')}"`).join(' ') : null;
}

class PostgresStore implements Store {
  private readonly pool: pg.Pool;
  private readonly ready: Promise<void>;

  constructor(
    connectionString: string,
    private readonly schema: string | null,
    readonly location: string,
    private readonly opts: PostgresOpenOptions,
  ) {
    this.pool = new (pgModule().Pool)({
      connectionString,
      max: opts.maxConnections ?? 4,
      connectionTimeoutMillis: 15_000,
      types: TYPES,
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
    });
    // An idle connection the server drops is replaced on the next query; without a listener it would crash.
    this.pool.on('error', () => undefined);
    this.ready = this.prepare();
    this.ready.catch(() => undefined); // reported by the first call that awaits it
  }

  /** Connect, then migrate (write) or check that the schema is sitrep's current one (read). */
  private async prepare(): Promise<void> {
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw this.connectFailure(err);
    }
    try {
      if (this.opts.mode === 'read') await this.checkSchema(client);
      else await this.migrate(client);
    } catch (err) {
      if (err instanceof StoreOpenError || err instanceof StoreNotFoundError) throw err;
      throw new StoreOpenError(this.location, `cannot be prepared: ${(err as Error).message}`);
    } finally {
      client.release();
    }
  }

  private connectFailure(err: unknown): Error {
    const code = codeOf(err);
    if (code === PG.noDatabase)
      return this.opts.mode === 'read'
        ? new StoreNotFoundError(this.location)
        : new StoreOpenError(this.location, 'the database does not exist; create it first (createdb)');
    if (code === PG.badPassword || code === PG.noAuth)
      return new StoreOpenError(this.location, 'the server refused the user or password');
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EHOSTUNREACH' || code === 'ETIMEDOUT')
      return new StoreOpenError(this.location, `cannot connect (${code}): is PostgreSQL running there?`);
    return new StoreOpenError(this.location, `cannot connect: ${(err as Error).message}`);
  }

  private lockKey(purpose: number): string {
    return `SELECT pg_advisory_xact_lock(${LOCK_CLASS}, hashtext(current_schema() || ':' || ${purpose}))`;
  }

  private async schemaVersion(client: PoolClient): Promise<number | null> {
    const exists = await client.query<{ t: string | null }>(
      "SELECT to_regclass('schema_migrations')::text AS t",
    );
    if (exists.rows[0]?.t === null) return null;
    const { rows } = await client.query<{ v: number | null }>(
      'SELECT max(version) AS v FROM schema_migrations',
    );
    return rows[0]?.v ?? 0;
  }

  /** A database opened only to read is never changed: it must hold sitrep's current schema. */
  private async checkSchema(client: PoolClient): Promise<void> {
    const current = await this.schemaVersion(client);
    if (current === null) throw new StoreNotFoundError(this.location);
    const latest = POSTGRES_MIGRATIONS[POSTGRES_MIGRATIONS.length - 1]!.version;
    if (current !== latest) {
      const fix = current < latest ? 'any command that stores articles upgrades it' : 'upgrade sitrep';
      throw new StoreOpenError(
        this.location,
        `database schema version ${current}, this sitrep reads ${latest}; ${fix}`,
      );
    }
  }

  /**
   * Each migration runs in its own transaction under an advisory lock, reading the version again inside it:
   * two processes opening a new database at once apply each migration once (the second waits, then finds
   * it applied). A migration that fails leaves the schema as it was before it.
   */
  private async migrate(client: PoolClient): Promise<void> {
    const latest = POSTGRES_MIGRATIONS[POSTGRES_MIGRATIONS.length - 1]!.version;
    const before = await this.schemaVersion(client);
    if (before !== null && before > latest)
      throw new StoreOpenError(
        this.location,
        `database schema version ${before} is newer than this sitrep supports (${latest}); upgrade sitrep`,
      );
    if (before === latest) return;
    for (const m of POSTGRES_MIGRATIONS) {
      await client.query('BEGIN');
      try {
        // One migrator at a time on the whole server (its schema may not exist yet to key a lock by):
        // CREATE SCHEMA IF NOT EXISTS is not safe against a concurrent one.
        await client.query(`SELECT pg_advisory_xact_lock(${LOCK_CLASS}, ${LOCK.migrate})`);
        if (this.schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
        await client.query(
          'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at text NOT NULL)',
        );
        if (((await this.schemaVersion(client)) ?? 0) < m.version) {
          await client.query(m.sql);
          await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [
            m.version,
            new Date().toISOString(),
          ]);
        }
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      }
    }
  }

  private async query<R extends QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
    await this.ready;
    return (await this.pool.query<R>(prepared(sql, params))).rows;
  }

  /**
   * Run `work` in a transaction on one connection, holding the advisory lock for `purpose` first; the data
   * version moves unless `moved` says the work changed nothing the views show.
   */
  private async transaction<T>(
    purpose: number,
    work: (client: PoolClient) => Promise<T>,
    moved: () => boolean = () => true,
  ): Promise<T> {
    await this.ready;
    const client = await this.pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      try {
        await client.query(this.lockKey(purpose));
        const result = await work(client);
        // Last, so that the row lock it takes is held only for the commit.
        if (moved()) await client.query('UPDATE data_version SET v = v + 1 WHERE id = 1');
        await client.query('COMMIT');
        return result;
      } catch (err) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true; // the connection itself failed: do not give it back to the pool
        }
        throw err;
      }
    } finally {
      client.release(broken);
    }
  }

  /**
   * Judged article by article in order, as if each were written before the next is judged, but written
   * with one statement per table for the whole batch: the lock that orders writers is held for a dozen
   * round trips per batch, not five per article, so that workers spend their time analysing in parallel
   * rather than waiting for each other.
   */
  async putArticles(articles: AnalyzedArticle[], policy?: NearDuplicatePolicy): Promise<PutResult[]> {
    const now = new Date().toISOString();
    // Fingerprints are computed before the lock is taken (they need no stored state).
    const fingerprints = articles.map((a) => policy?.fingerprint(a));
    try {
      return await this.transaction(LOCK.articles, async (client) => {
        const stored = new Set(
          (
            await exec<{ id: string }>(client, 'SELECT id FROM articles WHERE id = ANY($1::text[])', [
              articles.map((a) => a.id),
            ])
          ).rows.map((r) => r.id),
        );
        const allBands = [...new Set(fingerprints.flatMap((fp) => fp?.bands ?? []))];
        const earlier = policy ? await storedCandidates(client, allBands, policy.candidatesPerBand) : null;
        /** Per band, the articles of this batch written so far, latest first (newer than any stored). */
        const batchBands = new Map<string, Candidate[]>();
        const results: PutResult[] = [];
        const written: { article: AnalyzedArticle; signature: number[] | null; bands: string[] }[] = [];
        const links: { id: string; otherId: string; similarity: number }[] = [];
        articles.forEach((a, i) => {
          if (stored.has(a.id)) {
            results.push('duplicate');
            return;
          }
          const fp = fingerprints[i];
          const verdict =
            fp &&
            policy!.judge(
              a,
              fp,
              candidatesOf(fp.bands, policy!.candidatesPerBand, batchBands, earlier ?? new Map()),
            );
          if (verdict && 'nearDuplicateOf' in verdict) {
            results.push('near-duplicate');
            return;
          }
          stored.add(a.id);
          const signature = fp?.signature.length ? fp.signature : null;
          written.push({ article: a, signature, bands: signature ? fp!.bands : [] });
          if (signature)
            for (const band of new Set(fp!.bands)) {
              const list = batchBands.get(band) ?? [];
              list.unshift({ id: a.id, outlet: a.outlet, signature });
              batchBands.set(band, list);
            }
          for (const l of verdict?.links ?? [])
            links.push({ id: a.id, otherId: l.id, similarity: l.similarity });
          results.push('inserted');
        });
        await insertArticles(client, written, links, now);
        return results;
      });
    } catch (err) {
      if (codeOf(err) === PG.diskFull) throw new StoreFullError(this.location);
      throw err;
    }
  }

  async replaceAnalysis(a: AnalyzedArticle): Promise<boolean> {
    try {
      return await this.transaction(LOCK.articles, async (client) => {
        const updated = await exec(
          client,
          'UPDATE articles SET sentences = $1, warnings = $2 WHERE id = $3',
          [JSON.stringify(a.sentences.map((s) => [s.start, s.end])), JSON.stringify(a.warnings), a.id],
        );
        if (updated.rowCount === 0) return false;
        await exec(client, 'DELETE FROM annotations WHERE article_id = $1', [a.id]);
        await insertAnnotations(client, [a]);
        return true;
      });
    } catch (err) {
      if (codeOf(err) === PG.diskFull) throw new StoreFullError(this.location);
      throw err;
    }
  }

  async nearDuplicates(id: string): Promise<NearDuplicate[]> {
    const rows = await this.query<{
      id: string;
      external_id: string | null;
      title: string | null;
      outlet: string | null;
      published: string | null;
      similarity: number;
    }>(
      `SELECT a.id, a.external_id, a.title, a.outlet, a.published, max(l.similarity) AS similarity
       FROM (SELECT other_id AS id, similarity FROM article_links WHERE article_id = $1
             UNION ALL SELECT article_id AS id, similarity FROM article_links WHERE other_id = $1) l
       JOIN articles a ON a.id = l.id
       GROUP BY a.id ORDER BY similarity DESC, a.published, a.id`,
      [id],
    );
    return rows.map((r) => ({
      id: r.id,
      externalId: r.external_id,
      title: r.title,
      outlet: r.outlet,
      published: r.published,
      similarity: r.similarity,
    }));
  }

  async hasArticle(id: string): Promise<boolean> {
    return (await this.query('SELECT 1 FROM articles WHERE id = $1', [id])).length > 0;
  }

  async storedIds(ids: string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const rows = await this.query<{ id: string }>('SELECT id FROM articles WHERE id = ANY($1::text[])', [
      ids,
    ]);
    return new Set(rows.map((r) => r.id));
  }

  async getArticle(id: string): Promise<AnalyzedArticle | null> {
    let rows = await this.query<ArticleRow>(`SELECT ${ARTICLE_COLUMNS} FROM articles WHERE id = $1`, [id]);
    if (!rows.length)
      rows = await this.query<ArticleRow>(
        `SELECT ${ARTICLE_COLUMNS} FROM articles WHERE external_id = $1 ORDER BY ingested_at, seq LIMIT 1`,
        [id],
      );
    return rows[0] ? this.hydrate(rows[0]) : null;
  }

  async getArticles(ids: string[]): Promise<AnalyzedArticle[]> {
    if (!ids.length) return [];
    // Two statements for the lot, not two per article.
    const rows = await this.query<ArticleRow>(
      `SELECT ${ARTICLE_COLUMNS} FROM articles WHERE id = ANY($1::text[])`,
      [ids],
    );
    const annotations = await this.query<{ article_id: string; kind: string; data: string }>(
      'SELECT article_id, kind, data FROM annotations WHERE article_id = ANY($1::text[]) ORDER BY article_id, kind, seq',
      [ids],
    );
    const byArticle = new Map<string, { kind: string; data: string }[]>();
    for (const r of annotations) {
      const list = byArticle.get(r.article_id) ?? [];
      list.push(r);
      byArticle.set(r.article_id, list);
    }
    const byId = new Map(rows.map((r) => [r.id, articleOfRow(r, byArticle.get(r.id) ?? [])]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  async idsByExternalId(externalId: string): Promise<string[]> {
    const rows = await this.query<{ id: string }>(
      'SELECT id FROM articles WHERE external_id = $1 ORDER BY ingested_at, seq',
      [externalId],
    );
    return rows.map((r) => r.id);
  }

  private async hydrate(row: ArticleRow): Promise<AnalyzedArticle> {
    const annotations = await this.query<{ kind: string; data: string }>(
      'SELECT kind, data FROM annotations WHERE article_id = $1 ORDER BY kind, seq',
      [row.id],
    );
    return articleOfRow(row, annotations);
  }

  async listArticles(opts: ListOptions = {}): Promise<ArticleSummary[]> {
    const params: unknown[] = [opts.limit ?? null, opts.offset ?? 0];
    if (opts.outlet) params.push(opts.outlet);
    const rows = await this.query<Record<string, unknown>>(
      `SELECT ${SUMMARY_COLUMNS} FROM articles a ${opts.outlet ? 'WHERE a.outlet = $3' : ''}
       ORDER BY ${ORDER_BY_PUBLICATION}
       LIMIT $1 OFFSET $2`,
      params,
    );
    return rows.map(summaryOfRow);
  }

  async countArticles(): Promise<number> {
    return (await this.query<{ n: number }>('SELECT count(*) AS n FROM articles'))[0]!.n;
  }

  async jobCounts(): Promise<QueueCounts[] | null> {
    const jobs = jobSchemaOf(this.schema);
    // Asked first, so that a database without a queue is told apart from a failing one (never by message).
    const [table] = await this.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [
      `${jobs}.job`,
    ]);
    if (!table?.t) return null;
    return queueCountsOf(await this.query<{ name: string; state: JobState; n: number }>(jobCountsSql(jobs)));
  }

  /**
   * Every word must occur and "phrases" stay phrases: the words and phrases `toFtsTerms` keeps are each
   * quoted for websearch_to_tsquery, so nothing the user typed is read as an operator (or, -, "…").
   * Ranked with ts_rank, the title weighing five times the text; snippets only for the hits returned.
   */
  async search(query: string, opts: SearchOptions = {}): Promise<SearchHit[]> {
    const websearch = websearchOf(query);
    if (!websearch) return [];
    const c = new Conditions([websearch]);
    filterBy(c, opts);
    const limit = `$${c.params.push(opts.limit ?? 20)}`;
    const offset = `$${c.params.push(opts.offset ?? 0)}`;
    const rows = await this.query<{
      id: string;
      external_id: string | null;
      title: string | null;
      outlet: string | null;
      published: string | null;
      score: number;
      snippet: string;
    }>(
      `WITH q AS (SELECT websearch_to_tsquery('simple', $1) AS query),
       top AS (
         SELECT a.id, a.external_id, a.title, a.outlet, a.published, a.text,
           ts_rank('{0.2, 0.2, 0.2, 1.0}', a.search, q.query)::float8 AS score
         FROM articles a, q WHERE a.search @@ q.query AND ${c.sql}
         ORDER BY score DESC, a.id LIMIT ${limit} OFFSET ${offset}
       )
       SELECT t.id, t.external_id, t.title, t.outlet, t.published, t.score,
         ts_headline('simple', t.text, q.query,
           'StartSel=[, StopSel=], MaxWords=16, MinWords=6, ShortWord=0, MaxFragments=1, FragmentDelimiter=…')
           AS snippet
       FROM top t, q ORDER BY t.score DESC, t.id`,
      c.params,
    );
    return rows.map((r) => ({
      id: r.id,
      externalId: r.external_id,
      title: r.title,
      outlet: r.outlet,
      published: r.published,
      score: r.score,
      snippet: r.snippet,
    }));
  }

  async searchFacets(
    query: string,
    opts: Omit<SearchOptions, 'limit' | 'offset'> & { sample: number },
  ): Promise<SearchFacets> {
    const websearch = websearchOf(query);
    if (!websearch) return { over: 0, outlets: [], days: [], entities: [] };
    const c = new Conditions([websearch]);
    filterBy(c, opts);
    const sample = `$${c.params.push(opts.sample)}`;
    // The best matches once (ranking is the dear part), then the counts over them in one statement.
    const rows = await this.query<{ facet: string; value: string; n: number }>(
      `WITH q AS (SELECT websearch_to_tsquery('simple', $1) AS query),
       hits AS (
         SELECT a.id, a.outlet, a.published FROM articles a, q
         WHERE a.search @@ q.query AND ${c.sql}
         ORDER BY ts_rank('{0.2, 0.2, 0.2, 1.0}', a.search, q.query) DESC, a.id LIMIT ${sample}
       )
       SELECT 'over' AS facet, '' AS value, count(*)::int AS n FROM hits
       UNION ALL
       SELECT 'outlet', outlet, count(*)::int FROM hits WHERE outlet IS NOT NULL GROUP BY outlet
       UNION ALL
       SELECT 'day', left(published, 10), count(*)::int FROM hits WHERE published IS NOT NULL
         GROUP BY left(published, 10)
       UNION ALL
       SELECT 'entity', e.label, count(*)::int FROM hits h
         CROSS JOIN LATERAL (SELECT DISTINCT label FROM annotations
           WHERE article_id = h.id AND kind = 'entity' AND label IS NOT NULL) e
         GROUP BY e.label`,
      c.params,
    );
    const of = (facet: string) => rows.filter((r) => r.facet === facet);
    const byCount = (list: { value: string; n: number }[]) =>
      list
        .map((r) => ({ value: r.value, count: r.n }))
        .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
        .slice(0, FACET_SIZE);
    return {
      over: of('over')[0]?.n ?? 0,
      outlets: byCount(of('outlet')),
      days: of('day')
        .map((r) => ({ value: r.value, count: r.n }))
        .sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0)),
      entities: byCount(of('entity')),
    };
  }

  async articlePage(q: ArticleQuery): Promise<ArticleSummary[]> {
    const c = new Conditions();
    filterBy(c, q);
    if (q.language !== undefined) c.add((n) => `a.language = ${n(q.language)}`);
    if (q.story !== undefined)
      c.add((n) => `a.id IN (SELECT article_id FROM story_assignments WHERE story_id = ${n(q.story)})`);
    if (q.after) {
      const after = q.after;
      c.add((n) => {
        const published = n(after.published ?? '');
        return `(coalesce(a.published, ''), a.id) < (${published}, ${n(after.id)})`;
      });
    }
    const limit = `$${c.params.push(q.limit)}`;
    const rows = await this.query<Record<string, unknown>>(
      `SELECT ${SUMMARY_COLUMNS} FROM articles a WHERE ${c.sql}
       ORDER BY coalesce(a.published, '') DESC, a.id DESC LIMIT ${limit}`,
      c.params,
    );
    return rows.map(summaryOfRow);
  }

  async dataVersion(): Promise<string> {
    const rows = await this.query<{ v: string }>('SELECT v::text AS v FROM data_version WHERE id = 1');
    return rows[0]?.v ?? '0';
  }

  async *articles(): AsyncIterable<AnalyzedArticle> {
    const ids = await this.query<{ id: string }>('SELECT id FROM articles ORDER BY ingested_at, id');
    for (const { id } of ids) {
      const rows = await this.query<ArticleRow>(`SELECT ${ARTICLE_COLUMNS} FROM articles WHERE id = $1`, [
        id,
      ]);
      if (rows[0]) yield await this.hydrate(rows[0]);
    }
  }

  async annotations<K extends AnnotationKind>(q: AnnotationQuery<K>): Promise<AnnotationRow<K>[]> {
    const where = ['n.kind = $1'];
    const params: unknown[] = [q.kind];
    if (q.label !== undefined) where.push('n.label IS NOT NULL');
    if (q.story !== undefined) {
      params.push(q.story);
      where.push(`a.id IN (SELECT article_id FROM story_assignments WHERE story_id = $${params.length})`);
    }
    const rows = await this.query<{
      data: string;
      label: string | null;
      id: string;
      external_id: string | null;
      title: string | null;
      outlet: string | null;
      published: string | null;
      source: string;
    }>(
      `SELECT n.data, n.label, a.id, a.external_id, a.title, a.outlet, a.published, a.source
       FROM annotations n JOIN articles a ON a.id = n.article_id
       WHERE ${where.join(' AND ')}
       ORDER BY ${ORDER_BY_PUBLICATION}, n.seq`,
      params,
    );
    // Label matching in JavaScript, as the SQLite store does, so both fold case the same way.
    const want = q.label?.toLocaleLowerCase();
    return rows
      .filter((r) => want === undefined || (r.label ?? '').toLocaleLowerCase().includes(want))
      .map((r) => ({
        article: {
          id: r.id,
          externalId: r.external_id,
          title: r.title,
          outlet: r.outlet,
          published: r.published,
          source: r.source,
        },
        // Stored by kind from the analysed article: a row of kind K holds that kind's item.
        item: JSON.parse(r.data) as AnnotationItems[K],
      }));
  }

  /** Placers in this process queue here (one connection at a time); the advisory lock orders processes. */
  private storyQueue: Promise<unknown> = Promise.resolve();

  async storyTransaction<T>(work: (tx: StoryStateTx) => Promise<T>): Promise<T> {
    const run = (): Promise<T> => {
      let tx: PostgresStoryTx | undefined;
      // A batch that placed nothing leaves the views as they were.
      return this.transaction(
        LOCK.stories,
        (client) => work((tx = new PostgresStoryTx(client))),
        () => tx?.wrote ?? false,
      );
    };
    const next = this.storyQueue.then(run, run);
    this.storyQueue = next.catch(() => undefined);
    return next;
  }

  async storyLabels(story?: number): Promise<StoryLabels> {
    const one = story === undefined ? [] : [story];
    const stories = await this.query<{ id: number; label: string }>(
      `SELECT id, label FROM stories WHERE merged_into IS NULL${story === undefined ? '' : ' AND id = $1'}`,
      one,
    );
    const events = await this.query<{ id: number; label: string }>(
      `SELECT id, label FROM story_events${story === undefined ? '' : ' WHERE story_id = $1'}`,
      one,
    );
    return {
      stories: new Map(stories.map((r) => [r.id, r.label])),
      events: new Map(events.map((r) => [r.id, r.label])),
    };
  }

  async unassignedArticleIds(): Promise<string[]> {
    const rows = await this.query<{ id: string }>(
      `SELECT a.id FROM articles a LEFT JOIN story_assignments s ON s.article_id = a.id
       WHERE s.article_id IS NULL ORDER BY ${ORDER_BY_PUBLICATION}`,
    );
    return rows.map((r) => r.id);
  }

  async storyMembers(story?: number): Promise<StoryMember[]> {
    const rows = await this.query<{
      article_id: string;
      story_id: number;
      event_id: number;
      score: number;
      external_id: string | null;
      title: string | null;
      outlet: string | null;
      published: string | null;
      language: string | null;
      source: string;
    }>(
      `SELECT s.article_id, s.story_id, s.event_id, s.score, a.external_id, a.title, a.outlet, a.published, a.language, a.source
       FROM story_assignments s JOIN articles a ON a.id = s.article_id
       ${story === undefined ? '' : 'WHERE s.story_id = $1'}
       ORDER BY ${ORDER_BY_PUBLICATION}`,
      story === undefined ? [] : [story],
    );
    return rows.map((r) => ({
      articleId: r.article_id,
      story: r.story_id,
      event: r.event_id,
      score: r.score,
      externalId: r.external_id,
      title: r.title,
      outlet: r.outlet,
      published: r.published,
      language: r.language,
      source: r.source,
    }));
  }

  async articleIdByUrl(url: string): Promise<string | null> {
    const rows = await this.query<{ id: string }>(
      'SELECT id FROM articles WHERE url = $1 ORDER BY seq LIMIT 1',
      [url],
    );
    return rows[0]?.id ?? null;
  }

  async addRevision(r: Omit<ArticleRevision, 'seq'>): Promise<ArticleRevision | null> {
    // Under the articles lock, as article writes are: two watchers cannot give one revision two numbers.
    return this.transaction(LOCK.articles, async (client) => {
      const known = await client.query(
        `SELECT 1 FROM articles WHERE id = $1
         UNION ALL SELECT 1 FROM article_revisions WHERE article_id = $2 AND content_id = $1`,
        [r.contentId, r.articleId],
      );
      if (known.rows.length) return null;
      const next = await client.query<{ next: number }>(
        'SELECT coalesce(max(seq), 0) + 1 AS next FROM article_revisions WHERE article_id = $1',
        [r.articleId],
      );
      const seq = Number(next.rows[0]!.next);
      await client.query(
        `INSERT INTO article_revisions (article_id, seq, content_id, seen_at, source, title, text, marks)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [r.articleId, seq, r.contentId, r.seenAt, r.source, r.title, r.text, JSON.stringify(r.marks)],
      );
      // A revision changes what an article's views show: move the data version as article writes do.
      await client.query('UPDATE data_version SET v = v + 1 WHERE id = 1');
      return { ...r, seq };
    });
  }

  async revisions(articleId: string): Promise<ArticleRevision[]> {
    const rows = await this.query<PgRevisionRow>(
      'SELECT * FROM article_revisions WHERE article_id = $1 ORDER BY seq',
      [articleId],
    );
    return rows.map(revisionOfRow);
  }

  async revisionsSince(since: string | null, limit: number): Promise<ArticleRevision[]> {
    const rows = await this.query<PgRevisionRow>(
      `SELECT * FROM article_revisions WHERE seen_at > $1 ORDER BY seen_at, article_id, seq LIMIT $2`,
      [since ?? '', limit],
    );
    return rows.map(revisionOfRow);
  }

  async ingestedSince(since: string | null, limit: number): Promise<ArticleSummary[]> {
    const rows = await this.query<Record<string, unknown>>(
      `SELECT ${SUMMARY_COLUMNS} FROM articles a WHERE a.ingested_at > $1 ORDER BY a.ingested_at, a.id LIMIT $2`,
      [since ?? '', limit],
    );
    return rows.map(summaryOfRow);
  }

  async sourceCounts(url: string): Promise<{ articles: number; revisions: number }> {
    // A URL's % and _ are literal here, not LIKE's wildcards.
    const items = `${url.replace(/[\\%_]/g, (c) => `\\${c}`)}#%`;
    const count = async (table: string): Promise<number> => {
      const rows = await this.query<{ n: number }>(
        `SELECT count(*) AS n FROM ${table} WHERE source = $1 OR source LIKE $2`,
        [url, items],
      );
      return Number(rows[0]?.n ?? 0);
    };
    return { articles: await count('articles'), revisions: await count('article_revisions') };
  }

  async addAlerts(alerts: Alert[], firedAt: string): Promise<FiredAlert[]> {
    if (!alerts.length) return [];
    return this.transaction(LOCK.articles, async (client) => {
      const fired: FiredAlert[] = [];
      for (const a of alerts) {
        const r = await client.query<{ id: number }>(
          'INSERT INTO alerts (fired_at, alert) VALUES ($1, $2) RETURNING id',
          [firedAt, JSON.stringify(a)],
        );
        fired.push({ ...a, id: Number(r.rows[0]!.id), firedAt });
      }
      // The alerts listed are part of what the API answers from a data version.
      await client.query('UPDATE data_version SET v = v + 1 WHERE id = 1');
      return fired;
    });
  }

  async alerts(q: { before?: number; after?: number; limit: number }): Promise<FiredAlert[]> {
    const rows = await (q.after !== undefined
      ? this.query<{ id: number; fired_at: string; alert: Alert }>(
          'SELECT * FROM alerts WHERE id > $1 ORDER BY id LIMIT $2',
          [q.after, q.limit],
        )
      : this.query<{ id: number; fired_at: string; alert: Alert }>(
          'SELECT * FROM alerts WHERE id < $1 ORDER BY id DESC LIMIT $2',
          [q.before ?? Number.MAX_SAFE_INTEGER, q.limit],
        ));
    return rows.map((r) => ({ ...r.alert, id: Number(r.id), firedAt: r.fired_at }));
  }

  async putSource(r: SourceRecord): Promise<void> {
    await this.query(
      `INSERT INTO sources (url, outlet, language, every_seconds, added_at, last_fetch, last_new, last_error,
         failures, next_due, etag, last_modified, body_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (url) DO UPDATE SET outlet = EXCLUDED.outlet, language = EXCLUDED.language,
         every_seconds = EXCLUDED.every_seconds, added_at = EXCLUDED.added_at,
         last_fetch = EXCLUDED.last_fetch, last_new = EXCLUDED.last_new, last_error = EXCLUDED.last_error,
         failures = EXCLUDED.failures, next_due = EXCLUDED.next_due, etag = EXCLUDED.etag,
         last_modified = EXCLUDED.last_modified, body_hash = EXCLUDED.body_hash`,
      sourceValues(r),
    );
  }

  async removeSource(url: string): Promise<boolean> {
    return (await this.query('DELETE FROM sources WHERE url = $1 RETURNING url', [url])).length > 0;
  }

  async listSources(): Promise<SourceRecord[]> {
    const rows = await this.query<Record<string, string | number | null>>(
      'SELECT * FROM sources ORDER BY url COLLATE "C"',
    );
    return rows.map((r) => ({
      url: String(r.url),
      outlet: r.outlet === null ? null : String(r.outlet),
      language: r.language === null ? null : String(r.language),
      everySeconds: Number(r.every_seconds),
      addedAt: String(r.added_at),
      lastFetch: r.last_fetch === null ? null : String(r.last_fetch),
      lastNew: r.last_new === null ? null : String(r.last_new),
      lastError: r.last_error === null ? null : String(r.last_error),
      failures: Number(r.failures),
      nextDue: String(r.next_due),
      etag: r.etag === null ? null : String(r.etag),
      lastModified: r.last_modified === null ? null : String(r.last_modified),
      bodyHash: r.body_hash === null ? null : String(r.body_hash),
    }));
  }

  async close(): Promise<void> {
    await this.ready.catch(() => undefined);
    await this.pool.end();
  }
}

/** A statement of the write path, prepared once per connection. */
function exec<R extends QueryResultRow>(
  client: PoolClient,
  text: string,
  values: unknown[],
): Promise<QueryResult<R>> {
  return client.query<R>(prepared(text, values));
}

/** Per band, the stored articles holding it: at most `perBand`, most recent first. One statement for all bands. */
async function storedCandidates(
  client: PoolClient,
  bands: string[],
  perBand: number,
): Promise<Map<string, Candidate[]>> {
  const byBand = new Map<string, Candidate[]>();
  if (!bands.length) return byBand;
  const { rows } = await exec<{ band: string; id: string; signature: string; outlet: string | null }>(
    client,
    `SELECT k.band, c.id, c.signature, c.outlet
     FROM unnest($1::text[]) AS k(band)
     CROSS JOIN LATERAL (
       SELECT b.article_id AS id, s.signature, a.outlet, b.seq FROM article_bands b
       JOIN article_signatures s ON s.article_id = b.article_id JOIN articles a ON a.id = b.article_id
       WHERE b.band = k.band ORDER BY b.seq DESC LIMIT $2
     ) c
     ORDER BY k.band, c.seq DESC`,
    [bands, perBand],
  );
  for (const r of rows) {
    const list = byBand.get(r.band) ?? [];
    list.push({ id: r.id, outlet: r.outlet, signature: JSON.parse(r.signature) as number[] });
    byBand.set(r.band, list);
  }
  return byBand;
}

/**
 * An article's candidates: band by band, at most `perBand` per band, most recent first (the batch's
 * articles written so far, then the stored ones), each article once.
 */
function candidatesOf(
  bands: string[],
  perBand: number,
  batch: Map<string, Candidate[]>,
  stored: Map<string, Candidate[]>,
): Candidate[] {
  const found = new Map<string, Candidate>();
  for (const band of bands) {
    const recent = [...(batch.get(band) ?? []), ...(stored.get(band) ?? [])].slice(0, perBand);
    for (const c of recent) if (!found.has(c.id)) found.set(c.id, c);
  }
  return [...found.values()];
}

/**
 * Write articles (in order: their insertion order is this one), their annotations, fingerprints and
 * links: one statement per table whatever the number of articles.
 */
async function insertArticles(
  client: PoolClient,
  written: { article: AnalyzedArticle; signature: number[] | null; bands: string[] }[],
  links: { id: string; otherId: string; similarity: number }[],
  now: string,
): Promise<void> {
  if (!written.length) return;
  const columns: (string | null)[][] = ARTICLE_COLUMNS.split(', ').map(() => []);
  for (const { article: a } of written)
    [
      a.id,
      a.externalId,
      a.source,
      a.url,
      a.title,
      a.outlet,
      a.agency,
      JSON.stringify(a.authors),
      a.credit,
      a.published,
      a.language,
      a.format,
      a.text,
      JSON.stringify(a.meta),
      a.sourceMap ? JSON.stringify(a.sourceMap) : null,
      JSON.stringify(a.sentences.map((s) => [s.start, s.end])),
      JSON.stringify(a.removed),
      JSON.stringify(a.warnings),
      now,
    ].forEach((value, c) => columns[c]!.push(value));
  const arrays = columns.map((_, c) => `$${c + 1}::text[]`).join(', ');
  const { rows } = await exec<{ id: string; seq: number }>(
    client,
    `INSERT INTO articles (${ARTICLE_COLUMNS})
     SELECT ${ARTICLE_COLUMNS} FROM unnest(${arrays}) WITH ORDINALITY AS r(${ARTICLE_COLUMNS}, ord) ORDER BY ord
     RETURNING id, seq`,
    columns,
  );
  const seqOf = new Map(rows.map((r) => [r.id, r.seq]));
  await insertAnnotations(
    client,
    written.map((w) => w.article),
  );
  const signed = written.filter((w) => w.signature);
  if (signed.length) {
    await exec(
      client,
      'INSERT INTO article_signatures (article_id, signature) SELECT * FROM unnest($1::text[], $2::text[])',
      [signed.map((w) => w.article.id), signed.map((w) => JSON.stringify(w.signature))],
    );
    const bands = signed.flatMap((w) => w.bands.map((band) => ({ band, id: w.article.id })));
    await exec(
      client,
      `INSERT INTO article_bands (band, seq, article_id)
       SELECT * FROM unnest($1::text[], $2::int8[], $3::text[]) ON CONFLICT DO NOTHING`,
      [bands.map((b) => b.band), bands.map((b) => seqOf.get(b.id)!), bands.map((b) => b.id)],
    );
  }
  if (links.length)
    await exec(
      client,
      `INSERT INTO article_links (article_id, other_id, similarity)
       SELECT * FROM unnest($1::text[], $2::text[], $3::float8[]) ON CONFLICT DO NOTHING`,
      [links.map((l) => l.id), links.map((l) => l.otherId), links.map((l) => l.similarity)],
    );
}

/** Analysed articles' annotation rows, in the order of KINDS and, within a kind, each article's. One statement. */
async function insertAnnotations(client: PoolClient, articles: AnalyzedArticle[]): Promise<void> {
  const ids: string[] = [];
  const kinds: string[] = [];
  const seqs: number[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const labels: (string | null)[] = [];
  const data: string[] = [];
  for (const a of articles)
    for (const row of annotationRows(a)) {
      ids.push(a.id);
      kinds.push(row.kind);
      seqs.push(row.seq);
      starts.push(row.start);
      ends.push(row.end);
      labels.push(row.label);
      data.push(row.data);
    }
  if (kinds.length)
    await exec(
      client,
      `INSERT INTO annotations (article_id, kind, seq, start, "end", label, data)
       SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::int[], $6::text[], $7::text[])`,
      [ids, kinds, seqs, starts, ends, labels, data],
    );
}

interface PgRevisionRow {
  article_id: string;
  seq: number;
  content_id: string;
  seen_at: string;
  source: string;
  title: string | null;
  text: string;
  marks: RevisionMark[];
}

function revisionOfRow(r: PgRevisionRow): ArticleRevision {
  return {
    articleId: r.article_id,
    seq: Number(r.seq),
    contentId: r.content_id,
    seenAt: r.seen_at,
    source: r.source,
    title: r.title,
    text: r.text,
    marks: r.marks,
  };
}
