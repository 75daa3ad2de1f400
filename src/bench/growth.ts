/**
 * Growth check: how extraction and each analyzer scale with the size of one document. Inputs of 1, 2 and
 * 4 MB of ordinary prose (recombined from the bundled sample corpus, our own text) and of hostile
 * patterns; a linear step takes about twice as long per doubling (target: ratio ≤ 2.2).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, DEFAULT_ANALYZERS } from '../analyze/analyze.js';
import { createContext } from '../analyze/context.js';
import { extract } from '../extract/extract.js';
import { contentId, documentsFromBytes } from '../ingest/inputs.js';
import type { RawDocument } from '../model/raw.js';
import { articleOf, ROOT } from '../testing/fixtures.js';
import { seededRandom } from '../util/random.js';

export const GROWTH_SIZES_MB = [1, 2, 4] as const;

let sentencePool: string[] | null = null;

/** The sentences of the bundled sample corpus's articles. */
function sampleSentences(): string[] {
  if (sentencePool) return sentencePool;
  const dir = join(ROOT, 'fixtures', 'sample-corpus');
  const docs = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(txt|html|rss)$/.test(f))
    .flatMap((f) => [...documentsFromBytes(f, readFileSync(join(dir, f)), {})])
    .flatMap((item) => (item.ok ? [item.doc] : []));
  sentencePool = docs
    .flatMap((d) => extract(d).text.split('\n'))
    .flatMap((p) => p.split(/(?<=[.!?”"])\s+(?=[A-Z“"])/))
    .filter((s) => s.length > 30);
  return sentencePool;
}

/** About `bytes` of news-like paragraphs made of the sample corpus's sentences in a random order. */
function prose(bytes: number, seed = 7): string[] {
  const pool = sampleSentences();
  const rand = seededRandom(seed);
  const paras: string[] = [];
  let size = 0;
  while (size < bytes) {
    const n = 2 + Math.floor(rand() * 4);
    const p = Array.from({ length: n }, () => pool[Math.floor(rand() * pool.length)]!).join(' ');
    paras.push(p);
    size += p.length + 1;
  }
  return paras;
}

function repeat(word: string, bytes: number): string {
  return `${word} `.repeat(Math.ceil(bytes / (word.length + 1)));
}

function numbers(bytes: number): string {
  const rand = seededRandom(11);
  const out: string[] = [];
  let size = 0;
  while (size < bytes) {
    const n = String(Math.floor(rand() * 1_000_000));
    out.push(n);
    size += n.length + 1;
  }
  return out.join(' ');
}

function htmlPage(paras: string[], nl: string): string {
  const nav = `<nav><ul>${['World', 'Business', 'Sport', 'Opinion'].map((s) => `<li><a href="/${s}">${s}</a></li>`).join('')}</ul></nav>`;
  return (
    `<!doctype html><html><head><title>Growth check page</title></head><body>${nl}${nav}${nl}` +
    `<article><h1>Growth check page</h1>${nl}` +
    paras.map((p) => `<p>${p.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`).join(nl) +
    `${nl}</article><footer>Copyright Growth Check</footer></body></html>`
  );
}

/** The inputs of the growth check, by name: each builds a document of about `bytes` bytes. */
export const GROWTH_INPUTS: Record<string, (bytes: number) => { format: 'text' | 'html'; content: string }> =
  {
    'prose (text)': (b) => ({ format: 'text', content: `Growth check headline\n${prose(b).join('\n')}\n` }),
    'prose, one line (text)': (b) => ({ format: 'text', content: prose(b).join(' ') }),
    '"said said …" (text)': (b) => ({ format: 'text', content: repeat('said', b) }),
    '"Mr. Mr. …" (text)': (b) => ({ format: 'text', content: repeat('Mr.', b) }),
    'numbers "123 4567 …" (text)': (b) => ({ format: 'text', content: numbers(b) }),
    'prose page (html)': (b) => ({ format: 'html', content: htmlPage(prose(b), '\n') }),
    'one-line page (html)': (b) => ({ format: 'html', content: htmlPage(prose(b), '') }),
  };

export function growthDocument(name: string, mb: number): RawDocument {
  const { format, content } = GROWTH_INPUTS[name]!(mb * 1_000_000);
  return { source: `growth:${name}:${mb}MB`, format, content, id: contentId(content), meta: {} };
}

export interface GrowthResult {
  input: string;
  mb: number;
  /** CPU seconds per step (user + system): 'extract', then each analyzer by name, and 'total'. */
  steps: Record<string, number>;
  maxRssMB: number;
}

/** CPU seconds since `from` (a `process.cpuUsage()`): unlike the wall clock, not inflated by other processes. */
function cpuSince(from: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1e6;
}

/** Extract and analyze one growth document once, timing each step. */
export function runGrowth(name: string, mb: number): GrowthResult {
  const raw = growthDocument(name, mb);
  // Load the analyzers' data first, so that the smallest size does not pay for it.
  analyze(articleOf('Warm-up text said on Monday that 3 people left.'));
  const steps: Record<string, number> = {};
  let t0 = process.cpuUsage();
  const article = extract(raw);
  steps.extract = cpuSince(t0);
  const ctx = createContext(article);
  for (const a of DEFAULT_ANALYZERS) {
    t0 = process.cpuUsage();
    try {
      a.run(ctx);
    } catch {
      // A failure costs its layer, as in analyze(); the growth check still times it.
    }
    steps[a.name] = cpuSince(t0);
  }
  steps.total = Object.values(steps).reduce((s, x) => s + x, 0);
  return { input: name, mb, steps, maxRssMB: process.resourceUsage().maxRSS / 1024 };
}
