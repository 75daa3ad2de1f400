/** Stories: a table of all, Markdown for one or all. */
import type { StoryOverview } from '../app/stories.js';
import { table } from './table.js';
import { mdInline as md } from './text.js';

const day = (d: string | null, none: string): string => md(d?.slice(0, 10) ?? none);

export function storiesTable(stories: StoryOverview[]): string {
  return table(
    ['story', 'articles', 'events', 'from', 'to', 'outlets', 'label'],
    stories.map((s) => [
      s.id,
      s.articleCount,
      s.events.length,
      s.first?.slice(0, 10) ?? '',
      s.last?.slice(0, 10) ?? '',
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
        `- ${day(a.published, '----------')} ${md(a.outlet ?? 'unknown outlet')}: ${md(a.title ?? a.source)} (${md(a.externalId ?? a.id)})`,
      );
    lines.push('');
  }
  return lines.join('\n');
}
