import { homedir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from './sqlite.js';
import type { Store } from './store.js';
import { StoreOpenError } from './errors.js';

/** Where the database lives when the user names none: $SITREP_DB, else ./.sitrep/sitrep.db. */
export function defaultDbPath(): string {
  return process.env.SITREP_DB || join(process.cwd(), '.sitrep', 'sitrep.db');
}

/**
 * How a store is opened: `write` (the default) creates the database when it is missing; `read` requires it
 * to exist (StoreNotFoundError otherwise), never creates or changes anything, and works on a read-only file.
 */
export type OpenMode = 'write' | 'read';

/** Open a store from a location: a file path (SQLite) or `:memory:`. */
export function openStore(location: string = defaultDbPath(), opts: { mode?: OpenMode } = {}): Store {
  if (/^postgres(ql)?:\/\//i.test(location)) {
    throw new StoreOpenError(location, 'the PostgreSQL store is not built yet; use a SQLite file path');
  }
  return openSqliteStore(location.replace(/^~(?=\/)/, homedir()), opts);
}
