/**
 * Further attribution passes found by their cue words: stance cues ("Putin believes …"), fragment cues that hold
 * a quoted fragment (accused X of “…”), the subject a coordinated cue shares, the source after "according to",
 * and small matching helpers (phrase lookup by words, sticky matching, skipping adverbs).
 */
import type { Span, TextSpan } from '../../model/document.js';
import { textSpan } from '../../model/document.js';
import { firstIndex } from '../../util/search.js';
import type { AnalysisContext } from '../context.js';
import { sentenceAt, wordCount } from './find.js';
import { QuoteLexicon } from './lexicon.js';
import { QuotedSpan } from './spans.js';
import { speakerBackward, speakerForward } from './speakers.js';

/** A title or name in quotation marks ("Meet the Press", "Russia Calling!"): every longer word capitalised. */
export function isTitle(inner: string): boolean {
  const words = inner.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? [];
  return (
    words.length > 0 && words.length <= 8 && words.every((w) => w.length <= 3 || /^[\p{Lu}\p{N}]/u.test(w))
  );
}

/** A phrase found in a text: its text and where it starts (like a regex match). */
export interface PhraseMatch {
  0: string;
  index: number;
}

/** The matches that start in [start, end), their index made relative to `start` (matches sorted by index). */
export function within(matches: PhraseMatch[], start: number, end: number): PhraseMatch[] {
  const out: PhraseMatch[] = [];
  for (
    let i = firstIndex(matches, (m) => m.index < start);
    i < matches.length && matches[i]!.index < end;
    i++
  )
    out.push({ 0: matches[i]![0], index: matches[i]!.index - start });
  return out;
}

export const firstWordsCache = new WeakMap<Set<string>, Set<string>>();

/** Where the phrases of a set occur in a text, longest first at each word, as match-like `{0: text, index}`. */
export function phraseMatches(text: string, phrases: Set<string>, maxWords: number): PhraseMatch[] {
  let firsts = firstWordsCache.get(phrases);
  if (!firsts) firstWordsCache.set(phrases, (firsts = new Set([...phrases].map((p) => p.split(' ')[0]!))));
  // The words as two flat arrays (where each starts, and its text), not one match object per word: a long
  // text of words would otherwise fill the heap.
  const starts: number[] = [];
  const words: string[] = [];
  const re = /[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    starts.push(m.index);
    words.push(m[0]);
  }
  const out: PhraseMatch[] = [];
  for (let i = 0; i < words.length; i++) {
    const first = words[i]!.toLowerCase();
    if (!firsts.has(first)) continue;
    let phrase = first;
    let found = phrases.has(first) ? 1 : 0;
    for (let n = 2; n <= maxWords && i + n <= words.length; n++) {
      phrase = `${phrase} ${words[i + n - 1]!.toLowerCase()}`;
      if (phrases.has(phrase)) found = n;
    }
    if (!found) continue;
    const last = i + found - 1;
    out.push({ 0: text.slice(starts[i]!, starts[last]! + words[last]!.length), index: starts[i]! });
    i += found - 1;
  }
  return out;
}

/** The first verb of the sentence's stance or report vocabulary with a speaker right before it, and what follows it. */
export function stanceAttribution(
  text: string,
  s: Span,
  ql: QuoteLexicon,
  verbs: PhraseMatch[],
): { start: number; end: number; cue: TextSpan; source: TextSpan } | null {
  if (!verbs.length || /[“”"«»]/.test(text.slice(s.start, s.end))) return null;
  for (const m of verbs) {
    if (/^\p{Lu}/u.test(m[0]) && m.index! > 0) continue; // part of a name
    const cueStart = s.start + m.index!;
    const cueEnd = cueStart + m[0].length;
    const source = speakerBackward(text, s.start, cueStart, ql) ?? sharedSubject(text, s, cueStart, ql);
    if (!source) continue;
    const lead = text.slice(s.start, source.start);
    if (!(lead.trim() === '' || /(?:,|[—–:])\s*$/.test(lead))) continue;
    const rest = text.slice(cueEnd, s.end);
    const open = (ql.thatAfterAddressee.exec(rest) ?? /^\s*/.exec(rest)!)[0].length;
    let end = s.end;
    while (end > cueEnd && /[\s.,;:!?]/.test(text[end - 1]!)) end--;
    return { start: cueEnd + open, end, cue: textSpan(text, cueStart, cueEnd), source };
  }
  return null;
}

/**
 * The attribution of a quoted fragment: the last verb before it (within its sentence and a dozen words) that
 * has a speaker phrase before it, or that shares the sentence's subject as a participle ("…, calling him “…”").
 * The content runs from the verb (and a "that" after it) to the end of the sentence.
 */
export function fragmentAttribution(
  text: string,
  f: QuotedSpan,
  ctx: AnalysisContext,
  ql: QuoteLexicon,
  earlierSource: (pos: number, start: number, end: number) => TextSpan | undefined,
  verbsIn: (start: number, end: number) => PhraseMatch[],
): { start: number; end: number; cue: TextSpan; source: TextSpan } | null {
  const s = sentenceAt(ctx.sentences, f.open);
  if (!s) return null;
  const cues = verbsIn(s.start, f.open).reverse();
  for (const m of cues) {
    const cueStart = s.start + m.index!;
    const cueEnd = cueStart + m[0].length;
    const between = text.slice(cueEnd, f.open);
    if (wordCount(between) > 12 || /[;:!?]|[.]\s/.test(between) || /[“”"«»]/.test(between)) break;
    if (/^\p{Lu}/u.test(m[0]) && /\p{Lu}[\p{L}.'’-]*\s+$/u.test(text.slice(s.start, cueStart))) continue; // part of a name
    let source = speakerBackward(text, s.start, cueStart, ql);
    if (!source && /ing$/i.test(m[0]) && /,\s*$/.test(text.slice(s.start, cueStart))) {
      // "…,” said Biden, urging them to “…”" / "Trump went after Bush, calling him “…”": the sentence's speaker.
      source = earlierSource(f.open, s.start, cueStart) ?? speakerForward(text, s.start, cueStart, ql);
    }
    if (!source) source = sharedSubject(text, s, cueStart, ql);
    if (!source) continue;
    // "telling CNN that Trump is a “faker”": the clause opens at "that" when it comes within a few words.
    const that = ql.thatNear.exec(between) ?? /^\s*[:,]?\s*/u.exec(between)!;
    let end = s.end;
    while (end > cueEnd && /[\s.,;:!?]/.test(text[end - 1]!)) end--;
    return { start: cueEnd + that[0].length, end, cue: textSpan(text, cueStart, cueEnd), source };
  }
  return null;
}

/**
 * The subject a coordinated cue shares ("Reid caucused in Nevada on Saturday and says …", "the senator
 * criticized the policy and said …"): the speaker phrase opening the sentence, or its main clause after an
 * opening phrase set off by a comma.
 */
export function sharedSubject(text: string, s: Span, cueStart: number, ql: QuoteLexicon): TextSpan | null {
  const lead = text.slice(s.start, cueStart);
  if (!/\s(?:and|but)\s+(?:(?:also|then|later)\s+)?$/u.test(lead)) return null;
  const starts = [s.start];
  const comma = /^[^,]{3,80}?,\s*/u.exec(lead);
  if (comma) starts.push(s.start + comma[0].length);
  for (const at of starts) {
    const src = speakerForward(text, at, cueStart, ql);
    if (
      src &&
      src.end < cueStart &&
      /^\s+(?:has\s+|had\s+|also\s+)?\p{Ll}+(?:ed|s)\b/u.test(text.slice(src.end, cueStart))
    )
      return src;
  }
  return null;
}

/** A speaker phrase grown back over the words between it and a comma or the sentence start ("FBI general counsel"). */
export function withModifiers(text: string, sentStart: number, src: TextSpan, ql: QuoteLexicon): TextSpan {
  const lead = text.slice(sentStart, src.start);
  const m = /(?:^|,\s*|[—–:]\s+)((?:[\p{L}\p{N}][\p{L}\p{N}.'’-]*\s+){1,4})$/u.exec(lead);
  if (!m) return src;
  const words = m[1]!.trim().split(/\s+/);
  if (
    words.some(
      (w) =>
        ql.nounPhraseStops.has(w.toLowerCase()) ||
        (ql.determiners.has(w.toLowerCase()) && w !== words[0]) ||
        finiteVerbLike(w, ql),
    )
  )
    return src;
  return textSpan(text, sentStart + lead.length - m[1]!.length, src.end);
}

/** Whether a word looks like a finite verb rather than a modifier ("criticized", "has"). */
export function finiteVerbLike(w: string, ql: QuoteLexicon): boolean {
  return ql.auxiliaries.has(w.toLowerCase()) || /^\p{Ll}+ed$/u.test(w);
}

/** The phrase "according to" introduces, to the next comma or the sentence end, at most fifteen words. */
export function accordingSource(text: string, from: number, end: number): TextSpan | null {
  const m = /^\s+([^,;:.!?“”"«»()]+?)\s*(?=[,;:.!?]|$)/u.exec(text.slice(from, end));
  if (!m || wordCount(m[1]!) > 15) return null;
  const at = from + m[0].indexOf(m[1]!);
  return textSpan(text, at, at + m[1]!.length);
}

/** Whether the quotation opening at `open` closes at the end of its sentence (nothing but punctuation after it). */
export function quoteEndsSentence(text: string, open: number, sentEnd: number): boolean {
  const close = text.slice(open + 1, sentEnd).search(/[”"»]/u);
  return close < 0 || /^[\s.,!?…”"»]*$/u.test(text.slice(open + 1 + close + 1, sentEnd));
}

export const stickies = new WeakMap<RegExp, RegExp>();

export function matchAt(re: RegExp, text: string, pos: number): Span | null {
  let sticky = stickies.get(re);
  if (!sticky) stickies.set(re, (sticky = new RegExp(re.source, 'iuy')));
  sticky.lastIndex = pos;
  const m = sticky.exec(text);
  return m ? { start: pos, end: pos + m[0].length } : null;
}

export function skipAdverbs(text: string, pos: number, ql: QuoteLexicon): number {
  for (;;) {
    const m = /^\s+([\p{L}]+)(?=\s)/u.exec(text.slice(pos, pos + 40));
    if (!m || !ql.adverbs.has(m[1]!.toLowerCase()) || ['on', 'in', 'at'].includes(m[1]!.toLowerCase()))
      return pos + (/^\s+/.exec(text.slice(pos))?.[0].length ?? 0);
    pos += m[0].length;
  }
}
