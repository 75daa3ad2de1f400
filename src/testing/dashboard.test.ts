/**
 * The dashboard in a real browser (Debian's Chromium through playwright-core), served by the real
 * `sitrep serve` on an ephemeral loopback port over the sample corpus, the seeds (when ../shared is there)
 * and hostile articles: used as a reader would use it. Skips without Chromium or without the built
 * dashboard.
 */
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { hasChromium, launchBrowser, type TestBrowser } from './browser.js';
import { hasSeeds, ROOT, SAMPLE_CORPUS, SEEDS, tempDir } from './fixtures.js';
import { HOSTILE_LINES, htmlProblem, writeHostileJsonl } from './hostile.js';
import { startServer, type TestServer } from './serve.js';
import { open as openStore } from '../app/open.js';

const built = existsSync(join(ROOT, 'dist', 'web', 'index.html'));
const skip = !hasChromium ? 'no Chromium (apt-get install chromium)' : !built ? 'dashboard not built' : false;

describe('dashboard in Chromium', { skip }, () => {
  let server: TestServer;
  let browser: TestBrowser;
  const dialogs: string[] = [];
  const pageErrors: string[] = [];
  const hostileDir = tempDir('sitrep-hostile-');

  before(async () => {
    const inputs = [SAMPLE_CORPUS, writeHostileJsonl(hostileDir.dir)];
    if (hasSeeds) inputs.push(SEEDS);
    server = await startServer(inputs);
    browser = await launchBrowser();
    // Any dialog is an article's script running: record it (and dismiss it so the page goes on).
    browser.context.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    hostileDir.cleanup();
  });

  async function open(hash: string, width = 1280): Promise<Page> {
    const page = await browser.context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`${server.url}/${hash}`);
    return page;
  }

  async function api<T>(path: string): Promise<T> {
    const res = await fetch(`${server.url}/api${path}`);
    assert.equal(res.status, 200, `${path}: ${res.status}`);
    return (await res.json()) as T;
  }

  test('the overview lists the stories, most active first, each with its chart, outlets and latest article', async () => {
    const page = await open('');
    const rows = page.locator('.story-row');
    await rows.first().waitFor();
    const stories = await api<{ items: { id: number; label: string }[] }>('/stories?limit=100');
    assert.equal(await rows.count(), stories.items.length);
    assert.equal((await rows.first().locator('h2').textContent())?.trim(), stories.items[0]!.label);
    // The chart is drawn (uPlot arrives after the text).
    await rows.first().locator('.chart canvas').first().waitFor();
    assert.match(
      (await rows.first().locator('.chart').getAttribute('aria-label')) ?? '',
      /Articles per day: \d{4}-/,
    );
    assert.ok(await rows.first().locator('.latest a').count(), 'the latest development links to its article');
    await page.close();
  });

  test('the outlet filter narrows the stories and stays in the URL', async () => {
    const page = await open('');
    await page.locator('.story-row').first().waitFor();
    const outlet = 'Aravia Daily';
    await page.getByLabel('Outlet').selectOption(outlet);
    await page.waitForFunction(`location.hash.includes('outlet=')`);
    await page.locator('.story-row').first().waitFor();
    const want = await api<{ items: unknown[] }>(`/stories?outlet=${encodeURIComponent(outlet)}`);
    await page.waitForFunction(`document.querySelectorAll('.story-row').length === ${want.items.length}`);
    for (const text of await page.locator('.story-row .outlets').allTextContents())
      assert.ok(text.includes(outlet));
    // The same link opened afresh shows the same thing.
    const again = await open(new URL(page.url()).hash);
    await again.locator('.story-row').first().waitFor();
    assert.equal(await again.getByLabel('Outlet').inputValue(), outlet);
    assert.equal(await again.locator('.story-row').count(), want.items.length);
    await page.close();
    await again.close();
  });

  test("a story page shows its briefing, timeline, speakers, figures, framing and articles; a quote's citation opens the article at the highlighted span", async () => {
    const page = await open('');
    const first = page.locator('.story-row h2 a').first();
    const label = (await first.textContent())?.trim();
    await first.click();
    await page.waitForFunction(`location.hash.startsWith('#/stories/')`);
    assert.equal((await page.locator('h1').textContent())?.trim(), label);
    for (const name of ['Briefing', 'Timeline', 'Who said what', 'Figures', 'Framing by outlet', 'Articles'])
      await page.getByRole('heading', { name, level: 2 }).waitFor();
    await page.locator('.summary li .cite').first().waitFor();
    await page.locator('.speaker').first().waitFor();
    // The page title has focus after navigation, for a screen reader to announce it.
    assert.equal(await page.evaluate('document.activeElement?.tagName'), 'H1');

    const quote = page.locator('.speaker li').first();
    const said = (await quote.locator('q').textContent())!;
    await quote.locator('a.cite').click();
    await page.waitForFunction(`location.hash.startsWith('#/articles/')`);
    const mark = page.locator('.text mark.cited');
    await mark.first().waitFor();
    const highlighted = (await mark.allTextContents()).join('');
    assert.equal(highlighted, said);
    const params = new URLSearchParams(new URL(page.url()).hash.split('?')[1]);
    const id = decodeURIComponent(new URL(page.url()).hash.split('?')[0]!.split('/').at(-1)!);
    const article = await api<{ article: { text: string } }>(`/articles/${encodeURIComponent(id)}`);
    assert.equal(article.article.text.slice(Number(params.get('start')), Number(params.get('end'))), said);
    // Scrolled into view.
    const box = await mark.first().boundingBox();
    assert.ok(box && box.y >= 0 && box.y < 900, `the cited span is on screen (y=${box?.y})`);
    await page.close();
  });

  test('the article reader marks quotations, speakers, figures, dates and entities, and lists them', async () => {
    const list = await api<{ items: { id: string; counts: { quotes: number; figures: number } }[] }>(
      '/articles?limit=100',
    );
    const rich = list.items.find((a) => a.counts.quotes > 0 && a.counts.figures > 0)!;
    const page = await open(`#/articles/${rich.id}`);
    await page.locator('.text').waitFor();
    for (const kind of ['quote', 'speaker', 'figure', 'date', 'entity'])
      assert.ok(await page.locator(`.text .${kind}`).count(), `${kind} marked`);
    // Turning a layer off takes its marks away.
    await page.getByLabel('Figures').uncheck();
    assert.equal(await page.locator('.text .figure').count(), 0);
    // An entity links to its page: aliases, mentions over time, statements, stories.
    await page.locator('.annotations a[href^="#/entities/"]').first().click();
    await page.getByRole('heading', { name: 'Mentions over time' }).waitFor();
    await page.getByRole('heading', { name: /^Statements/ }).waitFor();
    await page.getByRole('heading', { name: /^Stories/ }).waitFor();
    await page.close();
  });

  test('an entity page counts what the server cut and loads it on request', async () => {
    type Listed = { items: { name: string; articles: number }[] };
    const listed = (await api<Listed>('/entities?limit=100')).items;
    const top = listed.reduce((a, b) => (b.articles > a.articles ? b : a));
    assert.ok(top.articles > 2, 'an entity cited in more than two articles');
    const page = await browser.context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    // The sample stores are small: answers cut to 2 items stand in for the 10 of a big store.
    await page.route(/\/api\/entities\//, (route) => {
      const url = new URL(route.request().url());
      if (!url.searchParams.has('each')) url.searchParams.set('each', '2');
      return route.continue({ url: url.toString() });
    });
    await page.goto(`${server.url}/#/entities/${encodeURIComponent(top.name)}`);
    const mentions = page.getByText(`First mention in each article (${top.articles})`);
    await mentions.click();
    assert.equal(await page.locator('details li').count(), 2);
    const leftOut = page.getByText(`${top.articles - 2} more articles not shown here.`);
    await leftOut.getByRole('button', { name: 'Load them' }).click();
    await page.getByText(`First mention in each article (${top.articles})`).click();
    await page.waitForFunction(`document.querySelectorAll('details li').length === ${top.articles}`);
    await page.close();
  });

  test('search answers as one types, with marked snippets and facets that narrow it', async () => {
    const page = await open('#/search');
    await page
      .getByRole('searchbox', { name: 'Search the articles' })
      .pressSequentially('ceasefire', { delay: 20 });
    await page.waitForFunction(`location.hash.includes('q=ceasefire')`);
    await page.locator('.hits li').first().waitFor();
    assert.ok(await page.locator('.hits .snippet mark').count(), 'matches are marked');
    const facet = page.locator('.facets fieldset').first().locator('button').first();
    const outlet = (await facet.textContent())!.replace(/\s*\d+$/, '').trim();
    await facet.click();
    await page.waitForFunction(`location.hash.includes('outlet=')`);
    await page.waitForFunction(
      `[...document.querySelectorAll('.hits li .muted')].every((e) => e.textContent.startsWith(${JSON.stringify(outlet)}))`,
    );
    // An entity of the facet narrows the results to the articles naming it.
    const entityFacet = page
      .locator('.facets fieldset')
      .filter({ hasText: 'Entity' })
      .locator('button')
      .first();
    const entity = (await entityFacet.textContent())!.replace(/\s*\d+$/, '').trim();
    const count = Number(/(?<n>\d+)$/.exec((await entityFacet.textContent())!.trim())!.groups!.n);
    await entityFacet.click();
    await page.waitForFunction(`location.hash.includes('entity=')`);
    await page
      .locator('.facets fieldset')
      .filter({ hasText: 'Entity' })
      .locator('button[aria-pressed="true"]')
      .waitFor();
    // The page shows at most 30 hits; the facet counts over the best matches.
    await page.waitForFunction(`document.querySelectorAll('.hits li').length === ${Math.min(count, 30)}`);
    const hash = await page.evaluate('location.hash');
    const q = new URLSearchParams(String(hash).split('?')[1]);
    assert.equal(q.get('entity'), entity);
    await page.close();
  });

  test('keyboard: the skip link and the story links are reachable with Tab, and Enter follows them', async () => {
    const page = await open('');
    await page.locator('.story-row').first().waitFor();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate('document.activeElement?.textContent'), 'Skip to content');
    let guard = 0;
    while (
      !(await page.evaluate(`document.activeElement?.closest('.story-row h2') !== null`)) &&
      guard++ < 30
    )
      await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForFunction(`location.hash.startsWith('#/stories/')`);
    await page.close();
  });

  test('figures that outlets report differently are flagged, with the reason when the texts give one', async () => {
    const stories = await api<{ items: { id: number }[] }>('/stories?limit=100');
    let flagged = 0;
    for (const { id } of stories.items) {
      const compare = await api<{ figures: { verdict: string; reason: string | null }[] }>(
        `/stories/${id}/compare`,
      );
      const differ = compare.figures.filter((g) => g.verdict === 'differ');
      if (!differ.length) continue;
      const page = await open(`#/stories/${id}`);
      await page.locator('table.figures').waitFor();
      assert.equal(await page.locator('table.figures .badge.differ').count(), differ.length);
      const reasons = differ.filter((g) => g.reason).length;
      assert.equal(await page.locator('tbody.verdict-differ .reason').count(), reasons);
      flagged += differ.length;
      await page.close();
    }
    assert.ok(flagged > 0, 'the sample corpus has figures that differ (12 or 15 tonnes)');
  });

  test('at phone width nothing runs off the side of the page', async () => {
    const story = (await api<{ items: { id: number }[] }>('/stories?limit=1')).items[0]!.id;
    const article = (await api<{ items: { id: string }[] }>('/articles?limit=1')).items[0]!.id;
    const pages: [string, string][] = [
      ['', '.story-row'],
      ['#/search?q=ceasefire', '.hits li'],
      [`#/stories/${story}`, '.summary li'],
      [`#/articles/${article}`, '.text'],
    ];
    for (const [hash, ready] of pages) {
      const page = await open(hash, 375);
      await page.locator(ready).first().waitFor();
      const overflow = await page.evaluate<number>(
        'document.documentElement.scrollWidth - window.innerWidth',
      );
      assert.ok(overflow <= 0, `${hash || 'overview'}: ${overflow}px too wide`);
      await page.close();
    }
  });

  test('hostile titles, texts and addresses render inert: shown as text, nothing runs', async () => {
    const hostile = HOSTILE_LINES[0]!;
    const hits = await api<{ items: { id: string }[] }>('/search?q=Tarn%20bridge');
    assert.ok(hits.items.length);
    const before = dialogs.length;
    for (const { id } of hits.items) {
      const page = await open(`#/articles/${id}`);
      await page.locator('.text').waitFor();
      assert.equal(await page.locator('#app script, #app img, #app iframe').count(), 0);
      assert.equal(await page.locator('#app a[href^="javascript:"]').count(), 0);
      assert.equal(await page.locator('#app [onerror]').count(), 0);
      await page.close();
    }
    // The first one's title is shown as the characters it is.
    const page = await open(`#/search?q=Tarn%20bridge`);
    await page.locator('.hits li').first().waitFor();
    const titles = (await page.locator('.hits li > a').allTextContents()).join('\n');
    assert.ok(titles.includes('<script>alert(1)</script>'), titles);
    await page.close();
    // Its story, and the story's brief as the API serves it in HTML.
    const detail = await api<{ story: { id: number } | null }>(`/articles/${hits.items[0]!.id}`);
    if (detail.story) {
      const story = await open(`#/stories/${detail.story.id}`);
      await story.locator('.summary li').first().waitFor();
      assert.equal(await story.locator('#app script, #app img').count(), 0);
      await story.close();
      const html = await (
        await fetch(`${server.url}/api/stories/${detail.story.id}/brief?format=html`)
      ).text();
      assert.equal(htmlProblem(html), null);
      const brief = await browser.context.newPage();
      await brief.goto(`${server.url}/api/stories/${detail.story.id}/brief?format=html`);
      await brief.close();
    }
    assert.ok(hostile.text.includes('onerror='), 'the test article does hold the payloads');
    assert.deepEqual(dialogs.slice(before), [], 'no script ran');
    assert.deepEqual(pageErrors, [], 'no script errors');
  });

  test('an unknown story or article says so, once', async () => {
    for (const hash of ['#/stories/99999', '#/articles/no-such-article', '#/entities/Nobody%20Atall']) {
      const page = await open(hash);
      await page.getByRole('alert').waitFor();
      assert.match((await page.getByRole('alert').textContent()) ?? '', /^Not found/);
      await page.close();
    }
  });
});

describe('keeping watch in Chromium: sources, live articles, revisions and alerts', { skip }, () => {
  let server: TestServer;
  let browser: TestBrowser;
  let feedServer: http.Server;
  let feedUrl: string;
  const dialogs: string[] = [];
  const pageErrors: string[] = [];
  const dir = tempDir('sitrep-live-');

  // Original sentences; the first title carries a script payload that must stay text.
  const ITEMS = [
    {
      guid: 'pier-1',
      title: '&lt;script&gt;alert(7)&lt;/script&gt; Pier lights return',
      text: 'The lights on the east pier will be switched on again on Thursday, the port office said. "The repairs took longer than we hoped," said Ilse Marrow, who runs the pier.',
    },
    {
      guid: 'market-2',
      title: 'Fish market moves indoors',
      text: 'The Saturday fish market will move into the old tram depot from next month, with 40 stalls. Traders said the depot keeps the ice frozen longer.',
    },
  ];
  const rss = (): string =>
    `<?xml version="1.0"?><rss version="2.0"><channel><title>Quayside Post</title><language>en</language>${ITEMS.map(
      (i) =>
        `<item><guid>${i.guid}</guid><title>${i.title}</title><description>${i.text}</description><pubDate>Tue, 01 Dec 2026 08:00:00 GMT</pubDate></item>`,
    ).join('')}</channel></rss>`;

  before(async () => {
    feedServer = http.createServer((req, res) => {
      if (req.url === '/quayside.xml')
        return void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss());
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => feedServer.listen(0, '127.0.0.1', r));
    feedUrl = `http://127.0.0.1:${(feedServer.address() as AddressInfo).port}/quayside.xml`;
    const rules = join(dir.dir, 'alerts.json');
    writeFileSync(
      rules,
      JSON.stringify({
        rules: [{ type: 'entity-statement', entity: 'Ilse Marrow' }],
        outputs: [{ type: 'jsonl', path: join(dir.dir, 'alerts.jsonl') }],
      }),
    );
    server = await startServer([], ['--watch', '--allow-private', '--alerts', rules]);
    browser = await launchBrowser();
    browser.context.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    feedServer?.closeAllConnections();
    feedServer?.close();
    dir.cleanup();
  });

  async function open(hash: string): Promise<Page> {
    const page = await browser.context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${server.url}/${hash}`);
    return page;
  }

  test('a feed added on the sources page is polled; its articles and the alert arrive without a reload', async () => {
    const overview = await open('');
    await overview.locator('.live-dot.on').waitFor();
    const page = await open('#/sources');
    await page.getByText('No sources yet').waitFor();
    await page.locator('.live-dot.on').waitFor();
    await page.getByLabel('Feed or page URL').fill(feedUrl);
    await page.getByLabel('Outlet').fill('Quayside Post');
    await page.getByRole('button', { name: 'Add source' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Added ${feedUrl}` })
      .waitFor();
    const row = page.locator('table.sources tbody tr').filter({ hasText: feedUrl });
    await row.waitFor();
    // The watcher polls it at once; the page is told through the live stream, no reload.
    await page.waitForFunction(
      `document.querySelector('table.sources tbody tr td.num')?.textContent === '2'`,
    );
    assert.match((await row.textContent()) ?? '', /ok/);
    assert.match((await row.textContent()) ?? '', /Quayside Post/);

    // The overview, open all along, was told of both articles and of the alert.
    await overview.locator('.arrivals li').filter({ hasText: 'Fish market moves indoors' }).waitFor();
    await overview.locator('.arrivals li').filter({ hasText: 'new statement by Ilse Marrow' }).waitFor();
    const arrivals = (await overview.locator('.arrivals').textContent()) ?? '';
    assert.ok(arrivals.includes('<script>alert(7)</script> Pier lights return'), arrivals);
    await overview.locator('.story-row').first().waitFor();

    // The alert, cited: its link opens the article at the quotation, highlighted.
    const alerts = await open('#/alerts');
    const item = alerts.locator('.alert-item').first();
    await item.waitFor();
    assert.match((await item.textContent()) ?? '', /New statement: new statement by Ilse Marrow/);
    assert.match((await item.locator('q').textContent()) ?? '', /The repairs took longer than we hoped/);
    await item.locator('a.cite').click();
    await alerts.locator('.text mark.cited').waitFor();
    assert.match((await alerts.locator('.text mark.cited').textContent()) ?? '', /repairs took longer/);
    assert.equal(await alerts.locator('#app script').count(), 0);

    // Stop watching it: the row goes, the articles stay.
    await page.getByRole('button', { name: `Stop watching ${feedUrl}` }).click();
    await page.getByText('No sources yet').waitFor();
    for (const p of [overview, page, alerts]) await p.close();
    assert.deepEqual(dialogs, [], 'no script ran');
    assert.deepEqual(pageErrors, []);
  });

  test("an article's revision written by another process appears on its open page, with the change named", async () => {
    const store = openStore(server.db, 'write');
    try {
      const hit = (await store.search('fish market depot'))[0]!;
      const page = await open(`#/articles/${hit.id}`);
      await page.locator('.text').waitFor();
      await page.locator('.live-dot.on').waitFor();
      assert.equal(await page.locator('.revisions').count(), 0);
      const stored = (await store.getArticle(hit.id))!;
      const start = stored.text.indexOf('40 stalls');
      assert.ok(start >= 0, stored.text);
      await store.addRevision({
        articleId: hit.id,
        contentId: 'feedc0ffee00d00d',
        seenAt: new Date().toISOString(),
        source: stored.source,
        title: stored.title,
        text: stored.text.replace('40 stalls', '44 stalls'),
        marks: [{ kind: 'figure', start, end: start + '44 stalls'.length, text: '44 stalls' }],
      });
      const change = page.locator('.revisions .change').first();
      await change.waitFor();
      assert.match((await change.textContent()) ?? '', /figure changed/);
      assert.equal(await change.locator('del').textContent(), '40');
      assert.equal(await change.locator('ins').textContent(), '44');
      await page.close();
    } finally {
      await store.close();
    }
  });
});
