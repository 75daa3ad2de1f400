/**
 * The pg package, loaded on first use: most commands never open PostgreSQL, and loading the driver at
 * start-up would cost each of them its time (about a tenth of a CLI start).
 */
import { createRequire } from 'node:module';
import type Pg from 'pg';

let loaded: typeof Pg | undefined;

export function pgModule(): typeof Pg {
  loaded ??= createRequire(import.meta.url)('pg') as typeof Pg;
  return loaded;
}
