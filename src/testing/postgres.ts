/**
 * A fresh PostgreSQL schema per test on the server the tests use ($SITREP_TEST_PG, else the local one on
 * 127.0.0.1:5432, database `test`), dropped afterwards. Never a mock: when the server cannot be reached
 * the test fails, saying so.
 */
import pg from 'pg';

export const TEST_PG = process.env.SITREP_TEST_PG || 'postgres://postgres@127.0.0.1:5432/test';

let counter = 0;

/** A new schema name, unique to this process and call. */
export function freshSchemaName(prefix = 'sitrep_test'): string {
  counter += 1;
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${counter}`;
}

/** The URL of a schema that does not exist yet (sitrep creates it on its first write), and its removal. */
export function freshPostgresLocation(prefix?: string): { location: string; drop: () => Promise<void> } {
  const schema = freshSchemaName(prefix);
  const url = new URL(TEST_PG);
  url.searchParams.set('schema', schema);
  return { location: url.href, drop: () => adminQuery(`DROP SCHEMA IF EXISTS ${schema} CASCADE`) };
}

/** Run one statement on the test server outside any store (set-up and clean-up). */
export async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_PG, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(
      `the PostgreSQL tests need a server at ${TEST_PG} (set SITREP_TEST_PG to use another): ${(err as Error).message}`,
      { cause: err },
    );
  }
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
