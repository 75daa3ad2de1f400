/**
 * Watching: poll the sources that are due, politely, and ingest what is new as `ingest` does (analysed,
 * stored, placed in stories). An unchanged source costs one conditional request (a 304) or, from a server
 * without validators, one read whose hash matches the last: no analysis and no article write either way.
 * A failing source backs off exponentially, its error kept on the source for `sources list`.
 */
import { createHash } from 'node:crypto';
import { ingestIntoStore, type IngestSummary } from '../ingest/into-store.js';
import { PoliteFetcher } from '../ingest/polite.js';
import type { Fetched } from '../ingest/fetch.js';
import { InputError } from '../model/errors.js';
import type { SourceRecord, Store } from '../store/store.js';
import { type AlertRule, evaluateAlerts, type FiredAlert } from './alerts.js';
import { placeInStories, type PlaceOptions, type UpdateSummary } from './stories.js';

/** The longest back-off: a source failing for days is still tried once a day. */
export const MAX_BACKOFF_SECONDS = 86_400;

export interface WatchOptions {
  allowPrivate?: boolean;
  /** Milliseconds between two requests to one host (default 1000). */
  delayMs?: number;
  timeoutMs?: number;
  maxBytes?: number;
  /** Place new articles in stories after each source that brought some (default); false leaves them. */
  stories?: PlaceOptions | false;
  /** Stops the watch between two sources: the source in hand is finished (its writes are transactional). */
  signal?: AbortSignal;
  /** The clock (tests set it). */
  now?: () => Date;
  onEvent?: (event: WatchEvent) => void;
  /**
   * Rules checked after each cycle against the articles it stored; the matches are kept in the store
   * (the API lists them) and `deliver` sends them on.
   */
  alerts?: { rules: AlertRule[]; deliver: (alerts: FiredAlert[]) => Promise<void> };
}

export type WatchEvent =
  | { kind: 'cycle'; due: number; sources: number }
  | { kind: 'unchanged'; url: string; how: 'not-modified' | 'same-content' }
  | { kind: 'polled'; url: string; ingested: number; revised: number; duplicates: number; failed: number }
  | { kind: 'error'; url: string; error: string; failures: number; nextDue: string }
  | { kind: 'idle'; until: string };

export interface SourcePoll {
  url: string;
  outcome: 'unchanged' | 'polled' | 'error';
  ingested: IngestSummary['ingested'];
  failed: IngestSummary['failed'];
  /** Stored articles whose text changed: recorded as revisions. */
  revisions: NonNullable<IngestSummary['revisions']>;
  error: string | null;
}

export interface CycleResult {
  database: string;
  polls: SourcePoll[];
  /** Sources not due yet. */
  waiting: number;
  /** True when the signal stopped the cycle before every due source was polled. */
  stopped: boolean;
  stories: UpdateSummary | null;
  /** What the alert rules matched among the articles stored in this cycle, as kept in the store. */
  alerts: FiredAlert[];
}

/** Seconds until the next poll of a source that has failed `failures` times in a row. */
export function backoffSeconds(everySeconds: number, failures: number): number {
  return Math.min(everySeconds * 2 ** Math.min(failures, 20), Math.max(MAX_BACKOFF_SECONDS, everySeconds));
}

/** One pass: poll every due source, oldest due first. */
export async function watchCycle(
  store: Store,
  o: WatchOptions = {},
  fetcher = politeFetcher(o),
): Promise<CycleResult> {
  const now = o.now ?? (() => new Date());
  const sources = await store.listSources();
  const due = sources
    .filter((s) => Date.parse(s.nextDue) <= now().getTime())
    .sort((a, b) => a.nextDue.localeCompare(b.nextDue) || a.url.localeCompare(b.url));
  o.onEvent?.({ kind: 'cycle', due: due.length, sources: sources.length });
  const result: CycleResult = {
    database: store.location,
    polls: [],
    waiting: sources.length - due.length,
    stopped: false,
    stories: null,
    alerts: [],
  };
  let placed = false;
  for (const source of due) {
    if (o.signal?.aborted) {
      result.stopped = true;
      break;
    }
    const poll = await pollSource(store, source, fetcher, o, now);
    result.polls.push(poll);
    if (poll.ingested.length) placed = true;
  }
  if (placed && o.stories !== false) result.stories = await placeInStories(store, o.stories ?? {});
  if (o.alerts && placed) {
    const fresh = result.polls.flatMap((p) => p.ingested.map((i) => i.id));
    const found = await evaluateAlerts(store, o.alerts.rules, fresh);
    result.alerts = found.length ? await store.addAlerts(found, now().toISOString()) : [];
    await o.alerts.deliver(result.alerts);
  }
  fetcher.reset();
  return result;
}

export function politeFetcher(o: WatchOptions): PoliteFetcher {
  return new PoliteFetcher({
    delayMs: o.delayMs,
    allowPrivate: o.allowPrivate,
    timeoutMs: o.timeoutMs,
    maxBytes: o.maxBytes,
  });
}

async function pollSource(
  store: Store,
  source: SourceRecord,
  fetcher: PoliteFetcher,
  o: WatchOptions,
  now: () => Date,
): Promise<SourcePoll> {
  const poll: SourcePoll = {
    url: source.url,
    outcome: 'unchanged',
    ingested: [],
    failed: [],
    revisions: [],
    error: null,
  };
  let got: Fetched | 'not-modified';
  try {
    got = await fetcher.feed(source.url, source);
  } catch (err) {
    return failed(store, source, poll, err, o, now);
  }
  const at = now();
  const next = new Date(at.getTime() + source.everySeconds * 1000).toISOString();
  const ok = { ...source, lastFetch: at.toISOString(), lastError: null, failures: 0, nextDue: next };
  if (got === 'not-modified') {
    await store.putSource(ok);
    o.onEvent?.({ kind: 'unchanged', url: source.url, how: 'not-modified' });
    return poll;
  }
  const validators = { etag: got.etag ?? null, lastModified: got.lastModified ?? null };
  const bodyHash = createHash('sha256').update(got.bytes).digest('hex');
  if (bodyHash === source.bodyHash) {
    await store.putSource({ ...ok, ...validators });
    o.onEvent?.({ kind: 'unchanged', url: source.url, how: 'same-content' });
    return poll;
  }
  const fetched = got;
  let summary: IngestSummary;
  try {
    summary = await ingestIntoStore(store, [source.url], {
      maxBytes: o.maxBytes,
      fetchLinks: true,
      revisions: true,
      given: { outlet: source.outlet, language: source.language },
      // The source itself was just read; the pages its items link to are fetched politely, robots.txt permitting.
      fetcher: (url, opts) => (url === source.url ? Promise.resolve(fetched) : fetcher.page(url, opts)),
    });
  } catch (err) {
    return failed(store, source, poll, err, o, now);
  }
  poll.outcome = 'polled';
  poll.ingested = summary.ingested;
  poll.failed = summary.failed;
  poll.revisions = summary.revisions ?? [];
  const stored = summary.ingested.length > 0;
  // A body whose items all failed to be stored is read again next time (no hash), so nothing is lost.
  const complete = summary.stopped === null;
  await store.putSource({
    ...ok,
    ...validators,
    etag: complete ? validators.etag : null,
    lastModified: complete ? validators.lastModified : null,
    bodyHash: complete ? bodyHash : null,
    lastNew: stored ? at.toISOString() : source.lastNew,
    lastError: summary.stopped?.reason ?? null,
  });
  o.onEvent?.({
    kind: 'polled',
    url: source.url,
    ingested: summary.ingested.length,
    revised: poll.revisions.length,
    duplicates: summary.duplicates.length,
    failed: summary.failed.length,
  });
  return poll;
}

async function failed(
  store: Store,
  source: SourceRecord,
  poll: SourcePoll,
  err: unknown,
  o: WatchOptions,
  now: () => Date,
): Promise<SourcePoll> {
  const error = err instanceof InputError ? err.reason : (err as Error).message;
  const failures = source.failures + 1;
  const at = now();
  const nextDue = new Date(at.getTime() + backoffSeconds(source.everySeconds, failures) * 1000).toISOString();
  await store.putSource({ ...source, lastFetch: at.toISOString(), lastError: error, failures, nextDue });
  o.onEvent?.({ kind: 'error', url: source.url, error, failures, nextDue });
  return { ...poll, outcome: 'error', error };
}

/**
 * Poll forever (or once with `once`): a cycle, then sleep until the next source is due (at most a minute,
 * so sources added meanwhile are seen), until the signal stops it.
 */
export async function watch(
  store: Store,
  o: WatchOptions & { once?: boolean; onCycle?: (r: CycleResult) => void; wakeup?: Wakeup } = {},
): Promise<CycleResult[]> {
  const now = o.now ?? (() => new Date());
  const fetcher = politeFetcher(o);
  const results: CycleResult[] = [];
  for (;;) {
    const r = await watchCycle(store, o, fetcher);
    o.onCycle?.(r);
    if (!o.onCycle) results.push(r);
    if (o.once || o.signal?.aborted) return results;
    const sources = await store.listSources();
    const soonest = Math.min(...sources.map((s) => Date.parse(s.nextDue)), now().getTime() + 60_000);
    const wait = Math.max(1000, soonest - now().getTime());
    o.onEvent?.({ kind: 'idle', until: new Date(now().getTime() + wait).toISOString() });
    await (o.wakeup ? o.wakeup.sleep(wait, o.signal) : sleep(wait, o.signal));
    if (o.signal?.aborted) return results;
  }
}

/**
 * Ends the watcher's wait between cycles early: a source added meanwhile (through the API of the server
 * the watcher runs in) is polled at once rather than up to a minute later.
 */
export class Wakeup {
  private waiting: (() => void) | null = null;

  wake(): void {
    this.waiting?.();
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    const woken = new AbortController();
    this.waiting = () => woken.abort();
    try {
      await sleep(ms, signal ? AbortSignal.any([signal, woken.signal]) : woken.signal);
    } finally {
      this.waiting = null;
    }
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
