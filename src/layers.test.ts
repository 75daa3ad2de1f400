/**
 * Layers import downward only. Each source folder has a rank; a module may import its own rank or a lower
 * one, never a higher one, so the stages never depend on the application, the renderers or the shells
 * above them. Tests are exempt: they may reach for anything they need.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { test } from 'node:test';
import { ROOT } from './testing/fixtures.js';

/** model < util < stages < cross-article views < app < renderers < shells < tools. */
const RANKS: Record<string, number> = {
  model: 0,
  util: 1,
  ingest: 2,
  extract: 2,
  analyze: 2,
  store: 2,
  notify: 2, // delivering alerts (files, webhooks): I/O beside ingest and store, below the application
  '.': 2, // src/pipeline.ts: ingest -> extract -> analyze for one document
  stories: 3,
  compare: 3,
  brief: 3,
  app: 4,
  render: 5,
  cli: 6,
  server: 6,
  worker: 6,
  eval: 7,
  bench: 7,
  testing: 7,
};

/**
 * Within the stages, ingest, extract and analyze are independent steps: none imports another (the document
 * passes between them through the model: RawDocument, Article), and extract and analyze never reach the
 * store. Only the pipeline ('.') chains them.
 */
const FORBIDDEN: ReadonlySet<string> = new Set([
  'ingest -> extract',
  'ingest -> analyze',
  'extract -> ingest',
  'extract -> analyze',
  'extract -> store',
  'analyze -> store',
  'analyze -> ingest',
  'analyze -> extract',
  'store -> extract',
  'store -> analyze',
]);

/**
 * Files that sit in a folder but belong to another layer. ingest/into-store.ts runs the whole pipeline
 * (read, extract, analyze, store) for many inputs, so it is pipeline-level code like src/pipeline.ts.
 */
const PLACED: Record<string, string> = {
  [join('ingest', 'into-store.ts')]: '.',
};

const SRC = join(ROOT, 'src');
const IMPORT = /^\s*(?:import|export)\s[^'"]*?from\s+['"](?<target>\.{1,2}\/[^'"]+)['"]/gm;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** The top folder of a path under src/ ('.' for a file directly in src/). */
function layerOf(path: string): string {
  const rel = relative(SRC, path);
  if (rel in PLACED) return PLACED[rel]!;
  return rel.includes(sep) ? rel.split(sep)[0]! : '.';
}

test('every source folder has a rank', () => {
  const unranked = [...new Set(sources(SRC).map(layerOf))].filter((l) => !(l in RANKS));
  assert.deepEqual(unranked, [], 'add the new folder to RANKS in src/layers.test.ts');
});

test('no module imports a layer above its own', () => {
  const upward: string[] = [];
  for (const file of sources(SRC)) {
    const from = layerOf(file);
    for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const to = layerOf(resolve(dirname(file), m.groups!.target!));
      if ((RANKS[to] ?? Infinity) > (RANKS[from] ?? -Infinity)) {
        upward.push(`${relative(SRC, file)} imports ${m.groups!.target} (${from} -> ${to})`);
      }
    }
  }
  assert.deepEqual(upward, []);
});

test('ingest, extract and analyze do not import each other', () => {
  const across: string[] = [];
  for (const file of sources(SRC)) {
    const from = layerOf(file);
    for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const to = layerOf(resolve(dirname(file), m.groups!.target!));
      if (FORBIDDEN.has(`${from} -> ${to}`))
        across.push(`${relative(SRC, file)} imports ${m.groups!.target}`);
    }
  }
  assert.deepEqual(across, []);
});
