/**
 * Benchmark cases. Each runs in a child process of its own (so its peak memory is its own): inputs are
 * loaded into memory first, one warm-up pass runs, then the timed passes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { analyze } from '../analyze/analyze.js';
import { createContext } from '../analyze/context.js';
import { datesAnalyzer } from '../analyze/dates.js';
import { figuresAnalyzer } from '../analyze/figures.js';
import { sentencesAnalyzer } from '../analyze/sentences.js';
import { extract } from '../extract/extract.js';
import { decodeText } from '../ingest/decode.js';
import { contentId, documentsFromBytes, type RawDocument } from '../ingest/inputs.js';
import type { Article } from '../model/document.js';
import { ROOT } from '../testing/fixtures.js';

export interface CaseResult {
  name: string;
  items: number;
  bytes: number;
  seconds: number;
  maxRssMB: number;
}

const SHARED = process.env.SITREP_SHARED ?? join(ROOT, '..', 'shared');

function htmlPages(sub: string): RawDocument[] {
  const dir = join(SHARED, 'corpus', 'extraction-dev', sub, 'html');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.gz'))
    .sort()
    .map((f) => {
      const content = decodeText(f, gunzipSync(readFileSync(join(dir, f))));
      return { source: f, format: 'html' as const, content, id: contentId(content), meta: {} };
    });
}

function textFiles(dir: string, meta: Record<string, string> = {}): RawDocument[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => {
      const content = readFileSync(join(dir, f), 'utf8');
      return { source: f, format: 'text' as const, content, id: contentId(content), meta: { published: meta[f] } };
    });
}

const seeds = (): RawDocument[] => textFiles(join(SHARED, 'corpus', 'seeds'));
const articlesOf = (docs: RawDocument[]): Article[] => docs.map(extract);

/** Run `fn` over `items` until at least `minSeconds` have passed (and at least once), after a short warm-up. */
function time<T>(items: T[], fn: (x: T) => unknown, minSeconds = 2): { seconds: number; passes: number } {
  for (const x of items.slice(0, 20)) fn(x);
  let passes = 0;
  const t0 = performance.now();
  do {
    for (const x of items) fn(x);
    passes++;
  } while ((performance.now() - t0) / 1000 < minSeconds);
  return { seconds: (performance.now() - t0) / 1000 / passes, passes };
}

const bytesOf = (xs: { content?: string; text?: string }[]): number => xs.reduce((n, x) => n + Buffer.byteLength(x.content ?? x.text ?? ''), 0);

function analysisOnly(analyzers = [sentencesAnalyzer, datesAnalyzer, figuresAnalyzer]) {
  return (a: Article): void => {
    const ctx = createContext(a);
    for (const an of analyzers) an.run(ctx);
  };
}

export const CASES: Record<string, () => Omit<CaseResult, 'maxRssMB' | 'name'>> = {
  'extract zyte-dev (html)': () => {
    const docs = htmlPages('zyte-dev');
    return { items: docs.length, bytes: bytesOf(docs), ...time(docs, extract) };
  },
  'extract trafilatura-eval (html)': () => {
    const docs = htmlPages('trafilatura-eval');
    return { items: docs.length, bytes: bytesOf(docs), ...time(docs, extract, 0) };
  },
  'extract+analyze zyte-dev (html)': () => {
    const docs = htmlPages('zyte-dev');
    return { items: docs.length, bytes: bytesOf(docs), ...time(docs, (d) => analyze(extract(d))) };
  },
  'extract+analyze seeds (text)': () => {
    const docs = seeds();
    return { items: docs.length, bytes: bytesOf(docs), ...time(docs, (d) => analyze(extract(d))) };
  },
  'analyze only, zyte-dev article text': () => {
    const arts = articlesOf(htmlPages('zyte-dev'));
    return { items: arts.length, bytes: bytesOf(arts), ...time(arts, (a) => analyze(a)) };
  },
  'figures+dates only, zyte-dev article text': () => {
    const arts = articlesOf(htmlPages('zyte-dev'));
    return { items: arts.length, bytes: bytesOf(arts), ...time(arts, analysisOnly()) };
  },
  'extract+analyze sample corpus (bundled)': () => {
    const dir = join(ROOT, 'fixtures', 'sample-corpus');
    const docs = readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.(txt|html|rss)$/.test(f))
      .flatMap((f) => [...documentsFromBytes(f, readFileSync(join(dir, f)), {})])
      .flatMap((item) => (item.ok ? [item.doc] : []));
    return { items: docs.length, bytes: bytesOf(docs), ...time(docs, (d) => analyze(extract(d))) };
  },
};

export function runCase(name: string): CaseResult {
  const r = CASES[name]!();
  const items = r.items;
  return { name, items, bytes: r.bytes, seconds: r.seconds, maxRssMB: process.resourceUsage().maxRSS / 1024 };
}
