/** One article (Markdown), lists of articles (table) and search hits (terminal text). */
import type { ArticleView, RevisionsView } from '../app/articles.js';
import { figureValue } from '../app/export.js';
import type { AnalyzedArticle } from '../model/document.js';
import type { ArticleSummary, SearchHit } from '../store/store.js';
import { dayOf } from './cite.js';
import { table } from './table.js';
import { mdBlock, mdInline, oneLine } from './text.js';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** An article with everything found in it; with `removed`, also what cleaning took out of its input. */
export function articleMarkdown(a: AnalyzedArticle, o: { removed?: boolean } = {}): string {
  const out: string[] = [];
  out.push(`# ${a.title ? mdInline(a.title) : '(untitled)'}`, '');
  const meta = [
    ['id', mdInline(a.id) + (a.externalId ? ` (external id ${mdInline(a.externalId)})` : '')],
    ['source', mdInline(a.source)],
    ['outlet', mdInline(a.outlet ?? 'unknown')],
    ['published', mdInline(a.published ?? 'unknown')],
    ['language', mdInline(a.language ?? 'unknown')],
  ];
  for (const [k, v] of meta) out.push(`- **${k}**: ${v}`);
  const warnings = a.warnings ?? [];
  if (warnings.length) {
    out.push('', `## Incomplete analysis (${warnings.length})`);
    for (const w of warnings) out.push(`- ${mdInline(w.analyzer)} (${w.code}): ${mdInline(w.message)}`);
  }
  out.push('', `## Who said what (${a.quotes.length})`);
  for (const q of a.quotes) {
    out.push(
      `- **${mdInline(q.speaker ?? 'unattributed')}**${q.source && q.source.text !== q.speaker ? ` (“${mdInline(q.source.text)}”)` : ''}, ${q.kind}: “${mdInline(q.text)}” [${q.start}–${q.end}]`,
    );
  }
  out.push('', `## Figures (${a.figures.length})`);
  for (const f of a.figures)
    out.push(
      `- ${mdInline(figureValue(f))} ${mdInline(f.noun)} — “${mdInline(f.text)}”${f.claimant ? `, claimed by ${mdInline(f.claimant)}` : ''} [${f.start}–${f.end}]`,
    );
  out.push('', `## Dates (${a.dates.length})`);
  for (const d of a.dates)
    out.push(
      `- ${mdInline(d.value ?? 'unresolved')} (${d.type}, ${d.role}) — “${mdInline(d.text)}” [${d.start}–${d.end}]`,
    );
  out.push('', `## Entities (${a.entities.length})`);
  for (const e of a.entities) {
    out.push(
      `- **${mdInline(e.name)}** (${e.type}${e.uncertain ? ', type uncertain' : ''}${e.roles.length ? `; ${mdInline(e.roles.join(', '))}` : ''}) — ${plural(e.mentions.length, 'mention')}${e.aliases.length > 1 ? `; as ${mdInline(e.aliases.join(', '))}` : ''}`,
    );
  }
  if (o.removed) out.push('', removedMarkdown(a));
  out.push('', '## Text', '', mdBlock(a.text), '');
  return out.join('\n');
}

/** What cleaning removed from the input: rule, span in the raw input, and the text. */
export function removedMarkdown(a: Pick<AnalyzedArticle, 'removed'>): string {
  const removed = a.removed ?? [];
  const lines = [`## Removed by cleaning (${removed.length})`, ''];
  if (!removed.length) lines.push('Nothing was removed from the input.');
  for (const r of removed)
    lines.push(`- ${mdInline(r.rule)} [raw ${r.start}–${r.end}]: “${mdInline(r.text)}”`);
  return lines.join('\n');
}

/** `sitrep show`: the article, then the other outlets' copies of it. */
export function articleViewMarkdown(v: ArticleView, o: { removed?: boolean } = {}): string {
  const lines = [articleMarkdown(v.article, o)];
  if (v.republished.length) {
    lines.push('## Also published as', '');
    for (const r of v.republished)
      lines.push(
        `- ${mdInline(r.outlet ?? '(unknown outlet)')}, ${mdInline(dayOf(r.published))}: ${mdInline(r.title ?? r.id)} (${mdInline(r.id)}, ${Math.round(r.similarity * 100)}% the same text)`,
      );
  }
  return lines.join('\n');
}

export function articlesTable(rows: ArticleSummary[]): string {
  return table(
    ['id', 'published', 'outlet', 'title', 'quotes', 'figures', 'dates'],
    rows.map((r) => [
      r.id,
      dayOf(r.published, ''),
      r.outlet ?? '',
      r.title ?? r.source,
      r.counts.quotes,
      r.counts.figures,
      r.counts.dates,
    ]),
  );
}

export function searchText(hits: SearchHit[]): string {
  return hits
    .map(
      (h) =>
        `${oneLine(h.id)}  ${oneLine(dayOf(h.published, '----------'))}  ${oneLine(h.outlet)}  ${oneLine(h.title)}\n    ${oneLine(h.snippet)}`,
    )
    .join('\n');
}

/** An article's revisions, each with its word-level changes; a changed figure or quote is named as such. */
export function revisionsMarkdown(view: RevisionsView): string {
  const lines = [
    `# Revisions of ${mdInline(view.title ?? view.id)}`,
    '',
    `Article ${view.id}${view.url ? ` (${view.url})` : ''}`,
  ];
  if (!view.revisions.length)
    return [...lines, '', 'No revisions: the text has not changed since it was stored.'].join('\n');
  for (const r of view.revisions) {
    lines.push('', `## Revision ${r.seq}, seen ${r.seenAt}`, '');
    if (r.titleChanged) lines.push(`- title now: ${mdInline(r.title ?? '(none)')}`);
    if (!r.changes.length) lines.push('- the text reads the same');
    for (const c of r.changes) {
      const what = c.touches.length ? `${c.touches.join(' and ')} ` : '';
      const where = `[${c.afterSpan.start}–${c.afterSpan.end}]`;
      if (c.kind === 'added') lines.push(`- ${what}added ${where}: “${mdInline(c.after)}”`);
      else if (c.kind === 'removed')
        lines.push(
          `- ${what}removed (was [${c.beforeSpan.start}–${c.beforeSpan.end}]): “${mdInline(c.before)}”`,
        );
      else lines.push(`- ${what}changed ${where}: “${mdInline(c.before)}” → “${mdInline(c.after)}”`);
    }
  }
  return lines.join('\n');
}
