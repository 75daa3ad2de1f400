/** The embedded store: SQLite through better-sqlite3, FTS5 for search. */
import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AnalyzedArticle } from '../model/document.js';
import { bands, REPUBLISHED, SAME_ARTICLE, signature, similarity } from '../ingest/near-duplicates.js';
import type {
  AnnotationQuery,
  AnnotationRow,
  ArticleSummary,
  ListOptions,
  NearDuplicate,
  PutResult,
  SearchHit,
  Store,
  StoryLabels,
  StoryMember,
  StoryStateTx,
} from './store.js';
import { toFtsTerms } from './store.js';
import { SqliteStoryTx } from './sqlite-stories.js';
import { StoreNotFoundError, StoreOpenError } from './errors.js';
import type { OpenMode } from './open.js';

/** Versioned schema migrations; append only, never edit a released one. */
export const SQLITE_MIGRATIONS: { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE articles (
        id          TEXT PRIMARY KEY CHECK (length(id) > 0),
        external_id TEXT,
        source      TEXT NOT NULL,
        url         TEXT,
        title       TEXT,
        outlet      TEXT,
        published   TEXT,
        language    TEXT,
        format      TEXT NOT NULL,
        text        TEXT NOT NULL,
        meta        TEXT NOT NULL,
        source_map  TEXT,
        sentences   TEXT NOT NULL,
        ingested_at TEXT NOT NULL
      );
      CREATE INDEX articles_external_id ON articles(external_id);
      CREATE INDEX articles_outlet ON articles(outlet);
      CREATE INDEX articles_published ON articles(published);
      CREATE TABLE annotations (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        kind       TEXT NOT NULL CHECK (kind IN ('entity', 'quote', 'figure', 'date')),
        seq        INTEGER NOT NULL,
        start      INTEGER NOT NULL CHECK (start >= 0),
        "end"      INTEGER NOT NULL CHECK ("end" >= start),
        label      TEXT,
        data       TEXT NOT NULL,
        PRIMARY KEY (article_id, kind, seq)
      );
      CREATE INDEX annotations_kind_label ON annotations(kind, label);
      CREATE VIRTUAL TABLE articles_fts USING fts5(
        article_id UNINDEXED, title, text, tokenize = 'unicode61 remove_diacritics 2'
      );
    `,
  },
  {
    version: 2,
    sql: `
      CREATE TABLE story_state (
        id         INTEGER PRIMARY KEY CHECK (id = 1),
        version    INTEGER NOT NULL CHECK (version > 0),
        data       TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE story_assignments (
        article_id  TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        story_id    INTEGER NOT NULL,
        event_id    INTEGER NOT NULL,
        score       REAL NOT NULL,
        assigned_at TEXT NOT NULL
      );
      CREATE INDEX story_assignments_story ON story_assignments(story_id);
    `,
  },
  {
    version: 3,
    sql: `
      ALTER TABLE articles ADD COLUMN agency TEXT;
      ALTER TABLE articles ADD COLUMN authors TEXT NOT NULL DEFAULT '[]';
      ALTER TABLE articles ADD COLUMN credit TEXT;
      CREATE TABLE article_signatures (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        signature  TEXT NOT NULL
      );
      CREATE TABLE article_bands (
        band       TEXT NOT NULL,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        PRIMARY KEY (band, article_id)
      ) WITHOUT ROWID;
      CREATE TABLE article_links (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        other_id   TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        similarity REAL NOT NULL,
        PRIMARY KEY (article_id, other_id)
      );
    `,
  },
  {
    version: 4,
    sql: `
      ALTER TABLE articles ADD COLUMN removed TEXT NOT NULL DEFAULT '[]';
      ALTER TABLE articles ADD COLUMN warnings TEXT NOT NULL DEFAULT '[]';
    `,
  },
  {
    // The story state in rows (it was one JSON document in story_state, converted once by the placer).
    version: 6,
    sql: `
      CREATE TABLE story_meta (
        id          INTEGER PRIMARY KEY CHECK (id = 1),
        options     TEXT NOT NULL,
        docs        INTEGER NOT NULL,
        next_story  INTEGER NOT NULL,
        next_event  INTEGER NOT NULL,
        generation  INTEGER NOT NULL
      );
      CREATE TABLE story_df (
        term TEXT PRIMARY KEY,
        df   INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE story_postings (
        term     TEXT NOT NULL,
        seq      INTEGER NOT NULL,
        story_id INTEGER NOT NULL,
        PRIMARY KEY (term, seq)
      ) WITHOUT ROWID;
      CREATE TABLE stories (
        id          INTEGER PRIMARY KEY,
        merged_into INTEGER,
        size        INTEGER NOT NULL,
        first_ms    INTEGER,
        last_ms     INTEGER,
        event_count INTEGER NOT NULL,
        terms       TEXT NOT NULL,
        weights     BLOB NOT NULL,
        label       TEXT NOT NULL
      );
      CREATE INDEX stories_merged_into ON stories(merged_into) WHERE merged_into IS NOT NULL;
      CREATE TABLE story_events (
        id       INTEGER PRIMARY KEY,
        story_id INTEGER NOT NULL,
        ord      INTEGER NOT NULL,
        size     INTEGER NOT NULL,
        first_ms INTEGER,
        last_ms  INTEGER,
        terms    TEXT NOT NULL,
        weights  BLOB NOT NULL,
        label    TEXT NOT NULL
      );
      CREATE INDEX story_events_story_last ON story_events(story_id, last_ms);
      CREATE TABLE story_members (
        story_id INTEGER NOT NULL,
        seq      INTEGER NOT NULL,
        event_id INTEGER NOT NULL,
        terms    TEXT NOT NULL,
        weights  BLOB NOT NULL,
        PRIMARY KEY (story_id, seq)
      ) WITHOUT ROWID;
    `,
  },
];

/** Open (in `write` mode, create) a SQLite store; errors name the path. */
export function openSqliteStore(path: string, opts: { mode?: OpenMode } = {}): Store {
  const read = opts.mode === 'read' && path !== ':memory:';
  if (read && !existsSync(path)) throw new StoreNotFoundError(path);
  let db: Database.Database;
  try {
    if (!read && path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    db = new Database(path, read ? { readonly: true, fileMustExist: true } : {});
    if (!read) db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
  } catch (err) {
    throw new StoreOpenError(path, (err as Error).message);
  }
  if (read) checkSchema(db, path);
  else migrate(db);
  return new SqliteStore(db, path);
}

/** A database opened only to read cannot be migrated: say so when its schema is not the current one. */
function checkSchema(db: Database.Database, path: string): void {
  const latest = SQLITE_MIGRATIONS[SQLITE_MIGRATIONS.length - 1]!.version;
  let current = 0;
  try {
    current =
      (db.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0;
  } catch (err) {
    throw new StoreOpenError(path, `not a sitrep database (${(err as Error).message})`);
  }
  if (current !== latest) {
    const fix = current < latest ? 'any command that stores articles upgrades it' : 'upgrade sitrep';
    throw new StoreOpenError(path, `database schema version ${current}, this sitrep reads ${latest}; ${fix}`);
  }
}

function migrate(db: Database.Database): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)',
  );
  const current =
    (db.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0;
  const latest = SQLITE_MIGRATIONS[SQLITE_MIGRATIONS.length - 1]!.version;
  if (current > latest) {
    throw new Error(
      `database schema version ${current} is newer than this sitrep supports (${latest}); upgrade sitrep`,
    );
  }
  for (const m of SQLITE_MIGRATIONS) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(
        m.version,
        new Date().toISOString(),
      );
    })();
  }
}

interface ArticleRow {
  id: string;
  external_id: string | null;
  source: string;
  url: string | null;
  title: string | null;
  outlet: string | null;
  agency: string | null;
  authors: string;
  credit: string | null;
  published: string | null;
  language: string | null;
  format: string;
  text: string;
  meta: string;
  source_map: string | null;
  sentences: string;
  removed: string;
  warnings: string;
  ingested_at: string;
}

const KINDS = [
  ['entity', 'entities'],
  ['quote', 'quotes'],
  ['figure', 'figures'],
  ['date', 'dates'],
] as const;

class SqliteStore implements Store {
  private readonly stmt;
  private readonly similarStmt = new Map<number, Database.Statement>();

  constructor(
    private readonly db: Database.Database,
    readonly location: string,
  ) {
    this.stmt = {
      has: db.prepare('SELECT 1 FROM articles WHERE id = ?'),
      insertArticle: db.prepare(`INSERT INTO articles
        (id, external_id, source, url, title, outlet, agency, authors, credit, published, language, format, text, meta, source_map, sentences, removed, warnings, ingested_at)
        VALUES (@id, @external_id, @source, @url, @title, @outlet, @agency, @authors, @credit, @published, @language, @format, @text, @meta, @source_map, @sentences, @removed, @warnings, @ingested_at)
        ON CONFLICT (id) DO NOTHING`),
      insertAnnotation: db.prepare(
        'INSERT INTO annotations (article_id, kind, seq, start, "end", label, data) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      insertFts: db.prepare('INSERT INTO articles_fts (article_id, title, text) VALUES (?, ?, ?)'),
      get: db.prepare(
        'SELECT * FROM articles WHERE id = ? UNION ALL SELECT * FROM articles WHERE external_id = ? LIMIT 1',
      ),
      annotations: db.prepare('SELECT kind, data FROM annotations WHERE article_id = ? ORDER BY kind, seq'),
      count: db.prepare('SELECT count(*) AS n FROM articles'),
      insertSignature: db.prepare('INSERT INTO article_signatures (article_id, signature) VALUES (?, ?)'),
      insertBand: db.prepare('INSERT OR IGNORE INTO article_bands (band, article_id) VALUES (?, ?)'),
      insertLink: db.prepare(
        'INSERT OR IGNORE INTO article_links (article_id, other_id, similarity) VALUES (?, ?, ?)',
      ),
      links: db.prepare(`SELECT l.other_id AS id, a.external_id, a.title, a.outlet, a.published, l.similarity
        FROM article_links l JOIN articles a ON a.id = l.other_id WHERE l.article_id = ? ORDER BY l.similarity DESC, a.published`),
    };
  }

  async putArticles(articles: AnalyzedArticle[]): Promise<PutResult[]> {
    const now = new Date().toISOString();
    const write = this.db.transaction((batch: AnalyzedArticle[]) =>
      batch.map((a): PutResult => {
        if (this.stmt.has.get(a.id) !== undefined) return 'duplicate';
        const sig = signature(a.text);
        const keys = bands(sig);
        const similar = this.similarArticles(sig, keys);
        if (similar.some((o) => o.similarity >= SAME_ARTICLE && o.outlet === a.outlet))
          return 'near-duplicate';
        const info = this.stmt.insertArticle.run({
          id: a.id,
          external_id: a.externalId,
          source: a.source,
          url: a.url,
          title: a.title,
          outlet: a.outlet,
          agency: a.agency,
          authors: JSON.stringify(a.authors),
          credit: a.credit,
          published: a.published,
          language: a.language,
          format: a.format,
          text: a.text,
          meta: JSON.stringify(a.meta),
          source_map: a.sourceMap ? JSON.stringify(a.sourceMap) : null,
          sentences: JSON.stringify(a.sentences.map((s) => [s.start, s.end])),
          removed: JSON.stringify(a.removed),
          warnings: JSON.stringify(a.warnings),
          ingested_at: now,
        });
        if (info.changes === 0) return 'duplicate';
        for (const [kind, field] of KINDS) {
          a[field].forEach((item, seq) => {
            const span =
              kind === 'entity'
                ? firstMention(item as AnalyzedArticle['entities'][number])
                : (item as { start: number; end: number });
            this.stmt.insertAnnotation.run(
              a.id,
              kind,
              seq,
              span.start,
              span.end,
              labelOf(kind, item),
              JSON.stringify(item),
            );
          });
        }
        this.stmt.insertFts.run(a.id, a.title ?? '', a.text);
        this.stmt.insertSignature.run(a.id, JSON.stringify(sig));
        for (const k of keys) this.stmt.insertBand.run(k, a.id);
        for (const o of similar) {
          if (o.similarity < REPUBLISHED) continue;
          this.stmt.insertLink.run(a.id, o.id, o.similarity);
          this.stmt.insertLink.run(o.id, a.id, o.similarity);
        }
        return 'inserted';
      }),
    );
    return write(articles);
  }

  /** Stored articles sharing a band with a signature, with their estimated similarity. */
  private similarArticles(
    sig: number[],
    keys: string[],
  ): { id: string; outlet: string | null; similarity: number }[] {
    if (!keys.length) return [];
    // Every non-empty signature has the same number of bands, so one prepared statement serves them all.
    let stmt = this.similarStmt.get(keys.length);
    if (!stmt) {
      stmt = this.db.prepare(
        `SELECT DISTINCT s.article_id AS id, s.signature, a.outlet FROM article_bands b
         JOIN article_signatures s ON s.article_id = b.article_id JOIN articles a ON a.id = b.article_id
         WHERE b.band IN (${keys.map(() => '?').join(',')})`,
      );
      this.similarStmt.set(keys.length, stmt);
    }
    const rows = stmt.all(...keys) as { id: string; signature: string; outlet: string | null }[];
    return rows.map((r) => ({
      id: r.id,
      outlet: r.outlet,
      similarity: similarity(sig, JSON.parse(r.signature) as number[]),
    }));
  }

  async nearDuplicates(id: string): Promise<NearDuplicate[]> {
    return (this.stmt.links.all(id) as Record<string, unknown>[]).map((r) => ({
      id: r.id as string,
      externalId: r.external_id as string | null,
      title: r.title as string | null,
      outlet: r.outlet as string | null,
      published: r.published as string | null,
      similarity: r.similarity as number,
    }));
  }

  async hasArticle(id: string): Promise<boolean> {
    return this.stmt.has.get(id) !== undefined;
  }

  async getArticle(id: string): Promise<AnalyzedArticle | null> {
    const row = this.stmt.get.get(id, id) as ArticleRow | undefined;
    return row ? this.hydrate(row) : null;
  }

  private hydrate(row: ArticleRow): AnalyzedArticle {
    const a: AnalyzedArticle = {
      id: row.id,
      externalId: row.external_id,
      source: row.source,
      url: row.url,
      title: row.title,
      outlet: row.outlet,
      agency: row.agency,
      authors: JSON.parse(row.authors) as string[],
      credit: row.credit,
      published: row.published,
      language: row.language,
      format: row.format as AnalyzedArticle['format'],
      text: row.text,
      meta: JSON.parse(row.meta),
      sourceMap: row.source_map ? JSON.parse(row.source_map) : null,
      sentences: (JSON.parse(row.sentences) as [number, number][]).map(([start, end]) => ({ start, end })),
      entities: [],
      quotes: [],
      figures: [],
      dates: [],
      removed: JSON.parse(row.removed),
      warnings: JSON.parse(row.warnings),
    };
    for (const r of this.stmt.annotations.all(row.id) as { kind: string; data: string }[]) {
      const field = KINDS.find(([k]) => k === r.kind)![1];
      (a[field] as unknown[]).push(JSON.parse(r.data));
    }
    return a;
  }

  async listArticles(opts: ListOptions = {}): Promise<ArticleSummary[]> {
    const where = opts.outlet ? 'WHERE a.outlet = ?' : '';
    const params: unknown[] = opts.outlet ? [opts.outlet] : [];
    const rows = this.db
      .prepare(
        `SELECT a.id, a.external_id, a.source, a.title, a.outlet, a.published, a.language, length(a.text) AS chars, a.ingested_at,
           (SELECT count(*) FROM annotations n WHERE n.article_id = a.id AND n.kind = 'entity') AS entities,
           (SELECT count(*) FROM annotations n WHERE n.article_id = a.id AND n.kind = 'quote') AS quotes,
           (SELECT count(*) FROM annotations n WHERE n.article_id = a.id AND n.kind = 'figure') AS figures,
           (SELECT count(*) FROM annotations n WHERE n.article_id = a.id AND n.kind = 'date') AS dates
         FROM articles a ${where}
         ORDER BY a.published IS NULL, a.published, a.ingested_at, a.id
         LIMIT ? OFFSET ?`,
      )
      .all(...params, opts.limit ?? -1, opts.offset ?? 0) as Record<string, unknown>[];
    return rows.map((r) => ({
      id: r.id as string,
      externalId: r.external_id as string | null,
      source: r.source as string,
      title: r.title as string | null,
      outlet: r.outlet as string | null,
      published: r.published as string | null,
      language: r.language as string | null,
      chars: r.chars as number,
      counts: {
        entities: r.entities as number,
        quotes: r.quotes as number,
        figures: r.figures as number,
        dates: r.dates as number,
      },
      ingestedAt: r.ingested_at as string,
    }));
  }

  async countArticles(): Promise<number> {
    return (this.stmt.count.get() as { n: number }).n;
  }

  async search(query: string, opts: { limit?: number } = {}): Promise<SearchHit[]> {
    const terms = toFtsTerms(query);
    if (!terms.length) return [];
    const match = terms.map((t) => `"${t.replace(/"/g, '""')}"`).join(' ');
    const rows = this.db
      .prepare(
        `SELECT f.article_id AS id, a.external_id, a.title, a.outlet, a.published,
           -bm25(articles_fts, 0.0, 5.0, 1.0) AS score,
           snippet(articles_fts, 2, '[', ']', '…', 16) AS snippet
         FROM articles_fts f JOIN articles a ON a.id = f.article_id
         WHERE articles_fts MATCH ?
         ORDER BY bm25(articles_fts, 0.0, 5.0, 1.0) LIMIT ?`,
      )
      .all(match, opts.limit ?? 20) as Record<string, unknown>[];
    return rows.map((r) => ({
      id: r.id as string,
      externalId: r.external_id as string | null,
      title: r.title as string | null,
      outlet: r.outlet as string | null,
      published: r.published as string | null,
      score: r.score as number,
      snippet: r.snippet as string,
    }));
  }

  async *articles(): AsyncIterable<AnalyzedArticle> {
    const ids = this.db.prepare('SELECT id FROM articles ORDER BY ingested_at, id').pluck().all() as string[];
    for (const id of ids) {
      const row = this.stmt.get.get(id, id) as ArticleRow | undefined;
      if (row) yield this.hydrate(row);
    }
  }

  async annotations(q: AnnotationQuery): Promise<AnnotationRow[]> {
    const where = ['n.kind = ?'];
    const params: unknown[] = [q.kind];
    if (q.label !== undefined) where.push('n.label IS NOT NULL');
    if (q.story !== undefined) {
      where.push('a.id IN (SELECT article_id FROM story_assignments WHERE story_id = ?)');
      params.push(q.story);
    }
    const rows = this.db
      .prepare(
        `SELECT n.data, n.label, a.id, a.external_id, a.title, a.outlet, a.published, a.source
         FROM annotations n JOIN articles a ON a.id = n.article_id
         WHERE ${where.join(' AND ')}
         ORDER BY a.published IS NULL, a.published, a.ingested_at, a.id, n.seq`,
      )
      .all(...params) as (Record<string, unknown> & { label: string | null })[];
    // Label matching in JavaScript: SQLite's LIKE folds case for ASCII only.
    const want = q.label?.toLocaleLowerCase();
    return rows
      .filter((r) => want === undefined || (r.label ?? '').toLocaleLowerCase().includes(want))
      .map((r) => ({
        article: {
          id: r.id as string,
          externalId: r.external_id as string | null,
          title: r.title as string | null,
          outlet: r.outlet as string | null,
          published: r.published as string | null,
          source: r.source as string,
        },
        item: JSON.parse(r.data as string) as unknown,
      }));
  }

  /** One placer at a time in this process; BEGIN IMMEDIATE makes other processes wait for the file lock. */
  private storyQueue: Promise<unknown> = Promise.resolve();
  private storyTx: SqliteStoryTx | null = null;

  async storyTransaction<T>(work: (tx: StoryStateTx) => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      this.storyTx ??= new SqliteStoryTx(this.db);
      await beginImmediate(this.db);
      try {
        const result = await work(this.storyTx);
        this.db.exec('COMMIT');
        return result;
      } catch (err) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw err;
      }
    };
    const next = this.storyQueue.then(run, run);
    this.storyQueue = next.catch(() => undefined);
    return next;
  }

  async storyLabels(story?: number): Promise<StoryLabels> {
    const one = story === undefined ? '' : ' AND id = ?';
    const stories = this.db
      .prepare(`SELECT id, label FROM stories WHERE merged_into IS NULL${one}`)
      .raw()
      .all(...(story === undefined ? [] : [story])) as [number, string][];
    const events = this.db
      .prepare(`SELECT id, label FROM story_events${story === undefined ? '' : ' WHERE story_id = ?'}`)
      .raw()
      .all(...(story === undefined ? [] : [story])) as [number, string][];
    return { stories: new Map(stories), events: new Map(events) };
  }

  async unassignedArticleIds(): Promise<string[]> {
    return this.db
      .prepare(
        `SELECT a.id FROM articles a LEFT JOIN story_assignments s ON s.article_id = a.id
         WHERE s.article_id IS NULL ORDER BY a.published IS NULL, a.published, a.ingested_at, a.id`,
      )
      .pluck()
      .all() as string[];
  }

  async storyMembers(story?: number): Promise<StoryMember[]> {
    const rows = this.db
      .prepare(
        `SELECT s.article_id, s.story_id, s.event_id, s.score, a.external_id, a.title, a.outlet, a.published, a.language, a.source
         FROM story_assignments s JOIN articles a ON a.id = s.article_id
         ${story === undefined ? '' : 'WHERE s.story_id = ?'}
         ORDER BY a.published IS NULL, a.published, a.ingested_at, a.id`,
      )
      .all(...(story === undefined ? [] : [story])) as Record<string, unknown>[];
    return rows.map((r) => ({
      articleId: r.article_id as string,
      story: r.story_id as number,
      event: r.event_id as number,
      score: r.score as number,
      externalId: r.external_id as string | null,
      title: r.title as string | null,
      outlet: r.outlet as string | null,
      published: r.published as string | null,
      language: r.language as string | null,
      source: r.source as string,
    }));
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

/**
 * BEGIN IMMEDIATE takes the write lock now (so the read-decide-write of a batch cannot be overtaken); the
 * busy timeout makes it wait for another writer, and a writer that keeps the lock longer is waited for again.
 */
async function beginImmediate(db: Database.Database, attempts = 20): Promise<void> {
  for (let i = 1; ; i++) {
    try {
      db.exec('BEGIN IMMEDIATE');
      return;
    } catch (err) {
      if ((err as { code?: string }).code !== 'SQLITE_BUSY' || i >= attempts) throw err;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

function firstMention(e: AnalyzedArticle['entities'][number]): { start: number; end: number } {
  return e.mentions[0] ?? { start: 0, end: 0 };
}

function labelOf(kind: string, item: unknown): string | null {
  const x = item as Record<string, unknown>;
  if (kind === 'entity') return (x.name as string) ?? null;
  if (kind === 'quote') return (x.speaker as string | null) ?? null;
  if (kind === 'figure') return (x.noun as string | null) ?? null;
  if (kind === 'date') return (x.value as string | null) ?? null;
  return null;
}
