/** How the application opens a store: reads never create or change a database; only writers may create one. */
import { defaultDbPath, openStore } from '../store/open.js';
import type { Store } from '../store/store.js';
import { UsageError } from './errors.js';

export type Access = 'read' | 'write';

/** Open the database at `location` (undefined: $SITREP_DB or the default); an empty path is a usage error. */
export function open(location: string | undefined, access: Access): Store {
  if (location === '') throw new UsageError('--db needs a path; an empty one names no database');
  return openStore(location ?? defaultDbPath(), { mode: access });
}

/** Run `fn` on an opened store and close it afterwards, whatever happens. */
export async function withStore<T>(
  location: string | undefined,
  access: Access,
  fn: (store: Store) => Promise<T>,
): Promise<T> {
  const store = open(location, access);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
