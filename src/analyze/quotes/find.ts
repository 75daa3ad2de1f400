/**
 * The quote finder: runs the attribution passes over each quoted span and each sentence (direct quotes with a
 * cue after or before them, continuation paragraphs, "Name: …" headlines, reported clauses, parentheticals,
 * stance and fragment cues), keeps the quotes in an index so that later passes do not overlap earlier ones,
 * and resolves each speaker phrase with the speaker resolver.
 */
import type { Quote, QuoteKind, Span, TextSpan } from '../../model/document.js';
import { textSpan } from '../../model/document.js';
import { firstIndex } from '../../util/search.js';
import { parseAmount } from '../figures.js';
import type { AnalysisContext } from '../context.js';
import {
  Attribution,
  attributionAfter,
  attributionBefore,
  cueIntroduces,
  reportedClause,
} from './attribution.js';
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
import { SentenceParses, clauseAfterThat, quotationAttribution, reportedOnParse } from './parsed.js';
import { SpeakerResolver } from './resolve.js';
import { QuotedSpan, Speaker, findQuotedSpans, quotationView } from './spans.js';
import { lookBackStart } from './speakers.js';

export function findQuotes(ctx: AnalysisContext): Quote[] {
  // Detection reads the quotation view; every span's text is taken from the article's own text at the end.
  const text = quotationView(ctx.text);
  const ql = quoteLexicon(ctx.lang);
  // Each quote is found first with its speaker phrase, and resolved afterwards in text order: discourse (who
  // spoke last, who "he" is) follows the article, not the order of the passes.
  const pending: Pending[] = [];
  // The quotes found so far, indexed so that overlap checks look only at quotes nearby (a quote never leaves its
  // paragraph, but a one-line page is one paragraph).
  const index = new QuoteIndex();
  const paragraphAt = (pos: number): number => firstIndex(ctx.paragraphs, (p) => p.end < pos);
  const add = (q: Quote, base: number, continues = false): void => {
    pending.push({ quote: q, base, continues });
    index.add(q);
  };
  // The first quote found (in the order found) of the paragraph of `pos` whose source lies in [start, end].
  const earlierSource = (pos: number, start: number, end: number): TextSpan | undefined => {
    const k = paragraphAt(pos);
    return index.withSourceIn(start, end).find((q) => paragraphAt(q.start) === k)?.source ?? undefined;
  };
  // A verb that already introduces a quotation says nothing more ("“…?” Ana Diaz asked the minister at the
  // end": the minister is whom she asked, not what she said).
  // where the names of the text begin (a one-word speaker there is a name, not a counted noun's number)
  const names = new Set(ctx.entities.flatMap((e) => e.mentions.map((m) => m.start)));
  const cueUsed = (cue: Span): boolean => pending.some((p) => p.quote.cue?.start === cue.start);
  const spans = findQuotedSpans(text, ctx.paragraphs);
  // every stance or report verb of the text, found once (passes 4 and 5 look them up by sentence)
  const verbs = phraseMatches(text, ql.fragmentCues, ql.fragmentCueWords);
  const verbsIn = (start: number, end: number): PhraseMatch[] => within(verbs, start, end);
  const cueHits = phraseMatches(text, ql.cueSet, ql.cueWords);
  // The syntax layer's model is English; other languages keep the patterns alone.
  const parses = new SentenceParses(text, ctx.sentences, ctx.lang === 'en');
  const resolver = new SpeakerResolver(ctx, ql, spans, parses);

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
      const cs = first.start + m[0].length - m[2]!.length;
      add(
        makeQuote(text, cs, first.end, 'headline', textSpan(text, source.end, source.end + 1), source),
        0.8,
      );
    }
  }

  // A quotation opening its paragraph after a paragraph that ends with a colon ("Caddell continued:"): that
  // paragraph's cue and speaker introduce it.
  const paragraphIntroduced = (q: QuotedSpan): Attribution | null => {
    const k = paragraphAt(q.open);
    const prev = ctx.paragraphs[k - 1];
    if (k < 1 || !prev || text.slice(q.para.start, q.open).trim() !== '') return null;
    const colon = /:\s*$/.exec(text.slice(prev.start, prev.end));
    return colon ? attributionBefore(text, prev.start, prev.start + colon.index + 1, ctx, ql) : null;
  };

  // 2. Direct quotations
  const fragments: QuotedSpan[] = [];
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
    // after: ", said Putin." / ", Putin said." / ", – said the head of state."
    // The patterns first; where they find no cue, the parse of the quotation's sentence: a verb of saying
    // that governs it ("Blige sings to Clinton before asking her, “…”"; "attacked Clinton, saying, “…”").
    const attribution =
      after ??
      (introduced ? attributionBefore(text, q.para.start, q.open, ctx, ql) : null) ??
      (sentenceStartsHere ? paragraphIntroduced(q) : null) ??
      quotationAttribution(parses, text, q.open, q.close, ql.speech);
    // Without a cue of its own, a quoted paragraph continues the previous speaker (resolved below). The comma
    // or colon that hands a quotation over to its attribution is the writer's, not the speaker's.
    add(
      makeQuote(
        text,
        cs,
        trimHandOver(text, cs, ce),
        'direct',
        attribution?.cue ?? null,
        attribution?.source ?? null,
      ),
      0.9,
      !attribution,
    );
  }

  // 3. Indirect and mixed: reported clauses, sentence by sentence
  const covered = (a: number, b: number): boolean =>
    index.overlapping(a, b).some((q) => overlap(q, { start: a, end: b }) > 0.5 * (b - a));
  for (const s of ctx.sentences) {
    ctx.budget.check();
    // A reported clause holding a quoted fragment after its cue is bounded on the parse: the clause the verb
    // of saying governs ("told reporters that [“…”]", "says [he is “…”] and tells the crowd …"). Only these
    // sentences are parsed here: parsing every sentence would cost too much.
    const patterned = reportedClause(text, s, ctx, ql, within(cueHits, s.start, s.end));
    const fragment = fragments[firstIndex(fragments, (f) => f.open < s.start)];
    const parsed =
      patterned &&
      fragment &&
      fragment.open < s.end &&
      fragment.open > patterned.cue.end &&
      patterned.content.start >= patterned.cue.end
        ? reportedOnParse(parses, text, fragment.open, ql.speech)
        : null;
    // The patterns' speaker phrase is kept where they found the same cue; the parse bounds the clause.
    const parsedBounds = !!parsed && !!patterned && overlap(parsed.cue, patterned.cue) > 0;
    const found = parsedBounds
      ? { ...patterned!, content: { start: parsed!.content.start, end: patterned!.content.end } }
      : patterned;
    const that =
      found && fragment && fragment.open < s.end && fragment.open > found.content.start
        ? clauseAfterThat(parses, found.cue, fragment.open)
        : null;
    if (found && that !== null && that > found.content.start)
      found.content = { ...found.content, start: that };
    if (!found) continue;
    if (adjunctBeforeCue(parses, found) || countedCue(parses, found, ql, ctx.lang, names)) continue;
    // The speaker phrase of a quotation already found is not what its verb reports ("“…?” the
    // correspondent, Ana Diaz, asked the minister": no clause "the correspondent, Ana Diaz" said by him).
    const own = (q: Quote): boolean => q.cue?.start === found.cue.start;
    if (pending.some((p) => own(p.quote) && p.quote.source?.start === found.content.start)) continue;
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
    end = beforeOwnAttribution(text, start, end, ql);
    if ((text.slice(start, end).match(/[\p{L}\p{N}]+/gu)?.length ?? 0) < 3 || covered(start, end)) continue;
    const hasFragment =
      fragments.some((f) => f.open >= start && f.open < end) || /[“"«„]/.test(text.slice(start, end));
    const kind: QuoteKind = hasFragment ? 'mixed' : 'indirect';
    add(makeQuote(text, start, end, kind, found.cue, found.source), 0.7);
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
    // A verb of saying that hands the fragment over ("…, who replied, “Good luck.”") makes it that verb's
    // quotation, not a piece of an earlier speaker's clause.
    const own = quotationAttribution(parses, text, f.open, f.close, ql.speech);
    if (own && own.cue.end <= f.open && /^[\s,:]*$/.test(text.slice(own.cue.end, f.open))) {
      add(
        makeQuote(text, f.open + 1, trimHandOver(text, f.open + 1, f.close), 'direct', own.cue, own.source),
        0.9,
      );
      continue;
    }
    // The patterns find the cue and speaker and where the clause ends; the parse, where it starts (after the
    // addressee of "told", after "that"), and all of it where the patterns find no cue ("Carson called the
    // political system “rotten to the core.”").
    const onParse = reportedOnParse(parses, text, f.open, ql.speech);
    const patterned = fragmentAttribution(text, f, ctx, ql, earlierSource, verbsIn);
    let frag = patterned && { ...patterned, end: clauseEnd(text, patterned.start, patterned.end, ql) };
    if (frag && onParse && overlap(onParse.cue, frag.cue) > 0 && onParse.content.start < frag.end)
      frag.start = onParse.content.start;
    const that = frag && frag.start < f.open ? clauseAfterThat(parses, frag.cue, f.open) : null;
    if (frag && that !== null && that > frag.start) frag.start = that;
    if (!frag && onParse && !index.overlapping(onParse.content.start, onParse.content.end).length)
      frag = { ...onParse, ...onParse.content };
    if (!frag) continue;
    const end = frag.end;
    if (wordCount(text.slice(frag.start, end)) < 2) continue;
    add(makeQuote(text, frag.start, end, 'mixed', frag.cue, frag.source), 0.6);
  }
  // 5. Stance and report verbs without quotation marks ("He has criticized Clinton for …", "Polls show …"), at a
  //    lower confidence: a sentence no quote covers, a speaker before the verb, the verb's complement as content.
  for (const s of ctx.sentences) {
    ctx.budget.check();
    if (index.overlapping(s.start, s.end).length) continue;
    if (!/[.!?…]["”»]?\s*$/u.test(text.slice(s.start, s.end))) continue; // a heading or a caption, not a report
    const found = stanceAttribution(text, s, ql, verbsIn(s.start, s.end));
    if (!found || countedCue(parses, found, ql, ctx.lang, names) || passiveCue(parses, found.cue, ql))
      continue;
    if (cueUsed(found.cue)) continue;
    const end = reportEnd(text, found.start, clauseEnd(text, found.start, found.end, ql), ql);
    if (wordCount(text.slice(found.start, end)) < 3) continue;
    add(makeQuote(text, found.start, end, 'indirect', found.cue, found.source), 0.45);
  }
  const quotes = resolveInOrder(pending, resolver, ctx.paragraphs);
  if (text === ctx.text) return quotes;
  const own = <T extends TextSpan | null>(t: T): T =>
    t ? { ...t, text: ctx.text.slice(t.start, t.end) } : t;
  return quotes.map((q) => ({ ...own(q), cue: own(q.cue), source: own(q.source) }));
}

/**
 * Whether a short stretch read as the content before its cue ("At a news conference, Garrow vowed to …") is a
 * phrase setting the scene, not a reported clause: the parse finds no verb in it but a gerund ("Speaking in
 * Ohio", "After living abroad"). Any other verb form counts, as the tagger may read a past tense as a
 * participle. Only short leads are parsed: a long one is a clause in practice, and parsing every such sentence
 * would cost too much.
 */
function adjunctBeforeCue(
  parses: SentenceParses,
  found: { content: Span; cue: TextSpan; source: TextSpan | null },
): boolean {
  const { content, cue } = found;
  if (content.end > cue.start) return false;
  // "The average benefit, it says, would be $300", "Some 41% of residents, according to the survey, back the
  // plan": a parenthetical attribution, whose clause goes on after it.
  const after = Math.max(cue.end, found.source?.end ?? 0);
  if (/^\s*,/.test(parses.text.slice(after, after + 3))) return false;
  const i = parses.indexAt(content.start);
  const lead = parses.sentences[i];
  if (!lead || wordCount(parses.text.slice(content.start, content.end)) > 8) return false;
  const parse = parses.get(i);
  if (!parse) return false;
  const inside = parse.tokens.filter((t) => t.start >= content.start && t.end <= content.end);
  return !inside.some((t) => (t.upos === 'VERB' || t.upos === 'AUX') && t.xpos !== 'VBG');
}

/**
 * Whether the cue is a noun that a one-word "speaker" counts or qualifies ("Thirteen states will gain
 * seats", "Weekly claims fell", "Fauci's warning comes …": no verb of saying). The parse must read the
 * cue as a noun and the word before it as a number, adjective, determiner or possessive; a name or a noun
 * before it is left alone, since the tagger also reads "China views Taiwan as …" as two nouns. Only a
 * one-word speaker phrase that is no pronoun is checked, which keeps parsing rare.
 */
function countedCue(
  parses: SentenceParses,
  found: { cue: TextSpan; source: TextSpan | null },
  ql: QuoteLexicon,
  lang: string,
  names: ReadonlySet<number>,
): boolean {
  const source = found.source;
  if (!source || /\s/.test(source.text.trim()) || ql.pronouns.has(source.text.toLowerCase())) return false;
  // (a name is no number or adjective: most one-word speakers are names, and they need no parse; nor is a
  // speaker noun, "officials said"; a lower-case word must be a determiner, a number or a possessive)
  const lower = source.text.trim().toLowerCase();
  const possessive = /['’]s?$/u.test(lower);
  if ((names.has(source.start) && !possessive) || ql.speakerNouns.has(lower)) return false;
  const capitalised = /^\p{Lu}/u.test(source.text);
  const countable = ql.determiners.has(lower) || possessive || parseAmount(lower, lang) !== null;
  if (!capitalised && !countable) return false;
  const parse = parses.get(parses.indexAt(found.cue.start));
  const at = (pos: number) => parse?.tokens.find((t) => t.start <= pos && pos < t.end);
  const cue = at(found.cue.start);
  const before = at(source.start);
  if (cue?.upos !== 'NOUN' || !before) return false;
  const word = source.text.trim();
  // (a number opening a sentence may be tagged as a name: "Twelve/PROPN states")
  const counted = before.upos === 'NUM' || parseAmount(word, lang) !== null;
  return counted || /['’]s?$/u.test(word) || before.upos === 'ADJ' || before.upos === 'DET';
}

/**
 * Whether a cue is passive ("The finding was reported in May by the centre"): its subject is what was
 * reported, not who reported it. A form of "be" right before the cue (language data) sends the sentence
 * to the parse, which must show the cue governing a passive auxiliary (UD aux:pass).
 */
function passiveCue(parses: SentenceParses, cue: Span, ql: QuoteLexicon): boolean {
  const text = parses.text;
  const before = /(?<word>\p{L}+)\s+$/u.exec(text.slice(Math.max(0, cue.start - 20), cue.start));
  if (!ql.passiveAuxiliaries.has(before?.groups!.word!.toLowerCase() ?? '')) return false;
  const parse = parses.get(parses.indexAt(cue.start));
  const at = parse?.tokens.findIndex((t) => t.start <= cue.start && cue.start < t.end) ?? -1;
  return at >= 0 && parse!.tokens.some((t) => t.head === at && t.deprel === 'aux:pass');
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
  const tail = inner.slice(last + 1);
  // The writer's narrative after the last mark ("as a “crazy system” during a campaign stop …"), or after a
  // comma in the words that follow it ("a “champion” for its members, citing …"), is not the quote's.
  if (ql.narrativeAfter.test(tail)) return start + last + 1;
  const comma = /^[^,;“”"«»]{1,80}?(?=[,;])/u.exec(tail);
  if (
    comma &&
    (ql.narrativeAfter.test(tail.slice(comma[0].length)) || ql.afterComma.test(tail.slice(comma[0].length)))
  )
    return start + last + 1 + comma[0].length;
  const verb = tail.search(ql.sharedVerb);
  return verb < 0 ? end : start + last + 1 + verb;
}

/**
 * A reported clause that closes with an attribution of its own ("Officials said an inquiry found no fault, the
 * regional paper reported"): the report of the report is the writer's source, not the officials' words, so the
 * clause ends before it. Only an attribution that runs to the clause's end, give or take a few words of time
 * or place, counts.
 */
function beforeOwnAttribution(text: string, start: number, end: number, ql: QuoteLexicon): number {
  const comma = text.lastIndexOf(',', end - 1);
  // A comma inside a quotation ("focusing on “he said this, he tweeted that”") is the speaker's.
  if (comma < start + 10 || hasOpenQuote(text, start, comma)) return end;
  const own = attributionAfter(text, comma, end, ql);
  if (!own) return end;
  const rest = text.slice(Math.max(own.cue.end, own.source.end), end);
  return wordCount(rest) <= 4 && !/[,;:]/.test(rest) ? comma : end;
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

/** The end of a quotation's words without the comma, semicolon, colon or spaces that close it ("in sight,”"). */
export function trimHandOver(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && /[\s,;:]/u.test(text[e - 1]!)) e--;
  return e > start ? e : end;
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

/** A quote found, its speaker phrase not yet resolved. */
interface Pending {
  quote: Quote;
  /** The quote's confidence when its speaker is known. */
  base: number;
  /** A direct quotation without a cue of its own: it takes the previous quote's speaker. */
  continues: boolean;
}

/**
 * Resolves the speakers of the quotes in text order, so that each pronoun and role noun is read against the
 * quotes before it. A direct quotation without a cue continues the speaker of the quote right before it, in
 * its paragraph or the one before; one that continues nobody keeps no speaker, at a lower confidence.
 */
export function resolveInOrder(pending: Pending[], resolver: SpeakerResolver, paragraphs: Span[]): Quote[] {
  const out: Quote[] = [];
  let previous: Quote | null = null;
  for (const p of [...pending].sort((a, b) => a.quote.start - b.quote.start)) {
    const q = p.quote;
    let sp: Speaker | null = q.source ? resolver.resolve(q.source, q.source.start) : null;
    if (!sp && p.continues && previous?.speaker && sameOrNextParagraph(paragraphs, previous.end, q.start))
      sp = { source: null, speaker: previous.speaker, entity: previous.speakerEntity, confidence: 0.6 };
    const base = p.continues && !sp ? 0.6 : p.base;
    const resolved: Quote = {
      ...q,
      // the phrase the resolver read: without an opening conjunction ("So he" -> "he")
      source: sp?.source ?? q.source,
      speaker: sp?.speaker ?? null,
      speakerEntity: sp?.entity ?? null,
      confidence: Math.min(base, sp?.speaker ? sp.confidence : base),
    };
    out.push(resolved);
    if (resolved.speaker) resolver.noteSpeaker(resolved);
    if (resolved.kind !== 'headline') previous = resolved;
  }
  return out;
}

/** A quote whose speaker phrase is still to be resolved. */
export function makeQuote(
  text: string,
  start: number,
  end: number,
  kind: QuoteKind,
  cue: TextSpan | null,
  source: TextSpan | null,
): Quote {
  return {
    ...textSpan(text, start, end),
    kind,
    cue,
    source,
    speaker: null,
    speakerEntity: null,
    confidence: 0,
  };
}
