/** What an ingest did: one line for standard output, and the problems for standard error. */
import type { IngestResult } from '../app/ingest.js';
import type { UpdateSummary } from '../app/stories.js';
import { oneLine } from './text.js';

export function ingestText(s: IngestResult): { summary: string; problems: string[] } {
  const near = s.duplicates.filter((d) => d.kind === 'near').length;
  const lines = [
    `ingested ${s.ingested.length}, skipped as duplicate ${s.duplicates.length}${near ? ` (${near} near-duplicates of the same outlet's article)` : ''}, failed ${s.failed.length} → ${oneLine(s.database)}`,
  ];
  if (s.stories?.assigned) lines.push(placeText(s.stories));
  const problems = [
    ...s.failed.map((f) => `failed: ${oneLine(f.input)}: ${oneLine(f.reason)}`),
    ...s.warnings.map(
      (w) =>
        `warning: ${oneLine(w.source)} (${w.id}): ${oneLine(w.warning.analyzer)}: ${oneLine(w.warning.message)}`,
    ),
    ...s.conflicts.map(
      (c) =>
        `conflict: ${oneLine(c.source)} (${c.id}) has external id ${oneLine(c.externalId)}, already stored as ${c.existing.join(', ')}; both kept, \`show ${oneLine(c.externalId)}\` gives the first`,
    ),
  ];
  if (s.stopped) {
    problems.push(`stopped: ${oneLine(s.stopped.reason)}; ${s.stopped.unread.length} inputs not read`);
    problems.push(...s.stopped.unread.map((f) => `not read: ${oneLine(f)}`));
  }
  if (s.links.length)
    problems.push(
      `not read: ${s.links.length} feed item${s.links.length === 1 ? '' : 's'} with no text, only a link (e.g. ${oneLine(s.links[0]!.url)}); --fetch-links fetches the pages`,
    );
  return { summary: lines.join('\n'), problems };
}

export function placeText(s: UpdateSummary): string {
  return `stories: placed ${s.assigned} articles, ${s.opened} new stories${s.merged ? `, ${s.merged} merged` : ''} (sitrep stories)`;
}
