/**
 * Attribution passes: the cue and speaker right after a quotation (“…,” Putin said / said Putin), right before it
 * (he said: “…”), reported clauses (Putin said that …; according to Putin, …), parenthetical and inverted
 * attributions (…, the minister said, …), each returning the cue, the speaker phrase and the content span.
 */
import type { DateMention, Span, TextSpan } from '../../model/document.js';
import { textSpan } from '../../model/document.js';
import type { AnalysisContext } from '../context.js';
import {
  PhraseMatch,
  accordingSource,
  matchAt,
  quoteEndsSentence,
  sharedSubject,
  skipAdverbs,
  withModifiers,
} from './cues.js';
import { lastSentenceFrom, wordCount } from './find.js';
import { QuoteLexicon } from './lexicon.js';
import { QuotedSpan } from './spans.js';
import { determinerPhrase, speakerBackward, speakerForward } from './speakers.js';

export interface Attribution {
  cue: TextSpan;
  source: TextSpan;
}

/**
 * A cue right before the opening mark ("yelled “You lie!”", "argues that “…”") introduces a whole quotation
 * when it is the sentence's only cue (not "he stressed that it revealed “…”", a fragment inside a reported
 * clause) and the quotation runs to the end of its sentence (not "reiterated that “not enough” was done").
 */
export function cueIntroduces(
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
export function attributionAfter(
  text: string,
  from: number,
  limit: number,
  ql: QuoteLexicon,
): Attribution | null {
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
  let src = speakerForward(text, pos, limit, ql) ?? determinerPhrase(text, pos, limit, ql);
  if (!src) return null;
  // "Rep. Gwen Moore (D-Wis.) said", "Scott Pruitt, the attorney general of Oklahoma, one of the states suing, said"
  pos = src.end;
  const paren = /^\s*\([^()]{1,40}\)/u.exec(text.slice(pos, limit));
  if (paren) {
    pos += paren[0].length;
    src = textSpan(text, src.start, pos);
  }
  for (let i = 0; i < 3; i++) {
    // An abbreviation's full stop stays inside the apposition ("Mitch McConnell, R-Ky., said").
    const apposition = (
      i === 0
        ? /^\s*,(?:[^,.;:!?“”"«»()]|(?<=\p{Lu}\p{Ll}{0,3})\.){1,120},/u
        : /^\s*(?:[^,.;:!?“”"«»()]|(?<=\p{Lu}\p{Ll}{0,3})\.){1,120},/u
    ).exec(text.slice(pos, limit));
    if (!apposition || matchAt(ql.cueRe, text, skipAdverbs(text, pos, ql))) break;
    pos += apposition[0].length;
    if (matchAt(ql.cueRe, text, skipAdverbs(text, pos, ql))) break;
  }
  pos = skipAdverbs(text, pos, ql);
  const cue = matchAt(ql.cueRe, text, pos);
  return cue ? { cue: textSpan(text, cue.start, cue.end), source: src } : null;
}

/** Before an opening mark: "Putin said: “", "he added, “", or the subject of "The head of state is perplexed: “". */
export function attributionBefore(
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
export function reportedClause(
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
      const that = ql.clauseOpen.exec(text.slice(cueEnd, s.end));
      if (that) return { content: { start: cueEnd + that[0].length, end: s.end }, cue, source: lastSpeaker };
    }
    if (participle && !by) continue;
    if (before) lastSpeaker = before;
    if (before) {
      // "On Sunday, former President Bill Clinton said …": modifiers between a comma and the name belong to the source.
      if (!shared) before = withModifiers(text, s.start, before, ql);
      const lead = shared ? '' : text.slice(s.start, before.start);
      const appositive = text[before.end] === ',';
      // "…, Russian President Vladimir Putin told a meeting …": the clause comes first
      // …unless a clause follows the cue: "Speaking outside the talks, the minister said that …" reports what follows.
      const tail = text.slice(cueEnd, s.end).replace(/^\s*,?\s*/, '');
      const clauseFollows =
        /^(?:[^\s,;.]+\s+){0,8}?that\b/i.test(tail) ||
        (cueWord !== 'told' && wordCount(tail) > 3 && !ql.postCueAdjunct.test(tail));
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
        const that = (ql.addresseeCues.has(cueWord) ? ql.thatAfterAddressee : ql.thatNear).exec(rest);
        if (that)
          return {
            content: { start: restStart + that.index + that[0].length, end: s.end },
            cue,
            source: before,
          };
        // "Putin noted progress …, adding that contacts …": the clause is the one a second cue introduces.
        const second = ql.secondCueThat.exec(rest);
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

export const SPACES_COMMA = /\s*,?\s*/;
export const dateStarts = new WeakMap<DateMention[], Map<number, number>>();

/**
 * The first date (in the order of `ctx.dates`) that starts at `pos` or after only spaces and a comma: found
 * through an index of where dates start, not by testing every date of the text for every cue.
 */
export function dateRightAfter(ctx: AnalysisContext, text: string, pos: number): DateMention | undefined {
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
export const MAX_CUES_PER_SENTENCE = 24;

/** An attribution set off inside its clause: "This campaign, he says, is different." (the content is the whole sentence). */
export function parentheticalAttribution(
  text: string,
  s: Span,
  ql: QuoteLexicon,
): { content: Span; cue: TextSpan; source: TextSpan } | null {
  const sent = text.slice(s.start, s.end);
  if (/^[“"«„]/.test(sent)) return null;
  const m = ql.parenthetical.exec(sent);
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
export function invertedAttribution(
  text: string,
  s: Span,
  last: PhraseMatch,
  ql: QuoteLexicon,
): { content: Span; cue: TextSpan; source: TextSpan } | null {
  if (/^[“"«„]/.test(text.slice(s.start, s.start + 1))) return null;
  const cueStart = s.start + last.index!;
  const cueEnd = cueStart + last[0].length;
  const lead = text.slice(s.start, cueStart);
  if (!ql.invertedLead.test(lead) || wordCount(lead) < 4) return null;
  // The content ends before the comma, or after a closing mark that follows the comma (“…,” he stressed).
  const contentEnd = (commaAt: number): number =>
    /^,[”"]/.test(text.slice(commaAt, commaAt + 2)) ? commaAt + 2 : commaAt;
  // the speaker after the cue ("said Putin") or right before it ("he stressed")
  // (after "told", what follows is the addressee: "…, Putin told a meeting on Friday.")
  // A speaker after the cue only when the cue follows the comma directly: in "…, Reuters reported Tuesday."
  // the source precedes the cue, and what follows it ("Tuesday") is no speaker.
  const commaBeforeCue = lead.search(/,[”"]?\s*[–—-]?\s*$/);
  const after =
    commaBeforeCue < 0 || ql.addresseeCues.has(last[0].toLowerCase())
      ? null
      : speakerForward(text, cueEnd, s.end, ql);
  if (after && ql.clauseEnds.test(text.slice(after.end, s.end))) {
    return {
      content: { start: s.start, end: contentEnd(s.start + commaBeforeCue) },
      cue: textSpan(text, cueStart, cueEnd),
      source: after,
    };
  }
  if (!ql.clauseEnds.test(text.slice(cueEnd, s.end))) return null;
  const m = ql.invertedSubject.exec(lead);
  if (!m || !(ql.pronouns.has(m[1]!.toLowerCase()) || /^\p{Lu}/u.test(m[1]!))) return null;
  const at = s.start + m.index + m[0].lastIndexOf(m[1]!);
  return {
    content: { start: s.start, end: contentEnd(s.start + m.index) },
    cue: textSpan(text, cueStart, cueEnd),
    source: textSpan(text, at, at + m[1]!.length),
  };
}
