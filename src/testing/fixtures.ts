/** Shared helpers for tests: where fixtures live, temporary folders, and the optional ../shared corpora. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Article } from '../model/document.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const FIXTURES = join(ROOT, 'fixtures');
export const SAMPLE_CORPUS = join(FIXTURES, 'sample-corpus');
/** The team's shared development corpora, beside the checkout; tests that need them skip without them. */
export const SHARED = join(ROOT, '..', 'shared');
export const SEEDS = join(SHARED, 'corpus', 'seeds');
export const hasSeeds = existsSync(join(SEEDS, 'meta.jsonl'));

/** A fresh temporary folder, removed by the returned cleanup. */
export function tempDir(prefix = 'sitrep-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** An article around a text, for analyzer tests. */
export function articleOf(text: string, published: string | null = '2024-03-12', language = 'en'): Article {
  return {
    id: 'test',
    externalId: null,
    source: 'test',
    url: null,
    title: null,
    outlet: null,
    agency: null,
    authors: [],
    credit: null,
    published,
    language,
    format: 'text',
    text,
    meta: {},
    sourceMap: null,
    removed: [],
  };
}
