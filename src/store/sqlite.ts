/** The embedded store: SQLite through better-sqlite3, FTS5 for search. */
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
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
import { SqliteStoryTx } from './sqlite-stories.js';
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
    // Bounded near-duplicate lookups: band rows carry the article's insertion order (its rowid) so that a
    // crowded band yields its most recent members first without reading the rest; a link is one row per
    // pair (read in both directions), so the reverse index serves that read and cascading deletes.
    version: 5,
    sql: `
      CREATE TABLE article_bands_v5 (
        band       TEXT NOT NULL,
        seq        INTEGER NOT NULL,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        PRIMARY KEY (band, seq, article_id)
      ) WITHOUT ROWID;
      INSERT INTO article_bands_v5 (band, seq, article_id)
        SELECT b.band, a.rowid, b.article_id FROM article_bands b JOIN articles a ON a.id = b.article_id;
      DROP TABLE article_bands;
      ALTER TABLE article_bands_v5 RENAME TO article_bands;
      CREATE INDEX article_bands_article ON article_bands(article_id);
      CREATE INDEX article_links_other ON article_links(other_id);
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
  {
    // Pages of articles newest first (ArticleQuery) walk this index from its end, at any depth.
    version: 7,
    sql: `CREATE INDEX articles_recent ON articles(coalesce(published, ''), id);`,
  },
  {
    // Sources that `watch` polls (issue 19).
    version: 8,
    sql: `
      CREATE TABLE sources (
        url           TEXT PRIMARY KEY CHECK (length(url) > 0),
        outlet        TEXT,
        language      TEXT,
        every_seconds INTEGER NOT NULL CHECK (every_seconds > 0),
        added_at      TEXT NOT NULL,
        last_fetch    TEXT,
        last_new      TEXT,
        last_error    TEXT,
        failures      INTEGER NOT NULL DEFAULT 0,
        next_due      TEXT NOT NULL,
        etag          TEXT,
        last_modified TEXT,
        body_hash     TEXT
      );
    `,
  },
  {
    // Revisions of stored articles (the same URL or guid seen again with changed text; issue 19).
    version: 9,
    sql: `
      CREATE TABLE article_revisions (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        seq        INTEGER NOT NULL CHECK (seq > 0),
        content_id TEXT NOT NULL,
        seen_at    TEXT NOT NULL,
        source     TEXT NOT NULL,
        title      TEXT,
        text       TEXT NOT NULL,
        marks      TEXT NOT NULL,
        PRIMARY KEY (article_id, seq),
        UNIQUE (article_id, content_id)
      );
      CREATE INDEX articles_url ON articles(url);
    `,
  },
  {
    // Alerts fired by watch (issue 19), and what the live stream asks: articles and revisions since a time.
    version: 10,
    sql: `
      CREATE TABLE alerts (
        id       INTEGER PRIMARY KEY AUTOINCREMENT,
        fired_at TEXT NOT NULL,
        alert    TEXT NOT NULL
      );
      CREATE INDEX articles_ingested ON articles(ingested_at);
      CREATE INDEX articles_source ON articles(source);
      CREATE INDEX article_revisions_seen ON article_revisions(seen_at);
    `,
  },
  {
    // A counter that only writes of articles, annotations, revisions, alerts and stories move (not a
    // source's poll), so that views kept per data version outlive `watch`'s bookkeeping.
    version: 11,
    sql: `
      CREATE TABLE data_version (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        v  INTEGER NOT NULL
      );
      INSERT INTO data_version (id, v) VALUES (1, 0);
    `,
  },
];

/**
 * The upper bound of a day for comparing with stored dates, which are a day (YYYY-MM-DD) or a date-time
 * (YYYY-MM-DDT…): '~' sorts after every character a date-time holds, so `< day~` keeps the whole day.
 */

/**
 * How long a writer waits for another process's write transaction before giving up. An ingest batch
 * commits in milliseconds and a story rebuild in seconds; a minute means a second writer waits rather than
 * fails, while a process that holds the lock for good still ends in an error instead of a hang.
 */
const BUSY_TIMEOUT_MS = 60_000;

export interface SqliteOpenOptions {
  mode?: OpenMode;
  /**
   * Cap on the database size in pages (SQLite's max_page_count): past it, writes fail as on a full disk.
   * For tests of the disk-full path; unset in normal use.
   */
  maxPages?: number;
}

/** Open (in `write` mode, create) a SQLite store; every error is a StoreOpenError naming the path. */
export function openSqliteStore(path: string, opts: SqliteOpenOptions = {}): Store {
  // better-sqlite3 opens a throwaway temporary database for an empty name: data would vanish silently.
  if (path.trim() === '') throw new StoreOpenError('""', 'an empty path names no database file');
  const read = opts.mode === 'read' && path !== ':memory:';
  if (read && !existsSync(path)) throw new StoreNotFoundError(path);
  if (path !== ':memory:' && existsSync(path) && statSync(path).isDirectory())
    throw new StoreOpenError(path, 'is a folder, not a database file');
  let db: Database.Database | undefined;
  try {
    if (!read && path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    db = read ? openToRead(path) : new Database(path);
    // First, so that every later statement (switching to WAL included) waits for other writers.
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    if (!read) switchToWal(db);
    db.pragma('foreign_keys = ON');
    if (opts.maxPages !== undefined) db.pragma(`max_page_count = ${Math.floor(opts.maxPages)}`);
    if (read) checkSchema(db, path);
    else migrate(db);
  } catch (err) {
    db?.close();
    if (err instanceof StoreOpenError) throw err;
    throw new StoreOpenError(path, openFailure(err, path));
  }
  return new SqliteStore(db, path);
}

/**
 * Switch a database to write-ahead logging, waiting for another process that is doing the same. On a new
 * file the switch reads the header and then writes it; when two processes read it at once, the second to
 * ask for the write lock is refused at once with SQLITE_BUSY (SQLite does not wait for a lock it would
 * have to upgrade, to avoid a deadlock), so the busy timeout never applies. The switch is retried until
 * it succeeds or the busy timeout has passed.
 */
function switchToWal(db: Database.Database): void {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  for (let pause = 5; ; pause = Math.min(pause * 2, 200)) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (err) {
      if (!sqliteCode(err)?.startsWith('SQLITE_BUSY') || Date.now() > deadline) throw err;
      sleepSync(pause);
    }
  }
}

/** Block the thread for some milliseconds: opening a store is synchronous, and so is its wait. */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** A read-only WAL database whose -shm cannot be created is read into memory up to this size. */
const IN_MEMORY_READ_LIMIT = 1 << 30;

/**
 * Open a database only to read. A WAL database needs its shared-memory file (-shm) even to be read, and
 * SQLite deletes it when the last writer closes; in a folder that cannot be written it cannot be created
 * again, so SQLite refuses. When no write-ahead log holds unfinished writes (no -wal file, or an empty
 * one), the main file is the whole database: it is then read into memory (this build of SQLite takes no
 * `immutable` URI). A pending -wal that cannot be read is an error naming it.
 */
function openToRead(path: string): Database.Database {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return db;
  } catch (err) {
    const code = sqliteCode(err) ?? '';
    if (!code.startsWith('SQLITE_READONLY') && !code.startsWith('SQLITE_CANTOPEN')) throw err;
    db.close();
  }
  const wal = `${path}-wal`;
  if (existsSync(wal) && statSync(wal).size > 0)
    throw new StoreOpenError(
      path,
      `its write-ahead log ${wal} holds writes not yet in the database and its folder cannot be written; open it once where it can be written`,
    );
  if (statSync(path).size > IN_MEMORY_READ_LIMIT)
    throw new StoreOpenError(
      path,
      'is in a folder that cannot be written and too large to read into memory; copy it where it can be written',
    );
  const bytes = readFileSync(path);
  // Header bytes 18–19 say "WAL" (2); a database in memory must say "rollback journal" (1). Only this
  // private copy changes, never the file.
  bytes[18] = 1;
  bytes[19] = 1;
  return new Database(bytes, { readonly: true });
}

/** Why a database could not be opened, in words, from the error's code (never its message). */
function openFailure(err: unknown, path: string): string {
  const fsCode = (err as NodeJS.ErrnoException).code;
  if (fsCode === 'EEXIST' || fsCode === 'ENOTDIR')
    return `its folder cannot be created: ${dirname(path)} or a folder above it is a file`;
  if (fsCode === 'EACCES' || fsCode === 'EPERM' || fsCode === 'EROFS')
    return `its folder cannot be created (${(err as Error).message})`;
  const code = sqliteCode(err) ?? '';
  if (code === 'SQLITE_NOTADB') return 'is not a SQLite database (a sitrep database is one)';
  if (code.startsWith('SQLITE_CANTOPEN'))
    return 'cannot be opened or created (is its folder missing or not writable?)';
  if (code.startsWith('SQLITE_READONLY'))
    return 'is read-only (the file or its folder cannot be written); commands that only read can still use it';
  if (code === 'SQLITE_FULL') return 'the disk is full';
  return (err as Error).message;
}

/** A database opened only to read cannot be migrated: say so when its schema is not the current one. */
function checkSchema(db: Database.Database, path: string): void {
  const latest = SQLITE_MIGRATIONS[SQLITE_MIGRATIONS.length - 1]!.version;
  let current = 0;
  try {
    current =
      (db.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0;
  } catch (err) {
    // A SQLite database without sitrep's tables; any other failure is described by its code.
    if (sqliteCode(err) === 'SQLITE_ERROR')
      throw new StoreOpenError(path, "is a SQLite database, but not sitrep's");
    throw err;
  }
  if (current !== latest) {
    const fix = current < latest ? 'any command that stores articles upgrades it' : 'upgrade sitrep';
    throw new StoreOpenError(path, `database schema version ${current}, this sitrep reads ${latest}; ${fix}`);
  }
}

/**
 * Bring the schema up to date. Each step runs in an immediate transaction that reads the version again,
 * so two processes opening a new database at once apply each migration once (the second waits, then
 * finds it applied).
 */
function migrate(db: Database.Database): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)',
  );
  const version = (): number =>
    (db.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0;
  const latest = SQLITE_MIGRATIONS[SQLITE_MIGRATIONS.length - 1]!.version;
  if (version() > latest) {
    throw new Error(
      `database schema version ${version()} is newer than this sitrep supports (${latest}); upgrade sitrep`,
    );
  }
  if (version() === latest) return; // up to date: take no write lock
  for (const m of SQLITE_MIGRATIONS) {
    db.transaction(() => {
      if (version() >= m.version) return;
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(
        m.version,
        new Date().toISOString(),
      );
    }).immediate();
  }
}

/** SQLite's own error code (better-sqlite3's SqliteError carries it), never its message. */
function sqliteCode(err: unknown): string | undefined {
  return err instanceof Database.SqliteError ? err.code : undefined;
}

/** What a listing shows of an article, with its annotation counts (read from the primary key). */
const SUMMARY_COLUMNS = `a.id, a.external_id, a.source, a.title, a.outlet, a.published, a.language,
  length(a.text) AS chars, a.ingested_at,
  (SELECT count(*) FROM annotations n WHERE n.article_id = a.id AND n.kind = 'entity') AS entities,
  (SELECT count(*) FROM annotations n WHERE n.article_id = a.id AND n.kind = 'quote') AS quotes,
  (SELECT count(*) FROM annotations n WHERE n.article_id = a.id AND n.kind = 'figure') AS figures,
  (SELECT count(*) FROM annotations n WHERE n.article_id = a.id AND n.kind = 'date') AS dates`;

class SqliteStore implements Store {
  private readonly stmt;

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
      byId: db.prepare('SELECT * FROM articles WHERE id = ?'),
      ftsArticleId: db.prepare('SELECT article_id FROM articles_fts WHERE rowid = ?').pluck(),
      outletAndDate: db.prepare('SELECT outlet, published FROM articles WHERE id = ?'),
      // One search hit by its FTS row: the MATCH gives the snippet its phrases; the rowid seeks straight to it.
      searchHit: db.prepare(`SELECT f.article_id AS id, a.external_id, a.title, a.outlet, a.published,
          snippet(articles_fts, 2, '[', ']', '…', 16) AS snippet
        FROM articles_fts f JOIN articles a ON a.id = f.article_id
        WHERE articles_fts MATCH ? AND f.rowid = ?`),
      // First stored first: the ingest time, then the insertion order within one batch.
      idsByExternalId: db
        .prepare('SELECT id FROM articles WHERE external_id = ? ORDER BY ingested_at, rowid')
        .pluck(),
      annotations: db.prepare('SELECT kind, data FROM annotations WHERE article_id = ? ORDER BY kind, seq'),
      count: db.prepare('SELECT count(*) AS n FROM articles'),
      dataVersion: db.prepare('SELECT v FROM data_version WHERE id = 1').pluck(),
      totalChanges: db.prepare('SELECT total_changes()').pluck(),
      bumpVersion: db.prepare('UPDATE data_version SET v = v + 1 WHERE id = 1'),
      insertSignature: db.prepare('INSERT INTO article_signatures (article_id, signature) VALUES (?, ?)'),
      insertBand: db.prepare('INSERT OR IGNORE INTO article_bands (band, seq, article_id) VALUES (?, ?, ?)'),
      bandMembers: db.prepare(`SELECT b.article_id AS id, s.signature, a.outlet FROM article_bands b
         JOIN article_signatures s ON s.article_id = b.article_id JOIN articles a ON a.id = b.article_id
         WHERE b.band = ? ORDER BY b.seq DESC LIMIT ?`),
      insertLink: db.prepare(
        'INSERT OR IGNORE INTO article_links (article_id, other_id, similarity) VALUES (?, ?, ?)',
      ),
      // A link is stored once, from the article stored later; databases before version 5 hold both
      // directions, hence the grouping.
      links:
        db.prepare(`SELECT a.id, a.external_id, a.title, a.outlet, a.published, max(l.similarity) AS similarity
        FROM (SELECT other_id AS id, similarity FROM article_links WHERE article_id = ?
              UNION ALL SELECT article_id AS id, similarity FROM article_links WHERE other_id = ?) l
        JOIN articles a ON a.id = l.id GROUP BY a.id ORDER BY similarity DESC, a.published, a.id`),
    };
  }

  async putArticles(articles: AnalyzedArticle[], policy?: NearDuplicatePolicy): Promise<PutResult[]> {
    const now = new Date().toISOString();
    const write = this.db.transaction((batch: AnalyzedArticle[]) => {
      const results = batch.map((a): PutResult => {
        if (this.stmt.has.get(a.id) !== undefined) return 'duplicate';
        const fp = policy?.fingerprint(a);
        const verdict = fp && policy!.judge(a, fp, this.candidates(fp.bands, policy!.candidatesPerBand));
        if (verdict && 'nearDuplicateOf' in verdict) return 'near-duplicate';
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
        this.insertAnnotations(a);
        this.stmt.insertFts.run(a.id, a.title ?? '', a.text);
        if (fp?.signature.length) {
          this.stmt.insertSignature.run(a.id, JSON.stringify(fp.signature));
          for (const band of fp.bands) this.stmt.insertBand.run(band, info.lastInsertRowid, a.id);
        }
        for (const link of verdict?.links ?? []) this.stmt.insertLink.run(a.id, link.id, link.similarity);
        return 'inserted';
      });
      if (results.includes('inserted')) this.stmt.bumpVersion.run();
      return results;
    });
    try {
      // Immediate: take the write lock before reading, so a second writer waits (busy timeout) instead
      // of failing when its read snapshot turns out stale at its first write.
      return write.immediate(articles);
    } catch (err) {
      if (sqliteCode(err) === 'SQLITE_FULL') throw new StoreFullError(this.location);
      throw err;
    }
  }

  async replaceAnalysis(a: AnalyzedArticle): Promise<boolean> {
    const replace = this.db.transaction((): boolean => {
      const updated = this.db
        .prepare('UPDATE articles SET sentences = ?, warnings = ? WHERE id = ?')
        .run(JSON.stringify(a.sentences.map((s) => [s.start, s.end])), JSON.stringify(a.warnings), a.id);
      if (updated.changes === 0) return false;
      this.db.prepare('DELETE FROM annotations WHERE article_id = ?').run(a.id);
      this.insertAnnotations(a);
      this.stmt.bumpVersion.run();
      return true;
    });
    return this.write(() => replace.immediate());
  }

  /** An analysed article's annotation rows, in the order of KINDS and, within a kind, the article's. */
  private insertAnnotations(a: AnalyzedArticle): void {
    for (const r of annotationRows(a))
      this.stmt.insertAnnotation.run(a.id, r.kind, r.seq, r.start, r.end, r.label, r.data);
  }

  /** Stored articles sharing a band with a new one: at most `perBand` per band, most recent first. */
  private candidates(bandKeys: string[], perBand: number): Candidate[] {
    const found = new Map<string, Candidate>();
    for (const band of bandKeys) {
      const rows = this.stmt.bandMembers.all(band, perBand) as {
        id: string;
        signature: string;
        outlet: string | null;
      }[];
      for (const r of rows) {
        if (found.has(r.id)) continue;
        found.set(r.id, { id: r.id, outlet: r.outlet, signature: JSON.parse(r.signature) as number[] });
      }
    }
    return [...found.values()];
  }

  async nearDuplicates(id: string): Promise<NearDuplicate[]> {
    return (this.stmt.links.all(id, id) as Record<string, unknown>[]).map((r) => ({
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

  async storedIds(ids: string[]): Promise<Set<string>> {
    // In this process: one indexed look-up per id costs no round trip.
    return new Set(ids.filter((id) => this.stmt.has.get(id) !== undefined));
  }

  async getArticle(id: string): Promise<AnalyzedArticle | null> {
    let row = this.stmt.byId.get(id) as ArticleRow | undefined;
    if (!row) {
      const first = this.stmt.idsByExternalId.get(id) as string | undefined;
      if (first !== undefined) row = this.stmt.byId.get(first) as ArticleRow | undefined;
    }
    return row ? this.hydrate(row) : null;
  }

  async getArticles(ids: string[]): Promise<AnalyzedArticle[]> {
    // In this process: a look-up per id costs no round trip.
    const rows = ids.map((id) => this.stmt.byId.get(id) as ArticleRow | undefined);
    return rows.filter((r): r is ArticleRow => r !== undefined).map((r) => this.hydrate(r));
  }

  async idsByExternalId(externalId: string): Promise<string[]> {
    return this.stmt.idsByExternalId.all(externalId) as string[];
  }

  private hydrate(row: ArticleRow): AnalyzedArticle {
    return articleOfRow(row, this.stmt.annotations.all(row.id) as { kind: string; data: string }[]);
  }

  async listArticles(opts: ListOptions = {}): Promise<ArticleSummary[]> {
    const where = opts.outlet ? 'WHERE a.outlet = ?' : '';
    const params: unknown[] = opts.outlet ? [opts.outlet] : [];
    const rows = this.db
      .prepare(
        `SELECT ${SUMMARY_COLUMNS} FROM articles a ${where}
         ORDER BY a.published IS NULL, a.published, a.ingested_at, a.id
         LIMIT ? OFFSET ?`,
      )
      .all(...params, opts.limit ?? -1, opts.offset ?? 0) as Record<string, unknown>[];
    return rows.map(summaryOfRow);
  }

  async articlePage(q: ArticleQuery): Promise<ArticleSummary[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, ...values: unknown[]): void => {
      where.push(sql);
      params.push(...values);
    };
    if (q.outlet !== undefined) add('a.outlet = ?', q.outlet);
    if (q.language !== undefined) add('a.language = ?', q.language);
    if (q.story !== undefined)
      add('a.id IN (SELECT article_id FROM story_assignments WHERE story_id = ?)', q.story);
    if (q.from !== undefined) add("coalesce(a.published, '') >= ?", q.from);
    if (q.to !== undefined) add("coalesce(a.published, '') < ?", endOfDay(q.to));
    if (q.after)
      add(
        "(coalesce(a.published, '') < ? OR (coalesce(a.published, '') = ? AND a.id < ?))",
        q.after.published ?? '',
        q.after.published ?? '',
        q.after.id,
      );
    const rows = this.db
      .prepare(
        `SELECT ${SUMMARY_COLUMNS} FROM articles a ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY coalesce(a.published, '') DESC, a.id DESC LIMIT ?`,
      )
      .all(...params, q.limit) as Record<string, unknown>[];
    return rows.map(summaryOfRow);
  }

  /** The counter as last read, and the commits seen then (`pragma data_version`.`total_changes()`). */
  private version = { value: '', commits: '' };

  async dataVersion(): Promise<string> {
    // data_version moves when another connection commits, total_changes with this connection's writes:
    // cheap to ask on every request. Only when they moved is the counter read again; it moves with stored
    // articles and stories, not with a source's poll, which also commits.
    const other = this.db.pragma('data_version', { simple: true }) as number;
    const own = this.stmt.totalChanges.get() as number;
    const commits = `${other}.${own}`;
    if (commits !== this.version.commits)
      this.version = { value: String(this.stmt.dataVersion.get()), commits };
    return this.version.value;
  }

  async countArticles(): Promise<number> {
    return (this.stmt.count.get() as { n: number }).n;
  }

  /** The FTS match expression and the filters of a search, or null when the query has no words. */
  private searchWhere(query: string, o: SearchOptions): { where: string; params: unknown[] } | null {
    const terms = toFtsTerms(query);
    if (!terms.length) return null;
    const where = ['articles_fts MATCH ?'];
    const params: unknown[] = [terms.map((t) => `"${t.replace(/"/g, '""')}"`).join(' ')];
    if (o.outlet !== undefined) {
      where.push('a.outlet = ?');
      params.push(o.outlet);
    }
    if (o.from !== undefined) {
      where.push("coalesce(a.published, '') >= ?");
      params.push(o.from);
    }
    if (o.to !== undefined) {
      where.push("coalesce(a.published, '') < ?");
      params.push(endOfDay(o.to));
    }
    if (o.entity !== undefined) {
      where.push(
        "EXISTS (SELECT 1 FROM annotations n WHERE n.article_id = a.id AND n.kind = 'entity' AND n.label = ?)",
      );
      params.push(o.entity);
    }
    return { where: where.join(' AND '), params };
  }

  /**
   * The matches' FTS row ids and BM25 ranks, best first, read lazily (stop reading to stop). Only a filter
   * joins the articles: without one, no match's row is read.
   */
  private ranked(w: { where: string; params: unknown[] }): IterableIterator<{ fts: number; rank: number }> {
    const filtered = w.where !== 'articles_fts MATCH ?';
    return this.db
      .prepare(
        `SELECT f.rowid AS fts, bm25(articles_fts, 0.0, 5.0, 1.0) AS rank
         FROM articles_fts f ${filtered ? 'JOIN articles a ON a.id = f.article_id' : ''}
         WHERE ${w.where} ORDER BY rank`,
      )
      .iterate(...w.params) as IterableIterator<{ fts: number; rank: number }>;
  }

  /**
   * Ranked matches, best first, ties by article id. Ranking must score every match, but reading a match's
   * article id (its FTS content row holds the whole text) or its snippet for every match cost several times
   * the ranking on a large store: so the ranking runs over row ids alone, and only the rows that can be in
   * the page (the first offset + limit and those tied with the last of them) are read, the snippets only
   * for the page.
   */
  async search(query: string, opts: SearchOptions = {}): Promise<SearchHit[]> {
    const w = this.searchWhere(query, opts);
    if (!w) return [];
    const limit = opts.limit ?? 20;
    const offset = opts.offset ?? 0;
    if (limit <= 0) return [];
    const ranked = this.ranked(w);
    const wanted = offset + limit;
    const candidates: { fts: number; rank: number; id: Buffer }[] = [];
    for (const r of ranked) {
      // Past the page, only the rows tied with its last one may still belong in it (by their ids).
      if (candidates.length >= wanted && r.rank !== candidates.at(-1)!.rank) {
        ranked.return?.();
        break;
      }
      candidates.push({ ...r, id: Buffer.alloc(0) });
    }
    for (const c of candidates) c.id = Buffer.from(this.stmt.ftsArticleId.get(c.fts) as string, 'utf8');
    // Byte order of UTF-8, as SQLite's BINARY collation orders the ids.
    candidates.sort((a, b) => a.rank - b.rank || Buffer.compare(a.id, b.id));
    return candidates.slice(offset, wanted).map((c) => {
      // A bigint: FTS5 applies a rowid bound as a floating-point number to a MATCH query as no bound at all.
      const r = this.stmt.searchHit.get(w.params[0], BigInt(c.fts)) as Record<string, unknown>;
      return {
        id: r.id as string,
        externalId: r.external_id as string | null,
        title: r.title as string | null,
        outlet: r.outlet as string | null,
        published: r.published as string | null,
        score: -c.rank,
        snippet: r.snippet as string,
      };
    });
  }

  async searchFacets(
    query: string,
    opts: Omit<SearchOptions, 'limit' | 'offset'> & { sample: number },
  ): Promise<SearchFacets> {
    const w = this.searchWhere(query, opts);
    if (!w) return { over: 0, outlets: [], days: [], entities: [] };
    // The best matches once (ranking is the dear part), then the counts over them.
    // The rows of the best `sample` matches only (as search does), not of every match.
    const best: number[] = [];
    if (opts.sample > 0) {
      const ranked = this.ranked(w);
      for (const r of ranked) {
        best.push(r.fts);
        if (best.length >= opts.sample) {
          ranked.return?.();
          break;
        }
      }
    }
    const hits = best.map((fts) => {
      const id = this.stmt.ftsArticleId.get(fts) as string;
      const row = this.stmt.outletAndDate.get(id) as { outlet: string | null; published: string | null };
      return { id, ...row };
    });
    const count = (values: (string | null)[]): Map<string, number> => {
      const m = new Map<string, number>();
      for (const v of values) if (v !== null) m.set(v, (m.get(v) ?? 0) + 1);
      return m;
    };
    const byCount = (m: Map<string, number>): { value: string; count: number }[] =>
      [...m]
        .map(([value, n]) => ({ value, count: n }))
        .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
        .slice(0, FACET_SIZE);
    // Each match's entity names by the primary key (article_id, kind): one small lookup per match (+kind:
    // not through the index on kind and label, which the planner would otherwise take and scan).
    const labels = this.db
      .prepare(
        "SELECT DISTINCT label FROM annotations WHERE article_id = ? AND +kind = 'entity' AND label IS NOT NULL",
      )
      .pluck();
    const entities = byCount(count(hits.flatMap((h) => labels.all(h.id) as string[])));
    return {
      over: hits.length,
      outlets: byCount(count(hits.map((h) => h.outlet))),
      days: [...count(hits.map((h) => h.published?.slice(0, 10) ?? null))]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([value, n]) => ({ value, count: n })),
      entities,
    };
  }

  async *articles(): AsyncIterable<AnalyzedArticle> {
    const ids = this.db.prepare('SELECT id FROM articles ORDER BY ingested_at, id').pluck().all() as string[];
    for (const id of ids) {
      const row = this.stmt.byId.get(id) as ArticleRow | undefined;
      if (row) yield this.hydrate(row);
    }
  }

  async annotations<K extends AnnotationKind>(q: AnnotationQuery<K>): Promise<AnnotationRow<K>[]> {
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
        // Stored by kind from the analysed article: a row of kind K holds that kind's item.
        item: JSON.parse(r.data as string) as AnnotationItems[K],
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
        this.storyTx.wrote = false;
        const result = await work(this.storyTx);
        // A batch that placed nothing leaves the views as they were.
        if (this.storyTx.wrote) this.stmt.bumpVersion.run();
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

  /** Run one statement's work, turning a full disk into StoreFullError. */
  private write<T>(work: () => T): T {
    try {
      return work();
    } catch (err) {
      if (sqliteCode(err) === 'SQLITE_FULL') throw new StoreFullError(this.location);
      throw err;
    }
  }

  async articleIdByUrl(url: string): Promise<string | null> {
    const row = this.db.prepare('SELECT id FROM articles WHERE url = ? ORDER BY rowid LIMIT 1').get(url) as
      { id: string } | undefined;
    return row?.id ?? null;
  }

  async addRevision(r: Omit<ArticleRevision, 'seq'>): Promise<ArticleRevision | null> {
    const add = this.db.transaction((): ArticleRevision | null => {
      const known = this.db
        .prepare(
          `SELECT 1 FROM articles WHERE id = @id
           UNION ALL SELECT 1 FROM article_revisions WHERE article_id = @article AND content_id = @id`,
        )
        .get({ id: r.contentId, article: r.articleId });
      if (known) return null;
      const { next } = this.db
        .prepare('SELECT coalesce(max(seq), 0) + 1 AS next FROM article_revisions WHERE article_id = ?')
        .get(r.articleId) as { next: number };
      this.db
        .prepare(
          `INSERT INTO article_revisions (article_id, seq, content_id, seen_at, source, title, text, marks)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(r.articleId, next, r.contentId, r.seenAt, r.source, r.title, r.text, JSON.stringify(r.marks));
      // A revision changes what an article's views show.
      this.stmt.bumpVersion.run();
      return { ...r, seq: next };
    });
    return this.write(() => add.immediate());
  }

  async revisions(articleId: string): Promise<ArticleRevision[]> {
    const rows = this.db
      .prepare('SELECT * FROM article_revisions WHERE article_id = ? ORDER BY seq')
      .all(articleId) as RevisionRow[];
    return rows.map(revisionOfRow);
  }

  async revisionsSince(since: string | null, limit: number): Promise<ArticleRevision[]> {
    const rows = this.db
      .prepare(`SELECT * FROM article_revisions WHERE seen_at > ? ORDER BY seen_at, article_id, seq LIMIT ?`)
      .all(since ?? '', limit) as RevisionRow[];
    return rows.map(revisionOfRow);
  }

  async ingestedSince(since: string | null, limit: number): Promise<ArticleSummary[]> {
    const rows = this.db
      .prepare(
        `SELECT ${SUMMARY_COLUMNS} FROM articles a WHERE a.ingested_at > ? ORDER BY a.ingested_at, a.id LIMIT ?`,
      )
      .all(since ?? '', limit) as Record<string, unknown>[];
    return rows.map(summaryOfRow);
  }

  async sourceCounts(url: string): Promise<{ articles: number; revisions: number }> {
    // '$' follows '#' in code point order: [url#, url$) is every `url#…`, through the index on source.
    const count = (table: string): number =>
      this.db
        .prepare(`SELECT count(*) FROM ${table} WHERE source = ? OR (source >= ? AND source < ?)`)
        .pluck()
        .get(url, `${url}#`, `${url}$`) as number;
    return { articles: count('articles'), revisions: count('article_revisions') };
  }

  async addAlerts(alerts: Alert[], firedAt: string): Promise<FiredAlert[]> {
    const insert = this.db.prepare('INSERT INTO alerts (fired_at, alert) VALUES (?, ?)');
    const add = this.db.transaction(() => {
      const fired = alerts.map((a) => ({
        ...a,
        id: Number(insert.run(firedAt, JSON.stringify(a)).lastInsertRowid),
        firedAt,
      }));
      // The alerts listed are part of what the API answers from a data version.
      if (fired.length) this.stmt.bumpVersion.run();
      return fired;
    });
    return this.write(() => add.immediate());
  }

  async alerts(q: { before?: number; after?: number; limit: number }): Promise<FiredAlert[]> {
    const rows = (
      q.after !== undefined
        ? this.db.prepare('SELECT * FROM alerts WHERE id > ? ORDER BY id LIMIT ?').all(q.after, q.limit)
        : this.db
            .prepare('SELECT * FROM alerts WHERE id < ? ORDER BY id DESC LIMIT ?')
            .all(q.before ?? Number.MAX_SAFE_INTEGER, q.limit)
    ) as { id: number; fired_at: string; alert: string }[];
    return rows.map((r) => ({ ...(JSON.parse(r.alert) as Alert), id: r.id, firedAt: r.fired_at }));
  }

  async putSource(r: SourceRecord): Promise<void> {
    this.write(() =>
      this.db
        .prepare(
          `INSERT OR REPLACE INTO sources (url, outlet, language, every_seconds, added_at, last_fetch, last_new,
             last_error, failures, next_due, etag, last_modified, body_hash)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(...sourceValues(r)),
    );
  }

  async removeSource(url: string): Promise<boolean> {
    return this.write(() => this.db.prepare('DELETE FROM sources WHERE url = ?').run(url).changes > 0);
  }

  async listSources(): Promise<SourceRecord[]> {
    return (this.db.prepare('SELECT * FROM sources ORDER BY url').all() as SourceRow[]).map(sourceRecord);
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

function revisionOfRow(r: RevisionRow): ArticleRevision {
  return {
    articleId: r.article_id,
    seq: r.seq,
    contentId: r.content_id,
    seenAt: r.seen_at,
    source: r.source,
    title: r.title,
    text: r.text,
    marks: JSON.parse(r.marks) as RevisionMark[],
  };
}

interface RevisionRow {
  article_id: string;
  seq: number;
  content_id: string;
  seen_at: string;
  source: string;
  title: string | null;
  text: string;
  marks: string;
}

interface SourceRow {
  url: string;
  outlet: string | null;
  language: string | null;
  every_seconds: number;
  added_at: string;
  last_fetch: string | null;
  last_new: string | null;
  last_error: string | null;
  failures: number;
  next_due: string;
  etag: string | null;
  last_modified: string | null;
  body_hash: string | null;
}

function sourceRecord(r: SourceRow): SourceRecord {
  return {
    url: r.url,
    outlet: r.outlet,
    language: r.language,
    everySeconds: r.every_seconds,
    addedAt: r.added_at,
    lastFetch: r.last_fetch,
    lastNew: r.last_new,
    lastError: r.last_error,
    failures: r.failures,
    nextDue: r.next_due,
    etag: r.etag,
    lastModified: r.last_modified,
    bodyHash: r.body_hash,
  };
}
