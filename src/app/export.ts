/** The store exported as documents or as rows; async iterables, so a caller streams a store of any size. */
import type { AnalyzedArticle, Figure } from '../model/document.js';
import type { Store } from '../store/store.js';

/** A row cell: numbers stay numbers (so a renderer knows they cannot hold a formula). */
export type Cell = string | number | null;

export type ExportRows = 'articles' | 'annotations';

export const ARTICLE_COLUMNS = [
  'id',
  'external_id',
  'source',
  'url',
  'title',
  'outlet',
  'published',
  'language',
  'chars',
  'quotes',
  'figures',
  'dates',
  'entities',
];

export const ANNOTATION_COLUMNS = [
  'article_id',
  'external_id',
  'outlet',
  'published',
  'kind',
  'start',
  'end',
  'text',
  'speaker_or_value',
  'detail',
  'confidence',
];

/** Every stored article, whole, oldest ingest first. */
export function exportArticles(store: Store): AsyncIterable<AnalyzedArticle> {
  return store.articles();
}

/** The columns of `exportRows(store, what)`. */
export function exportColumns(what: ExportRows): string[] {
  return what === 'articles' ? ARTICLE_COLUMNS : ANNOTATION_COLUMNS;
}

/** One row per article, or one per annotation (quotes, figures, dates, entities). */
export async function* exportRows(store: Store, what: ExportRows): AsyncIterable<Cell[]> {
  for await (const a of store.articles()) {
    if (what === 'articles') yield articleRow(a);
    else yield* annotationRows(a);
  }
}

function articleRow(a: AnalyzedArticle): Cell[] {
  return [
    a.id,
    a.externalId,
    a.source,
    a.url,
    a.title,
    a.outlet,
    a.published,
    a.language,
    a.text.length,
    a.quotes.length,
    a.figures.length,
    a.dates.length,
    a.entities.length,
  ];
}

/** How a figure's value reads: "~1,200", "<50", "300–400", or "vague". */
export function figureValue(f: Figure): string {
  const q = f.qualifier === '=' || f.qualifier === 'range' ? '' : f.qualifier;
  if (f.qualifier === 'range') return `${fmt(f.low)}–${fmt(f.high)}`;
  return f.value === null ? 'vague' : `${q}${fmt(f.value)}`;
}

const fmt = (n: number | null): string => (n === null ? '?' : n.toLocaleString('en-US'));

function annotationRows(a: AnalyzedArticle): Cell[][] {
  const base = [a.id, a.externalId, a.outlet, a.published];
  return [
    ...a.quotes.map((q) => [
      ...base,
      'quote',
      q.start,
      q.end,
      q.text,
      q.speaker,
      `${q.kind}${q.source ? `; source: ${q.source.text}` : ''}`,
      q.confidence,
    ]),
    ...a.figures.map((f) => [
      ...base,
      'figure',
      f.start,
      f.end,
      f.text,
      figureValue(f),
      [f.noun, f.claimant && `claimed by ${f.claimant}`].filter(Boolean).join('; '),
      f.confidence,
    ]),
    ...a.dates.map((d) => [...base, 'date', d.start, d.end, d.text, d.value, d.type, d.confidence]),
    ...a.entities.map((e) => [
      ...base,
      'entity',
      e.mentions[0]?.start ?? null,
      e.mentions[0]?.end ?? null,
      e.mentions[0]?.text ?? null,
      e.name,
      `${e.type}; ${e.mentions.length} mentions; aliases: ${e.aliases.join(' | ')}`,
      e.confidence,
    ]),
  ];
}
