/**
 * One bench case in a process of its own (main.ts spawns it): `node dist/bench/child.js NAME`. A store case
 * loads only the store and the clusterer, so that the peak memory it reports is theirs, not that of the
 * analyzers and extractors the other cases load.
 */
import { STORE_CASES } from './store-cases.js';

const name = process.argv[2] ?? '';
const store = STORE_CASES[name];
const result = store
  ? { name, ...(await store()), maxRssMB: process.resourceUsage().maxRSS / 1024 }
  : await (await import('./cases.js')).runCase(name);
process.stdout.write(JSON.stringify(result));
