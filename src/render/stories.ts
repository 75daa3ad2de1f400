/** Stories: a table of all, Markdown for one or all. */
import type { StoryOverview } from '../app/stories.js';
import { dayOf, outletName } from './cite.js';
import { table } from './table.js';
import { mdInline as md } from './text.js';

const day = (d: string | null, none: string): string => md(dayOf(d, none));

export function storiesTable(stories: StoryOverview[]): string {
  return table(
    ['story', 'articles', 'events', 'from', 'to', 'outlets', 'label'],
    stories.map((s) => [
      s.id,
      s.articleCount,
      s.events.length,
      dayOf(s.first, ''),
      dayOf(s.last, ''),
      s.outlets.length,
      s.label,
    ]),
  );
}

export function storyMarkdown(s: StoryOverview): string {
  const lines = [
    `## Story ${s.id}: ${md(s.label)}`,
    '',
    `${s.articleCount} articles, ${s.events.length} events, ${day(s.first, '?')} – ${day(s.last, '?')}; outlets: ${md(s.outlets.join(', ') || 'unknown')}`,
    '',
  ];
  for (const e of s.events) {
    lines.push(`### Event ${e.id} (${day(e.first, 'undated')}): ${md(e.label)}`, '');
    for (const a of e.articles)
      lines.push(
        `- ${day(a.published, '----------')} ${md(outletName(a.outlet))}: ${md(a.title ?? a.source)} (${md(a.externalId ?? a.id)})`,
      );
    lines.push('');
  }
  return lines.join('\n');
}
