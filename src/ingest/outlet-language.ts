/**
 * An outlet's usual language: the fallback for an article whose language neither its input declares nor
 * its words show clearly (a short text, a mixed page). Learnt from the outlet's stored articles and from
 * those read in this run, so it needs no configuration and follows what the outlet actually publishes.
 */
import type { Store } from '../store/store.js';

/** Articles of known language an outlet needs before its usual language is trusted. */
const MIN_ARTICLES = 3;
/** Share of those articles the usual language must have (a bilingual outlet has none). */
const MIN_SHARE = 0.8;
/** Stored articles read per outlet to learn it. */
const SAMPLE = 200;
/** Outlets remembered at once (the least recently seen is forgotten past this). */
const MAX_OUTLETS = 5_000;

export class OutletLanguages {
  private readonly counts = new Map<string, Map<string, number>>();

  constructor(private readonly store: Store) {}

  /** The outlet's usual language, or null when it has none yet (too few articles, or several languages). */
  async of(outlet: string | null | undefined): Promise<string | null> {
    if (!outlet) return null;
    const counts = await this.load(outlet);
    let total = 0;
    let best: [string, number] | null = null;
    for (const [language, n] of counts) {
      total += n;
      if (!best || n > best[1]) best = [language, n];
    }
    if (!best || total < MIN_ARTICLES || best[1] / total < MIN_SHARE) return null;
    return best[0];
  }

  /** Count one more article of the outlet (one just analysed in this run). */
  async record(outlet: string | null, language: string | null): Promise<void> {
    if (!outlet || !language) return;
    const counts = await this.load(outlet);
    counts.set(language, (counts.get(language) ?? 0) + 1);
  }

  private async load(outlet: string): Promise<Map<string, number>> {
    let counts = this.counts.get(outlet);
    if (counts) {
      // Most recently used last, so that the oldest is the one forgotten.
      this.counts.delete(outlet);
      this.counts.set(outlet, counts);
      return counts;
    }
    counts = new Map();
    for (const a of await this.store.listArticles({ outlet, limit: SAMPLE })) {
      if (a.language) counts.set(a.language, (counts.get(a.language) ?? 0) + 1);
    }
    this.counts.set(outlet, counts);
    // A worker runs for days: its memory must not grow with every outlet it ever saw. One forgotten is
    // learnt again from the store when it comes back.
    if (this.counts.size > MAX_OUTLETS) this.counts.delete(this.counts.keys().next().value!);
    return counts;
  }
}
