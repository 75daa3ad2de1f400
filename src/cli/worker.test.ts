import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sitrep } from '../testing/cli.js';

test('jobs and workers need a PostgreSQL database: a usage error otherwise', async () => {
  const r = await sitrep(['jobs', '--db', '/tmp/not-postgres.db']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /postgres/);
});
