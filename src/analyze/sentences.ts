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

export function splitSentences(text: string, paragraphs: Span[], lang = 'en'): Span[] {
  const seg = segmenter(lang);
  const abbr = abbreviations(lang);
  const starters = lexicon(lang).functionWords;
  const out: Span[] = [];
  for (const p of paragraphs) {
    const ptext = text.slice(p.start, p.end);
    let pending: Span | null = null;
    for (const s of seg.segment(ptext)) {
      const body = s.segment.trimEnd();
      if (!body.trim()) continue;
      const span = { start: p.start + s.index, end: p.start + s.index + body.length };
      // Join after an abbreviation unless what follows opens a sentence ("… in the U.S. He says …").
      if (
        pending &&
        endsWithAbbreviation(text.slice(pending.start, pending.end), abbr) &&
        !opensSentence(body.trimStart(), starters)
      ) {
        pending.end = span.end;
      } else {
        if (pending) out.push(pending);
        pending = span;
      }
    }
    if (pending) out.push(pending);
  }
  return out;
}

/** A capitalised function word ("He", "The", "But") opens a sentence; a name ("Smith") may not. */
function opensSentence(next: string, functionWords: Set<string>): boolean {
  const m = /^\p{Lu}\p{Ll}*/u.exec(next);
  return !!m && (functionWords.has(m[0].toLowerCase()) || functionWords.has(m[0]));
}

function endsWithAbbreviation(sentence: string, abbr: Set<string>): boolean {
  const m = /(?:^|[\s(])((?:\p{L}\.)*\p{L}+)\.$/u.exec(sentence);
  if (!m) return false;
  const word = m[1]!.toLowerCase();
  // "U.S." at the end of a sentence is ambiguous; only a listed form or a single initial ("J.") joins.
  return abbr.has(word) || /^\p{Lu}$/u.test(m[1]!);
}

export const sentencesAnalyzer: Analyzer = {
  name: 'sentences',
  run(ctx) {
    ctx.paragraphs = splitParagraphs(ctx.text);
    ctx.sentences = splitSentences(ctx.text, ctx.paragraphs, ctx.lang);
  },
};
