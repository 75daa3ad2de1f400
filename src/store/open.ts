import { homedir } from 'node:os';
import { join } from 'node:path';
import { openPostgresStore } from './postgres.js';
import { parsePostgresLocation, PostgresLocationError } from './postgres-schema.js';
import { openSqliteStore } from './sqlite.js';
import type { Store } from './store.js';

/** Where the database lives when the user names none: $SITREP_DB, else ./.sitrep/sitrep.db. */
export function defaultDbPath(): string {
  return process.env.SITREP_DB || join(process.cwd(), '.sitrep', 'sitrep.db');
}

/**
 * How a store is opened: `write` (the default) creates the database when it is missing; `read` requires it
 * to exist (StoreNotFoundError otherwise), never creates or changes anything, and works on a read-only file.
 */
export type OpenMode = 'write' | 'read';

/** A postgres:// or postgresql:// URL names a PostgreSQL database; anything else is a SQLite file. */
export function isPostgresLocation(location: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(location);
}

/**
 * Open a store from a location: a postgres:// or postgresql:// URL (PostgreSQL; `?schema=NAME` for a schema
 * of its own), else a file path (SQLite) or `:memory:`.
 */
export function openStore(location: string = defaultDbPath(), opts: { mode?: OpenMode } = {}): Store {
  if (isPostgresLocation(location)) return openPostgresStore(location, opts);
  return openSqliteStore(location.replace(/^~(?=\/)/, homedir()), opts);
}

/** A location as people may see it: a postgres:// URL loses its password. */
export function displayLocation(location: string): string {
  if (!isPostgresLocation(location)) return location;
  try {
    return parsePostgresLocation(location).display;
  } catch (err) {
    if (err instanceof PostgresLocationError) return err.display;
    throw err;
  }
}
