/** Sources and the watcher's progress, for a terminal. */
import type { FiredAlert } from '../app/alerts.js';
import type { ImportResult, SourceRecord } from '../app/sources.js';
import type { CycleResult, WatchEvent } from '../app/watch.js';
import { table } from './table.js';
import { printable } from './text.js';

/** "15m", "2h", "90s": an interval as people write it. */
export function interval(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds / 86_400}d`;
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

/** An ISO time to the minute, without its zone letter (every time shown is UTC). */
const when = (iso: string | null): string | null => (iso ? `${iso.slice(0, 16).replace('T', ' ')}` : null);

export function sourcesTable(sources: SourceRecord[]): string {
  if (!sources.length) return 'No sources. Add one with: sitrep sources add <feed-url>';
  const rows = sources.map((s) => [
    s.url,
    s.outlet,
    s.language,
    interval(s.everySeconds),
    when(s.lastFetch) ?? 'never',
    when(s.lastNew) ?? '',
    when(s.nextDue),
    s.lastError ? `${s.lastError} (${s.failures}× in a row)` : '',
  ]);
  return `${table(['url', 'outlet', 'lang', 'every', 'last fetch', 'last new', 'next due', 'error'], rows)}\n\nTimes are UTC.`;
}

export function importText(r: ImportResult): string {
  const lines = [`Added ${r.added.length} source${r.added.length === 1 ? '' : 's'}.`];
  if (r.existing.length) lines.push(`${r.existing.length} already watched, left as they were.`);
  return lines.join('\n');
}

/** One line of progress per event, for standard error. */
export function watchEventText(e: WatchEvent): string {
  switch (e.kind) {
    case 'cycle':
      return `polling ${e.due} due source${e.due === 1 ? '' : 's'} of ${e.sources}`;
    case 'unchanged':
      return `${e.url}: unchanged (${e.how === 'not-modified' ? '304 Not Modified' : 'same content'})`;
    case 'polled':
      return `${e.url}: ${e.ingested} new, ${e.revised} revised, ${e.duplicates} already stored${e.failed ? `, ${e.failed} failed` : ''}`;
    case 'error':
      return `${e.url}: ${e.error} (failed ${e.failures}× in a row; next try ${when(e.nextDue)} UTC)`;
    case 'idle':
      return `waiting until ${when(e.until)} UTC`;
  }
}

export function cycleText(r: CycleResult): string {
  const n = (k: 'unchanged' | 'polled' | 'error'): number => r.polls.filter((p) => p.outcome === k).length;
  const ingested = r.polls.reduce((sum, p) => sum + p.ingested.length, 0);
  const revised = r.polls.reduce((sum, p) => sum + p.revisions.length, 0);
  const parts = [
    `Polled ${r.polls.length} source${r.polls.length === 1 ? '' : 's'}: ${ingested} new article${ingested === 1 ? '' : 's'}, ${revised} revised, ${n('unchanged')} unchanged, ${n('error')} failed; ${r.waiting} not due.`,
  ];
  if (r.stopped) parts.push('Stopped before every due source was polled; the next run goes on from there.');
  return parts.join('\n');
}

/** Alerts kept, one block each: when, rule and message, then the cited passage and where it is. */
export function alertsText(alerts: FiredAlert[]): string {
  if (!alerts.length) return 'No alerts. sitrep watch --alerts FILE fires them.';
  return alerts
    .map(
      (a) =>
        `${when(a.firedAt)} UTC  [${a.rule}] ${printable(a.message)}\n  "${printable(a.cite.text)}" (${printable(a.outlet ?? 'unknown outlet')}, article ${a.cite.articleId}:${a.cite.start}-${a.cite.end})`,
    )
    .join('\n');
}
