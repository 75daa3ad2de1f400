/** How an analysed article becomes rows and rows an article again, the same in every store. */
import type { AnalyzedArticle } from '../model/document.js';
import type { ArticleSummary, SourceRecord } from './store.js';

/** Annotation kinds and the article fields that hold them. */
export const KINDS = [
  ['entity', 'entities'],
  ['quote', 'quotes'],
  ['figure', 'figures'],
  ['date', 'dates'],
] as const;

/** The span an entity row carries: its first mention. */
export function firstMention(e: AnalyzedArticle['entities'][number]): { start: number; end: number } {
  return e.mentions[0] ?? { start: 0, end: 0 };
}

/** The label an annotation is filtered by: a quote's speaker, an entity's name, a figure's noun, a date's value. */
export function labelOf(kind: string, item: unknown): string | null {
  const x = item as Record<string, unknown>;
  if (kind === 'entity') return (x.name as string) ?? null;
  if (kind === 'quote') return (x.speaker as string | null) ?? null;
  if (kind === 'figure') return (x.noun as string | null) ?? null;
  if (kind === 'date') return (x.value as string | null) ?? null;
  return null;
}

/** One annotation row: the values of the annotations table's columns after `article_id`. */
export interface AnnotationRow {
  kind: string;
  seq: number;
  start: number;
  end: number;
  label: string | null;
  data: string;
}

/** An analysed article's annotation rows, in the order of KINDS and, within a kind, the article's. */
export function* annotationRows(a: AnalyzedArticle): Generator<AnnotationRow> {
  for (const [kind, field] of KINDS) {
    const items: readonly unknown[] = a[field];
    for (const [seq, item] of items.entries()) {
      const span =
        kind === 'entity'
          ? firstMention(item as AnalyzedArticle['entities'][number])
          : (item as { start: number; end: number });
      const label = labelOf(kind, item);
      yield { kind, seq, start: span.start, end: span.end, label, data: JSON.stringify(item) };
    }
  }
}

/** An article as both stores keep it: JSON in text columns. */
export interface ArticleRow {
  id: string;
  external_id: string | null;
  source: string;
  url: string | null;
  title: string | null;
  outlet: string | null;
  agency: string | null;
  authors: string;
  credit: string | null;
  published: string | null;
  language: string | null;
  format: string;
  text: string;
  meta: string;
  source_map: string | null;
  sentences: string;
  removed: string;
  warnings: string;
  ingested_at: string;
}

/** The analysed article of a stored row and its annotation rows (in text order). */
export function articleOfRow(
  row: ArticleRow,
  annotations: { kind: string; data: string }[],
): AnalyzedArticle {
  const a: AnalyzedArticle = {
    id: row.id,
    externalId: row.external_id,
    source: row.source,
    url: row.url,
    title: row.title,
    outlet: row.outlet,
    agency: row.agency,
    authors: JSON.parse(row.authors) as string[],
    credit: row.credit,
    published: row.published,
    language: row.language,
    format: row.format as AnalyzedArticle['format'],
    text: row.text,
    meta: JSON.parse(row.meta),
    sourceMap: row.source_map ? JSON.parse(row.source_map) : null,
    sentences: (JSON.parse(row.sentences) as [number, number][]).map(([start, end]) => ({ start, end })),
    entities: [],
    quotes: [],
    figures: [],
    dates: [],
    removed: JSON.parse(row.removed),
    warnings: JSON.parse(row.warnings),
  };
  for (const r of annotations) {
    const field = KINDS.find(([k]) => k === r.kind)![1];
    (a[field] as unknown[]).push(JSON.parse(r.data));
  }
  return a;
}

/** What a listing shows of an article, from a row of the stores' summary columns. */
export function summaryOfRow(r: Record<string, unknown>): ArticleSummary {
  return {
    id: r.id as string,
    externalId: r.external_id as string | null,
    source: r.source as string,
    title: r.title as string | null,
    outlet: r.outlet as string | null,
    published: r.published as string | null,
    language: r.language as string | null,
    chars: r.chars as number,
    counts: {
      entities: r.entities as number,
      quotes: r.quotes as number,
      figures: r.figures as number,
      dates: r.dates as number,
    },
    ingestedAt: r.ingested_at as string,
  };
}

/** A facet lists at most this many values (days excepted: they make a chart). */
export const FACET_SIZE = 20;

/** Published dates are ISO strings: a whole day ends before this, the next character after its date. */
export const endOfDay = (day: string): string => `${day}~`;

/** A source's columns in the order both stores' sources tables declare them. */
export function sourceValues(r: SourceRecord): (string | number | null)[] {
  return [
    r.url,
    r.outlet,
    r.language,
    r.everySeconds,
    r.addedAt,
    r.lastFetch,
    r.lastNew,
    r.lastError,
    r.failures,
    r.nextDue,
    r.etag,
    r.lastModified,
    r.bodyHash,
  ];
}
