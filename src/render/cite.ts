/**
 * Citations, written the same way in every view: the source ("outlet, 2024-05-06") and the span
 * ("article:start-end"). Each view makes the parts safe for its format (`esc`: Markdown, one line, as is).
 */
import type { Span } from '../model/document.js';

type Escape = (s: string) => string;
const asIs: Escape = (s) => s;

/** An outlet's name, or what stands for it when the article names none. */
export const outletName = (outlet: string | null | undefined): string => outlet ?? 'unknown outlet';

/** A publication date as its day (YYYY-MM-DD), or `none` when the article has no date. */
export const dayOf = (published: string | null | undefined, none = 'undated'): string =>
  published?.slice(0, 10) ?? none;

/** "outlet, 2024-05-06": where a cited passage was published. */
export function citeSource(
  c: { outlet: string | null; published: string | null },
  esc: Escape = asIs,
): string {
  return `${esc(outletName(c.outlet))}, ${esc(dayOf(c.published))}`;
}

/** "article:start-end": the passage, by the article's id (its external id where the caller prefers it). */
export function citeSpan(article: string, span: Span, esc: Escape = asIs): string {
  return `${esc(article)}:${span.start}-${span.end}`;
}
