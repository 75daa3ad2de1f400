import type { RemovedText, SourceSegment } from '../model/document.js';
import { furnitureRule } from './furniture.js';

export interface CleanText {
  /** Paragraphs (non-empty, non-furniture lines, trimmed) joined by a blank line. */
  text: string;
  /** Cleaned offsets back to offsets in the raw text. */
  sourceMap: SourceSegment[];
  /** Lines dropped as furniture, with the rule that dropped them and their span in the raw text. */
  removed: RemovedText[];
}

/**
 * Clean plain text: each non-empty line is a paragraph; furniture lines are dropped, each recorded with its
 * rule and raw span so nothing leaves silently; every kept character is copied unchanged, and the source map
 * says where it came from.
 */
export function cleanPlainText(raw: string): CleanText {
  const parts: string[] = [];
  const sourceMap: SourceSegment[] = [];
  const removed: CleanText['removed'] = [];
  let at = 0;
  const lineRe = /[^\r\n]+/g;
  let m: RegExpExecArray | null;
  while ((m = lineRe.exec(raw))) {
    const line = m[0];
    const lead = line.length - line.trimStart().length;
    const body = line.trim();
    if (!body) continue;
    const rawStart = m.index + lead;
    const rule = furnitureRule(body);
    if (rule) {
      removed.push({ rule, start: rawStart, end: rawStart + body.length, text: body });
      continue;
    }
    if (parts.length) at += 2; // the "\n\n" separator
    sourceMap.push({ at, raw: rawStart, length: body.length });
    parts.push(body);
    at += body.length;
  }
  return { text: parts.join('\n\n'), sourceMap, removed };
}

/**
 * The headline of a plain-text article: its first paragraph, when it reads as a headline (short, no
 * sentence-final full stop).
 */
export function guessHeadline(text: string): string | null {
  const first = text.split('\n', 1)[0]?.trim() ?? '';
  if (!first || first.length > 200 || /[.]$/.test(first)) return null;
  return first;
}
