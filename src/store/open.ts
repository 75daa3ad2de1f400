import { homedir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from './sqlite.js';
import type { Store } from './store.js';

/** Where the database lives when the user names none: $SITREP_DB, else ./.sitrep/sitrep.db. */
export function defaultDbPath(): string {
  return process.env.SITREP_DB || join(process.cwd(), '.sitrep', 'sitrep.db');
}

/** Open a store from a location: a file path (SQLite) or `:memory:`. */
export function openStore(location: string = defaultDbPath()): Store {
  if (/^postgres(ql)?:\/\//i.test(location)) {
    throw new Error('the PostgreSQL store is not built yet; use a SQLite file path');
  }
  return openSqliteStore(location.replace(/^~(?=\/)/, homedir()));
}
