/**
 * The dashboard's bench: how much JavaScript its first load costs (gzipped, as a server would send it) and
 * how long the situation overview takes to render in headless Chromium, served by `sitrep serve` over the
 * bundled sample corpus. Targets (issue 18): at most 250 kB of JavaScript, at most 1 s to render.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Parser } from 'htmlparser2';
import { table } from '../render/table.js';
import { hasChromium, launchBrowser } from '../testing/browser.js';
import { ROOT, SAMPLE_CORPUS } from '../testing/fixtures.js';
import { startServer } from '../testing/serve.js';

export const WEB_DIST = join(ROOT, 'dist', 'web');
export const FIRST_LOAD_TARGET_KB = 250;
export const RENDER_TARGET_MS = 1000;

/** The scripts index.html loads at once (entry and module preloads); dynamic imports come later. */
export function firstLoadScripts(html: string): string[] {
  const found: string[] = [];
  const parser = new Parser({
    onopentag(name, attrs) {
      if (name === 'script' && attrs.src) found.push(attrs.src);
      if (name === 'link' && attrs.rel === 'modulepreload' && attrs.href) found.push(attrs.href);
    },
  });
  parser.write(html);
  parser.end();
  return found;
}

export interface FirstLoad {
  files: { file: string; bytes: number; gzipped: number }[];
  gzippedKB: number;
  /** Every script of the build, also those loaded later (the charts' uPlot), gzipped. */
  allScriptsGzippedKB: number;
}

/** The first load's JavaScript from the built dashboard, raw and gzipped (level 6, what servers use). */
export function firstLoad(dir = WEB_DIST): FirstLoad {
  const files = firstLoadScripts(readFileSync(join(dir, 'index.html'), 'utf8')).map((src) => {
    const body = readFileSync(join(dir, src));
    return {
      file: src.replace(/^\.\//, ''),
      bytes: body.length,
      gzipped: gzipSync(body, { level: 6 }).length,
    };
  });
  const all = readdirSync(join(dir, 'assets'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => gzipSync(readFileSync(join(dir, 'assets', f)), { level: 6 }).length);
  return {
    files,
    gzippedKB: files.reduce((n, f) => n + f.gzipped, 0) / 1000,
    allScriptsGzippedKB: all.reduce((n, b) => n + b, 0) / 1000,
  };
}

export interface RenderTimes {
  runs: number[];
  medianMs: number;
  maxMs: number;
  stories: number;
  /** The machine's one-minute load average when the runs ended: a busy machine renders slower. */
  load: number;
}

/**
 * Load the overview `runs` times, each in a fresh browser (cold cache), and read when its stories were on
 * screen: the `sitrep:overview-rendered` mark, in ms since navigation started.
 */
export async function overviewRenderTimes(runs = 5): Promise<RenderTimes> {
  const server = await startServer([SAMPLE_CORPUS]);
  const times: number[] = [];
  let stories = 0;
  try {
    for (let i = 0; i < runs; i++) {
      const browser = await launchBrowser();
      try {
        const page = await browser.context.newPage();
        await page.goto(`${server.url}/`);
        await page.waitForFunction(() => performance.getEntriesByName('sitrep:overview-rendered').length > 0);
        times.push(
          await page.evaluate(() => performance.getEntriesByName('sitrep:overview-rendered')[0]!.startTime),
        );
        stories = await page.locator('.story-row').count();
      } finally {
        await browser.close();
      }
    }
  } finally {
    await server.close();
  }
  const sorted = [...times].sort((a, b) => a - b);
  return {
    runs: times,
    medianMs: sorted[Math.floor(sorted.length / 2)]!,
    maxMs: sorted.at(-1)!,
    stories,
    load: loadavg()[0]!,
  };
}

export interface DashboardResult {
  firstLoad: FirstLoad | { note: string };
  render: RenderTimes | { note: string };
}

/** Both measurements, each with a note instead when it cannot run (dashboard not built, no Chromium). */
export async function dashboardBench(): Promise<DashboardResult> {
  if (!existsSync(join(WEB_DIST, 'index.html'))) {
    const note = 'skipped: dashboard not built (npm run build)';
    return { firstLoad: { note }, render: { note } };
  }
  process.stderr.write('bench: dashboard…\n');
  return {
    firstLoad: firstLoad(),
    render: hasChromium
      ? await overviewRenderTimes()
      : { note: 'skipped: no Chromium (apt-get install chromium)' },
  };
}

export function dashboardTable(r: DashboardResult): string {
  const rows: (string | number)[][] = [];
  if ('note' in r.firstLoad)
    rows.push(['first load JavaScript (gzip)', '', `≤ ${FIRST_LOAD_TARGET_KB} kB`, r.firstLoad.note]);
  else {
    const f = r.firstLoad;
    rows.push([
      'first load JavaScript (gzip)',
      `${f.gzippedKB.toFixed(1)} kB`,
      `≤ ${FIRST_LOAD_TARGET_KB} kB`,
      `${f.gzippedKB <= FIRST_LOAD_TARGET_KB ? 'met' : 'MISSED'}; ${f.files.length} file(s), ${(f.files.reduce((n, x) => n + x.bytes, 0) / 1000).toFixed(1)} kB raw; ${f.allScriptsGzippedKB.toFixed(1)} kB gzip with the charts loaded after`,
    ]);
  }
  if ('note' in r.render)
    rows.push(['overview render (sample corpus)', '', `≤ ${RENDER_TARGET_MS} ms`, r.render.note]);
  else {
    const t = r.render;
    rows.push([
      'overview render (sample corpus)',
      `${t.medianMs.toFixed(0)} ms median`,
      `≤ ${RENDER_TARGET_MS} ms`,
      `${t.medianMs <= RENDER_TARGET_MS ? 'met' : 'MISSED'}; max ${t.maxMs.toFixed(0)} ms of ${t.runs.length} cold loads, ${t.stories} stories, load average ${t.load.toFixed(1)}`,
    ]);
  }
  return (
    `${table(['dashboard', 'measured', 'target', 'note'], rows, 90)}\n` +
    `render: navigation start to the stories on screen (the page's sitrep:overview-rendered mark), headless Chromium,\n` +
    `a fresh browser per load, served by sitrep serve on loopback\n`
  );
}
