/**
 * Paragraphs and sentences. Sentence boundaries come from the Unicode sentence rules (Intl.Segmenter,
 * any language), then a boundary after a known abbreviation ("Mr.", "Gen.", "U.S.") is undone unless a
 * capitalised function word follows ("… in the U.S. He says …"). A sentence never crosses a paragraph.
 */
import type { Span } from '../model/document.js';
import { loadData } from '../util/data.js';
import type { Analyzer } from './context.js';
import { lexicon } from './lexicon.js';

const segmenters = new Map<string, Intl.Segmenter>();

function segmenter(lang: string): Intl.Segmenter {
  let s = segmenters.get(lang);
  if (!s) {
    try {
      s = new Intl.Segmenter(lang, { granularity: 'sentence' });
    } catch {
      s = new Intl.Segmenter('en', { granularity: 'sentence' });
    }
    segmenters.set(lang, s);
  }
  return s;
}

function abbreviations(lang: string): Set<string> {
  const table = loadData<Record<string, string[]>>('abbreviations.json');
  return new Set(table[lang] ?? []);
}

/** Paragraph spans: runs of text between line breaks, trimmed. */
export function splitParagraphs(text: string): Span[] {
  const out: Span[] = [];
  const re = /[^\n]+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const lead = m[0].length - m[0].trimStart().length;
    const body = m[0].trim();
    if (body) out.push({ start: m.index + lead, end: m.index + lead + body.length });
  }
  return out;
}

export function splitSentences(
  text: string,
  paragraphs: Span[],
  lang = 'en',
  check: () => void = () => {},
): Span[] {
  const seg = segmenter(lang);
  const abbr = abbreviations(lang);
  const starters = lexicon(lang).functionWords;
  const out: Span[] = [];
  for (const p of paragraphs) {
    check();
    const ptext = text.slice(p.start, p.end);
    let pending: Span | null = null;
    for (const s of segments(seg, ptext)) {
      const body = s.segment.trimEnd();
      if (!body.trim()) continue;
      const span = { start: p.start + s.index, end: p.start + s.index + body.length };
      // Join after an abbreviation unless what follows opens a sentence ("… in the U.S. He says …").
      if (
        pending &&
        endsWithAbbreviation(text, pending, abbr) &&
        !opensSentence(body.trimStart(), starters)
      ) {
        pending.end = span.end;
      } else {
        if (pending) pushCapped(text, pending, out);
        pending = span;
      }
    }
    if (pending) pushCapped(text, pending, out);
  }
  return out;
}

/**
 * The longest sentence, in characters: a longer run without a sentence boundary ("said said …", a table
 * of numbers, a page without punctuation) is cut at the last space before the limit. Real sentences stay
 * under it (the longest in the development corpora is about 1,250), and every analyzer that reads a
 * sentence at a time then costs at most a bounded amount per sentence.
 */
export const MAX_SENTENCE_CHARS = 2000;

function pushCapped(text: string, s: Span, out: Span[]): void {
  let start = s.start;
  while (s.end - start > MAX_SENTENCE_CHARS) {
    const space = text.lastIndexOf(' ', start + MAX_SENTENCE_CHARS);
    let end = space > start + MAX_SENTENCE_CHARS / 2 ? space : start + MAX_SENTENCE_CHARS;
    // Never split a UTF-16 surrogate pair.
    if (/[\uDC00-\uDFFF]/.test(text[end] ?? '')) end--;
    const next = end;
    while (end > start && /\s/.test(text[end - 1]!)) end--;
    out.push({ start, end });
    end = next;
    start = end;
    while (start < s.end && /\s/.test(text[start]!)) start++;
  }
  if (start < s.end) out.push({ start, end: s.end });
}

/** Characters handed to the segmenter at a time, and how far before a piece's end a boundary is trusted. */
const SEGMENT_PIECE = 2048;
const SEGMENT_MARGIN = 200;

/**
 * The segmenter's sentences of `text`, read piece by piece: iterating over the segments of one long string
 * costs time in proportion to the string for every segment (a one-line page of a thousand sentences would
 * take a million steps). Each piece keeps the boundaries found well before its end (the rules look ahead
 * only a few characters past a full stop) and the next piece starts at the last of them; a piece with no
 * such boundary grows until it has one.
 */
function* segments(seg: Intl.Segmenter, text: string): Generator<{ segment: string; index: number }> {
  let from = 0;
  let size = SEGMENT_PIECE;
  while (from < text.length) {
    const to = Math.min(text.length, from + size);
    const last = to === text.length;
    const found: { segment: string; index: number }[] = [];
    for (const s of seg.segment(text.slice(from, to)))
      found.push({ segment: s.segment, index: from + s.index });
    let keep = found.length;
    if (!last)
      while (keep > 0 && found[keep - 1]!.index + found[keep - 1]!.segment.length > to - SEGMENT_MARGIN)
        keep--;
    if (keep === 0) {
      size *= 2;
      continue;
    }
    yield* found.slice(0, keep);
    if (last) return;
    from = found[keep - 1]!.index + found[keep - 1]!.segment.length;
    size = SEGMENT_PIECE;
  }
}

/** A capitalised function word ("He", "The", "But") opens a sentence; a name ("Smith") may not. */
function opensSentence(next: string, functionWords: Set<string>): boolean {
  const m = /^\p{Lu}\p{Ll}*/u.exec(next);
  return !!m && (functionWords.has(m[0].toLowerCase()) || functionWords.has(m[0]));
}

/** How far back from a sentence's end its last word is looked for: an abbreviation is short. */
const ABBREVIATION_WINDOW = 64;

function endsWithAbbreviation(text: string, sentence: Span, abbr: Set<string>): boolean {
  // Only the sentence's tail: a run of joined sentences ("Mr. Mr. Mr. …") would otherwise be rescanned at each step.
  const from = Math.max(sentence.start, sentence.end - ABBREVIATION_WINDOW);
  const m = /(?:^|[\s(])((?:\p{L}\.)*\p{L}+)\.$/u.exec(text.slice(from, sentence.end));
  if (!m) return false;
  // A word as long as the window itself is no abbreviation.
  if (from > sentence.start && m.index === 0 && !/[\s(]/.test(m[0][0]!)) return false;
  const word = m[1]!.toLowerCase();
  // "U.S." at the end of a sentence is ambiguous; only a listed form or a single initial ("J.") joins.
  return abbr.has(word) || /^\p{Lu}$/u.test(m[1]!);
}

export const sentencesAnalyzer: Analyzer = {
  name: 'sentences',
  run(ctx) {
    ctx.paragraphs = splitParagraphs(ctx.text);
    ctx.sentences = splitSentences(ctx.text, ctx.paragraphs, ctx.lang, ctx.budget.check);
  },
};
