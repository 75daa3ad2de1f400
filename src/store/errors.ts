/** Typed store errors: callers match on the class, never on the message. */

/** A command that only reads was pointed at a database that does not exist (a mistyped `--db`). */
export class StoreNotFoundError extends Error {
  constructor(readonly location: string) {
    super(`no database at ${location} (only commands that store articles create one)`);
    this.name = 'StoreNotFoundError';
  }
}

/** The database exists but cannot be opened or used (not a database, unreadable, newer schema…). */
export class StoreOpenError extends Error {
  constructor(
    readonly location: string,
    readonly reason: string,
  ) {
    super(`${location}: ${reason}`);
    this.name = 'StoreOpenError';
  }
}

/**
 * Writing is impossible: the database reached its size limit or its disk is full (SQLite's SQLITE_FULL).
 * Nothing of the failed write was stored; a caller stops writing and reports what was not stored.
 */
export class StoreFullError extends Error {
  constructor(readonly location: string) {
    super(`${location}: the database or its disk is full; nothing more can be stored`);
    this.name = 'StoreFullError';
  }
}
