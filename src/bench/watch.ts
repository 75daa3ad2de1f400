/**
 * The watch bench: a loopback server holds `sources` feeds of 5 items each (original sentences made from
 * a template, every item different); cycle 1 reads and stores them all, cycles 2–10 find every feed
 * unchanged (304). Peak RSS is sampled within each cycle: cycle 10's should be within 10% of cycle 2's, and
 * an unchanged cycle should cost no analysis and no article write.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addSource } from '../app/sources.js';
import { watchCycle } from '../app/watch.js';
import { openStore } from '../store/open.js';

const PLACES = ['Norby', 'Ostend Pier', 'Arlen', 'Kestrel Bay', 'Marrow Hill', 'Calder', 'Tansy Cross'];
const THINGS = ['ferry crossings', 'bus routes', 'school places', 'hospital beds', 'market stalls'];

function item(source: number, i: number): string {
  const place = PLACES[(source + i) % PLACES.length]!;
  const thing = THINGS[i % THINGS.length]!;
  const n = 10 + ((source * 7 + i * 13) % 90);
  return `<item><guid>s${source}-i${i}</guid><title>${place}: ${n} ${thing}</title><description>The council in ${place} will add ${n} ${thing} from March, officials said on Monday (bulletin ${source}-${i}). "We heard the complaints and we acted," said the council leader, Mara Quill. Residents of ${place} had asked for more ${thing} since the winter.</description></item>`;
}

export interface WatchBench {
  sources: number;
  items: number;
  bytes: number;
  firstCycleSeconds: number;
  unchangedCycleSeconds: number;
  peakRssMB: number[];
  /** Articles stored by cycles 2–10 (0 expected: unchanged feeds cost no write). */
  writesWhenUnchanged: number;
}

export async function watchBench(sources = 500, cycles = 10): Promise<WatchBench> {
  const feeds = Array.from(
    { length: sources },
    (_, s) =>
      `<?xml version="1.0"?><rss version="2.0"><channel><title>Bench Outlet ${s}</title><language>en</language>${Array.from({ length: 5 }, (_, i) => item(s, i)).join('')}</channel></rss>`,
  );
  const server = http.createServer((req, res) => {
    const s = Number(/^\/feed(?<n>\d+)\.xml$/.exec(req.url ?? '')?.groups?.n ?? -1);
    if (!(s >= 0 && s < sources)) return void res.writeHead(404).end();
    const etag = `"f${s}"`;
    if (req.headers['if-none-match'] === etag) return void res.writeHead(304).end();
    res.writeHead(200, { 'content-type': 'application/rss+xml', etag }).end(feeds[s]);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = mkdtempSync(join(tmpdir(), 'sitrep-bench-watch-'));
  const store = openStore(join(dir, 'watch.db'));
  let now = Date.parse('2026-12-01T00:00:00Z');
  const o = { allowPrivate: true, delayMs: 0, now: () => new Date(now) };
  try {
    for (let s = 0; s < sources; s++)
      await addSource(store, `${base}/feed${s}.xml`, { everySeconds: 60 }, o.now());
    const peaks: number[] = [];
    const seconds: number[] = [];
    let afterFirst = 0;
    for (let c = 1; c <= cycles; c++) {
      let peak = process.memoryUsage().rss;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
      const t0 = performance.now();
      await watchCycle(store, o);
      seconds.push((performance.now() - t0) / 1000);
      clearInterval(sampler);
      peaks.push(Math.round((Math.max(peak, process.memoryUsage().rss) / 2 ** 20) * 10) / 10);
      if (c === 1) afterFirst = await store.countArticles();
      now += 61_000;
    }
    return {
      sources,
      items: afterFirst,
      bytes: feeds.reduce((n, f) => n + Buffer.byteLength(f), 0),
      firstCycleSeconds: seconds[0]!,
      unchangedCycleSeconds: seconds.slice(1).reduce((a, b) => a + b, 0) / Math.max(1, cycles - 1),
      peakRssMB: peaks,
      writesWhenUnchanged: (await store.countArticles()) - afterFirst,
    };
  } finally {
    await store.close();
    server.closeAllConnections();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
