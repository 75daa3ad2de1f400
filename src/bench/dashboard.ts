/**
 * The dashboard's bench: how much JavaScript its first load costs (gzipped, as a server would send it) and
 * how long the situation overview takes to render in headless Chromium, served by `sitrep serve` over the
 * bundled sample corpus. Targets (issue 18): at most 250 kB of JavaScript, at most 1 s to render.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Parser } from 'htmlparser2';
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
}

/** The first load's JavaScript from the built dashboard, raw and gzipped (level 6, what servers use). */
export function firstLoad(dir = WEB_DIST): FirstLoad {
  const files = firstLoadScripts(readFileSync(join(dir, 'index.html'), 'utf8')).map((src) => {
    const body = readFileSync(join(dir, src));
    return { file: src.replace(/^\.\//, ''), bytes: body.length, gzipped: gzipSync(body, { level: 6 }).length };
  });
  return { files, gzippedKB: files.reduce((n, f) => n + f.gzipped, 0) / 1000 };
}

export interface RenderTimes {
  runs: number[];
  medianMs: number;
  maxMs: number;
  stories: number;
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
        times.push(await page.evaluate(() => performance.getEntriesByName('sitrep:overview-rendered')[0]!.startTime));
        stories = await page.locator('.story-row').count();
      } finally {
        await browser.close();
      }
    }
  } finally {
    await server.close();
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { runs: times, medianMs: sorted[Math.floor(sorted.length / 2)]!, maxMs: sorted.at(-1)!, stories };
}

export { hasChromium };
