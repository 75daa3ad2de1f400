/**
 * An ingest process for the concurrency tests: ingests its inputs into the store at a location and prints
 * the summary's counts and failures as one JSON line. Usage: node ingest-worker.js <location> <input>...
 */
import { ingestIntoStore } from '../ingest/into-store.js';
import { openStore } from '../store/open.js';

const [location, ...inputs] = process.argv.slice(2);
const store = openStore(location!);
const s = await ingestIntoStore(store, inputs, { batchSize: 16 });
await store.close();
process.stdout.write(
  `${JSON.stringify({ ingested: s.ingested.map((a) => a.id), duplicates: s.duplicates.length, failed: s.failed, stopped: s.stopped })}\n`,
);
