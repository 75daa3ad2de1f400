/**
 * Worker throughput: N perturbed real articles (the story bench's texts, as raw text documents) queued in a
 * fresh PostgreSQL schema, then ingested by 1 and by 2 `sitrep worker` processes (each run on a schema of
 * its own). Per run: articles/s of the ingest phase (until no ingest job is waiting or running) and of the
 * whole run (placement included: one worker places, after the ingest), each worker's CPU time and peak
 * RSS (from /usr/bin/time), its RSS sampled every second (flat or not), and the CPU time of the server
 * processes serving the run's connections. CPU time per article does not depend on what else the machine
 * runs; the wall-clock figures do.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { contentId } from '../ingest/inputs.js';
import type { RawDocument } from '../model/raw.js';
import { openPostgresStore } from '../store/postgres.js';
import { openQueue, QUEUES } from '../store/queue.js';
import { adminQuery, freshPostgresLocation, TEST_PG } from '../testing/postgres.js';
import { ROOT } from '../testing/fixtures.js';
import { perturbedStream } from './store-cases.js';

export interface WorkerRun {
  workers: number;
  articles: number;
  stored: number;
  placed: number;
  /** Documents the workers could not analyse (no article text in a perturbed headline): reported, not stored. */
  failed: number;
  /** From the workers' start until no ingest job was waiting or running. */
  ingestSeconds: number;
  /** From the workers' start until the last one exited (placement included). */
  totalSeconds: number;
  /** Per worker: user + system CPU seconds, and peak RSS in MB. */
  workerCpuSeconds: number[];
  workerPeakRssMB: number[];
  /** Per worker: RSS in MB sampled once a second. */
  workerRssMB: number[][];
  /** CPU seconds of the server processes serving this run's connections (null: not measurable). */
  serverCpuSeconds: number | null;
  /** The same two CPU figures up to the end of the ingest phase (placement not counted), from /proc samples. */
  ingestWorkerCpuSeconds: number;
  ingestServerCpuSeconds: number | null;
  /** Statements the workers sent (store and queue), by kind: how many, and the wall ms spent awaiting them. */
  queries: Record<string, { n: number; ms: number }>;
  /** On-disk size of the store's tables, indexes and TOAST at the end (the queue's schema not counted). */
  databaseBytes: number;
}

export interface WorkerBench {
  articles: number;
  runs: WorkerRun[];
  /** Ingest throughput with 2 workers over 1 (wall clock). */
  ratio: number | null;
  loadAverage: number[];
}

const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const COUNT_QUERIES = pathToFileURL(join(ROOT, 'dist', 'bench', 'count-queries.js')).href;
/** Documents per queued job, as `sitrep ingest --queue` queues them by default. */
const PER_JOB = 20;

/** The story bench's perturbed articles as the raw text documents a feed would give. */
export function* benchDocuments(n: number): Generator<RawDocument> {
  for (const a of perturbedStream(n)) {
    const content = `${a.title}\n\n${a.text}\n`;
    yield {
      source: `bench:${a.id}`,
      format: 'text',
      content,
      id: contentId(content),
      meta: {
        title: a.title ?? undefined,
        outlet: a.outlet ?? undefined,
        published: a.published ?? undefined,
      },
    };
  }
}

export async function workerBench(o: {
  articles: number;
  workers: number[];
  say: (s: string) => void;
}): Promise<WorkerBench> {
  const runs: WorkerRun[] = [];
  for (const k of o.workers) {
    o.say(`bench: workers: ${o.articles.toLocaleString('en')} articles, ${k} worker(s)…`);
    runs.push(await oneRun(o.articles, k, o.say));
  }
  const rate = (k: number): number | null => {
    const r = runs.find((x) => x.workers === k);
    return r ? r.stored / r.ingestSeconds : null;
  };
  const [one, two] = [rate(1), rate(2)];
  return {
    articles: o.articles,
    runs,
    ratio: one !== null && two !== null ? two / one : null,
    loadAverage: (await import('node:os')).loadavg(),
  };
}

async function oneRun(n: number, workers: number, say: (s: string) => void): Promise<WorkerRun> {
  const { location, drop } = freshPostgresLocation('sitrep_wbench');
  const url = new URL(location);
  const applicationName = url.searchParams.get('schema')!;
  url.searchParams.set('application_name', applicationName);
  const where = url.href;
  try {
    const store = openPostgresStore(where);
    await store.countArticles(); // the schema, before workers race to make it
    await store.close();
    const queue = await openQueue(where);
    try {
      // Queued in slices, so that the bench's memory does not grow with N.
      let slice: RawDocument[] = [];
      for (const doc of benchDocuments(n)) {
        slice.push(doc);
        if (slice.length === 10_000) {
          await queue.enqueue(slice, PER_JOB, 3600);
          slice = [];
        }
      }
      await queue.enqueue(slice, PER_JOB, 3600);
    } finally {
      await queue.close();
    }
    say(`bench: workers: ${n.toLocaleString('en')} documents queued; starting ${workers} worker(s)`);
    const run = await runWorkers(where, applicationName, n, workers);
    return { ...run, databaseBytes: await schemaBytes(applicationName) };
  } finally {
    await drop();
    await adminQuery(`DROP SCHEMA IF EXISTS ${applicationName}_jobs CASCADE`);
  }
}

interface Exited {
  stdout: string;
  stderr: string;
  code: number | null;
}

/** Bytes the tables of `schema` take on disk, with their indexes and TOAST. */
async function schemaBytes(schema: string): Promise<number> {
  const admin = new pg.Client({ connectionString: TEST_PG });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ bytes: string }>(
      `SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::text AS bytes FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r'`,
      [schema],
    );
    return Number(rows[0]!.bytes);
  } finally {
    await admin.end();
  }
}

async function runWorkers(
  where: string,
  applicationName: string,
  n: number,
  count: number,
): Promise<Omit<WorkerRun, 'databaseBytes'>> {
  const t0 = performance.now();
  const children = Array.from({ length: count }, () =>
    // %U %S %M: user and system CPU seconds and peak RSS (KB) of the worker, measured by the kernel.
    spawn(
      '/usr/bin/time',
      [
        '-f',
        'bench-time %U %S %M',
        process.execPath,
        '--import',
        COUNT_QUERIES,
        CLI,
        'worker',
        '--db',
        where,
        '--exit-when-idle',
        '--format',
        'json',
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    ),
  );
  const exited = children.map(
    (c) =>
      new Promise<Exited>((resolve) => {
        let stdout = '';
        let stderr = '';
        c.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        c.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        c.on('close', (code) => resolve({ stdout, stderr, code }));
      }),
  );
  let done = 0;
  void Promise.all(exited).then(() => (done = 1));
  const rss: number[][] = children.map(() => []);
  const serverTicks = new Map<number, number>();
  const workerTicks: number[] = children.map(() => 0);
  let ingestSeconds: number | null = null;
  let ingestWorkerTicks = 0;
  let ingestServerTicks = 0;
  const admin = new pg.Client({ connectionString: TEST_PG });
  await admin.connect();
  const schema = `${applicationName}_jobs`;
  try {
    while (!done) {
      children.forEach((c, i) => {
        const pid = nodePidOf(c.pid);
        const kb = pid === null ? null : rssOf(pid);
        if (kb !== null) rss[i]!.push(kb / 1024);
        const ticks = pid === null ? null : cpuTicks(pid);
        if (ticks !== null) workerTicks[i] = Math.max(workerTicks[i]!, ticks);
      });
      const { rows } = await admin.query<{ pid: number }>(
        'SELECT pid FROM pg_stat_activity WHERE application_name = $1',
        [applicationName],
      );
      for (const { pid } of rows) {
        const ticks = cpuTicks(pid);
        if (ticks !== null) serverTicks.set(pid, Math.max(serverTicks.get(pid) ?? 0, ticks));
      }
      if (ingestSeconds === null) {
        const busy = await admin
          .query<{ n: number }>(
            `SELECT count(*)::int AS n FROM ${schema}.job WHERE name = $1 AND state IN ('created', 'retry', 'active')`,
            [QUEUES.ingest],
          )
          .catch(() => ({ rows: [{ n: 1 }] }));
        if (busy.rows[0]!.n === 0) {
          ingestSeconds = (performance.now() - t0) / 1000;
          ingestWorkerTicks = sum(workerTicks);
          ingestServerTicks = sum([...serverTicks.values()]);
        }
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  } finally {
    await admin.end();
  }
  const totalSeconds = (performance.now() - t0) / 1000;
  const results = await Promise.all(exited);
  const cpu: number[] = [];
  const peak: number[] = [];
  let stored = 0;
  let placed = 0;
  let failed = 0;
  const queries: WorkerRun['queries'] = {};
  for (const r of results) {
    const counted = /^bench-queries (?<json>.*)$/m.exec(r.stderr);
    const kinds = JSON.parse(counted?.groups!.json ?? '{}') as WorkerRun['queries'];
    for (const [kind, t] of Object.entries(kinds)) {
      const all = (queries[kind] ??= { n: 0, ms: 0 });
      all.n += t.n;
      all.ms += t.ms;
    }
    const m = /^bench-time (?<user>[\d.]+) (?<sys>[\d.]+) (?<kb>\d+)$/m.exec(r.stderr);
    // Exit 1 is a partial failure: some documents had no article text (reported, not retried).
    if ((r.code !== 0 && r.code !== 1) || !m)
      throw new Error(`a worker failed (exit ${r.code}): ${r.stderr.trim().slice(-2000)}`);
    cpu.push(Number(m.groups!.user) + Number(m.groups!.sys));
    peak.push(Number(m.groups!.kb) / 1024);
    const summary = JSON.parse(r.stdout) as { stored: number; placed: number; failed: unknown[] };
    stored += summary.stored;
    placed += summary.placed;
    failed += summary.failed.length;
  }
  const ticks = sum([...serverTicks.values()]);
  return {
    workers: count,
    articles: n,
    stored,
    placed,
    failed,
    ingestSeconds: ingestSeconds ?? totalSeconds,
    totalSeconds,
    workerCpuSeconds: cpu,
    workerPeakRssMB: peak,
    workerRssMB: rss,
    serverCpuSeconds: serverTicks.size ? ticks / 100 : null,
    ingestWorkerCpuSeconds: ingestWorkerTicks / 100,
    ingestServerCpuSeconds: serverTicks.size ? ingestServerTicks / 100 : null,
    queries,
  };
}

function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

/** The node process under /usr/bin/time `timePid`, or null once it has gone. */
function nodePidOf(timePid: number | undefined): number | null {
  if (timePid === undefined) return null;
  try {
    const kids = readFileSync(`/proc/${timePid}/task/${timePid}/children`, 'utf8').trim().split(/\s+/);
    return kids[0] ? Number(kids[0]) : null;
  } catch {
    return null;
  }
}

/** The resident set (KB) of process `pid`, or null once it has gone. */
function rssOf(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = /^VmRSS:\s+(?<kb>\d+) kB/m.exec(status);
    return m ? Number(m.groups!.kb) : null;
  } catch {
    return null;
  }
}

/** utime + stime of a process, in clock ticks (from /proc: a server on this machine), or null. */
function cpuTicks(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}
