import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adminQuery, freshPostgresLocation, TEST_PG } from '../testing/postgres.js';
import { storedArticle } from '../testing/store-articles.js';
import { StoreNotFoundError, StoreOpenError } from './errors.js';
import { openStore } from './open.js';
import { openPostgresStore } from './postgres.js';
import { POSTGRES_MIGRATIONS } from './postgres-schema.js';
import { storeSuite } from './store.case.js';

test('the PostgreSQL server the tests use is reachable', async () => {
  // Fails (never skips) without a server: CI has one, and a store suite that did not run proves nothing.
  await adminQuery('SELECT 1');
});

storeSuite(
  'PostgreSQL',
  async () => {
    const { location, drop } = freshPostgresLocation();
    return { store: openPostgresStore(location), cleanup: drop };
  },
  async () => {
    const { location, drop } = freshPostgresLocation();
    return { location, cleanup: drop };
  },
);

test('a postgres:// or postgresql:// location opens the PostgreSQL store, named without its password', async () => {
  const { location, drop } = freshPostgresLocation();
  try {
    const withPassword = location.replace('postgres://postgres@', 'postgresql://postgres:s3cret@');
    const s = openStore(withPassword);
    assert.equal(s.location.includes('s3cret'), false);
    assert.match(s.location, /^postgresql:\/\/postgres@127\.0\.0\.1/);
    assert.equal(await s.countArticles(), 0);
    await s.close();
  } finally {
    await drop();
  }
});

test('migrations run from an empty schema, once, and data survives reopening', async () => {
  const { location, drop } = freshPostgresLocation();
  try {
    const a = storedArticle('ceasefire');
    const [s1, s2] = [openPostgresStore(location), openPostgresStore(location)];
    // Two processes' worth of openers at once: the second waits for the first's migration.
    assert.deepEqual(await Promise.all([s1.countArticles(), s2.countArticles()]), [0, 0]);
    await s1.putArticles([a]);
    await Promise.all([s1.close(), s2.close()]);
    const s3 = openPostgresStore(location, { mode: 'read' });
    assert.deepEqual(await s3.getArticle(a.id), a);
    await s3.close();
    const schema = new URL(location).searchParams.get('schema');
    const check = openPostgresStore(`${TEST_PG}?schema=${schema}`);
    await check.countArticles();
    await check.close();
    const latest = POSTGRES_MIGRATIONS[POSTGRES_MIGRATIONS.length - 1]!.version;
    await adminQuery(`DO $$ BEGIN
      IF (SELECT count(*) FROM ${schema}.schema_migrations) <> ${POSTGRES_MIGRATIONS.length}
        OR (SELECT max(version) FROM ${schema}.schema_migrations) <> ${latest}
      THEN RAISE EXCEPTION 'migrations applied more than once'; END IF; END $$`);
  } finally {
    await drop();
  }
});

test('read access never creates anything: an unmigrated schema is a StoreNotFoundError naming it', async () => {
  const { location, drop } = freshPostgresLocation();
  try {
    const s = openStore(location.replace('postgres://postgres@', 'postgres://postgres:hidden@'), {
      mode: 'read',
    });
    await assert.rejects(
      s.countArticles(),
      (err: unknown) =>
        err instanceof StoreNotFoundError &&
        !err.message.includes('hidden') &&
        err.location.includes('schema='),
    );
    await s.close();
    const schema = new URL(location).searchParams.get('schema');
    await adminQuery(`DO $$ BEGIN
      IF EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = '${schema}') THEN RAISE EXCEPTION 'created'; END IF;
      END $$`);
  } finally {
    await drop();
  }
});

test('a database from a newer sitrep is refused, not damaged', async () => {
  const { location, drop } = freshPostgresLocation();
  try {
    const s = openPostgresStore(location);
    await s.countArticles();
    await s.close();
    const schema = new URL(location).searchParams.get('schema');
    await adminQuery(`INSERT INTO ${schema}.schema_migrations VALUES (999, 'later')`);
    for (const mode of ['read', 'write'] as const) {
      const again = openPostgresStore(location, { mode });
      await assert.rejects(again.countArticles(), (err: unknown) => {
        assert.ok(err instanceof StoreOpenError);
        assert.match(err.message, /schema version 999/);
        return true;
      });
      await again.close();
    }
  } finally {
    await drop();
  }
});

test('connection failures are StoreOpenErrors naming the location without password', async () => {
  const closedPort = 'postgres://someone:topsecret@127.0.0.1:1/nowhere';
  const s = openStore(closedPort);
  await assert.rejects(s.countArticles(), (err: unknown) => {
    assert.ok(err instanceof StoreOpenError);
    assert.equal(err.location, 'postgres://someone@127.0.0.1:1/nowhere');
    assert.match(err.message, /cannot connect \(ECONNREFUSED\)/);
    assert.equal(err.message.includes('topsecret'), false);
    return true;
  });
  await s.close();
  const missing = new URL(TEST_PG);
  missing.pathname = '/sitrep_no_such_database';
  const read = openStore(missing.href, { mode: 'read' });
  await assert.rejects(read.countArticles(), StoreNotFoundError);
  await read.close();
  assert.throws(() => openStore(`${TEST_PG}?schema=Bad-Name`), StoreOpenError);
});
