/** How an analysed article's annotations become rows, the same in every store. */
import type { AnalyzedArticle } from '../model/document.js';

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
