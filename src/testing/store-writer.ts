/**
 * A writer process for the store suite's concurrency case: opens the store at a location and writes the
 * synthetic articles [from, to) in batches, as ingest does (with the core's near-duplicate policy), then
 * prints what happened as one JSON line. Usage: node store-writer.js <location> <from> <to> <batch>
 */
import { NEAR_DUPLICATES } from '../ingest/near-duplicates.js';
import { openStore } from '../store/open.js';
import { syntheticArticle } from './store-articles.js';

const [location, from, to, batch] = process.argv.slice(2);
const store = openStore(location!);
const results: Record<string, number> = { inserted: 0, duplicate: 0, 'near-duplicate': 0, failed: 0 };
const errors: string[] = [];
for (let i = Number(from); i < Number(to); i += Number(batch)) {
  const articles = [];
  for (let n = i; n < Math.min(i + Number(batch), Number(to)); n++) articles.push(syntheticArticle(n));
  try {
    for (const r of await store.putArticles(articles, NEAR_DUPLICATES)) results[r]!++;
  } catch (err) {
    results.failed! += articles.length;
    errors.push((err as Error).message);
  }
}
await store.close();
process.stdout.write(`${JSON.stringify({ results, errors })}\n`);
