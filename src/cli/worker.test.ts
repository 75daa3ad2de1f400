import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sitrep } from '../testing/cli.js';
import { freshPostgresLocation } from '../testing/postgres.js';

test('jobs and workers need a PostgreSQL database: a usage error otherwise', async () => {
  const r = await sitrep(['jobs', '--db', '/tmp/not-postgres.db']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /postgres/);
});

test('jobs on a database without a job queue creates nothing and says so', async () => {
  const { location, drop } = freshPostgresLocation('sitrep_nojobs');
  try {
    const r = await sitrep(['jobs', '--db', location]);
    assert.equal(r.code, 1, r.stderr);
    const schema = new URL(location).searchParams.get('schema')!;
    assert.ok(r.stderr.includes(`no database at ${location.split('?')[0]}`), r.stderr);
    assert.ok(r.stderr.includes(`(job queue ${schema}_jobs)`), r.stderr);
  } finally {
    await drop();
  }
});
