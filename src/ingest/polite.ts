/**
 * Polite fetching for the watcher: at most one request at a time to a host, with a pause between two
 * (robots.txt's Crawl-delay when it asks for longer), and robots.txt honoured for page fetches (a feed
 * is something the site publishes to be polled; a page is what robots.txt governs). Every request goes
 * through fetch.ts, so its rules (time limit, caps, private addresses) hold here too.
 */
import { createRequire } from 'node:module';
import { InputError } from '../model/errors.js';
import {
  type Fetched,
  type FetchOptions,
  fetchIfChanged,
  fetchUrl,
  USER_AGENT,
  type Validators,
} from './fetch.js';

/** The product token robots.txt rules name (User-agent: sitrep). */
export const ROBOTS_AGENT = 'sitrep';

/** A page robots.txt forbids us: not fetched (the watcher reports it as the item's error). */
export class RobotsRefusedError extends InputError {
  constructor(url: string) {
    super(url, `not fetched: robots.txt disallows it for ${ROBOTS_AGENT}`);
    this.name = 'RobotsRefusedError';
  }
}

interface Robots {
  isAllowed(url: string, ua?: string): boolean | undefined;
  getCrawlDelay(ua?: string): number | undefined;
}

// robots-parser is CommonJS (module.exports = the function) while its typings declare a default export,
// which NodeNext resolution reads as the namespace: load it as what it is.
const robotsParser = createRequire(import.meta.url)('robots-parser') as (url: string, text: string) => Robots;

export interface PoliteOptions extends FetchOptions {
  /** Milliseconds between two requests to one host (default 1000). */
  delayMs?: number;
  /** The longest Crawl-delay honoured, in ms (a larger one would stall the watcher; default 60 s). */
  maxCrawlDelayMs?: number;
}

export class PoliteFetcher {
  /** Per host: the tail of its queue of requests (each waits for the one before). */
  private readonly queues = new Map<string, Promise<void>>();
  private readonly lastRequest = new Map<string, number>();
  private readonly robots = new Map<string, Promise<Robots | null>>();

  constructor(private readonly opts: PoliteOptions = {}) {}

  /** A feed, conditionally (no robots.txt check). */
  feed(url: string, validators: Validators): Promise<Fetched | 'not-modified'> {
    return this.inTurn(url, () => fetchIfChanged(url, validators, this.fetchOptions()));
  }

  /** A page: refused with RobotsRefusedError when the site's robots.txt disallows it. */
  async page(url: string, opts: FetchOptions = {}): Promise<Fetched> {
    const robots = await this.robotsFor(url);
    if (robots && robots.isAllowed(url, ROBOTS_AGENT) === false) throw new RobotsRefusedError(url);
    return this.inTurn(url, () => fetchUrl(url, { ...this.fetchOptions(), ...opts }));
  }

  /** Forget what robots.txt said (read again on the next cycle) and when hosts were last asked. */
  reset(): void {
    this.robots.clear();
  }

  private fetchOptions(): FetchOptions {
    const { delayMs: _delay, maxCrawlDelayMs: _max, ...fetch } = this.opts;
    return fetch;
  }

  private robotsFor(url: string): Promise<Robots | null> {
    const origin = new URL(url).origin;
    let got = this.robots.get(origin);
    if (!got) {
      const robotsUrl = `${origin}/robots.txt`;
      got = this.inTurn(robotsUrl, async () => {
        try {
          const res = await fetchUrl(robotsUrl, this.fetchOptions());
          return robotsParser(robotsUrl, Buffer.from(res.bytes).toString('utf8'));
        } catch {
          // No robots.txt (404), or none readable: nothing is disallowed, as the convention says.
          return null;
        }
      });
      this.robots.set(origin, got);
    }
    return got;
  }

  /** Run `work` when the host's previous request is done and its pause has passed. */
  private inTurn<T>(url: string, work: () => Promise<T>): Promise<T> {
    const host = new URL(url).host;
    const before = this.queues.get(host) ?? Promise.resolve();
    const run = before.then(async () => {
      const wait = (this.lastRequest.get(host) ?? -Infinity) + (await this.pauseFor(url)) - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      try {
        return await work();
      } finally {
        this.lastRequest.set(host, Date.now());
      }
    });
    this.queues.set(
      host,
      run.then(
        () => undefined,
        () => undefined,
      ),
    );
    return run;
  }

  private async pauseFor(url: string): Promise<number> {
    const base = this.opts.delayMs ?? 1000;
    const origin = new URL(url).origin;
    // Only a robots.txt already read counts: reading it here would wait on this very queue.
    const robots =
      this.robots.has(origin) && !url.endsWith('/robots.txt') ? await this.robots.get(origin) : null;
    const asked = (robots?.getCrawlDelay(ROBOTS_AGENT) ?? 0) * 1000;
    return Math.max(base, Math.min(asked, this.opts.maxCrawlDelayMs ?? 60_000));
  }
}

export { USER_AGENT };
