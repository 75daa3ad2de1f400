/**
 * The live stream (GET /api/events, server-sent events): while any page listens, the store's data version
 * is checked every interval, and when it moved (a watcher in this process, or any other writer of the
 * store) what is new is told to every listener: each new article, revision and alert, then a `change`.
 * Nothing runs while no one listens.
 */
import type { ServerResponse } from 'node:http';
import { changesSince, LIVE_BATCH, type LiveMark, liveMark } from '../app/api.js';
import type { Store } from '../store/store.js';

export const DEFAULT_LIVE_INTERVAL_MS = 1000;
/** A comment line this often keeps proxies from closing a quiet stream. */
const HEARTBEAT_MS = 25_000;

export class LiveFeed {
  private readonly listeners = new Set<ServerResponse>();
  private timer: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private mark: LiveMark | null = null;
  private version: string | null = null;
  private busy = false;
  /** Moves on every stop: a start still reading the store when the last listener left sets nothing up. */
  private generation = 0;
  private starting: Promise<void> | null = null;

  constructor(
    private readonly store: Store,
    private readonly intervalMs = DEFAULT_LIVE_INTERVAL_MS,
    private readonly log: (message: string) => void = () => undefined,
  ) {}

  /** Stream to this response until its client goes or the feed is closed. */
  async listen(res: ServerResponse): Promise<void> {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      'x-content-type-options': 'nosniff',
      connection: 'keep-alive',
    });
    this.listeners.add(res);
    res.on('close', () => {
      this.listeners.delete(res);
      if (!this.listeners.size) this.stop();
    });
    // Listeners arriving together share one start.
    try {
      await (this.starting ??= this.start());
    } catch (err) {
      this.starting = null;
      this.log(`sitrep serve: the live stream could not read the store: ${(err as Error).message}`);
      res.end();
      return;
    }
    // A client that reconnects after a break may have missed events: `hello` tells it to reload what it shows.
    res.write(`retry: 3000\n${frame('hello', { version: this.version })}`);
  }

  /** End every stream (the server is closing: it waits for open connections). */
  close(): void {
    for (const res of this.listeners) res.end();
    this.listeners.clear();
    this.stop();
  }

  private async start(): Promise<void> {
    const generation = this.generation;
    const version = await this.store.dataVersion();
    const mark = await liveMark(this.store);
    if (generation !== this.generation) return;
    this.version = version;
    this.mark = mark;
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.heartbeat = setInterval(() => this.broadcast(': keep-alive\n\n'), HEARTBEAT_MS);
  }

  private stop(): void {
    this.generation++;
    this.starting = null;
    if (this.timer) clearInterval(this.timer);
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.timer = this.heartbeat = null;
  }

  private async tick(): Promise<void> {
    if (this.busy || !this.mark) return;
    this.busy = true;
    try {
      const version = await this.store.dataVersion();
      if (version === this.version) return;
      for (;;) {
        const c = await changesSince(this.store, this.mark);
        this.mark = c.mark;
        let out = '';
        for (const a of c.articles) out += frame('article', a);
        for (const r of c.revisions) out += frame('revision', r);
        for (const a of c.alerts) out += frame('alert', a);
        if (out) this.broadcast(out);
        const full = [c.articles, c.revisions, c.alerts].some((l) => l.length >= LIVE_BATCH);
        if (!full) break;
      }
      this.version = version;
      this.broadcast(frame('change', { version }));
    } catch (err) {
      this.log(`sitrep serve: the live stream could not read the store: ${(err as Error).message}`);
    } finally {
      this.busy = false;
    }
  }

  private broadcast(text: string): void {
    for (const res of this.listeners) res.write(text);
  }
}

/** One event: its name and its data as one line of JSON (JSON has no raw newlines). */
function frame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
