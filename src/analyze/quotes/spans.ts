/**
 * Quoted spans: pairs of opening and closing marks within a paragraph (curly, straight, guillemets, low-9),
 * with rules telling an opening straight quote from a closing one; a quotation whose closing mark is missing
 * ends at its paragraph's end. Also the view of a text with typographic quotes made plain for matching.
 */
import type { Span, TextSpan } from '../../model/document.js';
import { CLOSERS, OPENERS } from './lexicon.js';

export interface QuotedSpan {
  open: number; // index of the opening mark
  close: number; // index of the closing mark, or paragraph end when unclosed
  closed: boolean;
  para: Span;
}

/** Quotation-mark pairs inside each paragraph (curly, straight, guillemets, low-high; mixed pairs allowed). */
export function findQuotedSpans(text: string, paragraphs: Span[]): QuotedSpan[] {
  const out: QuotedSpan[] = [];
  for (const para of paragraphs) {
    let open = -1;
    let opener = '';
    for (let i = para.start; i < para.end; i++) {
      const ch = text[i]!;
      if (open < 0) {
        if (
          OPENERS.includes(ch) && ch !== '“' ? ch !== '"' || isOpeningStraight(text, i, para) : ch === '“'
        ) {
          open = i;
          opener = ch;
        }
      } else if (
        CLOSERS.includes(ch) &&
        (ch !== '“' || opener === '„') &&
        !(
          ch === '"' &&
          opener === '"' &&
          isOpeningStraight(text, i, para) &&
          !isClosingStraight(text, i, para)
        )
      ) {
        if (i > open + 1) out.push({ open, close: i, closed: true, para });
        open = -1;
      }
    }
    if (open >= 0 && para.end - open > 2) out.push({ open, close: para.end, closed: false, para });
  }
  return out;
}

export function isOpeningStraight(text: string, i: number, para: Span): boolean {
  const prev = i > para.start ? text[i - 1]! : ' ';
  const next = text[i + 1] ?? ' ';
  return /[\s([{:–—-]/.test(prev) || (i === para.start && /\S/.test(next));
}

export function isClosingStraight(text: string, i: number, para: Span): boolean {
  const next = i + 1 < para.end ? text[i + 1]! : ' ';
  return /[\s.,;:!?)\]}–—-]/.test(next);
}

export interface Speaker {
  source: TextSpan | null;
  speaker: string | null;
  entity: string | null;
  confidence: number;
}

/**
 * The text as quotation marks are read: the two-apostrophe and backtick marks of archive and wire text
 * (''…'', ``…'') become straight double quotes, every offset kept (an opening mark's second character becomes
 * a space before it, a closing mark's a space after it).
 */
export function quotationView(text: string): string {
  if (!text.includes("''") && !text.includes('``')) return text;
  return text.replace(/``|''/g, (m: string, i: number) =>
    m === '``' || i === 0 || /[\s([{]/.test(text[i - 1]!) ? ' "' : '" ',
  );
}
