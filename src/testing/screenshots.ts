/**
 * The dashboard's screenshots in docs/ (linked from the README): the overview and the seeds' story page,
 * served by `sitrep serve` over the seeds (../shared) and the sample corpus, in headless Chromium at 1280 px.
 * Usage: npm run build && node dist/testing/screenshots.js
 */
import { join } from 'node:path';
import { hasChromium, launchBrowser } from './browser.js';
import { hasSeeds, ROOT, SAMPLE_CORPUS, SEEDS } from './fixtures.js';
import { startServer } from './serve.js';

if (!hasChromium || !hasSeeds) {
  process.stderr.write('screenshots need Chromium and the seeds in ../shared\n');
  process.exit(1);
}
const server = await startServer([SEEDS, SAMPLE_CORPUS]);
const browser = await launchBrowser({ width: 1280, height: 760 });
try {
  const page = await browser.context.newPage();
  await page.goto(`${server.url}/`);
  await page.locator('.story-row').first().waitFor();
  await page.screenshot({ path: join(ROOT, 'docs', 'dashboard-overview.png') });
  // The seeds' story: the one with a Russian outlet.
  await page.locator('.story-row', { hasText: 'TASS' }).locator('h2 a').click();
  await page.locator('.summary li').first().waitFor();
  await page.locator('.speaker').first().waitFor();
  // Every section has its answer (none still "Loading…").
  await page.waitForFunction(`document.querySelectorAll('.loading').length === 0`);
  await page.setViewportSize({ width: 1280, height: 1500 });
  await page.screenshot({ path: join(ROOT, 'docs', 'dashboard-story.png') });
  process.stdout.write('docs/dashboard-overview.png, docs/dashboard-story.png\n');
} finally {
  await browser.close();
  await server.close();
}
