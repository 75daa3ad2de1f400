/**
 * `npm run bench`: throughput (articles/s, MB/s) and peak memory of extraction alone, the full pipeline and
 * the analysis stages, single process, one child process per case; then the growth check (time per
 * document size, 1, 2 and 4 MB, of prose and hostile inputs); then the dashboard (dashboard.ts: gzipped
 * JavaScript of the first load, overview render time in headless Chromium). Cases whose corpora (../shared)
 * are missing are skipped with a note.
 * Usage: node dist/bench/main.js [--only SUBSTRING] [--growth | --no-growth] [--growth-timeout SECONDS]
 * [--api | --no-api] [--api-articles N] [--api-seconds S] [--dashboard | --no-dashboard] [--format table|json]
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { table } from '../render/table.js';
import { ROOT } from '../testing/fixtures.js';
import { CASES, runCase, type CaseResult } from './cases.js';
import { GROWTH_INPUTS, GROWTH_SIZES_MB, runGrowth, type GrowthResult } from './growth.js';
import { haveApiCorpus, runApiBench, type ApiBench } from './api.js';
import { dashboardBench, dashboardTable } from './dashboard.js';
import { workerBench, type WorkerBench } from './workers.js';

const { values, positionals } = parseArgs({
  options: {
    only: { type: 'string' },
    format: { type: 'string', default: 'table' },
    case: { type: 'string' },
    'growth-case': { type: 'string' },
    mb: { type: 'string' },
    growth: { type: 'boolean' },
    'no-growth': { type: 'boolean' },
    dashboard: { type: 'boolean' },
    'no-dashboard': { type: 'boolean' },
    'growth-timeout': { type: 'string', default: '60' },
    api: { type: 'boolean' },
    'no-api': { type: 'boolean' },
    'api-articles': { type: 'string', default: '20000' },
    'api-seconds': { type: 'string', default: '20' },
    workers: { type: 'boolean' },
    'workers-articles': { type: 'string', default: '200000' },
    help: { type: 'boolean', short: 'h' },
  },
  allowPositionals: true,
});

/** The growth target: a linear step takes at most this much longer per doubling of its input. */
const GROWTH_TARGET = 2.2;
const SELF = fileURLToPath(import.meta.url);
/** Runs one case: it loads only the modules of that case (its peak memory is its own). */
const CHILD = fileURLToPath(new URL('./child.js', import.meta.url));

type Noted = { name: string; note: string };

function runCases(): (CaseResult | Noted)[] {
  const shared = process.env.SITREP_SHARED ?? join(ROOT, '..', 'shared');
  const haveShared = existsSync(join(shared, 'corpus'));
  const results: (CaseResult | Noted)[] = [];
  for (const name of Object.keys(CASES)) {
    if (values.only && !name.includes(values.only)) continue;
    if (!haveShared && !name.includes('bundled')) {
      results.push({ name, note: 'skipped: no ../shared corpora' });
      continue;
    }
    process.stderr.write(`bench: ${name}…\n`);
    const r = spawnSync(process.execPath, [CHILD, name], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (r.status !== 0) results.push({ name, note: `failed: ${r.stderr.trim().split('\n').at(-1)}` });
    else results.push(JSON.parse(r.stdout) as CaseResult);
  }
  return results;
}

function casesTable(results: (CaseResult | Noted)[]): string {
  return (
    `${table(
      ['case', 'articles', 'MB', 'articles/s', 'MB/s', 'ms/article', 'peak RSS MB', 'note'],
      results.map((r) =>
        !('items' in r)
          ? [r.name, '', '', '', '', '', '', r.note]
          : [
              r.name,
              r.items,
              (r.bytes / 1e6).toFixed(2),
              (r.items / r.seconds).toFixed(1),
              (r.bytes / 1e6 / r.seconds).toFixed(2),
              ((r.seconds * 1000) / r.items).toFixed(2),
              r.maxRssMB.toFixed(0),
              r.note ?? '',
            ],
      ),
    )}\n` +
    `node ${process.version}, one core per case; MB = input bytes (HTML for extraction, cleaned text for analysis-only cases)\n`
  );
}

type GrowthRun = GrowthResult | { input: string; mb: number; note: string };

/** Each input at each size in a child process of its own, killed after the timeout (a step that hangs). */
function runGrowthCheck(timeoutSeconds: number): GrowthRun[] {
  const out: GrowthRun[] = [];
  for (const input of Object.keys(GROWTH_INPUTS)) {
    if (values.only && !input.includes(values.only) && !'growth'.includes(values.only)) continue;
    for (const mb of GROWTH_SIZES_MB) {
      process.stderr.write(`bench: growth ${input} ${mb} MB…\n`);
      const r = spawnSync(process.execPath, [SELF, '--growth-case', input, '--mb', String(mb)], {
        encoding: 'utf8',
        maxBuffer: 1 << 24,
        timeout: timeoutSeconds * 1000,
      });
      if (r.error || r.signal) out.push({ input, mb, note: `> ${timeoutSeconds} s (killed)` });
      else if (r.status !== 0) out.push({ input, mb, note: `failed: ${r.stderr.trim().split('\n').at(-1)}` });
      else out.push(JSON.parse(r.stdout) as GrowthResult);
      // A size that did not finish says enough: the next, twice as large, would not either.
      if ('note' in out.at(-1)!) break;
    }
  }
  return out;
}

function growthTable(runs: GrowthRun[]): string {
  const rows: (string | number)[][] = [];
  for (const input of [...new Set(runs.map((r) => r.input))]) {
    const mine = runs.filter((r) => r.input === input);
    const at = (mb: number): GrowthRun | undefined => mine.find((r) => r.mb === mb);
    const secs = (mb: number): number | null => {
      const r = at(mb);
      return r && !('note' in r) ? r.steps.total! : null;
    };
    const cell = (mb: number): string => {
      const r = at(mb);
      if (!r) return '';
      return 'note' in r ? r.note : r.steps.total!.toFixed(2);
    };
    const ratio = (a: number, b: number): string => {
      const x = secs(a);
      const y = secs(b);
      return x !== null && y !== null ? (y / x).toFixed(2) : '';
    };
    const ratios = [ratio(1, 2), ratio(2, 4)].filter(Boolean).map(Number);
    const complete = ratios.length === 2;
    const ok = complete && ratios.every((r) => r <= GROWTH_TARGET);
    // The step that costs most at the largest size that finished: the one to look at when growth is off.
    const last = mine.filter((r): r is GrowthResult => !('note' in r)).at(-1);
    const slowest = last
      ? Object.entries(last.steps)
          .filter(([k]) => k !== 'total')
          .sort((a, b) => b[1] - a[1])[0]!
      : null;
    rows.push([
      input,
      cell(1),
      cell(2),
      cell(4),
      ratio(1, 2),
      ratio(2, 4),
      ok ? 'ok' : complete ? 'SLOW' : 'DID NOT FINISH',
      slowest ? `${slowest[0]} ${slowest[1].toFixed(2)} s` : '',
      last ? last.maxRssMB.toFixed(0) : '',
    ]);
  }
  return (
    `${table(
      [
        'growth: input',
        '1 MB CPU s',
        '2 MB CPU s',
        '4 MB CPU s',
        '×1→2',
        '×2→4',
        `≤ ${GROWTH_TARGET}`,
        'slowest step',
        'peak RSS MB',
      ],
      rows,
    )}\n` +
    `CPU seconds of extract + all analyzers on one document (no budget), one child process per size, the analyzers' data\n` +
    `loaded first; target ratio per doubling ≤ ${GROWTH_TARGET}; a size not done within the timeout (wall clock) is killed\n`
  );
}

/** API targets (issue 18): the story page's calls p95 ≤ 100 ms, search p95 ≤ 150 ms, no errors. */
const API_TARGETS: Record<string, number> = { story: 100, search: 150 };

async function runApi(): Promise<ApiBench | Noted> {
  if (!haveApiCorpus()) return { name: 'api', note: 'skipped: no ../shared stories-dev corpus' };
  const dir = join(ROOT, '.sitrep', 'bench');
  return runApiBench({
    articles: Number(values['api-articles']),
    seconds: Number(values['api-seconds']),
    dir,
    say: (s) => process.stderr.write(`${s}\n`),
  });
}

function apiTable(r: ApiBench | Noted): string {
  if ('note' in r) return `api: ${r.note}\n`;
  const target = (name: string): number => API_TARGETS[name.startsWith('search') ? 'search' : 'story']!;
  return (
    `${table(
      [
        'api load',
        'requests',
        'req/s',
        'p50 ms',
        'p95 ms',
        'p99 ms',
        'errors',
        'non-2xx',
        'p95 target',
        'server CPU ms/answer',
      ],
      r.loads.map((l) => [
        l.name,
        l.requests,
        l.rps.toFixed(0),
        l.p50.toFixed(1),
        l.p95.toFixed(1),
        l.p99.toFixed(1),
        l.errors,
        l.non2xx,
        `≤ ${target(l.name)} ${l.p95 <= target(l.name) && l.errors + l.non2xx === 0 ? 'ok' : 'MISSED'}`,
        l.serverCpuMs === null ? '' : l.serverCpuMs.toFixed(2),
      ]),
    )}\n` +
    `${table(
      ['first call (computes the view)', 'ms', 'status'],
      r.cold.map((c) => [c.path, c.ms.toFixed(0), c.status]),
      90,
    )}\n` +
    `sitrep serve on a store of ${r.articles.toLocaleString('en')} articles in ${r.stories.toLocaleString('en')} stories (story ${r.story.id}: ${r.story.articles} articles);\n` +
    `autocannon, 32 connections for ${values['api-seconds']} s on loopback, in this process; the server in its own; one machine;\n` +
    `latency depends on what else the machine runs (load average ${loadavg()[0]!.toFixed(1)} at the end on ${availableParallelism()} cores): the server's CPU per answer does not\n`
  );
}

/** Worker targets (issue 20): 2 workers ingest at least 1.7 times as fast as 1; each worker ≤ 500 MB. */
const WORKER_RATIO_TARGET = 1.7;
const WORKER_RSS_TARGET_MB = 500;

/** The statements a run's workers sent, by kind (the most frequent), per article and awaited. */
function statementsTable(r: WorkerBench['runs'][number]): string {
  const kinds = Object.entries(r.queries)
    .sort((a, b) => b[1].n - a[1].n)
    .slice(0, 14);
  return table(
    [`${r.workers} worker(s): statement`, 'per article', 'awaited ms/article'],
    kinds.map(([kind, q]) => [kind, (q.n / r.articles).toFixed(2), (q.ms / r.articles).toFixed(2)]),
  );
}

function workersTable(b: WorkerBench): string {
  const quarters = (xs: number[]): string =>
    [0.25, 0.5, 0.75, 1]
      .map((q) => (xs.length ? xs[Math.max(0, Math.ceil(q * xs.length) - 1)]!.toFixed(0) : ''))
      .join('/');
  return (
    `${table(
      [
        'workers',
        'stored',
        'failed',
        'ingest s',
        'ingest articles/s',
        'total s (with placement)',
        'worker CPU ms/article',
        'server CPU ms/article',
        'of which ingest: worker, server',
        'statements/article',
        'peak RSS MB per worker',
        'RSS MB at 1/4, 1/2, 3/4, end',
        'database KB/article',
      ],
      b.runs.map((r) => {
        const workerCpu = r.workerCpuSeconds.reduce((a, x) => a + x, 0);
        return [
          r.workers,
          r.stored,
          r.failed,
          r.ingestSeconds.toFixed(1),
          (r.stored / r.ingestSeconds).toFixed(1),
          r.totalSeconds.toFixed(1),
          ((workerCpu * 1000) / r.articles).toFixed(2),
          r.serverCpuSeconds === null ? '' : ((r.serverCpuSeconds * 1000) / r.articles).toFixed(2),
          `${((r.ingestWorkerCpuSeconds * 1000) / r.articles).toFixed(2)}, ${
            r.ingestServerCpuSeconds === null
              ? ''
              : ((r.ingestServerCpuSeconds * 1000) / r.articles).toFixed(2)
          }`,
          (Object.values(r.queries).reduce((a, q) => a + q.n, 0) / r.articles).toFixed(1),
          r.workerPeakRssMB.map((x) => x.toFixed(0)).join(', '),
          r.workerRssMB.map(quarters).join('; '),
          (r.databaseBytes / 1024 / r.stored).toFixed(1),
        ];
      }),
    )}\n` +
    `${b.runs.map(statementsTable).join('\n')}\n` +
    `ratio (2 workers over 1, ingest articles/s): ${b.ratio === null ? 'n/a' : b.ratio.toFixed(2)} (target ≥ ${WORKER_RATIO_TARGET}); ` +
    `peak RSS target ≤ ${WORKER_RSS_TARGET_MB} MB per worker\n` +
    `${b.articles.toLocaleString('en')} perturbed stories-dev articles queued ${20} to a job in PostgreSQL, then \`sitrep worker --exit-when-idle\` processes;\n` +
    `wall-clock figures depend on what else the machine runs (load average ${b.loadAverage[0]!.toFixed(1)} at the end on ${availableParallelism()} cores): the CPU figures do not\n`
  );
}

if (values.help) {
  process.stdout.write(
    `usage: npm run bench -- [--only SUBSTRING] [--growth | --no-growth] [--growth-timeout SECONDS] [--api | --no-api]\n` +
      `  [--api-articles N (20000)] [--api-seconds S (20)] [--dashboard | --no-dashboard] [--format table|json]
` +
      `  --api runs only the API bench; its store is built once into .sitrep/bench/ and kept\n` +
      `  --dashboard (or --only dashboard) runs only the dashboard bench\n` +
      `  --workers [--workers-articles N (200000)] runs only the worker bench: N articles queued in PostgreSQL,\n` +
      `    ingested by 1 then 2 \`sitrep worker\` processes (throughput, ratio, CPU, RSS per worker)\n` +
      `cases:\n${Object.keys(CASES)
        .map((c) => `  ${c}`)
        .join('\n')}\ngrowth inputs (1, 2, 4 MB):\n${Object.keys(GROWTH_INPUTS)
        .map((c) => `  ${c}`)
        .join('\n')}\n`,
  );
} else if (values.case) {
  // child: run one case and report it
  process.stdout.write(JSON.stringify(await runCase(values.case)));
} else if (values['growth-case']) {
  process.stdout.write(JSON.stringify(runGrowth(values['growth-case'], Number(values.mb))));
} else if (values.workers) {
  const articles = Number(values['workers-articles']);
  if (!(Number.isInteger(articles) && articles > 0)) {
    process.stderr.write(
      `--workers-articles must be a positive integer, not "${values['workers-articles']}"\n`,
    );
    process.exit(2);
  }
  const b = await workerBench({ articles, workers: [1, 2], say: (s) => process.stderr.write(`${s}\n`) });
  process.stdout.write(values.format === 'json' ? `${JSON.stringify(b, null, 2)}\n` : workersTable(b));
} else {
  const onlyApi = !!values.api;
  const onlyDashboard = !!values.dashboard || values.only === 'dashboard';
  const onlyOne = onlyApi || onlyDashboard;
  const cases = values.growth || onlyOne ? [] : runCases();
  const growth = values['no-growth'] || onlyOne ? [] : runGrowthCheck(Number(values['growth-timeout']));
  const wantApi =
    onlyApi ||
    (!onlyDashboard && !values['no-api'] && !values.growth && (!values.only || 'api'.includes(values.only)));
  const api = wantApi ? await runApi() : null;
  const wantDashboard =
    onlyDashboard || (!onlyApi && !values['no-dashboard'] && !values.growth && !values.only);
  const dashboard = wantDashboard ? await dashboardBench() : null;
  if (values.format === 'json')
    process.stdout.write(`${JSON.stringify({ cases, growth, api, dashboard }, null, 2)}\n`);
  else {
    const parts = [
      cases.length ? casesTable(cases) : '',
      growth.length ? growthTable(growth) : '',
      api ? apiTable(api) : '',
      dashboard ? dashboardTable(dashboard) : '',
    ];
    process.stdout.write(parts.filter(Boolean).join('\n'));
  }
  void positionals;
}
