/** Who said what, who is involved, the timeline and the comparison of outlets, as Markdown or terminal text. */
import type { Citation } from '../analyze/collection.js';
import type {
  CollectionEntity,
  Comparison,
  FigureGroup,
  FramingReport,
  SpeakerQuotes,
  StatementComparison,
  TimelineEntry,
} from '../app/views.js';
import { citeSource, citeSpan, dayOf, outletName } from './cite.js';
import { table } from './table.js';
import { mdInline, oneLine } from './text.js';

/** Markdown or terminal text: how a field from an article is made safe for each. */
type Format = 'md' | 'table';
const inline = (format: Format): ((s: string | null | undefined) => string) =>
  format === 'md' ? mdInline : oneLine;
const md = mdInline;

function citeText(c: Citation): string {
  return `(${citeSource(c, md)}; ${citeSpan(c.externalId ?? c.articleId, c, md)})`;
}

export function quotesMarkdown(groups: SpeakerQuotes[]): string {
  const lines: string[] = [];
  for (const g of groups) {
    const n = g.quotes.length;
    lines.push(
      `## ${md(g.speaker ?? 'Speaker not resolved')} — ${n} quotation${n === 1 ? '' : 's'}${g.outlets.length ? ` in ${md(g.outlets.join(', '))}` : ''}`,
      '',
    );
    for (const q of g.quotes)
      lines.push(
        `- (${md(q.kind)}) “${md(q.text)}”${q.source ? ` — ${md(q.source)}` : ''} ${citeText(q.cite)}`,
      );
    lines.push('');
  }
  return lines.join('\n');
}

export function entitiesTable(list: CollectionEntity[]): string {
  return table(
    ['entity', 'type', 'roles', 'articles', 'mentions', 'outlets', 'also called'],
    list.map((e) => [
      e.name,
      // "other?": no article gave evidence for what it is
      `${e.type}${e.uncertain ? '?' : ''}`,
      e.roles.join(', '),
      e.articles,
      e.mentions,
      e.outlets.length,
      e.aliases.join(', '),
    ]),
  );
}

/** The timeline as a Markdown list; `omitted` entries left out are told at the end. */
export function timelineMarkdown(events: TimelineEntry[], omitted = 0): string {
  const lines = events.map((e) => {
    const c = e.cite;
    const where = `[${citeSource(c, md)}, ¶${c.paragraph}; ${citeSpan(c.externalId ?? c.articleId, c, md)}]`;
    const actors = e.actors.length ? ` — ${md(e.actors.join(', '))}` : '';
    const also = e.alsoIn.length
      ? ` (also ${md(e.alsoIn.map((x) => x.outlet ?? x.articleId).join(', '))})`
      : '';
    const planned = e.planned ? ' (planned)' : '';
    return `- **${md(e.date)}**${planned} ${md(e.text)} ${where}${actors}${also}`;
  });
  if (omitted > 0) lines.push('', omittedNote(omitted));
  return lines.join('\n');
}

/** What a cut timeline says about the entries it left out. */
export function omittedNote(omitted: number): string {
  return `${omitted} more ${omitted === 1 ? 'entry' : 'entries'} left out: the most reported and most recent are shown.`;
}

export function compareText(c: Comparison, format: Format): string {
  return [
    figuresText(c.figures, format),
    '',
    statementsText(c.statements, format),
    '',
    framingText(c.framing, format),
  ].join('\n');
}

function figuresText(groups: FigureGroup[], format: Format): string {
  const rows = groups
    .filter((g) => g.verdict !== 'single')
    .flatMap((g) =>
      g.figures.map((f, i) => [
        i ? '' : g.measure,
        i ? '' : g.verdict,
        f.text,
        f.claimant ?? '',
        `${outletName(f.outlet)} ${dayOf(f.published, '')}`,
        citeSpan(f.articleId, f),
      ]),
    );
  const text = inline(format);
  const reasons = groups.filter((g) => g.reason).map((g) => `${text(g.measure)}: ${text(g.reason)}`);
  const agree = groups.filter((g) => g.verdict === 'agree').length;
  const differ = groups.filter((g) => g.verdict === 'differ').length;
  const head =
    format === 'md'
      ? '## Figures across outlets\n'
      : 'Figures across outlets (reported by more than one outlet)';
  if (!rows.length) return `${head}\nNo figure is reported by more than one outlet.`;
  return [
    head,
    `${agree} measure${agree === 1 ? '' : 's'} on which outlets agree, ${differ} on which they differ`,
    table(['measure', 'verdict', 'figure', 'claimed by', 'outlet', 'cite'], rows.map(mdCells(format))),
    ...(reasons.length ? ['', 'Why they may differ:', ...reasons.map((r) => `  ${r}`)] : []),
  ].join('\n');
}

/** Table cells made Markdown-safe too when the table sits in a Markdown document. */
const mdCells =
  (format: Format) =>
  (row: (string | number)[]): (string | number)[] =>
    format === 'md' ? row.map((c) => (typeof c === 'string' ? mdInline(c) : c)) : row;

function statementsText(s: StatementComparison, format: Format): string {
  const isMd = format === 'md';
  const text = inline(format);
  const L = [isMd ? '## Statements reported by several outlets\n' : 'Statements reported by several outlets'];
  if (!s.shared.length) L.push('  none: no statement was found in more than one outlet');
  for (const g of s.shared) {
    L.push(`${isMd ? '### ' : '- '}${text(g.speaker)}: ${g.outlets.length} outlets`);
    for (const v of g.versions)
      L.push(
        `    ${text(outletName(v.outlet))} ${text(dayOf(v.published, ''))} (${text(v.kind)}): “${text(v.text)}” [${citeSpan(v.articleId, v, text)}]${v.onlyHere.length ? `  only here: ${text(v.onlyHere.join(', '))}` : ''}`,
      );
  }
  const byOutlet = new Map<string, number>();
  for (const g of s.single) byOutlet.set(g.outlets[0]!, (byOutlet.get(g.outlets[0]!) ?? 0) + 1);
  L.push(
    '',
    `Statements only one outlet reports: ${s.single.length}${byOutlet.size ? ` (${text([...byOutlet].map(([o, k]) => `${o} ${k}`).join(', '))})` : ''}; --format json lists them.`,
  );
  return L.join('\n');
}

function framingText(r: FramingReport, format: Format): string {
  const text = inline(format);
  const cats = [...new Set(r.outlets.flatMap((o) => Object.keys(o.categories)))];
  const head = table(
    ['outlet', 'articles', 'words', ...cats.map((c) => `${c} /1000w (quoted)`)],
    r.outlets
      .map((o) => [
        o.outlet,
        o.articles,
        o.words,
        ...cats.map((c) => {
          const x = o.categories[c];
          return x ? `${x.count} = ${x.per1000.toFixed(1)} (${x.quoted})` : '';
        }),
      ])
      .map(mdCells(format)),
  );
  const terms = r.outlets.map((o) => {
    const used = Object.entries(o.categories).flatMap(([c, x]) =>
      Object.entries(x.terms).map(([t, n]) => `${t} ${n} (${c})`),
    );
    return `${text(o.outlet)}: ${text(used.join(', ') || 'none of the lexicon in its own words')}`;
  });
  if (format !== 'md')
    return [
      head,
      '',
      "Words used in the outlet's own voice (outside quotations):",
      ...terms.map((t) => `  ${t}`),
    ].join('\n');
  const cites = r.occurrences
    .filter((o) => !o.quoted)
    .map(
      (o) =>
        `- **${md(o.text)}** (${md(o.category)}), ${md(o.outlet)} [${citeSpan(o.articleId, o, md)}]: ${md(o.context)}`,
    );
  return [
    '## Framing',
    '',
    head,
    '',
    ...terms.map((t) => `- ${t}`),
    '',
    "### Occurrences in the outlets' own words",
    '',
    ...cites,
  ].join('\n');
}
