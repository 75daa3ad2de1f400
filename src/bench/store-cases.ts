/**
 * The store cases of the bench: story placement and search over stores of perturbed stories-dev articles
 * (no analysis: they measure storage and placement). Apart from the other cases, so that the child process
 * that runs one loads only the store and the clusterer: its peak memory is theirs, not the analyzers'.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AnalyzedArticle } from '../model/document.js';
import { openSqliteStore } from '../store/sqlite.js';
import { openPostgresStore } from '../store/postgres.js';
import type { Store } from '../store/store.js';
import { updateStories } from '../stories/update.js';
import { freshPostgresLocation, serverCpuSeconds } from '../testing/postgres.js';
import { ROOT, tempDir } from '../testing/fixtures.js';
import { seededRandom } from '../util/random.js';

/** What a case measured (the child adds its name and peak memory). */
export interface StoreCaseOutput {
  items: number;
  bytes: number;
  seconds: number;
  note?: string;
}

type CaseOutput = StoreCaseOutput;

const SHARED = process.env.SITREP_SHARED ?? join(ROOT, '..', 'shared');

const bytesOf = (xs: { text?: string }[]): number =>
  xs.reduce((n, x) => n + Buffer.byteLength(x.text ?? ''), 0);

/** The store cases by name. */
export const STORE_CASES: Record<string, () => Promise<CaseOutput>> = {
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
