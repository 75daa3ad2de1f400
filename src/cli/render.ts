/** How people see results: Markdown for one article, aligned tables for lists, CSV for export. */
import type { AnalyzedArticle, Figure } from '../model/document.js';

export function figureValue(f: Figure): string {
  const q = f.qualifier === '=' || f.qualifier === 'range' ? '' : f.qualifier;
  if (f.qualifier === 'range') return `${fmt(f.low)}–${fmt(f.high)}`;
  return f.value === null ? 'vague' : `${q}${fmt(f.value)}`;
}

const fmt = (n: number | null): string => (n === null ? '?' : n.toLocaleString('en-US'));

export function articleMarkdown(a: AnalyzedArticle): string {
  const out: string[] = [];
  out.push(`# ${a.title ?? '(untitled)'}`, '');
  const meta = [
    ['id', a.id + (a.externalId ? ` (external id ${a.externalId})` : '')],
    ['source', a.source],
    ['outlet', a.outlet ?? 'unknown'],
    ['published', a.published ?? 'unknown'],
    ['language', a.language ?? 'unknown'],
  ];
  for (const [k, v] of meta) out.push(`- **${k}**: ${v}`);
  out.push('', `## Who said what (${a.quotes.length})`);
  for (const q of a.quotes) {
    out.push(
      `- **${q.speaker ?? 'unattributed'}**${q.source && q.source.text !== q.speaker ? ` (“${q.source.text}”)` : ''}, ${q.kind}: “${q.text}” [${q.start}–${q.end}]`,
    );
  }
  out.push('', `## Figures (${a.figures.length})`);
  for (const f of a.figures)
    out.push(
      `- ${figureValue(f)} ${f.noun ?? ''} — “${f.text}”${f.claimant ? `, claimed by ${f.claimant}` : ''} [${f.start}–${f.end}]`,
    );
  out.push('', `## Dates (${a.dates.length})`);
  for (const d of a.dates)
    out.push(`- ${d.value ?? 'unresolved'} (${d.type}) — “${d.text}” [${d.start}–${d.end}]`);
  out.push('', `## Entities (${a.entities.length})`);
  for (const e of a.entities) {
    out.push(
      `- **${e.name}** (${e.type}${e.roles.length ? `; ${e.roles.join(', ')}` : ''}) — ${e.mentions.length} mention${e.mentions.length === 1 ? '' : 's'}${e.aliases.length > 1 ? `; as ${e.aliases.join(', ')}` : ''}`,
    );
  }
  out.push('', '## Text', '', a.text, '');
  return out.join('\n');
}

/** Columns padded to their widest cell; long cells are cut with an ellipsis. */
export function table(headers: string[], rows: (string | number | null)[][], maxWidth = 60): string {
  const cell = (v: string | number | null): string => {
    const s = v === null ? '' : String(v).replace(/\s+/g, ' ');
    return s.length > maxWidth ? `${s.slice(0, maxWidth - 1)}…` : s;
  };
  const cells = [headers, ...rows.map((r) => r.map(cell))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]): string =>
    r
      .map((c, i) => (typeof rows[0]?.[i] === 'number' ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join(
    '\n',
  );
}

/** One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. */
export function csvField(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(values: unknown[]): string {
  return values.map(csvField).join(',');
}
