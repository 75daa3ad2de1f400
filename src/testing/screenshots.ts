/**
 * The dashboard's screenshots in docs/ (linked from the README): the overview and the seeds' story page,
 * served by `sitrep serve` over the seeds (../shared) and the sample corpus, in headless Chromium at 1280 px;
 * and the sources page of `sitrep serve --watch` polling three feeds served on loopback (one of them gone).
 * Usage: npm run build && node dist/testing/screenshots.js
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
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
  await page.close();
  await sourcesShot();
  process.stdout.write('docs/dashboard-overview.png, docs/dashboard-story.png, docs/dashboard-sources.png\n');
} finally {
  await browser.close();
  await server.close();
}

/** Feeds of our own words, served on loopback; one address answers 404, as a feed that moved would. */
async function sourcesShot(): Promise<void> {
  const item = (guid: string, title: string, text: string): string =>
    `<item><guid>${guid}</guid><title>${title}</title><description>${text}</description><pubDate>Tue, 01 Dec 2026 08:00:00 GMT</pubDate></item>`;
  const feed = (name: string, items: string[]): string =>
    `<?xml version="1.0"?><rss version="2.0"><channel><title>${name}</title><language>en</language>${items.join('')}</channel></rss>`;
  const feeds: Record<string, string> = {
    '/quayside.xml': feed('Quayside Post', [
      item(
        'q1',
        'Pier lights return',
        'The lights on the east pier will be switched on again on Thursday, the port office said.',
      ),
      item(
        'q2',
        'Fish market moves indoors',
        'The Saturday fish market will move into the old tram depot next month, with 40 stalls.',
      ),
    ]),
    '/valley.xml': feed('Valley Gazette', [
      item(
        'v1',
        'Bridge repairs finish early',
        'Repairs to the valley bridge finished two weeks early, the council said on Monday.',
      ),
    ]),
  };
  const feedServer = http.createServer((req, res) => {
    const body = feeds[req.url ?? ''];
    if (body) return void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(body);
    res.writeHead(404).end('not here');
  });
  await new Promise<void>((r) => feedServer.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(feedServer.address() as AddressInfo).port}`;
  const watching = await startServer([], ['--watch', '--allow-private']);
  try {
    for (const [path, outlet] of [
      ['/quayside.xml', 'Quayside Post'],
      ['/valley.xml', 'Valley Gazette'],
      ['/moved.xml', 'Harbour Courier'],
    ] as const)
      await fetch(`${watching.url}/api/sources`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ url: base + path, outlet, every: '15m' }),
      });
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 600 });
    await page.goto(`${watching.url}/#/sources`);
    // Every source polled (the page follows the watcher through the live stream).
    await page.waitForFunction(
      `[...document.querySelectorAll('table.sources tbody tr')].length === 3 && !document.body.textContent.includes('not polled yet')`,
    );
    await page.screenshot({ path: join(ROOT, 'docs', 'dashboard-sources.png') });
    await page.close();
  } finally {
    await watching.close();
    feedServer.closeAllConnections();
    feedServer.close();
  }
}
