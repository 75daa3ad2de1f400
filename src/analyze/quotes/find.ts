/**
 * The quote finder: runs the attribution passes over each quoted span and each sentence (direct quotes with a
 * cue after or before them, continuation paragraphs, "Name: …" headlines, reported clauses, parentheticals,
 * stance and fragment cues), keeps the quotes in an index so that later passes do not overlap earlier ones,
 * and resolves each speaker phrase with the speaker resolver.
 */
import type { Quote, QuoteKind, Span, TextSpan } from '../../model/document.js';
import { textSpan } from '../../model/document.js';
import { firstIndex } from '../../util/search.js';
import type { AnalysisContext } from '../context.js';
import { attributionAfter, attributionBefore, cueIntroduces, reportedClause } from './attribution.js';
import {
  PhraseMatch,
  fragmentAttribution,
  isTitle,
  matchAt,
  phraseMatches,
  stanceAttribution,
  within,
} from './cues.js';
import { QuoteLexicon, quoteLexicon } from './lexicon.js';
import { SpeakerResolver } from './resolve.js';
import { QuotedSpan, Speaker, findQuotedSpans, quotationView } from './spans.js';
import { lookBackStart } from './speakers.js';

export function findQuotes(ctx: AnalysisContext): Quote[] {
  // Detection reads the quotation view; every span's text is taken from the article's own text at the end.
  const text = quotationView(ctx.text);
  const ql = quoteLexicon(ctx.lang);
  const quotes: Quote[] = [];
  // The quotes found so far, indexed so that overlap checks look only at quotes nearby (a quote never leaves its
  // paragraph, but a one-line page is one paragraph).
  const index = new QuoteIndex();
  const paragraphAt = (pos: number): number => firstIndex(ctx.paragraphs, (p) => p.end < pos);
  const add = (q: Quote): void => {
    quotes.push(q);
    index.add(q);
  };
  // The first quote found (in the order found) of the paragraph of `pos` whose source lies in [start, end].
  const earlierSource = (pos: number, start: number, end: number): TextSpan | undefined => {
    const k = paragraphAt(pos);
    return index.withSourceIn(start, end).find((q) => paragraphAt(q.start) === k)?.source ?? undefined;
  };
  const spans = findQuotedSpans(text, ctx.paragraphs);
  // every stance or report verb of the text, found once (passes 4 and 5 look them up by sentence)
  const verbs = phraseMatches(text, ql.fragmentCues, ql.fragmentCueWords);
  const verbsIn = (start: number, end: number): PhraseMatch[] => within(verbs, start, end);
  const cueHits = phraseMatches(text, ql.cueSet, ql.cueWords);
  const resolver = new SpeakerResolver(ctx, ql, spans);

  // 1. Headline form: "Putin: Operation … yields no results"
  const first = ctx.paragraphs[0];
  if (first) {
    const m = /^((?:\p{Lu}[\p{L}\p{M}'’.-]*\s*){1,5}):\s+(\S.*)$/u.exec(text.slice(first.start, first.end));
    if (
      m &&
      ctx.entities.some(
        (e) =>
          (e.type === 'person' || e.type === 'organization') &&
          e.mentions.some((x) => x.start >= first.start && x.end <= first.start + m[1]!.length),
      )
    ) {
      const source = textSpan(text, first.start, first.start + m[1]!.length);
      const sp = resolver.resolve(source, first.start);
      const cs = first.start + m[0].length - m[2]!.length;
      add(makeQuote(text, cs, first.end, 'headline', textSpan(text, source.end, source.end + 1), sp, 0.8));
    }
  }

  // 2. Direct quotations
  const fragments: QuotedSpan[] = [];
  let last: Quote | null = null;
  for (const q of spans) {
    ctx.budget.check();
    const cs = q.open + 1;
    const ce = q.close;
    const content = text.slice(cs, ce);
    const words = content.match(/[\p{L}\p{N}]+/gu)?.length ?? 0;
    // What comes before the mark in its paragraph, as far back as the patterns below can reach: reading the
    // whole paragraph for each quotation would make a one-line page of many quotations quadratic.
    const beforeStart = lookBackStart(text, q.para.start, q.open);
    const before = text.slice(beforeStart, q.open);
    const sentenceStartsHere =
      /(^|[.!?…]["”»]?\s+)$/u.test(before) ||
      (before.trim() === '' && text.slice(q.para.start, beforeStart).trim() === '');
    // A cue right before the mark introduces the quotation whatever the punctuation, and a quotation that a
    // cue introduces or follows is one however short it is ("Denver," he answered; yelled “You lie!”).
    const cueIntroduced = cueIntroduces(text, q, before, beforeStart, ctx, ql);
    const introduced = (/[:,]\s*[–—-]?\s*$/.test(before) && !ql.thatEnd.test(before)) || cueIntroduced;
    const afterEnd = Math.min(q.para.end, nextOpen(spans, q) ?? q.para.end);
    const after =
      sentenceStartsHere || introduced
        ? attributionAfter(text, q.closed ? q.close + 1 : q.close, afterEnd, ql)
        : null;
    if (words < (cueIntroduced || after ? 1 : 3) || (!sentenceStartsHere && !introduced)) {
      fragments.push(q);
      continue;
    }
    let cue: TextSpan | null = null;
    let sp: Speaker | null = null;
    // after: ", said Putin." / ", Putin said." / ", – said the head of state."
    if (after) {
      cue = after.cue;
      sp = resolver.resolve(after.source, after.source.start);
    } else if (introduced) {
      const intro = attributionBefore(text, q.para.start, q.open, ctx, ql);
      if (intro) {
        cue = intro.cue;
        sp = resolver.resolve(intro.source, intro.source.start);
      }
    }
    if (!sp && last && last.speaker && sameOrNextParagraph(ctx.paragraphs, last.end, q.open)) {
      // A quoted paragraph with no cue continues the previous speaker.
      sp = { source: null, speaker: last.speaker, entity: last.speakerEntity, confidence: 0.6 };
    }
    const quote = makeQuote(
      text,
      cs,
      ce,
      'direct',
      cue,
      sp ?? { source: null, speaker: null, entity: null, confidence: 0.5 },
      sp ? 0.9 : 0.6,
    );
    add(quote);
    if (quote.speaker) resolver.noteSpeaker(quote);
    last = quote;
  }

  // 3. Indirect and mixed: reported clauses, sentence by sentence
  const covered = (a: number, b: number): boolean =>
    index.overlapping(a, b).some((q) => overlap(q, { start: a, end: b }) > 0.5 * (b - a));
  for (const s of ctx.sentences) {
    ctx.budget.check();
    const found = reportedClause(text, s, ctx, ql, within(cueHits, s.start, s.end));
    if (!found) continue;
    let { start, end } = found.content;
    while (
      end > start &&
      /[\s.,;:!?"”»]/.test(text[end - 1]!) &&
      !(/["”»]/.test(text[end - 1]!) && hasOpenQuote(text, start, end - 1))
    )
      end--;
    while (start < end && /\s/.test(text[start]!)) start++;
    start += DATELINE.exec(text.slice(start, end))?.[0].length ?? 0; // "GENEVA (GWS) - " opens the sentence, not the claim
    end = clauseEnd(text, start, end, ql);
    end = reportEnd(text, start, end, ql);
    if ((text.slice(start, end).match(/[\p{L}\p{N}]+/gu)?.length ?? 0) < 3 || covered(start, end)) continue;
    const hasFragment =
      fragments.some((f) => f.open >= start && f.open < end) || /[“"«„]/.test(text.slice(start, end));
    const sp = resolver.resolve(found.source, found.source.start);
    const kind: QuoteKind = hasFragment ? 'mixed' : 'indirect';
    const quote = makeQuote(text, start, end, kind, found.cue, sp, 0.7);
    add(quote);
    if (quote.speaker) resolver.noteSpeaker(quote);
  }
  // 4. Mixed: a quoted fragment left over, inside the complement of a verb with a speaker before it
  //    ("Jeb Bush called Trump “unhinged.”", "Clinton accuses Sanders of an “artful smear”").
  for (const f of fragments) {
    ctx.budget.check();
    if (index.overlapping(f.open, f.open + 1).length) continue;
    if (
      isTitle(text.slice(f.open + 1, f.close)) &&
      !ql.namingEndRe.test(text.slice(Math.max(f.para.start, f.open - 40), f.open))
    )
      continue; // "on “Meet the Press”
    const frag = fragmentAttribution(text, f, ctx, ql, earlierSource, verbsIn);
    if (!frag) continue;
    const end = clauseEnd(text, frag.start, frag.end, ql);
    if (wordCount(text.slice(frag.start, end)) < 2) continue;
    const sp = resolver.resolve(frag.source, frag.source.start);
    const quote = makeQuote(text, frag.start, end, 'mixed', frag.cue, sp, 0.6);
    add(quote);
    if (quote.speaker) resolver.noteSpeaker(quote);
  }
  // 5. Stance and report verbs without quotation marks ("He has criticized Clinton for …", "Polls show …"), at a
  //    lower confidence: a sentence no quote covers, a speaker before the verb, the verb's complement as content.
  for (const s of ctx.sentences) {
    ctx.budget.check();
    if (index.overlapping(s.start, s.end).length) continue;
    if (!/[.!?…]["”»]?\s*$/u.test(text.slice(s.start, s.end))) continue; // a heading or a caption, not a report
    const found = stanceAttribution(text, s, ql, verbsIn(s.start, s.end));
    if (!found) continue;
    const end = reportEnd(text, found.start, clauseEnd(text, found.start, found.end, ql), ql);
    if (wordCount(text.slice(found.start, end)) < 3) continue;
    const sp = resolver.resolve(found.source, found.source.start);
    add(makeQuote(text, found.start, end, 'indirect', found.cue, sp, 0.45));
  }
  quotes.sort((a, b) => a.start - b.start);
  if (text === ctx.text) return quotes;
  const own = <T extends TextSpan | null>(t: T): T =>
    t ? { ...t, text: ctx.text.slice(t.start, t.end) } : t;
  return quotes.map((q) => ({ ...own(q), cue: own(q.cue), source: own(q.source) }));
}

/**
 * The quotes found so far, sorted by start (and, those with a source, by the source's start), so that the
 * quotes overlapping a span or with a source in a span are found by binary search, not by a scan.
 */
export class QuoteIndex {
  private readonly byStart: Quote[] = [];
  private readonly bySource: { q: Quote; seq: number }[] = [];
  private longest = 0;
  private count = 0;

  add(q: Quote): void {
    this.byStart.splice(
      firstIndex(this.byStart, (x) => x.start <= q.start),
      0,
      q,
    );
    this.longest = Math.max(this.longest, q.end - q.start);
    const src = q.source;
    if (src)
      this.bySource.splice(
        firstIndex(this.bySource, (x) => x.q.source!.start <= src.start),
        0,
        { q, seq: this.count },
      );
    this.count++;
  }

  /** The quotes that overlap [start, end). */
  overlapping(start: number, end: number): Quote[] {
    const out: Quote[] = [];
    // A quote that ends after `start` starts less than the longest quote's length before it.
    for (
      let i = firstIndex(this.byStart, (x) => x.start <= start - this.longest);
      i < this.byStart.length && this.byStart[i]!.start < end;
      i++
    ) {
      const q = this.byStart[i]!;
      if (q.end > start) out.push(q);
    }
    return out;
  }

  /** The quotes whose source lies within [start, end], in the order they were found. */
  withSourceIn(start: number, end: number): Quote[] {
    const out: { q: Quote; seq: number }[] = [];
    for (
      let i = firstIndex(this.bySource, (x) => x.q.source!.start < start);
      i < this.bySource.length && this.bySource[i]!.q.source!.start <= end;
      i++
    ) {
      const x = this.bySource[i]!;
      if (x.q.source!.end <= end) out.push(x);
    }
    return out.sort((a, b) => a.seq - b.seq).map((x) => x.q);
  }
}

/**
 * Where a reported clause holding a quoted fragment ends: right after a closing mark that the writer's own
 * addition follows (", referring to …", "— and more", "and boycotted …", "and asserting that …"), or before a
 * verb sharing the subject after the last mark ("but did not say …"); else where it was found.
 */
export function clauseEnd(text: string, start: number, end: number, ql: QuoteLexicon): number {
  for (let i = start; i < end; i++) {
    if (!'”"»'.includes(text[i]!) || hasOpenQuote(text, start, i + 1)) continue;
    const tail = text.slice(i + 1, end);
    const comma = /[,;]/.test(text[i - 1] ?? '') || /^[,;]/.test(tail);
    const second = ql.afterMark.exec(tail);
    // A second speech verb goes on with the same speech ("revealed “…,” and urged for …"); another verb does not.
    if (
      (comma && ql.afterComma.test(tail)) ||
      (second && !(second[1] && matchAt(ql.cueRe, text, i + 1 + second[0].length - second[1].length)))
    )
      return i + 1;
  }
  const inner = text.slice(start, end);
  const last = Math.max(inner.lastIndexOf('”'), inner.lastIndexOf('"'), inner.lastIndexOf('»'));
  if (last < 0 || hasOpenQuote(text, start, start + last + 1)) return end;
  const verb = inner.slice(last + 1).search(ql.sharedVerb);
  return verb < 0 ? end : start + last + 1 + verb;
}

/**
 * Where a reported clause without quotation marks ends: before a contrasting clause with a subject of its
 * own ("Carter stopped the practice, but Cook did not say when"), else where it was found.
 */
export function reportEnd(text: string, start: number, end: number, ql: QuoteLexicon): number {
  const inner = text.slice(start, end);
  if (/[“”"«»]/.test(inner)) return end;
  const m = ql.contrastClause.exec(inner);
  return m && m.index > 10 ? start + m.index : end;
}

export const DATELINE =
  /^\p{Lu}{2,}(?:[ ,.]+\p{Lu}{2,})*(?:,\s*\p{L}+\.?\s+\d{1,2})?\.?\s*(?:\(\p{L}+\)|\/\p{L}+\/\.?)?\s*[-–—.]\s+/u;

export function wordCount(s: string): number {
  return s.match(/[\p{L}\p{N}]+/gu)?.length ?? 0;
}

export function hasOpenQuote(text: string, start: number, end: number): boolean {
  const inner = text.slice(start, end);
  return (
    (inner.match(/[“«„]/g)?.length ?? 0) > (inner.match(/[”»]/g)?.length ?? 0) ||
    (inner.match(/"/g)?.length ?? 0) % 2 === 1
  );
}

export function nextOpen(spans: QuotedSpan[], q: QuotedSpan): number | null {
  // spans are in text order: the first opening after this one's close, if it is in the same paragraph
  const n = spans[firstIndex(spans, (s) => s.open <= q.close)];
  return n && n.para === q.para ? n.open : null;
}

/** The index of the span (sorted, disjoint) that holds `pos`, its end included; -1 when none does. */
export function spanIndexAt(spans: Span[], pos: number): number {
  const i = firstIndex(spans, (p) => p.end < pos);
  return i < spans.length && spans[i]!.start <= pos ? i : -1;
}

/** The sentence (sorted, disjoint) that holds `pos` (`start <= pos < end`). */
export function sentenceAt(sentences: Span[], pos: number): Span | undefined {
  const s = sentences[firstIndex(sentences, (x) => x.end <= pos)];
  return s && s.start <= pos ? s : undefined;
}

/** The last sentence starting at or before `pos`. */
export function lastSentenceFrom(sentences: Span[], pos: number): Span | undefined {
  return sentences[firstIndex(sentences, (x) => x.start <= pos) - 1];
}

export function sameOrNextParagraph(paragraphs: Span[], a: number, b: number): boolean {
  const ia = spanIndexAt(paragraphs, a);
  const ib = spanIndexAt(paragraphs, b);
  return ia >= 0 && ib >= 0 && ib - ia <= 1;
}

export function overlap(a: Span, b: Span): number {
  return Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
}

export function makeQuote(
  text: string,
  start: number,
  end: number,
  kind: QuoteKind,
  cue: TextSpan | null,
  sp: Speaker,
  confidence: number,
): Quote {
  return {
    ...textSpan(text, start, end),
    kind,
    cue,
    source: sp.source,
    speaker: sp.speaker,
    speakerEntity: sp.entity,
    confidence: Math.min(confidence, sp.speaker ? sp.confidence : confidence),
  };
}
