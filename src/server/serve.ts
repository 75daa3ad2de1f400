/**
 * `sitrep serve`: open the store, start the server, and stop both cleanly on SIGINT or SIGTERM (requests
 * in flight are answered, new ones refused with 503, the store is closed last).
 */
import { isIP } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demo } from '../app/demo.js';
import { StoreOpenError } from '../app/errors.js';
import { open } from '../app/open.js';
import { Wakeup, watch, type WatchOptions } from '../app/watch.js';
import type { Store } from '../store/store.js';
import { defaultDbPath } from '../store/open.js';
import { buildServer, DEFAULT_WEB_ROOT, type FastifyInstance } from './app.js';
import { StoryViewThread } from './story-views.js';
import { existsSync } from 'node:fs';

export interface ServeOptions {
  db?: string;
  host: string;
  port: number;
  /** Serve the bundled sample corpus, ingested into a temporary database (or into `db` when given). */
  demo?: boolean;
  token?: string;
  version: string;
  webRoot?: string;
  /** Lines for the operator (the CLI prints them on standard error). */
  say: (line: string) => void;
  /** Run the watcher (sitrep watch) in this process on the same store, with these options. */
  watch?: Omit<WatchOptions, 'signal'>;
}

/** Whether an address only this machine can reach: 127.0.0.0/8, ::1, localhost. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || h === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(h);
  return false;
}

export interface Running {
  app: FastifyInstance;
  url: string;
  store: Store;
  /** Stop serving, close the store, remove a temporary demo database. */
  stop: () => Promise<void>;
}

/** Open the store and start serving; resolves once listening. */
export async function startServer(o: ServeOptions, wakeup?: Wakeup): Promise<Running> {
  let temp: string | null = null;
  let store: Store;
  let readOnly = false;
  if (o.demo) {
    if (o.db === undefined) temp = mkdtempSync(join(tmpdir(), 'sitrep-demo-'));
    store = open(o.db ?? join(temp!, 'demo.db'), 'write');
    const report = await demo(store);
    o.say(`demo: ${report.articles} articles from the sample corpus in ${store.location}`);
  } else {
    // The database must exist (a mistyped --db creates nothing); a read-only one is served without writes.
    await open(o.db, 'read').close();
    try {
      store = open(o.db, 'write');
    } catch (err) {
      if (!(err instanceof StoreOpenError)) throw err;
      store = open(o.db, 'read');
      readOnly = true;
      o.say(`${store.location} can only be read: POST /api/articles is refused`);
    }
  }
  const loopback = isLoopback(o.host);
  if (!loopback && !o.token)
    o.say(
      `warning: listening on ${o.host}, reachable from other machines, and SITREP_TOKEN is not set: anyone who can reach it can read the store (writes are refused)`,
    );
  // Comparisons and briefs are computed in a thread on its own connection to the same database.
  const storyViews = new StoryViewThread(o.db ?? (temp ? join(temp, 'demo.db') : defaultDbPath()));
  const app = await buildServer({
    store,
    storyViews,
    version: o.version,
    token: o.token,
    loopback,
    readOnly,
    webRoot: o.webRoot,
    onSourcesChanged: wakeup ? () => wakeup.wake() : undefined,
  });
  let url: string;
  try {
    url = await app.listen({ host: o.host, port: o.port });
  } catch (err) {
    await storyViews.close();
    await store.close();
    if (temp) rmSync(temp, { recursive: true, force: true });
    throw err;
  }
  storyViews.start();
  const web = o.webRoot ?? DEFAULT_WEB_ROOT;
  o.say(
    `serving ${store.location} at ${url} (API: ${url}/api/openapi.json; dashboard: ${existsSync(join(web, 'index.html')) ? url : 'not built'})`,
  );
  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      await app.close();
      await storyViews.close();
      await store.close();
      if (temp) rmSync(temp, { recursive: true, force: true });
    })());
  return { app, url, store, stop };
}

/** Serve until SIGINT or SIGTERM; with `watch`, poll the sources meanwhile and stop after the one in hand. */
export async function serve(o: ServeOptions): Promise<void> {
  const wakeup = new Wakeup();
  const running = await startServer(o, o.watch ? wakeup : undefined);
  const stopWatching = new AbortController();
  const watching = o.watch
    ? watch(running.store, { ...o.watch, signal: stopWatching.signal, wakeup }).catch((err: unknown) => {
        o.say(`watch stopped: ${(err as Error).message}`);
      })
    : null;
  await new Promise<void>((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      o.say(`${signal}: stopping`);
      resolve();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  stopWatching.abort();
  await watching;
  await running.stop();
}
