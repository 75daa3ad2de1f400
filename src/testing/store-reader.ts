/**
 * Open a store and count its articles, in a process of its own (for the permission tests, which must run
 * as a user the file modes apply to). Prints `{count}` or `{error, location}` as one JSON line.
 * Usage: node store-reader.js <location> <read|write>
 */
import { StoreNotFoundError, StoreOpenError } from '../store/errors.js';
import { openStore } from '../store/open.js';

const [location, mode] = process.argv.slice(2);
try {
  const store = openStore(location!, { mode: mode === 'read' ? 'read' : 'write' });
  const count = await store.countArticles();
  await store.close();
  process.stdout.write(`${JSON.stringify({ count })}\n`);
} catch (err) {
  if (!(err instanceof StoreOpenError || err instanceof StoreNotFoundError)) throw err;
  process.stdout.write(
    `${JSON.stringify({ error: err.name, location: err.location, message: err.message })}\n`,
  );
}
