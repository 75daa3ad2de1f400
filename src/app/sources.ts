/** Sources: the feeds and pages `watch` polls. Add, list, remove, import and export (OPML). */
import { readFile } from 'node:fs/promises';
import { isUrl } from '../ingest/fetch.js';
import { parseOpml, writeOpml } from '../ingest/opml.js';
import { InputError } from '../model/errors.js';
import type { SourceRecord, Store } from '../store/store.js';
import { BadInputError, NotFoundError, UsageError } from './errors.js';

export type { SourceRecord };

export interface SourceSettings {
  outlet?: string | null;
  /** Seconds between polls (default 15 minutes). */
  everySeconds?: number;
  language?: string | null;
}

export const DEFAULT_EVERY_SECONDS = 15 * 60;

const INTERVAL = /^(?<n>\d+(?:\.\d+)?)\s*(?<unit>s|m|h|d)?$/i;
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** "90s", "15m", "2h", "1d" (a bare number is minutes) in seconds; at least one minute. */
export function parseInterval(text: string): number {
  const m = INTERVAL.exec(text.trim());
  if (!m?.groups) throw new UsageError(`invalid interval "${text}" (use e.g. 90s, 15m, 2h, 1d)`);
  const seconds = Number(m.groups.n) * UNIT_SECONDS[(m.groups.unit ?? 'm').toLowerCase()]!;
  if (seconds < 60) throw new UsageError(`interval "${text}" is under a minute: too often to poll politely`);
  return Math.round(seconds);
}

const LANGUAGE = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;

function checkSource(url: string, settings: SourceSettings): void {
  if (!isUrl(url)) throw new BadInputError(url, 'a source is an http(s) URL of a feed or a page');
  try {
    new URL(url);
  } catch {
    throw new BadInputError(url, 'not a valid URL');
  }
  if (settings.language && !LANGUAGE.test(settings.language))
    throw new UsageError(`invalid language "${settings.language}" (an ISO 639 code such as en, fr, pt-BR)`);
}

function newSource(url: string, s: SourceSettings, now: Date): SourceRecord {
  return {
    url,
    outlet: s.outlet ?? null,
    language: s.language ?? null,
    everySeconds: s.everySeconds ?? DEFAULT_EVERY_SECONDS,
    addedAt: now.toISOString(),
    lastFetch: null,
    lastNew: null,
    lastError: null,
    failures: 0,
    // Due at once: a new source is polled by the next cycle.
    nextDue: now.toISOString(),
    etag: null,
    lastModified: null,
    bodyHash: null,
  };
}

/**
 * Add a source, or change the settings of one already there (its poll history is kept). Returns the
 * stored record and whether it was new.
 */
export async function addSource(
  store: Store,
  url: string,
  settings: SourceSettings = {},
  now = new Date(),
): Promise<{ source: SourceRecord; added: boolean }> {
  checkSource(url, settings);
  const existing = (await store.listSources()).find((s) => s.url === url);
  const source: SourceRecord = existing
    ? {
        ...existing,
        outlet: settings.outlet !== undefined ? settings.outlet : existing.outlet,
        language: settings.language !== undefined ? settings.language : existing.language,
        everySeconds: settings.everySeconds ?? existing.everySeconds,
      }
    : newSource(url, settings, now);
  await store.putSource(source);
  return { source, added: !existing };
}

export async function listSources(store: Store): Promise<SourceRecord[]> {
  return store.listSources();
}

export async function removeSource(store: Store, url: string): Promise<void> {
  if (!(await store.removeSource(url)))
    throw new NotFoundError('source', url, `no source with the URL ${url} (sitrep sources list shows them)`);
}

export interface ImportResult {
  added: SourceRecord[];
  /** Already sources: left as they were. */
  existing: string[];
  /** Outlines that could not be a source, with why. */
  failed: { input: string; reason: string }[];
}

/** Add every feed of an OPML file; feeds already watched are left as they are. */
export async function importOpml(
  store: Store,
  file: string,
  settings: Pick<SourceSettings, 'everySeconds'> = {},
  now = new Date(),
): Promise<ImportResult> {
  let xml: string;
  try {
    xml = await readFile(file, 'utf8');
  } catch (err) {
    throw new BadInputError(file, `cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let entries;
  try {
    entries = parseOpml(file, xml);
  } catch (err) {
    if (err instanceof InputError) throw new BadInputError(file, err.reason);
    throw err;
  }
  const known = new Set((await store.listSources()).map((s) => s.url));
  const result: ImportResult = { added: [], existing: [], failed: [] };
  for (const e of entries) {
    if (known.has(e.url)) {
      result.existing.push(e.url);
      continue;
    }
    const s = { outlet: e.outlet, language: e.language, everySeconds: settings.everySeconds };
    try {
      checkSource(e.url, s);
    } catch (err) {
      if (!(err instanceof BadInputError || err instanceof UsageError)) throw err;
      result.failed.push({ input: e.url, reason: err instanceof BadInputError ? err.reason : err.message });
      continue;
    }
    const source = newSource(e.url, s, now);
    await store.putSource(source);
    known.add(e.url);
    result.added.push(source);
  }
  return result;
}

/** The sources as an OPML 2.0 document. */
export async function exportOpml(store: Store): Promise<string> {
  return writeOpml(await store.listSources());
}
