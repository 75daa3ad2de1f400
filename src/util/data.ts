/** Access to the data files shipped in the package's `data/` folder (lexicons, alias tables). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DATA_DIR = fileURLToPath(new URL('../../data/', import.meta.url));
const cache = new Map<string, unknown>();

export function dataPath(name: string): string {
  return DATA_DIR + name;
}

/** Read and parse a JSON data file once per process. */
export function loadData<T>(name: string): T {
  if (!cache.has(name)) cache.set(name, JSON.parse(readFileSync(dataPath(name), 'utf8')));
  return cache.get(name) as T;
}
