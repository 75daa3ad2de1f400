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
import { readConllu } from '../analyze/syntax/conllu.js';
import { analyzeWords, defaultModel, syntaxAnalyzer } from '../analyze/syntax/index.js';
import { normalize } from '../analyze/syntax/tagger.js';
import { extract } from '../extract/extract.js';
import { readabilityExtract } from './readability.js';
import { InputError } from '../model/errors.js';
import { decodeText } from '../ingest/decode.js';
import { contentId, documentsFromBytes } from '../ingest/inputs.js';
import type { RawDocument } from '../model/raw.js';
import type { Article } from '../model/document.js';
import { buildBrief } from '../brief/brief.js';
import { briefHtml } from '../render/brief.js';
import { StoryClusterer } from '../stories/cluster.js';
import { storyFeatures } from '../stories/features.js';
import { ROOT } from '../testing/fixtures.js';
import { watchBench } from './watch.js';
import { perturber, STORE_CASES } from './store-cases.js';

export interface CaseResult {
  name: string;
  items: number;
  bytes: number;
  seconds: number;
  maxRssMB: number;
  /** What else the case measured, for the table's last column. */
  note?: string;
}

type CaseOutput = Omit<CaseResult, 'maxRssMB' | 'name'>;

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
      return {
        source: f,
        format: 'text' as const,
        content,
        id: contentId(content),
        meta: { published: meta[f] },
      };
    });
}

const seeds = (): RawDocument[] => textFiles(join(SHARED, 'corpus', 'seeds'));
const articlesOf = (docs: RawDocument[]): Article[] => docs.map(extract);
const extractOrNull = (d: RawDocument): Article | null => {
  try {
    return extract(d);
  } catch (err) {
    if (err instanceof InputError) return null;
    throw err;
  }
};

/** Run `fn` over `items` until at least `minSeconds` have passed (and at least once), after a short warm-up. */
/**
 * Seconds per pass over `items` (wall time) and CPU seconds per pass of this process, after a warm-up
 * over the first `warm` items (what is compiled on first use is not timed).
 */
function time<T>(
  items: T[],
  fn: (x: T) => unknown,
  minSeconds = 2,
  warm = 20,
): { seconds: number; passes: number; cpuSeconds: number } {
  for (const x of items.slice(0, warm)) fn(x);
  let passes = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  do {
    for (const x of items) fn(x);
    passes++;
  } while ((performance.now() - t0) / 1000 < minSeconds);
  const cpu = process.cpuUsage(cpu0);
  return {
    seconds: (performance.now() - t0) / 1000 / passes,
    passes,
    cpuSeconds: (cpu.user + cpu.system) / 1e6 / passes,
  };
}

const bytesOf = (xs: { content?: string; text?: string }[]): number =>
  xs.reduce((n, x) => n + Buffer.byteLength(x.content ?? x.text ?? ''), 0);

function analysisOnly(analyzers = [sentencesAnalyzer, datesAnalyzer, figuresAnalyzer]) {
  return (a: Article): void => {
    const ctx = createContext(a);
    for (const an of analyzers) an.run(ctx);
  };
}

export const CASES: Record<string, () => CaseOutput | Promise<CaseOutput>> = {
  'watch 500 loopback sources x 5 items, 10 cycles (bundled)': async () => {
    const w = await watchBench(Number(process.env.SITREP_BENCH_WATCH_SOURCES ?? 500));
    const [, second] = w.peakRssMB;
    const last = w.peakRssMB.at(-1)!;
    return {
      items: w.items,
      bytes: w.bytes,
      seconds: w.firstCycleSeconds,
      note: `cycle 1 ${w.firstCycleSeconds.toFixed(1)} s; unchanged cycle ${w.unchangedCycleSeconds.toFixed(2)} s (${w.writesWhenUnchanged} writes); peak RSS cycle 2 ${second} MB, cycle 10 ${last} MB (${(((last - second!) / second!) * 100).toFixed(1)}%, target within 10%)`,
    };
  },
  'extract zyte-dev (html)': () => {
    const docs = htmlPages('zyte-dev');
    return { items: docs.length, bytes: bytesOf(docs), ...time(docs, extract) };
  },
  'extract zyte-dev (html), Mozilla Readability for comparison': () => {
    const docs = htmlPages('zyte-dev');
    return { items: docs.length, bytes: bytesOf(docs), ...time(docs, (d) => readabilityExtract(d.content)) };
  },
  'extract trafilatura-eval (html)': () => {
    const docs = htmlPages('trafilatura-eval');
    // A page without an article is an error by design (InputError); it still costs its time here.
    return { items: docs.length, bytes: bytesOf(docs), ...time(docs, extractOrNull, 0) };
  },
  'extract trafilatura-eval (html), Mozilla Readability for comparison': () => {
    const docs = htmlPages('trafilatura-eval');
    return {
      items: docs.length,
      bytes: bytesOf(docs),
      ...time(docs, (d) => readabilityExtract(d.content), 0),
    };
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
    const bytes = bytesOf(arts);
    // The issue's target is per core: on a shared machine wall time also counts other processes' turns,
    // so the CPU time of this process is given beside it (after a first pass has loaded the data files).
    for (const a of arts) analyze(a);
    const cpu0 = process.cpuUsage();
    const { seconds, passes } = time(arts, (a) => analyze(a));
    const cpu = process.cpuUsage(cpu0);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6 / (passes + 20 / arts.length);
    return { items: arts.length, bytes, seconds, note: `CPU ${(bytes / 1e6 / cpuSeconds).toFixed(2)} MB/s` };
  },
  'syntax tag+parse, EWT dev, gold tokens (items = tokens)': () => {
    const file = join(SHARED, 'corpus', 'syntax', 'ud-english-ewt', 'en_ewt-ud-dev.conllu.gz');
    const sentences = readConllu(gunzipSync(readFileSync(file)).toString('utf8'), file).map((s) =>
      s.words.map((w) => w.form),
    );
    const tokens = sentences.reduce((n, s) => n + s.length, 0);
    const bytes = sentences.reduce((n, s) => n + Buffer.byteLength(s.join(' ')), 0);
    return { items: tokens, bytes, ...time(sentences, (words) => analyzeWords(words)) };
  },
  'syntax parser only, EWT dev, gold tokens, tags given (items = tokens, CPU time)': () => {
    const file = join(SHARED, 'corpus', 'syntax', 'ud-english-ewt', 'en_ewt-ud-dev.conllu.gz');
    const model = defaultModel();
    const inputs = readConllu(gunzipSync(readFileSync(file)).toString('utf8'), file).map((s) => {
      const words = s.words.map((w) => w.form);
      const a = analyzeWords(words, model);
      return { words: words.map(normalize), tags: a.tags, ...(a.xtags ? { xtags: a.xtags } : {}) };
    });
    const tokens = inputs.reduce((n, s) => n + s.words.length, 0);
    const bytes = inputs.reduce((n, s) => n + Buffer.byteLength(s.words.join(' ')), 0);
    // CPU time of this one thread: the target is per core, and the machine may be shared.
    const cpu0 = process.cpuUsage();
    const { seconds, passes } = time(inputs, (s) => model.parser.parse(s));
    const cpu = process.cpuUsage(cpu0);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6 / (passes + 20 / inputs.length);
    return {
      items: tokens,
      bytes,
      seconds: cpuSeconds,
      note: `wall ${(tokens / seconds).toFixed(0)} tokens/s`,
    };
  },
  'syntax layer (tokenize+tag+parse+lemmas), zyte-dev article text': () => {
    const arts = articlesOf(htmlPages('zyte-dev'));
    return {
      items: arts.length,
      bytes: bytesOf(arts),
      ...time(arts, analysisOnly([sentencesAnalyzer, syntaxAnalyzer])),
    };
  },
  'figures+dates only, zyte-dev article text': () => {
    const arts = articlesOf(htmlPages('zyte-dev'));
    const bytes = bytesOf(arts);
    // The CPU time of this process beside the wall time, as for 'analyze only': the machine may be shared.
    // Warmed over every article first, so that the date and figure rules compiled on first use (per
    // language, per rule) are not timed: the steady state of a long ingest.
    const { seconds, cpuSeconds } = time(arts, analysisOnly(), 3, arts.length);
    const perArticle = ((cpuSeconds * 1000) / arts.length).toFixed(2);
    return {
      items: arts.length,
      bytes,
      seconds,
      note: `CPU ${(bytes / 1e6 / cpuSeconds).toFixed(2)} MB/s, ${perArticle} ms/article`,
    };
  },
  'story assignment in memory, last 1,000 of 100,000': async () => {
    const arts = perturbedArticles(100_000);
    const c = new StoryClusterer();
    const cut = arts.length - 1000;
    for (let i = 0; i < cut; i++) await c.assign(storyFeatures(arts[i]!));
    const timed = arts.slice(cut);
    const t0 = performance.now();
    for (const a of timed) await c.assign(storyFeatures(a));
    return { items: timed.length, bytes: bytesOf(timed), seconds: (performance.now() - t0) / 1000 };
  },
  ...STORE_CASES,
  'brief of one story of 500 articles (AllSides texts; html)': () => {
    const arts = perturbedArticles(500, ['allsides.jsonl']).map((a, i) => ({
      ...analyze(a),
      outlet: `Outlet ${i % 12}`,
    }));
    const story = {
      id: 1,
      label: 'bench',
      first: arts[0]!.published,
      last: arts.at(-1)!.published,
      outlets: [],
      articleCount: arts.length,
      events: [],
    };
    const t0 = performance.now();
    briefHtml(buildBrief(story, arts));
    return { items: 1, bytes: bytesOf(arts), seconds: (performance.now() - t0) / 1000 };
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

/**
 * `n` articles made from the real stories-dev texts (AllSides excerpts and UCI headlines): each copy drops
 * a fifth of its words, takes in a few words from other texts, and moves to a date across two years.
 */
function perturbedArticles(n: number, files = ['allsides.jsonl', 'uci-headlines.jsonl']): Article[] {
  const { rows, rand, mix } = perturber(files);
  const start = Date.UTC(2023, 0, 1);
  const out: Article[] = [];
  for (let i = 0; i < n; i++) {
    const r = rows[Math.floor(rand() * rows.length)]!;
    const published = new Date(start + rand() * 730 * 86_400_000).toISOString();
    out.push({
      id: `p${i}`,
      externalId: null,
      source: `p${i}`,
      url: null,
      title: mix(r.title),
      outlet: null,
      agency: null,
      authors: [],
      credit: null,
      published,
      language: 'en',
      format: 'text',
      text: r.text ? mix(r.text) : '',
      meta: {},
      sourceMap: null,
      removed: [],
    });
  }
  return out.sort((a, b) => a.published!.localeCompare(b.published!));
}

export async function runCase(name: string): Promise<CaseResult> {
  const r = await CASES[name]!();
  return { name, ...r, maxRssMB: process.resourceUsage().maxRSS / 1024 };
}
