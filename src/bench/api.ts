/**
 * The API bench: a store of many analysed articles (built once and kept, as it takes minutes), `sitrep
 * serve` on it in a child process, then autocannon with 32 connections for 20 s on loopback: once over the
 * calls a dashboard's story page makes, once over searches. Reports p95 latency (from every response's
 * time, not from the histogram's fixed percentiles), throughput and errors, and the first (cold) call of
 * each route, which computes the view the later ones reuse.
 */
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze } from '../analyze/analyze.js';
import type { AnalyzedArticle } from '../model/document.js';
import { openSqliteStore } from '../store/sqlite.js';
import { updateStories } from '../stories/update.js';
import { ROOT } from '../testing/fixtures.js';
import { seededRandom } from '../util/random.js';

const SHARED = process.env.SITREP_SHARED ?? join(ROOT, '..', 'shared');
const CLI = fileURLToPath(new URL('../cli/main.js', import.meta.url));

/** The article texts: AllSides excerpts (real news prose with quotes, figures and dates). */
const SOURCE = join(SHARED, 'corpus', 'stories-dev', 'allsides.jsonl');

export const haveApiCorpus = (): boolean => existsSync(SOURCE);

/** Outlets the generated articles are spread over. */
const OUTLETS = 60;
/** Articles per day of history: 100,000 articles span two years. */
const PER_DAY = 137;

/**
 * `n` analysed articles, oldest first. Each excerpt is analysed once; article i is an excerpt (in a seeded
 * random order, every excerpt once per round) with a line of its own appended, so that every text is
 * distinct while every span of the analysis still points at the same words. Its outlet and date are its own.
 */
function* benchArticles(n: number): Generator<AnalyzedArticle> {
  const rows = readFileSync(SOURCE, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { title: string; text: string });
  const pool = rows.map((r, k) =>
    analyze({
      id: `pool${k}`,
      externalId: null,
      source: `pool${k}`,
      url: null,
      title: r.title,
      outlet: null,
      agency: null,
      authors: [],
      credit: null,
      published: '2023-01-01',
      language: 'en',
      format: 'text',
      text: r.text,
      meta: {},
      sourceMap: null,
      removed: [],
    }),
  );
  const rand = seededRandom(7);
  const start = Date.UTC(2023, 0, 1);
  let order: number[] = [];
  for (let i = 0; i < n; i++) {
    if (!order.length) order = pool.map((_, k) => k).sort(() => rand() - 0.5);
    const base = pool[order.pop()!]!;
    const text = `${base.text}\n\nBench item ${i}.`;
    yield {
      ...base,
      id: `bench${i.toString(16).padStart(8, '0')}`,
      source: `bench#${i}`,
      outlet: `Outlet ${(i * 7919) % OUTLETS}`,
      published: new Date(start + ((i + rand()) / PER_DAY) * 86_400_000).toISOString(),
      text,
    };
  }
}

/**
 * The bench store of `n` articles at `path`, placed in stories; built when missing (into a temporary file
 * renamed at the end, so an interrupted build is never taken for a finished one). An interrupted build
 * resumes: the articles come in a seeded order, so those already stored are skipped.
 */
export async function benchStore(path: string, n: number, say: (s: string) => void): Promise<void> {
  if (existsSync(path)) return;
  const building = `${path}.building`;
  const store = openSqliteStore(building);
  const t0 = performance.now();
  let batch: AnalyzedArticle[] = [];
  // Stored in order, a batch at a time: the first `stored` articles are in the file.
  const stored = await store.countArticles();
  if (stored) say(`api bench: resuming the store at ${stored.toLocaleString('en')} articles`);
  let done = stored;
  let seen = 0;
  const flush = async (): Promise<void> => {
    await store.putArticles(batch);
    await updateStories(store);
    done += batch.length;
    batch = [];
    say(
      `api bench: store ${done.toLocaleString('en')} / ${n.toLocaleString('en')} (${((performance.now() - t0) / 1000).toFixed(0)} s)`,
    );
  };
  for (const a of benchArticles(n)) {
    if (seen++ < stored) continue;
    batch.push(a);
    if (batch.length === 2000) await flush();
  }
  if (batch.length) await flush();
  // A build stopped between storing a batch and placing it left that batch unplaced.
  await updateStories(store);
  await store.close();
  renameSync(building, path);
}

interface Server {
  url: string;
  child: ChildProcess;
}

/** `sitrep serve` on the store, in a process of its own; resolves with its address once it listens. */
function startServe(db: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'serve', '--db', db, '--port', '0'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /serving .* at (?<url>http:\/\/\S+)/.exec(err);
      if (m) resolve({ url: m.groups!.url!, child });
    });
    child.on('exit', (code) => reject(new Error(`sitrep serve exited (${code}): ${err.trim()}`)));
  });
}

/** CPU seconds a process has used so far (Linux /proc; null elsewhere). */
function cpuSeconds(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime, fields 14 and 15 of stat (11 and 12 after the command), in clock ticks of 1/100 s.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

export interface LoadResult {
  name: string;
  /** The server's CPU time per answer, in ms: what an answer costs whatever else the machine runs. */
  serverCpuMs: number | null;
  paths: number;
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  non2xx: number;
}

/** 32 connections for `seconds` over `paths` (each connection cycles through them). */
async function load(name: string, server: Server, paths: string[], seconds: number): Promise<LoadResult> {
  const url = server.url;
  const times: number[] = [];
  const cpu0 = cpuSeconds(server.child.pid);
  const r = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections: 32,
        duration: seconds,
        // As a browser asks: it accepts gzip.
        requests: paths.map((path) => ({
          method: 'GET',
          path,
          headers: { 'accept-encoding': 'gzip, deflate, br' },
        })),
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => times.push(responseTime));
  });
  const cpu1 = cpuSeconds(server.child.pid);
  times.sort((a, b) => a - b);
  const at = (q: number): number => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? NaN;
  return {
    name,
    serverCpuMs:
      cpu0 !== null && cpu1 !== null && times.length ? ((cpu1 - cpu0) * 1000) / times.length : null,
    paths: paths.length,
    requests: times.length,
    rps: times.length / seconds,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
  };
}

export interface ApiBench {
  articles: number;
  stories: number;
  story: { id: number; articles: number };
  cold: { path: string; ms: number; status: number }[];
  loads: LoadResult[];
}

/** Words to search for: frequent enough to match thousands of articles, and a phrase. */
const QUERIES = [
  'president',
  'vaccine',
  'biden',
  'supreme court',
  '"white house"',
  'afghanistan',
  'police',
  'climate',
];

export async function runApiBench(o: {
  articles: number;
  dir: string;
  seconds: number;
  say: (s: string) => void;
}): Promise<ApiBench> {
  const db = join(o.dir, `api-bench-${o.articles}.db`);
  await benchStore(db, o.articles, o.say);
  const server = await startServe(db);
  try {
    const get = async (path: string): Promise<{ ms: number; status: number; body: string }> => {
      const t0 = performance.now();
      const res = await fetch(server.url + path);
      const body = await res.text();
      return { ms: performance.now() - t0, status: res.status, body };
    };
    const cold: ApiBench['cold'] = [];
    const first = await get('/api/stories?limit=20');
    cold.push({ path: '/api/stories?limit=20', ms: first.ms, status: first.status });
    const cards = (JSON.parse(first.body) as { items: { id: number; articleCount: number }[] }).items;
    // The busiest of the most active stories: the story page a reader is most likely to open, and the dearest.
    const story = [...cards].sort((a, b) => b.articleCount - a.articleCount)[0]!;
    const health = JSON.parse((await get('/api/health')).body) as { articles: number; stories: number };
    const storyPage = [
      `/api/stories/${story.id}`,
      `/api/stories/${story.id}/brief?format=json`,
      `/api/stories/${story.id}/compare`,
      `/api/quotes?story=${story.id}&limit=20`,
      `/api/figures?story=${story.id}&limit=50`,
      `/api/timeline?story=${story.id}&limit=50`,
      `/api/articles?story=${story.id}&limit=50`,
    ];
    for (const path of storyPage) {
      const r = await get(path);
      cold.push({ path, ms: r.ms, status: r.status });
    }
    const searches = QUERIES.map((q) => `/api/search?q=${encodeURIComponent(q)}&limit=20`);
    for (const path of searches) {
      const r = await get(path);
      cold.push({ path, ms: r.ms, status: r.status });
    }
    o.say(`api bench: story page calls, 32 connections, ${o.seconds} s…`);
    const loads = [
      await load('story page (7 calls)', server, ['/api/stories?limit=20', ...storyPage], o.seconds),
    ];
    o.say(`api bench: search, 32 connections, ${o.seconds} s…`);
    loads.push(await load(`search (${QUERIES.length} queries)`, server, searches, o.seconds));
    return {
      articles: health.articles,
      stories: health.stories,
      story: { id: story.id, articles: story.articleCount },
      cold,
      loads,
    };
  } finally {
    server.child.kill('SIGTERM');
  }
}
