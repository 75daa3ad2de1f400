/**
 * Benchmark cases. Each runs in a child process of its own (so its peak memory is its own): inputs are
 * loaded into memory first, one warm-up pass runs, then the timed passes.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
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
import type { AnalyzedArticle, Article } from '../model/document.js';
import { openSqliteStore } from '../store/sqlite.js';
import { openPostgresStore } from '../store/postgres.js';
import type { Store } from '../store/store.js';
import { freshPostgresLocation, serverCpuSeconds } from '../testing/postgres.js';
import { updateStories } from '../stories/update.js';
import { buildBrief } from '../brief/brief.js';
import { briefHtml } from '../render/brief.js';
import { StoryClusterer } from '../stories/cluster.js';
import { storyFeatures } from '../stories/features.js';
import { ROOT, tempDir } from '../testing/fixtures.js';
import { watchBench } from './watch.js';
import { seededRandom } from '../util/random.js';

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
    return { items: arts.length, bytes: bytesOf(arts), ...time(arts, analysisOnly()) };
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
  ...Object.fromEntries(
    [1_000, 5_000, 20_000, 100_000].map((n) => [
      `story placement (SQLite), last 1,000 of ${n.toLocaleString('en')}`,
      () => placementCase(n, sqliteBench()),
    ]),
  ),
  ...Object.fromEntries(
    [10_000, 50_000, 200_000].map((n) => [
      `story placement (PostgreSQL), last 1,000 of ${n.toLocaleString('en')}`,
      () => placementCase(n, postgresBench()),
    ]),
  ),
  ...Object.fromEntries(
    [10_000, 50_000, 200_000].flatMap((n) => [
      [`search (SQLite), 500 queries over ${n.toLocaleString('en')}`, () => searchCase(n, sqliteBench())],
      [
        `search (PostgreSQL), 500 queries over ${n.toLocaleString('en')}`,
        () => searchCase(n, postgresBench()),
      ],
    ]),
  ),
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
 * The stories-dev texts and a seeded way to perturb them: each copy drops a fifth of its words and takes
 * in three words from other texts, the same way on every run.
 */
export function perturber(files: string[]): {
  rows: { title: string; text: string }[];
  rand: () => number;
  mix: (s: string) => string;
} {
  const rows = files.flatMap((f) =>
    readFileSync(join(SHARED, 'corpus', 'stories-dev', f), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as { title: string; text: string }),
  );
  const rand = seededRandom(42);
  const pool = rows.flatMap((r) => `${r.title} ${r.text}`.split(/\s+/)).filter((w) => w.length > 3);
  const mix = (s: string): string => {
    const words = s.split(/\s+/).filter(() => rand() > 0.2);
    for (let k = 0; k < 3; k++)
      words.splice(Math.floor(rand() * (words.length + 1)), 0, pool[Math.floor(rand() * pool.length)]!);
    return words.join(' ');
  };
  return { rows, rand, mix };
}

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

/** A fresh store for one bench case: how to open it (again, as a new process would) and remove it. */
interface BenchStore {
  name: string;
  /** The database file (SQLite), closed between runs. */
  file?: string;
  open(): Store;
  drop(): Promise<void>;
  /** CPU seconds the store's server has used for this store's connections (null: no server, or not measurable). */
  serverCpu(): Promise<number | null>;
}

function sqliteBench(): BenchStore {
  const { dir, cleanup } = tempDir('sitrep-bench-');
  const path = join(dir, 'bench.db');
  return {
    name: 'SQLite',
    file: path,
    open: () => openSqliteStore(path),
    drop: async () => cleanup(),
    serverCpu: async () => 0,
  };
}

/** A fresh schema on $SITREP_TEST_PG (else 127.0.0.1:5432/test), dropped after the case. */
function postgresBench(): BenchStore {
  const { location, drop } = freshPostgresLocation('sitrep_bench');
  const url = new URL(location);
  const applicationName = url.searchParams.get('schema')!;
  url.searchParams.set('application_name', applicationName);
  return {
    name: 'PostgreSQL',
    open: () => openPostgresStore(url.href),
    drop,
    serverCpu: () => serverCpuSeconds(applicationName),
  };
}

/**
 * Ingest `total` synthetic analysed articles (perturbed real texts, no annotations: this measures storage
 * and placement, not analysis) into a fresh store, placing them in stories 1,000 at a time as
 * `sitrep ingest` does; the last 1,000 are timed. Articles arrive at a fixed rate (137 a day, two years
 * for 100,000), so that a bigger store is a longer history, not a denser one. Peak RSS covers the run.
 */
async function placementCase(total: number, bench: BenchStore): Promise<CaseOutput> {
  const timedCount = Math.min(1000, total);
  // With $SITREP_BENCH_PLACEMENT_DIR, the store before the timed batch is kept there and reused (SQLite).
  const keepDir = process.env.SITREP_BENCH_PLACEMENT_DIR;
  const kept = keepDir && bench.file ? join(keepDir, `placement-${total}.db`) : null;
  const articles = perturbedStream(total);
  const reuse = kept !== null && existsSync(kept);
  if (reuse) {
    copyFileSync(kept, bench.file!);
    for (let i = 0; i < total - timedCount; i++) articles.next();
  }
  let store = bench.open();
  try {
    for (let placed = 0; !reuse && placed < total - timedCount; placed += 1000) {
      const batch: AnalyzedArticle[] = [];
      for (let i = 0; i < 1000 && placed + batch.length < total - timedCount; i++)
        batch.push(articles.next().value!);
      await store.putArticles(batch);
      await updateStories(store);
    }
    // The timed batch runs as a new `sitrep ingest` would: another connection, nothing cached.
    await store.close();
    if (kept && !reuse) {
      mkdirSync(keepDir!, { recursive: true });
      copyFileSync(bench.file!, kept);
    }
    store = bench.open();
    const batch = [...articles];
    await store.putArticles(batch);
    const io = { read: 0, written: 0 };
    const server0 = await bench.serverCpu();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await updateStories(store, { io });
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const server1 = await bench.serverCpu();
    const server = server0 === null || server1 === null ? null : (server1 - server0) * 1000;
    // Counted from the live stories' labels, not from every member: the count must not weigh in the peak RSS.
    const stories = (await store.storyLabels()).stories.size;
    // ms/article is CPU time (the machine may be shared), of this process and of the server's processes
    // serving it (PostgreSQL on this machine); wall time beside it.
    const clientMs = (cpu.user + cpu.system) / 1000;
    const split = server
      ? ` (client ${(clientMs / timedCount).toFixed(1)}, server ${(server / timedCount).toFixed(1)})`
      : '';
    const note = `wall ${(wall / timedCount).toFixed(1)} ms${split}; rows ${(io.read / timedCount).toFixed(0)} read, ${(io.written / timedCount).toFixed(0)} written; ${stories} stories`;
    const seconds = server === null ? wall / 1000 : (clientMs + server) / 1000;
    return { items: timedCount, bytes: bytesOf(batch), seconds, note };
  } finally {
    await store.close();
    await bench.drop();
  }
}

/**
 * Store `total` perturbed articles, then time 500 searches of one or two words (and a few phrases) drawn
 * from the same texts with a fixed seed, one after another. Items are queries; the note gives the
 * latency percentiles (wall time: PostgreSQL works in its server).
 */
async function searchCase(total: number, bench: BenchStore): Promise<CaseOutput> {
  const store = bench.open();
  try {
    const articles = perturbedStream(total);
    for (let stored = 0; stored < total; stored += 1000) {
      const batch: AnalyzedArticle[] = [];
      for (let i = 0; i < 1000 && stored + batch.length < total; i++) batch.push(articles.next().value!);
      await store.putArticles(batch);
    }
    const { rows } = perturber(['allsides.jsonl', 'uci-headlines.jsonl']);
    const rand = seededRandom(7);
    const words = rows.flatMap((r) => r.title.split(/\s+/)).filter((w) => /^\p{L}{4,}$/u.test(w));
    const pick = (): string => words[Math.floor(rand() * words.length)]!;
    const queries = Array.from({ length: 500 }, (_, i) =>
      i % 10 === 9 ? `"${pick()} ${pick()}"` : i % 2 ? `${pick()} ${pick()}` : pick(),
    );
    for (const q of queries.slice(0, 20)) await store.search(q); // warm-up
    const times: number[] = [];
    const cpuTimes: number[] = [];
    let hits = 0;
    for (const q of queries) {
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      hits += (await store.search(q, { limit: 20 })).length;
      times.push(performance.now() - t0);
      const cpu = process.cpuUsage(cpu0);
      cpuTimes.push((cpu.user + cpu.system) / 1000);
    }
    const percentile = (xs: number[], p: number): string => {
      const sorted = [...xs].sort((a, b) => a - b);
      return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!.toFixed(1);
    };
    const at = (p: number): string => percentile(times, p);
    // This process's CPU per query as well: not inflated by other processes on a shared machine (SQLite
    // searches in this process; PostgreSQL in its server, so its CPU here is only the client's).
    const cpuNote = `CPU p50 ${percentile(cpuTimes, 0.5)} ms, p95 ${percentile(cpuTimes, 0.95)} ms`;
    const note = `p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms (${cpuNote}); ${(hits / queries.length).toFixed(1)} hits/query`;
    return { items: queries.length, bytes: 0, seconds: times.reduce((a, b) => a + b, 0) / 1000, note };
  } finally {
    await store.close();
    await bench.drop();
  }
}

/** Like `perturbedArticles`, made one at a time in publication order (so that memory does not grow with `n`). */
export function* perturbedStream(
  n: number,
  files = ['allsides.jsonl', 'uci-headlines.jsonl'],
): Generator<AnalyzedArticle> {
  const { rows, rand, mix } = perturber(files);
  const start = Date.UTC(2023, 0, 1);
  const perDay = 137;
  for (let i = 0; i < n; i++) {
    const r = rows[Math.floor(rand() * rows.length)]!;
    const text = r.text ? mix(r.text) : mix(r.title);
    yield {
      id: `p${i}`,
      externalId: null,
      source: `p${i}`,
      url: null,
      title: mix(r.title),
      // One outlet per article, so that no copy is dropped as the same outlet's near-duplicate.
      outlet: `outlet ${i}`,
      agency: null,
      authors: [],
      credit: null,
      published: new Date(start + ((i + rand()) / perDay) * 86_400_000).toISOString(),
      language: 'en',
      format: 'text',
      text,
      meta: {},
      sourceMap: null,
      removed: [],
      sentences: [],
      entities: [],
      quotes: [],
      figures: [],
      dates: [],
      warnings: [],
    };
  }
}

export async function runCase(name: string): Promise<CaseResult> {
  const r = await CASES[name]!();
  return { name, ...r, maxRssMB: process.resourceUsage().maxRSS / 1024 };
}
