/**
 * Quotations: direct (“…,” Putin said / said Putin / he said: “…”), indirect (Putin said that …;
 * according to Putin, …; …, the Russian president says), mixed (a reported clause holding a quoted
 * fragment), continuation paragraphs and "Name: …" headlines; each with its cue, the span naming the
 * speaker, and the speaker resolved to an entity (names, pronouns by discourse, role nouns by the roles
 * the text gave a person). A quote never leaves its paragraph, except a quotation whose closing mark is
 * missing, which ends at its paragraph's end.
 */
import { getGender } from 'gender-detection-from-name';
import type {
  DateMention,
  Entity,
  EntityMention,
  Quote,
  QuoteKind,
  Span,
  TextSpan,
} from '../model/document.js';
import { textSpan } from '../model/document.js';
import { loadData } from '../util/data.js';
import { languagesIn, unsupportedLanguage } from '../util/language.js';
import { firstIndex } from '../util/search.js';
import type { AnalysisContext, Analyzer } from './context.js';
import { fold, lexicon, type Lexicon } from './lexicon.js';

interface QuoteData {
  introducers?: string[];
  namingVerbs?: string[];
  fragmentCues?: string[];
  cues: string[];
  clauseCues: string[];
  according: string[];
  pronouns: Record<string, string>;
  pronounGenders?: Record<string, Gender>;
  honorifics?: Record<string, Gender>;
  personNouns?: string[];
  speakerNouns: string[];
}

type Gender = 'male' | 'female';

interface QuoteLexicon {
  cueRe: RegExp;
  /** A cue (or an introducing verb) right before an opening mark: "he said “…”", "yelled “…”", "argues that “…”". */
  cueEndRe: RegExp;
  /** Every verb whose complement can hold a quoted fragment: cues, naming verbs and the rest ("accused X of “…”"),
   * lower case, with the most words any of them has (looked up word by word: a regex of them all is slow). */
  fragmentCues: Set<string>;
  fragmentCueWords: number;
  /** The cues of `cueRe` as a set, lower case, for finding them all in a text at once. */
  cueSet: Set<string>;
  cueWords: number;
  /** A naming verb and at most a few words before an opening mark: "called the town “…”", "dubbed “…”". */
  namingEndRe: RegExp;
  clauseCues: Set<string>;
  accordingRe: RegExp;
  pronouns: Map<string, string>;
  pronounGenders: Map<string, Gender>;
  honorifics: Map<string, Gender>;
  personNouns: Set<string>;
  speakerNouns: Set<string>;
  lex: Lexicon;
}

const cache = new Map<string, QuoteLexicon>();

function quoteLexicon(lang: string): QuoteLexicon {
  let q = cache.get(lang);
  if (!q) {
    const d =
      loadData<Record<string, QuoteData>>('quotes.json')[lang] ??
      loadData<Record<string, QuoteData>>('quotes.json').en!;
    const alt = (xs: string[]): string =>
      [...xs]
        .sort((a, b) => b.length - a.length)
        .map((x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+'))
        .join('|');
    q = {
      cueRe: new RegExp(
        `(?<![\\p{L}\\p{N}])(?:${alt([...d.cues, ...(d.introducers ?? []), ...(d.namingVerbs ?? [])])})(?![\\p{L}\\p{N}])`,
        'giu',
      ),
      cueEndRe: new RegExp(
        `(?<![\\p{L}\\p{N}])(?:${alt([...d.cues, ...(d.introducers ?? [])])})(?:\\s+that)?\\s*[:,]?\\s*[–—-]?\\s*$`,
        'iu',
      ),
      namingEndRe: new RegExp(
        `(?<![\\p{L}\\p{N}])(?:${alt(d.namingVerbs ?? [])})(?:\\s+[^\\s.!?;:“”"«»]+){0,4}?(?:\\s+as)?\\s*,?\\s*$`,
        'iu',
      ),
      fragmentCues: new Set(
        [...d.cues, ...(d.introducers ?? []), ...(d.namingVerbs ?? []), ...(d.fragmentCues ?? [])].map((c) =>
          c.toLowerCase(),
        ),
      ),
      fragmentCueWords: Math.max(...[...d.cues, ...(d.fragmentCues ?? [])].map((c) => c.split(/\s+/).length)),
      cueSet: new Set(
        [...d.cues, ...(d.introducers ?? []), ...(d.namingVerbs ?? [])].map((c) => c.toLowerCase()),
      ),
      cueWords: Math.max(
        ...[...d.cues, ...(d.introducers ?? []), ...(d.namingVerbs ?? [])].map((c) => c.split(/\s+/).length),
      ),
      clauseCues: new Set(d.clauseCues),
      accordingRe: new RegExp(`(?<![\\p{L}\\p{N}])(?:${alt(d.according)})(?![\\p{L}\\p{N}])`, 'giu'),
      pronouns: new Map(Object.entries(d.pronouns)),
      pronounGenders: new Map(Object.entries(d.pronounGenders ?? {})),
      honorifics: new Map(Object.entries(d.honorifics ?? {})),
      personNouns: new Set(d.personNouns ?? []),
      speakerNouns: new Set(d.speakerNouns),
      lex: lexicon(lang),
    };
    cache.set(lang, q);
  }
  return q;
}

const OPENERS = '“"«„';
const CLOSERS = '”"»“';
const ADVERBS = new Set([
  'also',
  'then',
  'later',
  'again',
  'once',
  'further',
  'has',
  'had',
  'have',
  'was',
  'is',
  'will',
  'would',
  'repeatedly',
  'earlier',
  'recently',
  'previously',
  'reportedly',
  'publicly',
  'firmly',
  'clearly',
  'specifically',
  'separately',
  'subsequently',
  'has',
  'had',
  'been',
  'not',
  'never',
  'however',
  'today',
  'yesterday',
  'on',
  'in',
  'at',
]);
const DETERMINERS = new Set([
  'the',
  'a',
  'an',
  'his',
  'her',
  'its',
  'their',
  'our',
  'both',
  'this',
  'that',
  'these',
  'those',
]);
/** Words that open a phrase set off between commas or dashes after a speaker's name. */
const SET_OFF_OPENERS = new Set([
  'who',
  'whose',
  'which',
  'a',
  'an',
  'the',
  'his',
  'her',
  'their',
  'its',
  'one',
  'now',
  'once',
  'still',
  'however',
  'meanwhile',
  'too',
  'for',
  'in',
  'at',
  'speaking',
  'asked',
  'clad',
  'himself',
  'herself',
  'both',
]);
const AUXILIARIES = new Set([
  'has',
  'have',
  'had',
  'is',
  'are',
  'was',
  'were',
  'will',
  'would',
  'did',
  'does',
  'do',
  'can',
  'could',
  'should',
  'may',
  'might',
  'must',
]);
const STOP_NP = new Set([
  'at',
  'in',
  'on',
  'during',
  'to',
  'with',
  'for',
  'from',
  'after',
  'before',
  'when',
  'while',
  'that',
  'and',
  'but',
  'as',
  'who',
  'which',
  'by',
  'about',
  'over',
  'since',
]);

interface QuotedSpan {
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

function isOpeningStraight(text: string, i: number, para: Span): boolean {
  const prev = i > para.start ? text[i - 1]! : ' ';
  const next = text[i + 1] ?? ' ';
  return /[\s([{:–—-]/.test(prev) || (i === para.start && /\S/.test(next));
}

function isClosingStraight(text: string, i: number, para: Span): boolean {
  const next = i + 1 < para.end ? text[i + 1]! : ' ';
  return /[\s.,;:!?)\]}–—-]/.test(next);
}

interface Speaker {
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
    const introduced =
      (/[:,]\s*[–—-]?\s*$/.test(before) && !/\bthat\s*[:,]?\s*$/i.test(before)) || cueIntroduced;
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
    end = reportEnd(text, start, end);
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
    const end = reportEnd(text, found.start, clauseEnd(text, found.start, found.end, ql));
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
class QuoteIndex {
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
function clauseEnd(text: string, start: number, end: number, ql: QuoteLexicon): number {
  for (let i = start; i < end; i++) {
    if (!'”"»'.includes(text[i]!) || hasOpenQuote(text, start, i + 1)) continue;
    const tail = text.slice(i + 1, end);
    const comma = /[,;]/.test(text[i - 1] ?? '') || /^[,;]/.test(tail);
    const second = AFTER_MARK.exec(tail);
    // A second speech verb goes on with the same speech ("revealed “…,” and urged for …"); another verb does not.
    if (
      (comma && AFTER_COMMA.test(tail)) ||
      (second && !(second[1] && matchAt(ql.cueRe, text, i + 1 + second[0].length - second[1].length)))
    )
      return i + 1;
  }
  const inner = text.slice(start, end);
  const last = Math.max(inner.lastIndexOf('”'), inner.lastIndexOf('"'), inner.lastIndexOf('»'));
  if (last < 0 || hasOpenQuote(text, start, start + last + 1)) return end;
  const verb = inner.slice(last + 1).search(SHARED_VERB);
  return verb < 0 ? end : start + last + 1 + verb;
}

/**
 * Where a reported clause without quotation marks ends: before a contrasting clause with a subject of its
 * own ("Carter stopped the practice, but Cook did not say when"), else where it was found.
 */
function reportEnd(text: string, start: number, end: number): number {
  const inner = text.slice(start, end);
  if (/[“”"«»]/.test(inner)) return end;
  const m =
    /(?:,\s+(?:but|while|whereas|although|though)|;)\s+(?=(?:\p{Lu}|(?:he|she|they|it|we|i|there|the|a|an|his|her|its|their|this|these|those)\b))/u.exec(
      inner,
    );
  return m && m.index > 10 ? start + m.index : end;
}

/** After a comma that closes a quoted fragment: a participle, relative or time clause of the writer's. */
const AFTER_COMMA =
  /^[,;]?\s*(?:\p{Ll}+ing|which|who|whom|whose|where|while|when|according|as|before|after|even|though|although)\b/u;
/** Right after a closing mark: a dash, or a second predicate of the subject ("and boycotted", "and asserting"). */
const AFTER_MARK =
  /^[.,]?\s*(?:[—–]\s|-\s)|^\s+(?:and|but)\s+(\p{Ll}+ing|\p{Ll}+ed|said|says|told|did|does|has|had|is|was|will|would)\b/u;
/** A verb sharing the subject further on: "… for the nominee but did not suggest …". */
const SHARED_VERB =
  /\s+(?:but|and then)\s+(?:did|does|didn['’]t|doesn['’]t|has|had|would|will|could|also|\p{Ll}+ed)\b/u;

const DATELINE =
  /^\p{Lu}{2,}(?:[ ,.]+\p{Lu}{2,})*(?:,\s*\p{L}+\.?\s+\d{1,2})?\.?\s*(?:\(\p{L}+\)|\/\p{L}+\/\.?)?\s*[-–—.]\s+/u;

function wordCount(s: string): number {
  return s.match(/[\p{L}\p{N}]+/gu)?.length ?? 0;
}

function hasOpenQuote(text: string, start: number, end: number): boolean {
  const inner = text.slice(start, end);
  return (
    (inner.match(/[“«„]/g)?.length ?? 0) > (inner.match(/[”»]/g)?.length ?? 0) ||
    (inner.match(/"/g)?.length ?? 0) % 2 === 1
  );
}

function nextOpen(spans: QuotedSpan[], q: QuotedSpan): number | null {
  // spans are in text order: the first opening after this one's close, if it is in the same paragraph
  const n = spans[firstIndex(spans, (s) => s.open <= q.close)];
  return n && n.para === q.para ? n.open : null;
}

/** The index of the span (sorted, disjoint) that holds `pos`, its end included; -1 when none does. */
function spanIndexAt(spans: Span[], pos: number): number {
  const i = firstIndex(spans, (p) => p.end < pos);
  return i < spans.length && spans[i]!.start <= pos ? i : -1;
}

/** The sentence (sorted, disjoint) that holds `pos` (`start <= pos < end`). */
function sentenceAt(sentences: Span[], pos: number): Span | undefined {
  const s = sentences[firstIndex(sentences, (x) => x.end <= pos)];
  return s && s.start <= pos ? s : undefined;
}

/** The last sentence starting at or before `pos`. */
function lastSentenceFrom(sentences: Span[], pos: number): Span | undefined {
  return sentences[firstIndex(sentences, (x) => x.start <= pos) - 1];
}

function sameOrNextParagraph(paragraphs: Span[], a: number, b: number): boolean {
  const ia = spanIndexAt(paragraphs, a);
  const ib = spanIndexAt(paragraphs, b);
  return ia >= 0 && ib >= 0 && ib - ia <= 1;
}

function overlap(a: Span, b: Span): number {
  return Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
}

function makeQuote(
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

interface Attribution {
  cue: TextSpan;
  source: TextSpan;
}

/**
 * A cue right before the opening mark ("yelled “You lie!”", "argues that “…”") introduces a whole quotation
 * when it is the sentence's only cue (not "he stressed that it revealed “…”", a fragment inside a reported
 * clause) and the quotation runs to the end of its sentence (not "reiterated that “not enough” was done").
 */
function cueIntroduces(
  text: string,
  q: QuotedSpan,
  before: string,
  beforeStart: number,
  ctx: AnalysisContext,
  ql: QuoteLexicon,
): boolean {
  const m = ql.cueEndRe.exec(before);
  if (!m) return false;
  const sentence = lastSentenceFrom(ctx.sentences, q.open);
  const sentStart = Math.max(q.para.start, sentence?.start ?? q.para.start);
  const lead = text.slice(sentStart, beforeStart + m.index);
  ql.cueRe.lastIndex = 0;
  if (ql.cueRe.test(lead)) {
    ql.cueRe.lastIndex = 0;
    return false;
  }
  ql.cueRe.lastIndex = 0;
  if (!q.closed) return true;
  const rest = text.slice(q.close + 1, q.para.end);
  return (
    /^\s*(?:[.!?…]|$)/u.test(rest) ||
    (/^[\s,]*[–—-]?\s*\p{L}/u.test(rest) && attributionAfter(text, q.close + 1, q.para.end, ql) !== null)
  );
}

/** After a closing mark: "[,] said Putin", "[,] – said the head of state", "[,] he added", "Putin said". */
function attributionAfter(text: string, from: number, limit: number, ql: QuoteLexicon): Attribution | null {
  // “…” ― Jacklyn Ashley: a dash and a name closing the paragraph sign the quotation.
  const signed =
    /^[\s,.]*([―—–-])\s*((?:\p{Lu}[\p{L}\p{M}.'’-]*\s+){0,3}\p{Lu}[\p{L}\p{M}.'’-]*)[\s.]*$/u.exec(
      text.slice(from, limit),
    );
  if (signed) {
    const at = from + signed[0].indexOf(signed[2]!, signed[0].indexOf(signed[1]!));
    const dash = from + signed[0].indexOf(signed[1]!);
    return { cue: textSpan(text, dash, dash + 1), source: textSpan(text, at, at + signed[2]!.length) };
  }
  const m = /^[\s,.;!?]*[–—-]?\s*/.exec(text.slice(from, limit));
  let pos = from + (m ? m[0].length : 0);
  ql.cueRe.lastIndex = 0;
  const cueHere = matchAt(ql.cueRe, text, pos);
  if (cueHere) {
    const src = speakerForward(text, cueHere.end, limit, ql);
    if (src) return { cue: textSpan(text, cueHere.start, cueHere.end), source: src };
    return null;
  }
  let src = speakerForward(text, pos, limit, ql) ?? determinerPhrase(text, pos, limit);
  if (!src) return null;
  // "Rep. Gwen Moore (D-Wis.) said", "Scott Pruitt, the attorney general of Oklahoma, one of the states suing, said"
  pos = src.end;
  const paren = /^\s*\([^()]{1,40}\)/u.exec(text.slice(pos, limit));
  if (paren) {
    pos += paren[0].length;
    src = textSpan(text, src.start, pos);
  }
  for (let i = 0; i < 3; i++) {
    const apposition = (i === 0 ? /^\s*,[^,.;:!?“”"«»()]{1,120},/u : /^\s*[^,.;:!?“”"«»()]{1,120},/u).exec(
      text.slice(pos, limit),
    );
    if (!apposition || matchAt(ql.cueRe, text, skipAdverbs(text, pos))) break;
    pos += apposition[0].length;
    if (matchAt(ql.cueRe, text, skipAdverbs(text, pos))) break;
  }
  pos = skipAdverbs(text, pos);
  const cue = matchAt(ql.cueRe, text, pos);
  return cue ? { cue: textSpan(text, cue.start, cue.end), source: src } : null;
}

/** Before an opening mark: "Putin said: “", "he added, “", or the subject of "The head of state is perplexed: “". */
function attributionBefore(
  text: string,
  paraStart: number,
  open: number,
  ctx: AnalysisContext,
  ql: QuoteLexicon,
): Attribution | null {
  const last = lastSentenceFrom(ctx.sentences, open);
  const sentence = last && last.start >= paraStart ? last : { start: paraStart, end: open };
  const region = text.slice(sentence.start, open);
  for (const m of [...region.matchAll(ql.cueRe)].reverse()) {
    const cueStart = sentence.start + m.index!;
    const src =
      speakerBackward(text, sentence.start, cueStart, ql) ??
      speakerForward(text, cueStart + m[0].length, open, ql);
    if (src) return { cue: textSpan(text, cueStart, cueStart + m[0].length), source: src };
  }
  const colon = region.lastIndexOf(':');
  if (colon >= 0) {
    const src = speakerForward(text, sentence.start, sentence.start + colon, ql);
    if (src) return { cue: textSpan(text, sentence.start + colon, sentence.start + colon + 1), source: src };
  }
  return null;
}

/** Find a reported clause in one sentence: speaker + cue + clause, clause + speaker + cue, or "according to". */
function reportedClause(
  text: string,
  s: Span,
  ctx: AnalysisContext,
  ql: QuoteLexicon,
  cues: PhraseMatch[],
): { content: Span; cue: TextSpan; source: TextSpan } | null {
  const sent = text.slice(s.start, s.end);
  // "According to Putin, …" / "…, according to UN estimates."
  // A sentence closed by its attribution ("…, according to estimates, Putin said.") wins over any cue before it.
  const inverted = cues.length
    ? (invertedAttribution(text, s, cues.at(-1)!, ql) ?? parentheticalAttribution(text, s, ql))
    : null;
  if (inverted) return inverted;
  for (const m of sent.matchAll(ql.accordingRe)) {
    const cueStart = s.start + m.index!;
    const cueEnd = cueStart + m[0].length;
    // Whatever "according to" names is the source, up to the clause's end: "a new article in Politico", "the results".
    const src = speakerForward(text, cueEnd, s.end, ql) ?? accordingSource(text, cueEnd, s.end);
    if (!src) continue;
    const cue = textSpan(text, cueStart, cueEnd);
    let afterSrc = /^\s*,\s*/.exec(text.slice(src.end, s.end));
    // "According to the UN envoy, Samuel Okafor, the talks …": the name in apposition belongs to the source.
    const appositive =
      afterSrc &&
      /^(?:\p{Lu}[\p{L}\p{M}'’.-]*\s+){0,3}\p{Lu}[\p{L}\p{M}'’.-]*\s*,\s*/u.exec(
        text.slice(src.end + afterSrc[0].length, s.end),
      );
    let source = src;
    if (afterSrc && appositive) {
      const nameEnd = src.end + afterSrc[0].length + appositive[0].replace(/\s*,\s*$/, '').length;
      source = textSpan(text, src.start, nameEnd);
      afterSrc = /^\s*,\s*/.exec(text.slice(nameEnd, s.end));
    }
    if (text.slice(s.start, cueStart).trim() === '' && afterSrc)
      return { content: { start: source.end + afterSrc[0].length, end: s.end }, cue, source };
    const lead = text.slice(s.start, cueStart);
    if (/,\s*$/.test(lead))
      return {
        content: { start: s.start, end: s.start + lead.replace(/,\s*$/, '').length },
        cue,
        source: src,
      };
  }
  if (!cues.length) return null;
  let lastSpeaker: TextSpan | null = null;
  // A sentence reports through one or two cues; one of dozens ("said said said …") is not a reported clause,
  // and reading each would cost the sentence's length again.
  for (const m of cues.slice(0, MAX_CUES_PER_SENTENCE)) {
    const cueWord = m[0].toLowerCase().replace(/\s+/g, ' ');
    // Participles ("adding", "saying") only continue an earlier speaker's cue, below.
    const participle = !ql.clauseCues.has(cueWord) && /ing$/.test(cueWord);
    if (!ql.clauseCues.has(cueWord) && !participle) continue;
    // A capitalised cue after a capitalised word is part of a name ("the United States"), not a verb.
    if (/^\p{Lu}/u.test(m[0]) && /\p{Lu}[\p{L}.'’-]*\s+$/u.test(sent.slice(0, m.index!))) continue;
    const cueStart = s.start + m.index!;
    const cueEnd = cueStart + m[0].length;
    const cue = textSpan(text, cueStart, cueEnd);
    let before = speakerBackward(text, s.start, cueStart, ql);
    // "The Russian president concluded by saying that …": the participle has the verb's subject.
    const by = participle && !before ? /([\p{L}]+)\s+by\s+$/u.exec(text.slice(s.start, cueStart)) : null;
    if (by) before = speakerBackward(text, s.start, s.start + by.index, ql);
    // "Reid caucused in Nevada and says he …": the cue shares the sentence's subject.
    const shared: TextSpan | null =
      !before && !participle && lastSpeaker === null ? sharedSubject(text, s, cueStart, ql) : null;
    if (shared) before = shared;
    // "…,” he noted, adding that Russia …": a second cue after a comma has the first one's speaker.
    if (!before && lastSpeaker && /,\s*$/.test(text.slice(s.start, cueStart))) {
      const that = /^\s*(?:that\b\s*|(?=(?:it|he|she|they|we|there)\s))/i.exec(text.slice(cueEnd, s.end));
      if (that) return { content: { start: cueEnd + that[0].length, end: s.end }, cue, source: lastSpeaker };
    }
    if (participle && !by) continue;
    if (before) lastSpeaker = before;
    if (before) {
      // "On Sunday, former President Bill Clinton said …": modifiers between a comma and the name belong to the source.
      if (!shared) before = withModifiers(text, s.start, before);
      const lead = shared ? '' : text.slice(s.start, before.start);
      const appositive = text[before.end] === ',';
      // "…, Russian President Vladimir Putin told a meeting …": the clause comes first
      // …unless a clause follows the cue: "Speaking outside the talks, the minister said that …" reports what follows.
      const tail = text.slice(cueEnd, s.end).replace(/^\s*,?\s*/, '');
      const clauseFollows =
        /^(?:[^\s,;.]+\s+){0,8}?that\b/i.test(tail) ||
        (cueWord !== 'told' &&
          wordCount(tail) > 3 &&
          !/^(?:on|at|in|during|after|before|while|to|for|with|by|from|last|this|earlier|later|yesterday|today|tonight|when|as|according)\b/i.test(
            tail,
          ));
      if (
        !appositive &&
        !clauseFollows &&
        /[\p{L}\p{N}”"’)]\s*,\s*$/u.test(lead) &&
        !/^[“"«„]/.test(sent) &&
        wordCount(lead) >= 4
      ) {
        return {
          content: { start: s.start, end: s.start + lead.replace(/\s*,\s*$/, '').length },
          cue,
          source: before,
        };
      }
      if (
        appositive ||
        lead.trim() === '' ||
        /^(\p{Lu}\p{Ll}+\s+)?$/u.test(lead) ||
        /(,|\band|\bbut|[—–:])\s*$/.test(lead)
      ) {
        // "Putin said [on Sunday] [that] …" / "He noted that …"
        // A time the text names right after the cue ("said on Friday he met …") is not the clause.
        const time = dateRightAfter(ctx, text, cueEnd);
        const restStart = time ? time.end : cueEnd;
        const rest = text.slice(restStart, s.end);
        // "that" opens the clause only within a few words of the cue, not "… the right … that the country valued".
        // "that" opens the clause within a few words of the cue; after "told" and its addressee, a few more.
        const that = (/^(?:told|tells|tell|telling)$/.test(cueWord) ? THAT_AFTER_ADDRESSEE : THAT_NEAR).exec(
          rest,
        );
        if (that)
          return {
            content: { start: restStart + that.index + that[0].length, end: s.end },
            cue,
            source: before,
          };
        // "Putin noted progress …, adding that contacts …": the clause is the one a second cue introduces.
        const second = new RegExp(`,\\s*(${ql.cueRe.source})\\s+that\\b\\s*`, 'iu').exec(rest);
        if (second) {
          const at = restStart + second.index;
          const cue2 = textSpan(
            text,
            at + second[0].indexOf(second[1]!),
            at + second[0].indexOf(second[1]!) + second[1]!.length,
          );
          return { content: { start: at + second[0].length, end: s.end }, cue: cue2, source: before };
        }
        if (cueWord === 'told') continue; // "told a meeting": no clause without "that"
        const direct = /^\s*,?\s*/.exec(rest)!;
        const startC = restStart + direct[0].length;
        if (
          text[startC] === ':' ||
          (/^[“"«„]/.test(text.slice(startC, startC + 1)) && quoteEndsSentence(text, startC, s.end))
        )
          continue; // a direct quotation follows
        if (
          /^([“"«„]?\p{Ll}|[“"«„]?[\p{Lu}][\p{Ll}]*(?:['’]s?|[\p{Ll}.-]*)\s)/u.test(text.slice(startC)) &&
          !/^(?:(?:to|for|at|in|on|with|by|of|during|after|before)\b|about\s+(?![\d$€£]|some\b|an?\b))/.test(
            text.slice(startC),
          )
        ) {
          return { content: { start: startC, end: s.end }, cue, source: before };
        }
      }
      continue;
    }
  }
  return null;
}

const SPACES_COMMA = /\s*,?\s*/;
const dateStarts = new WeakMap<DateMention[], Map<number, number>>();

/**
 * The first date (in the order of `ctx.dates`) that starts at `pos` or after only spaces and a comma: found
 * through an index of where dates start, not by testing every date of the text for every cue.
 */
function dateRightAfter(ctx: AnalysisContext, text: string, pos: number): DateMention | undefined {
  let starts = dateStarts.get(ctx.dates);
  if (!starts) {
    starts = new Map();
    for (const [i, d] of ctx.dates.entries()) if (!starts.has(d.start)) starts.set(d.start, i);
    dateStarts.set(ctx.dates, starts);
  }
  const gap = matchAt(SPACES_COMMA, text, pos)!;
  let best = -1;
  for (let p = gap.start; p <= gap.end; p++) {
    const i = starts.get(p);
    if (i !== undefined && (best < 0 || i < best)) best = i;
  }
  return best < 0 ? undefined : ctx.dates[best];
}

/** The speech cues of one sentence that are tried as its reporting verb, in order. */
const MAX_CUES_PER_SENTENCE = 24;

/** What may follow a closing attribution: nothing, or where and when it was said ("… Putin said at the meeting."). */
const CLAUSE_ENDS =
  /^(?![^.!?]*\bthat\b)\s*(?:(?:at|on|in|during|after|before|while|to|from|with|by|late|early|last|this|yesterday|today|earlier|later)\b[^,;:“”"«»]{0,60})?[\s.!?]*$/iu;

/** An attribution set off inside its clause: "This campaign, he says, is different." (the content is the whole sentence). */
function parentheticalAttribution(
  text: string,
  s: Span,
  ql: QuoteLexicon,
): { content: Span; cue: TextSpan; source: TextSpan } | null {
  const sent = text.slice(s.start, s.end);
  if (/^[“"«„]/.test(sent)) return null;
  const m =
    /^(\p{Lu}[^,;:“”"«»]{3,}?),\s+((?:he|she|they|we|(?:\p{Lu}[\p{L}.'’-]*\s+){0,2}\p{Lu}[\p{L}.'’-]*))\s+([\p{Ll}]+(?:\s+out)?),\s+(\p{Ll}[^“”"«»]*)$/u.exec(
      sent,
    );
  if (!m || !ql.clauseCues.has(m[3]!)) return null;
  if (!ql.pronouns.has(m[2]!.toLowerCase()) && !/^\p{Lu}/u.test(m[2]!)) return null;
  const srcStart = s.start + m[1]!.length + sent.slice(m[1]!.length).indexOf(m[2]!);
  const cueStart = srcStart + m[2]!.length + text.slice(srcStart + m[2]!.length).indexOf(m[3]!);
  let end = s.end;
  while (end > s.start && /[\s.!?]/.test(text[end - 1]!)) end--;
  return {
    content: { start: s.start, end },
    cue: textSpan(text, cueStart, cueStart + m[3]!.length),
    source: textSpan(text, srcStart, srcStart + m[2]!.length),
  };
}

/**
 * A sentence closed by its attribution: "…, said Putin.", "…, the Russian president says.", and a sentence
 * whose quoted fragment ends just before it ("The strikes “were accurate,” he stressed."). It wins over any
 * cue earlier in the sentence ("Russia hopes that …, says Putin").
 */
function invertedAttribution(
  text: string,
  s: Span,
  last: PhraseMatch,
  ql: QuoteLexicon,
): { content: Span; cue: TextSpan; source: TextSpan } | null {
  if (/^[“"«„]/.test(text.slice(s.start, s.start + 1))) return null;
  const cueStart = s.start + last.index!;
  const cueEnd = cueStart + last[0].length;
  const lead = text.slice(s.start, cueStart);
  if (
    !/,[”"]?\s*[–—-]?\s*(?:(?:\p{Lu}[\p{L}.'’-]*\s+){0,3}(?:he|she|they|we|\p{Lu}[\p{L}.'’-]*)\s+)?$/u.test(
      lead,
    ) ||
    wordCount(lead) < 4
  )
    return null;
  // The content ends before the comma, or after a closing mark that follows the comma (“…,” he stressed).
  const contentEnd = (commaAt: number): number =>
    /^,[”"]/.test(text.slice(commaAt, commaAt + 2)) ? commaAt + 2 : commaAt;
  // the speaker after the cue ("said Putin") or right before it ("he stressed")
  // (after "told", what follows is the addressee: "…, Putin told a meeting on Friday.")
  // A speaker after the cue only when the cue follows the comma directly: in "…, Reuters reported Tuesday."
  // the source precedes the cue, and what follows it ("Tuesday") is no speaker.
  const commaBeforeCue = lead.search(/,[”"]?\s*[–—-]?\s*$/);
  const after =
    commaBeforeCue < 0 || /^(?:told|tells|tell|telling)$/i.test(last[0])
      ? null
      : speakerForward(text, cueEnd, s.end, ql);
  if (after && CLAUSE_ENDS.test(text.slice(after.end, s.end))) {
    return {
      content: { start: s.start, end: contentEnd(s.start + commaBeforeCue) },
      cue: textSpan(text, cueStart, cueEnd),
      source: after,
    };
  }
  if (!CLAUSE_ENDS.test(text.slice(cueEnd, s.end))) return null;
  const m = /,[”"]?\s*((?:\p{Lu}[\p{L}.'’-]*\s+){0,3}(?:he|she|they|we|\p{Lu}[\p{L}.'’-]*))\s+$/u.exec(lead);
  if (!m || !(ql.pronouns.has(m[1]!.toLowerCase()) || /^\p{Lu}/u.test(m[1]!))) return null;
  const at = s.start + m.index + m[0].lastIndexOf(m[1]!);
  return {
    content: { start: s.start, end: contentEnd(s.start + m.index) },
    cue: textSpan(text, cueStart, cueEnd),
    source: textSpan(text, at, at + m[1]!.length),
  };
}

/** A title or name in quotation marks ("Meet the Press", "Russia Calling!"): every longer word capitalised. */
function isTitle(inner: string): boolean {
  const words = inner.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? [];
  return (
    words.length > 0 && words.length <= 8 && words.every((w) => w.length <= 3 || /^[\p{Lu}\p{N}]/u.test(w))
  );
}

/** A phrase found in a text: its text and where it starts (like a regex match). */
interface PhraseMatch {
  0: string;
  index: number;
}

/** The matches that start in [start, end), their index made relative to `start` (matches sorted by index). */
function within(matches: PhraseMatch[], start: number, end: number): PhraseMatch[] {
  const out: PhraseMatch[] = [];
  for (
    let i = firstIndex(matches, (m) => m.index < start);
    i < matches.length && matches[i]!.index < end;
    i++
  )
    out.push({ 0: matches[i]![0], index: matches[i]!.index - start });
  return out;
}

const firstWordsCache = new WeakMap<Set<string>, Set<string>>();

/** Where the phrases of a set occur in a text, longest first at each word, as match-like `{0: text, index}`. */
function phraseMatches(text: string, phrases: Set<string>, maxWords: number): PhraseMatch[] {
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
function stanceAttribution(
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
    const open = (THAT_AFTER_ADDRESSEE.exec(rest) ?? /^\s*/.exec(rest)!)[0].length;
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
function fragmentAttribution(
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
    const that = THAT_NEAR.exec(between) ?? /^\s*[:,]?\s*/u.exec(between)!;
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
function sharedSubject(text: string, s: Span, cueStart: number, ql: QuoteLexicon): TextSpan | null {
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
function withModifiers(text: string, sentStart: number, src: TextSpan): TextSpan {
  const lead = text.slice(sentStart, src.start);
  const m = /(?:^|,\s*|[—–:]\s+)((?:[\p{L}\p{N}][\p{L}\p{N}.'’-]*\s+){1,4})$/u.exec(lead);
  if (!m) return src;
  const words = m[1]!.trim().split(/\s+/);
  if (
    words.some(
      (w) =>
        STOP_NP.has(w.toLowerCase()) ||
        (DETERMINERS.has(w.toLowerCase()) && w !== words[0]) ||
        finiteVerbLike(w),
    )
  )
    return src;
  return textSpan(text, sentStart + lead.length - m[1]!.length, src.end);
}

/** Whether a word looks like a finite verb rather than a modifier ("criticized", "has"). */
function finiteVerbLike(w: string): boolean {
  return AUXILIARIES.has(w.toLowerCase()) || /^\p{Ll}+ed$/u.test(w);
}

/** The phrase "according to" introduces, to the next comma or the sentence end, at most fifteen words. */
function accordingSource(text: string, from: number, end: number): TextSpan | null {
  const m = /^\s+([^,;:.!?“”"«»()]+?)\s*(?=[,;:.!?]|$)/u.exec(text.slice(from, end));
  if (!m || wordCount(m[1]!) > 15) return null;
  const at = from + m[0].indexOf(m[1]!);
  return textSpan(text, at, at + m[1]!.length);
}

/** Whether the quotation opening at `open` closes at the end of its sentence (nothing but punctuation after it). */
function quoteEndsSentence(text: string, open: number, sentEnd: number): boolean {
  const close = text.slice(open + 1, sentEnd).search(/[”"»]/u);
  return close < 0 || /^[\s.,!?…”"»]*$/u.test(text.slice(open + 1 + close + 1, sentEnd));
}

const stickies = new WeakMap<RegExp, RegExp>();

function matchAt(re: RegExp, text: string, pos: number): Span | null {
  let sticky = stickies.get(re);
  if (!sticky) stickies.set(re, (sticky = new RegExp(re.source, 'iuy')));
  sticky.lastIndex = pos;
  const m = sticky.exec(text);
  return m ? { start: pos, end: pos + m[0].length } : null;
}

function skipAdverbs(text: string, pos: number): number {
  for (;;) {
    const m = /^\s+([\p{L}]+)(?=\s)/u.exec(text.slice(pos, pos + 40));
    if (!m || !ADVERBS.has(m[1]!.toLowerCase()) || ['on', 'in', 'at'].includes(m[1]!.toLowerCase()))
      return pos + (/^\s+/.exec(text.slice(pos))?.[0].length ?? 0);
    pos += m[0].length;
  }
}

interface Tok {
  start: number;
  end: number;
  w: string;
}

/** How far before a cue its speaker phrase is looked for, in characters. */
const LOOK_BACK = 500;

/** Where a look-back window ending at `end` starts: `start`, or a space at most LOOK_BACK before `end`. */
function lookBackStart(text: string, start: number, end: number): number {
  if (end - start <= LOOK_BACK) return start;
  const space = text.indexOf(' ', end - LOOK_BACK);
  return space >= 0 && space < end ? space + 1 : end - LOOK_BACK;
}

function tokensIn(text: string, start: number, end: number): Tok[] {
  const out: Tok[] = [];
  for (const m of text
    .slice(start, end)
    .matchAll(
      /(?:\p{L}\.){2,}|\p{Lu}\p{Ll}{0,3}\.(?=\s+\p{Lu})|[\p{L}\p{M}\p{N}](?:[\p{L}\p{M}\p{N}'’-]|\.(?=[\p{L}\p{N}]))*|[,;:.!?()–—]/gu,
    )) {
    out.push({ start: start + m.index!, end: start + m.index! + m[0].length, w: m[0] });
  }
  return out;
}

const isCap = (w: string): boolean => /^\p{Lu}/u.test(w);

/** Any short determiner phrase ("a trader", "one resident"): a speaker only where a speech cue follows it. */
function determinerPhrase(text: string, pos: number, limit: number): TextSpan | null {
  const m = /^(?:the|a|an|one|another|his|her|their|its)\s+(?:[\p{Ll}-]+\s+){0,2}?[\p{Ll}-]+(?=\s)/iu.exec(
    text.slice(pos, Math.min(limit, pos + 60)),
  );
  return m ? textSpan(text, pos, pos + m[0].length) : null;
}

/** A speaker phrase starting at `pos`: a pronoun, a name, or a determiner phrase headed by a speaker noun. */
function speakerForward(text: string, pos: number, limit: number, ql: QuoteLexicon): TextSpan | null {
  const toks = tokensIn(text, pos, Math.min(limit, pos + 160));
  const t0 = toks[0];
  if (!t0) return null;
  const l0 = t0.w.toLowerCase();
  if (ql.pronouns.has(l0)) return textSpan(text, t0.start, t0.end);
  let i = 0;
  if (DETERMINERS.has(l0) || /['’]s$/.test(t0.w)) i = 1;
  else if (!isCap(t0.w)) return null;
  let end = i === 1 ? t0.end : t0.start;
  let nouns = 0;
  let capitals = 0;
  let lastWord = '';
  for (; i < toks.length && i < 12; i++) {
    const t = toks[i]!;
    const lw = t.w.toLowerCase();
    if (/^[,;:.!?()–—]$/.test(t.w)) break;
    if (lw === 'of' || lw === 'the') {
      // "head of state", "the President of the Russian Federation", "co-chairs of the … Group"
      const nxt = toks[i + 1];
      if (nxt && (isCap(nxt.w) || ['state', 'government', 'the'].includes(nxt.w.toLowerCase()))) continue;
      break;
    }
    if (
      STOP_NP.has(lw) ||
      AUXILIARIES.has(lw) ||
      (ql.cueRe.test(t.w) && ((ql.cueRe.lastIndex = 0), true) && !ql.speakerNouns.has(lw))
    ) {
      ql.cueRe.lastIndex = 0;
      break;
    }
    ql.cueRe.lastIndex = 0;
    if (isCap(t.w)) capitals++;
    else if (ql.speakerNouns.has(lw.replace(/['’]s$/, '')) || ql.lex.titles.has(lw)) nouns++;
    else if (
      capitals > 0 &&
      i > 0 &&
      (!DETERMINERS.has(toks[0]!.w.toLowerCase()) || /^\p{Ll}+ed$/u.test(t.w))
    )
      break; // "Putin at a meeting", "The Arizona Republican survived"
    end = t.end;
    lastWord = lw;
  }
  if (end <= pos || (nouns === 0 && capitals === 0)) return null;
  const span = textSpan(text, t0.start, end);
  if (capitals === 0 && !ql.speakerNouns.has(lastWord) && !ql.lex.titles.has(lastWord)) return null;
  return span;
}

/** A speaker phrase ending right before `cueStart` (over adverbs): "Putin", "he", "the Russian leader",
 * "The ministry’s spokesman, Major General Igor Konashenkov," (the name), "Senior authorities in Russia". */
function speakerBackward(
  text: string,
  sentStart: number,
  cueStart: number,
  ql: QuoteLexicon,
): TextSpan | null {
  // Only the last stretch before the cue: a speaker phrase and what may set it off are a few dozen words, and a
  // sentence of many cues ("said said …") would otherwise be tokenised again for each.
  const from = lookBackStart(text, sentStart, cueStart);
  const windowed = from > sentStart;
  const toks = tokensIn(text, from, cueStart);
  let j = toks.length - 1;
  while (
    j >= 0 &&
    ADVERBS.has(toks[j]!.w.toLowerCase()) &&
    !['on', 'in', 'at'].includes(toks[j]!.w.toLowerCase())
  )
    j--;
  if (j < 0) return null;
  if (toks[j]!.w === ',' || toks[j]!.w === '—' || toks[j]!.w === '–') {
    // appositive: "…, Major General Igor Konashenkov, said"
    let k = j - 1;
    while (k >= 0 && isCap(toks[k]!.w)) k--;
    if (toks[j]!.w === ',' && k < j - 1 && k >= 0 && toks[k]!.w === ',')
      return textSpan(text, toks[k + 1]!.start, toks[j - 1]!.end);
    // A phrase set off before the cue ("Joe Bateman, who traveled …, says", "Rep. Tom Cole, an ally of …, said",
    // "Hunter, meanwhile, told", "Jason Sims — a teacher — says"): the speaker is the name before it.
    let c = j - 1;
    while (c >= 0 && toks[c]!.w !== toks[j]!.w && j - c <= 30 && !/^[;:.!?]$/.test(toks[c]!.w)) c--;
    if (c > 0 && toks[c]!.w === toks[j]!.w && c < j - 1) {
      const opener = toks[c + 1]!.w;
      if (
        SET_OFF_OPENERS.has(opener.toLowerCase()) ||
        ADVERBS.has(opener.toLowerCase()) ||
        /^\p{Ll}+(?:ly|ing|ed)$/u.test(opener)
      ) {
        return speakerBackward(text, sentStart, toks[c]!.start, ql);
      }
    }
    return null;
  }
  // A parenthesis right before the cue belongs to the speaker phrase: "Sen. John Cornyn (R-Texas) told".
  let phraseEnd: number | null = null;
  if (toks[j]!.w === ')') {
    let o = j - 1;
    while (o >= 0 && j - o <= 8 && toks[o]!.w !== '(') o--;
    if (o <= 0 || toks[o]!.w !== '(') return null;
    phraseEnd = toks[j]!.end;
    j = o - 1;
  }
  const last = toks[j]!;
  const lw = last.w.toLowerCase();
  if (ql.pronouns.has(lw)) return textSpan(text, last.start, last.end);
  if (!isCap(last.w) && !ql.speakerNouns.has(lw) && !ql.lex.titles.has(lw))
    return subjectPhrase(text, toks, j, ql, windowed);
  let k = j;
  let sawNoun = !isCap(last.w);
  while (k > 0) {
    const p = toks[k - 1]!;
    const pl = p.w.toLowerCase();
    if (/^[,;:.!?()–—]$/.test(p.w)) break;
    if (DETERMINERS.has(pl)) {
      k--;
      break;
    }
    if (pl === 'of' && k >= 2) {
      k--;
      continue;
    }
    if (
      ['in', 'from'].includes(pl) &&
      isCap(toks[k]!.w) &&
      k >= 2 &&
      ql.speakerNouns.has(toks[k - 2]!.w.toLowerCase())
    ) {
      k--; // "authorities in Russia"
      continue;
    }
    if (
      isCap(p.w) ||
      ql.speakerNouns.has(pl.replace(/['’]s$/, '')) ||
      ql.lex.titles.has(pl) ||
      ql.lex.demonyms.has(pl) ||
      /['’]s$/.test(p.w)
    ) {
      if (!isCap(p.w)) sawNoun = true;
      k--;
      continue;
    }
    if (
      sawNoun &&
      /^\p{Ll}+$/u.test(p.w) &&
      !STOP_NP.has(pl) &&
      k - 1 > 0 &&
      DETERMINERS.has(toks[k - 2]!.w.toLowerCase())
    ) {
      k--; // an adjective inside a determiner phrase: "the top ranking official"
      continue;
    }
    break;
  }
  // A sentence-initial adjective-like capitalised word before a noun: "Senior authorities"
  if (k > 0 && !windowed && toks[k - 1]!.start === sentStart && isCap(toks[k - 1]!.w) && !isCap(toks[k]!.w))
    k--;
  // A descriptive phrase in front of a name: "the city engineer Ada Moss"
  if (isCap(toks[k]!.w)) {
    let d = k - 1;
    while (
      d >= 0 &&
      k - d <= 3 &&
      /^\p{Ll}[\p{L}-]*$/u.test(toks[d]!.w) &&
      !STOP_NP.has(toks[d]!.w) &&
      !DETERMINERS.has(toks[d]!.w)
    )
      d--;
    if (d >= 0 && d < k - 1 && DETERMINERS.has(toks[d]!.w.toLowerCase())) k = d;
  }
  const first = toks[k]!;
  return textSpan(text, first.start, phraseEnd ?? last.end);
}

/**
 * A subject phrase that opens its clause and ends right before the cue, whatever its head noun: "The
 * billionaire businessman says", "Six in 10 say", "Nearly half said", "47 percent of voters said".
 */
function subjectPhrase(
  text: string,
  toks: Tok[],
  j: number,
  ql: QuoteLexicon,
  windowed = false,
): TextSpan | null {
  let k = j;
  while (k >= 0 && j - k < 8) {
    const w = toks[k]!.w;
    const lw = w.toLowerCase();
    if (
      /^[,;:.!?()–—]$/.test(w) ||
      (STOP_NP.has(lw) && lw !== 'in' && lw !== 'of') ||
      AUXILIARIES.has(lw) ||
      /^\p{Ll}+(?:ed|ly)$/u.test(w) ||
      matchAt(ql.cueRe, text, toks[k]!.start)
    )
      break;
    k--;
  }
  // Before the first token of a look-back window there is more of the sentence: that opens nothing.
  const opens = (k < 0 && !windowed) || (k >= 0 && /^[,;:–—]$/.test(toks[k]!.w));
  const first = toks[k + 1];
  if (!opens || !first || k + 1 > j) return null;
  const words = toks.slice(k + 1, j + 1).map((t) => t.w.toLowerCase());
  const quantity =
    /^(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|half|most|many|some|few|nearly|about|almost|more|majority|two-thirds|three-quarters|a)\b/.test(
      words[0]!,
    ) && QUANTITY_HEADS.test(words.join(' '));
  if (!quantity && !(DETERMINERS.has(words[0]!) && words.length >= 2)) return null;
  // "in" and "of" only inside a quantity ("6 in 10", "half of voters") or before a name ("a group in Ohio")
  if (!quantity && words.some((w) => w === 'in' || w === 'of')) return null;
  return textSpan(text, first.start, toks[j]!.end);
}

/** "that" opening a clause within a few words of its cue, or after "told" and an addressee ("told reporters on Monday that"). */
const THAT_NEAR = /^\s*(?:[^\s.;:“"«„]+\s+){0,4}?that\b\s*/u;
const THAT_AFTER_ADDRESSEE = /^\s*(?:[^\s.;:“"«„]+\s+){0,10}?that\b\s*/u;

const QUANTITY_HEADS =
  /\b(?:\d+\s+in\s+\d+|(?:one|two|three|four|five|six|seven|eight|nine)\s+in\s+(?:10|ten)|percent|per cent|half|third|thirds|quarter|quarters|majority|most|many|some|few)\b/;

/** Resolves speaker phrases to entities, keeping track of discourse (the last person who spoke). */
class SpeakerResolver {
  private lastSpeaker: { name: string; entity: string | null; at: number } | null = null;
  private readonly people: Entity[];

  /** Where each person was last named outside quotation marks: people named inside a quotation are what
   * its speaker talks about, not who a later "he" is. */
  private readonly spoken: Map<string, number[]>;

  constructor(
    private readonly ctx: AnalysisContext,
    private readonly ql: QuoteLexicon,
    quoted: QuotedSpan[],
  ) {
    this.people = ctx.entities.filter((e) => e.type === 'person');
    const inside = (pos: number): boolean => {
      const i = firstIndex(quoted, (q) => q.close <= pos);
      return i < quoted.length && quoted[i]!.open < pos;
    };
    this.spoken = new Map(
      this.people.map((e) => [
        e.id,
        e.mentions
          .filter((m) => !inside(m.start))
          .map((m) => m.start)
          .sort((a, b) => a - b),
      ]),
    );
    this.mentions = ctx.entities
      .flatMap((e) => e.mentions.map((m) => ({ e, m })))
      .map((x, order) => ({ ...x, order }))
      .sort((a, b) => a.m.start - b.m.start);
  }

  /** Every entity mention, sorted by start, each with its rank in entity order (what `resolve` sorts from). */
  private readonly mentions: { e: Entity; m: EntityMention; order: number }[];

  private lastNamedBefore(e: Entity, at: number): number {
    return lastStartBefore(this.spoken.get(e.id) ?? [], at);
  }

  noteSpeaker(q: Quote): void {
    const e = this.ctx.entities.find((x) => x.id === q.speakerEntity);
    if (!e || e.type === 'person')
      this.lastSpeaker = { name: q.speaker!, entity: q.speakerEntity, at: q.start };
  }

  resolve(source: TextSpan, at: number): Speaker {
    const phrase = source.text.toLowerCase().replace(/[’]/g, "'");
    const words = phrase.split(/\s+/);
    // The mentions inside the source, in entity order, then (a stable sort) the one ending last first.
    const inside: { e: Entity; m: EntityMention; order: number }[] = [];
    for (
      let i = firstIndex(this.mentions, (x) => x.m.start < source.start);
      i < this.mentions.length && this.mentions[i]!.m.start <= source.end;
      i++
    )
      if (this.mentions[i]!.m.end <= source.end) inside.push(this.mentions[i]!);
    inside.sort((a, b) => a.order - b.order).sort((a, b) => b.m.end - a.m.end);
    if (words.length === 1 && this.ql.pronouns.has(words[0]!)) {
      const kind = this.ql.pronouns.get(words[0]!)!;
      if (kind === 'person') return this.pronoun(source, at);
      if (this.lastSpeaker)
        return { source, speaker: this.lastSpeaker.name, entity: this.lastSpeaker.entity, confidence: 0.5 };
      return { source, speaker: null, entity: null, confidence: 0.3 };
    }
    const person = inside.find((x) => x.e.type === 'person');
    if (person) return { source, speaker: person.e.name, entity: person.e.id, confidence: 0.95 };
    const role = this.role(words, at);
    if (role) return { source, speaker: role.name, entity: role.id, confidence: 0.8 };
    // "The New York businessman", "the billionaire": a definite description of a person the text has named.
    if (
      words.length > 1 &&
      DETERMINERS.has(words[0]!) &&
      this.ql.personNouns.has(words.at(-1)!) &&
      !inside.some((x) => x.e.type === 'organization')
    ) {
      const p = this.pronoun({ ...source, text: '' }, at);
      if (p.speaker) return { ...p, source, confidence: Math.min(p.confidence, 0.6) };
    }
    const org = inside.find((x) => x.e.type !== 'person');
    if (org && !(org.e.type === 'place' && inside.length > 1))
      return { source, speaker: org.e.name, entity: org.e.id, confidence: 0.85 };
    // "the ministry": the organisation mentioned last whose name ends in that noun
    const head = words.at(-1)!.replace(/'s$/, '');
    const orgs = this.ctx.entities
      .filter((e) => e.type === 'organization' && fold(e.name).split(' ').at(-1) === head)
      .filter((e) => e.mentions.some((m) => m.start < at))
      .sort((a, b) => lastBefore(b, at) - lastBefore(a, at));
    if (orgs[0]) return { source, speaker: orgs[0].name, entity: orgs[0].id, confidence: 0.6 };
    if (inside[0]) return { source, speaker: inside[0].e.name, entity: inside[0].e.id, confidence: 0.6 };
    return { source, speaker: null, entity: null, confidence: 0.3 };
  }

  private pronoun(source: TextSpan, at: number): Speaker {
    // Only people the pronoun can stand for: "she" is not resolved to a man, nor "he" to a woman.
    const gender = this.ql.pronounGenders.get(source.text.toLowerCase());
    const fits = (id: string | null): boolean => {
      if (!gender || !id) return true;
      const e = this.people.find((p) => p.id === id);
      const g = e ? this.genderOf(e) : null;
      return !g || g === gender;
    };
    const recentSpeaker =
      this.lastSpeaker && at - this.lastSpeaker.at < 1500 && fits(this.lastSpeaker.entity)
        ? this.lastSpeaker
        : null;
    // The person mentioned last before the pronoun, unless the discourse is about the last speaker.
    // People whose gender the text shows come first, then those it does not ("the Convention" may be a misread name).
    const known = (e: Entity): number => (gender && this.genderOf(e) === gender ? 1 : 0);
    const mentioned = this.people
      .filter((e) => fits(e.id))
      .map((e) => ({ e, pos: this.lastNamedBefore(e, at) }))
      .filter((x) => x.pos >= 0)
      .sort((a, b) => known(b.e) - known(a.e) || b.pos - a.pos);
    const sentence = sentenceAt(this.ctx.sentences, at);
    const inSentence = mentioned.find((x) => sentence && x.pos >= sentence.start);
    if (inSentence) return { source, speaker: inSentence.e.name, entity: inSentence.e.id, confidence: 0.8 };
    if (recentSpeaker)
      return { source, speaker: recentSpeaker.name, entity: recentSpeaker.entity, confidence: 0.75 };
    if (mentioned[0])
      return { source, speaker: mentioned[0].e.name, entity: mentioned[0].e.id, confidence: 0.6 };
    return { source, speaker: null, entity: null, confidence: 0.3 };
  }

  private readonly genders = new Map<string, Gender | null>();

  /** A person's gender as the text shows it: an honorific before a mention ("Mrs. Clinton"), else the first name. */
  private genderOf(e: Entity): Gender | null {
    if (this.genders.has(e.id)) return this.genders.get(e.id)!;
    let g: Gender | null = null;
    for (const m of e.mentions) {
      const before = /([\p{L}]+\.?)\s+$/u
        .exec(this.ctx.text.slice(Math.max(0, m.start - 8), m.start))?.[1]
        ?.toLowerCase();
      const inside = m.text.split(/\s+/)[0]!.toLowerCase();
      g = this.ql.honorifics.get(inside) ?? (before ? this.ql.honorifics.get(before) : undefined) ?? null;
      if (g) break;
    }
    if (!g) {
      const first = e.name
        .split(/\s+/)
        .find((w) => /^\p{Lu}\p{Ll}+$/u.test(w) && !this.ql.lex.titles.has(w.toLowerCase()));
      const found =
        first && e.name.split(/\s+/).length > 1
          ? getGender(
              first,
              (['en', 'it', 'es', 'fr', 'de', 'tr'].includes(this.ctx.lang) ? this.ctx.lang : '') as 'en',
            )
          : 'unknown';
      g = found === 'unknown' ? null : found;
    }
    this.genders.set(e.id, g);
    return g;
  }

  /** "the Russian leader", "the head of state", "the President of the Russian Federation". */
  private role(words: string[], at: number): Entity | null {
    const lex = this.ql.lex;
    const phrase = words.filter((w) => !DETERMINERS.has(w)).join(' ');
    const padded = ` ${phrase} `;
    const noun = roleNouns(lex).find((n) => padded.includes(` ${n} `));
    if (!noun) return null;
    const demonym = words.find((w) => lex.demonyms.has(w));
    const country = demonym
      ? lex.demonyms.get(demonym)
      : (this.ctx.entities.find(
          (e) =>
            e.type === 'place' &&
            phrase.includes(
              ` of ${fold(e.aliases.find((a) => phrase.includes(a.toLowerCase())) ?? '\u0000')}`,
            ),
        )?.name ?? null);
    const candidates = this.people.filter((p) =>
      p.roles.some((r) => {
        const parts = r.split(/\s+/);
        const title = titleOf(r, lex);
        const office = lex.offices.get(title) ?? new Set([title]);
        if (!office.has(noun) && title !== noun) return false;
        if (!country) return true;
        const roleCountry =
          lex.demonyms.get(parts[0]!) ??
          (/ of (.*)$/.exec(r)?.[1] ? lex.known.get(fold(/ of (.*)$/.exec(r)![1]!))?.name : undefined);
        return !roleCountry || roleCountry === country;
      }),
    );
    // Discourse first: the current speaker keeps the role ("the president" after Putin spoke stays Putin).
    const current = candidates.find((e) => e.id === this.lastSpeaker?.entity);
    if (current) return current;
    const best = candidates.map((e) => ({ e, pos: lastBefore(e, at) })).sort((a, b) => b.pos - a.pos)[0];
    if (best) return best.e;
    // No one was given that role explicitly: the current person speaker, when there is one.
    if (this.lastSpeaker?.entity) return this.people.find((p) => p.id === this.lastSpeaker!.entity) ?? null;
    return null;
  }
}

const roleNounCache = new WeakMap<Lexicon, string[]>();

/** Every office and title noun of a lexicon, longest first. */
function roleNouns(lex: Lexicon): string[] {
  let nouns = roleNounCache.get(lex);
  if (!nouns) {
    nouns = [...new Set([...lex.offices.values()].flatMap((s) => [...s]).concat([...lex.titles]))].sort(
      (a, b) => b.length - a.length,
    );
    roleNounCache.set(lex, nouns);
  }
  return nouns;
}

/** The title inside a role: "harbour minister" -> "minister", "president of russia" -> "president". */
function titleOf(role: string, lex: Lexicon): string {
  const words = role.replace(/ of .*$/, '').split(/\s+/);
  for (let k = 0; k < words.length; k++) {
    const t = words.slice(k).join(' ');
    if (lex.titles.has(t)) return t;
  }
  return words.at(-1)!;
}

const mentionStarts = new WeakMap<Entity, number[]>();

/** Where the entity was last mentioned before `at` (-1 when it was not): a binary search. */
function lastBefore(e: Entity, at: number): number {
  let starts = mentionStarts.get(e);
  if (!starts) mentionStarts.set(e, (starts = e.mentions.map((m) => m.start).sort((a, b) => a - b)));
  return lastStartBefore(starts, at);
}

/** The greatest of sorted `starts` below `at`, or -1. */
function lastStartBefore(starts: number[], at: number): number {
  const i = firstIndex(starts, (p) => p < at);
  return i > 0 ? starts[i - 1]! : -1;
}

export const quotesAnalyzer: Analyzer = {
  name: 'quotes',
  run(ctx) {
    // Speech cues, pronouns and speaker nouns are words of a language: without them, quotes are not guessed.
    if (!languagesIn('quotes.json').has(ctx.lang)) {
      ctx.warnings.push(unsupportedLanguage('quotes', ctx.lang, 'speech cues (data/quotes.json)'));
      return;
    }
    ctx.quotes = findQuotes(ctx);
  },
};
