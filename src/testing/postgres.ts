/**
 * A fresh PostgreSQL schema per test on the server the tests use ($SITREP_TEST_PG, else the local one on
 * 127.0.0.1:5432, database `test`), dropped afterwards. Never a mock: when the server cannot be reached
 * the test fails, saying so.
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';

export const TEST_PG = process.env.SITREP_TEST_PG || 'postgres://postgres@127.0.0.1:5432/test';

let counter = 0;

/**
 * A new schema name, unique to this process and call; $SITREP_TEST_SCHEMA_PREFIX goes first (so that
 * several people sharing one server can tell their schemas apart).
 */
export function freshSchemaName(prefix = 'sitrep_test'): string {
  counter += 1;
  const owner = process.env.SITREP_TEST_SCHEMA_PREFIX ?? '';
  return `${owner}${prefix}_${process.pid}_${Date.now().toString(36)}_${counter}`;
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

/**
 * CPU seconds used so far by the server processes serving connections named `applicationName` (from
 * /proc: only for a server on this machine; null otherwise). A bench adds them to its own CPU time, so
 * that a store whose work happens in its server is measured by the same clock as an embedded one.
 */
export async function serverCpuSeconds(applicationName: string): Promise<number | null> {
  const client = new pg.Client({ connectionString: TEST_PG, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE application_name = $1',
      [applicationName],
    );
    let ticks = 0;
    for (const { pid } of rows) {
      let stat: string;
      try {
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        return null; // not on this machine, or not Linux
      }
      // Fields after the command name (which may hold spaces, hence the last ')'): utime and stime are 14 and 15.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    }
    return ticks / CLOCK_TICKS_PER_SECOND;
  } finally {
    await client.end();
  }
}

/** Linux's USER_HZ, the unit of /proc/<pid>/stat times, on every architecture Node runs on. */
const CLOCK_TICKS_PER_SECOND = 100;
