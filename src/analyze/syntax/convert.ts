/**
 * `npm run convert:syntax -- OLD NEW`: rewrites a syntax model in the JSON form (`sitrep-syntax/2`, as
 * trainers before the binary form wrote it) in the binary form (`sitrep-syntax/3`, model.ts). Lossless:
 * the same keys, weights, lexicons, clusters and meta, so the converted model parses byte for byte alike.
 * Usage: node dist/analyze/syntax/convert.js OLD.json.gz NEW.bin.gz
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readModelJson, writeModel } from './model.js';

function main(): void {
  const [from, to] = process.argv.slice(2);
  if (!from || !to) {
    process.stderr.write('usage: node dist/analyze/syntax/convert.js OLD.json.gz NEW.bin.gz\n');
    process.exit(2);
  }
  const size = writeModel(to, readModelJson(from));
  process.stderr.write(`wrote ${to} (${(size / 1e6).toFixed(2)} MB)\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) main();
