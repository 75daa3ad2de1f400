/**
 * A store made by the previous schema version, holding data, opens with the current code, migrates and
 * loses nothing (issue 20), on both stores. The previous version's tables come from the older migrations
 * themselves; their rows are those a store of the current version holds after the same writes (each table
 * of the old schema takes the columns it had), so the data is what the older code wrote wherever the two
 * versions agree on a table. After the upgrade, everything the Store reads must equal the current store's
 * answers, and both must go on the same way after one more write.
 */
import Database from 'better-sqlite3';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import pg from 'pg';
import { NEAR_DUPLICATES } from '../ingest/near-duplicates.js';
import { updateStories } from '../stories/update.js';
import { tempDir } from '../testing/fixtures.js';
import { freshPostgresLocation, TEST_PG } from '../testing/postgres.js';
import { storedArticle, syntheticArticle } from '../testing/store-articles.js';
import { openPostgresStore } from './postgres.js';
import { POSTGRES_MIGRATIONS } from './postgres-schema.js';
import { openSqliteStore, SQLITE_MIGRATIONS } from './sqlite.js';
import type { SourceRecord, Store } from './store.js';

const SOURCE: SourceRecord = {
  url: 'https://example.org/feed.xml',
  outlet: 'Example Herald',
  language: 'en',
  everySeconds: 600,
  addedAt: '2024-03-01T08:00:00.000Z',
  lastFetch: '2024-03-01T09:00:00.000Z',
  lastNew: '2024-03-01T09:00:00.000Z',
  lastError: null,
  failures: 0,
  nextDue: '2024-03-01T09:10:00.000Z',
  etag: '"v1"',
  lastModified: null,
  bodyHash: 'abc123',
};

/** Articles of every kind the store keeps (annotated, near-duplicates, plain), placed in stories; a source. */
async function fill(s: Store): Promise<void> {
  const frozen = ['ceasefire', 'port', 'markets', 'wire', 'wire-copy'].map(storedArticle);
  const synthetic = Array.from({ length: 40 }, (_, i) => syntheticArticle(i, `Outlet ${i % 3}`));
  await s.putArticles([...frozen, ...synthetic], NEAR_DUPLICATES);
  await updateStories(s);
  await s.putSource(SOURCE);
}

/** The snapshot holds what `fill` wrote, so that comparing two of them proves something. */
function assertFilled(snap: unknown): void {
  const x = snap as {
    count: number;
    articles: { entities: unknown[] }[];
    nearDuplicates: unknown[][];
    members: unknown[];
    sources: unknown[];
    search: unknown[][];
  };
  assert.equal(x.count, 45);
  assert.ok(x.articles.some((a) => a.entities.length > 0));
  assert.ok(x.nearDuplicates.some((l) => l.length > 0));
  assert.equal(x.members.length, 45);
  assert.equal(x.sources.length, 1);
  assert.ok(x.search.every((hits) => hits.length > 0));
}

/** One more write after the upgrade: a near-duplicate, a new article, and placement. */
async function writeMore(s: Store): Promise<void> {
  await s.putArticles([storedArticle('wire-again'), syntheticArticle(99)], NEAR_DUPLICATES);
  await updateStories(s);
}

/** A snapshot without ingest times (the one more write happens at a different moment in each store). */
function timeless(x: unknown): unknown {
  return JSON.parse(JSON.stringify(x, (k, v: unknown) => (k === 'ingestedAt' ? undefined : v)));
}

/** Everything the Store answers about its data. */
async function snapshot(s: Store): Promise<unknown> {
  const listed = await s.listArticles();
  const ids = listed.map((a) => a.id);
  return {
    count: await s.countArticles(),
    listed,
    articles: await Promise.all(ids.map((id) => s.getArticle(id))),
    nearDuplicates: await Promise.all(ids.map((id) => s.nearDuplicates(id))),
    byExternalId: await s.idsByExternalId('syn-7'),
    search: [await s.search('ceasefire'), await s.search('report', { limit: 50 })],
    members: await s.storyMembers(),
    labels: await s.storyLabels(),
    unassigned: await s.unassignedArticleIds(),
    sources: await s.listSources(),
  };
}

test('SQLite: a database of the previous schema version is migrated and loses nothing', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const current = join(dir, 'current.db');
    const previous = join(dir, 'previous.db');
    let s = openSqliteStore(current);
    await fill(s);
    const before = await snapshot(s);
    assertFilled(before);
    await s.close();

    const prior = SQLITE_MIGRATIONS.at(-2)!.version;
    const db = new Database(previous);
    db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
    for (const m of SQLITE_MIGRATIONS.filter((x) => x.version <= prior)) {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations VALUES (?, ?)').run(m.version, '2024-01-01');
    }
    db.prepare('ATTACH DATABASE ? AS cur').run(current);
    const tables = db
      .prepare(
        // FTS5's shadow tables fill themselves from the inserts into the full-text table.
        "SELECT name, sql FROM main.sqlite_master WHERE type = 'table' AND name <> 'schema_migrations' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE 'articles\\_fts\\_%' ESCAPE '\\'",
      )
      .all() as { name: string; sql: string }[];
    assert.ok(tables.some((t) => t.name === 'articles'));
    db.transaction(() => {
      for (const t of tables) {
        const cols = (name: string, schema: string): string[] =>
          (
            db.prepare(`SELECT name FROM pragma_table_info(?, ?)`).all(name, schema) as { name: string }[]
          ).map((c) => c.name);
        const have = new Set(cols(t.name, 'cur'));
        const shared = cols(t.name, 'main').filter((c) => have.has(c));
        // Row ids as they were (band rows refer to an article's); a WITHOUT ROWID table has none.
        const keep = /WITHOUT\s+ROWID/i.test(t.sql) ? shared : ['rowid', ...shared];
        const list = keep.map((c) => `"${c}"`).join(', ');
        db.exec(`DELETE FROM main."${t.name}"`);
        db.exec(`INSERT INTO main."${t.name}" (${list}) SELECT ${list} FROM cur."${t.name}"`);
      }
    })();
    db.exec('DETACH DATABASE cur');
    db.close();

    const old = openSqliteStore(previous);
    assert.deepEqual(await snapshot(old), before);
    s = openSqliteStore(current);
    await writeMore(s);
    await writeMore(old);
    assert.deepEqual(timeless(await snapshot(old)), timeless(await snapshot(s)));
    await Promise.all([s.close(), old.close()]);
    const check = new Database(previous, { readonly: true });
    assert.equal(
      (check.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number }).v,
      SQLITE_MIGRATIONS.at(-1)!.version,
    );
    check.close();
  } finally {
    cleanup();
  }
});

test('PostgreSQL: a schema of the previous version is migrated and loses nothing', async () => {
  const current = freshPostgresLocation();
  const previous = freshPostgresLocation();
  const schemaOf = (location: string): string => new URL(location).searchParams.get('schema')!;
  const [cur, prev] = [schemaOf(current.location), schemaOf(previous.location)];
  try {
    let s = openPostgresStore(current.location);
    await fill(s);
    const before = await snapshot(s);
    assertFilled(before);
    await s.close();

    const client = new pg.Client({ connectionString: TEST_PG });
    await client.connect();
    try {
      await client.query('BEGIN');
      await client.query(`CREATE SCHEMA ${prev}`);
      await client.query(`SET LOCAL search_path TO ${prev}`);
      await client.query(
        'CREATE TABLE schema_migrations (version integer PRIMARY KEY, applied_at text NOT NULL)',
      );
      const prior = POSTGRES_MIGRATIONS.at(-2)!.version;
      for (const m of POSTGRES_MIGRATIONS.filter((x) => x.version <= prior)) {
        await client.query(m.sql);
        await client.query('INSERT INTO schema_migrations VALUES ($1, $2)', [m.version, '2024-01-01']);
      }
      // Rows go in table by table; the foreign keys hold once all are in.
      await client.query('SET LOCAL session_replication_role = replica');
      const { rows: tables } = await client.query<{ name: string }>(
        `SELECT table_name AS name FROM information_schema.tables
         WHERE table_schema = $1 AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations'`,
        [prev],
      );
      assert.ok(tables.some((t) => t.name === 'articles'));
      for (const { name } of tables) {
        const { rows: cols } = await client.query<{ column: string; identity: string }>(
          `SELECT p.column_name AS column, p.is_identity AS identity
           FROM information_schema.columns p JOIN information_schema.columns c
             ON c.table_schema = $2 AND c.table_name = p.table_name AND c.column_name = p.column_name
           WHERE p.table_schema = $1 AND p.table_name = $3 AND p.is_generated = 'NEVER'
           ORDER BY p.ordinal_position`,
          [prev, cur, name],
        );
        const list = cols.map((c) => `"${c.column}"`).join(', ');
        await client.query(`DELETE FROM ${prev}."${name}"`);
        await client.query(
          `INSERT INTO ${prev}."${name}" (${list}) OVERRIDING SYSTEM VALUE SELECT ${list} FROM ${cur}."${name}"`,
        );
        for (const c of cols.filter((x) => x.identity === 'YES'))
          await client.query(
            `SELECT setval(pg_get_serial_sequence($1, $2), coalesce((SELECT max("${c.column}") FROM ${prev}."${name}"), 0) + 1, false)`,
            [`${prev}."${name}"`, c.column],
          );
      }
      await client.query('COMMIT');
    } finally {
      await client.end();
    }

    const old = openPostgresStore(previous.location);
    assert.deepEqual(await snapshot(old), before);
    s = openPostgresStore(current.location);
    await writeMore(s);
    await writeMore(old);
    assert.deepEqual(timeless(await snapshot(old)), timeless(await snapshot(s)));
    await Promise.all([s.close(), old.close()]);
    const check = new pg.Client({ connectionString: TEST_PG });
    await check.connect();
    try {
      const { rows } = await check.query<{ v: number }>(
        `SELECT max(version) AS v FROM ${prev}.schema_migrations`,
      );
      assert.equal(rows[0]!.v, POSTGRES_MIGRATIONS.at(-1)!.version);
    } finally {
      await check.end();
    }
  } finally {
    await Promise.all([current.drop(), previous.drop()]);
  }
});
