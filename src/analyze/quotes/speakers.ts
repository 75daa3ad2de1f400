/**
 * Speaker phrases: the words naming who spoke, found forward from a cue (said Putin, said the minister) or
 * backward from it (Putin said, the Russian president, who …, said), with the determiner phrase and subject
 * phrase rules that tell a speaker from a time, a place or a quantity.
 */
import type { TextSpan } from '../../model/document.js';
import { textSpan } from '../../model/document.js';
import { matchAt } from './cues.js';
import { QuoteLexicon } from './lexicon.js';

export interface Tok {
  start: number;
  end: number;
  w: string;
}

/** How far before a cue its speaker phrase is looked for, in characters. */
export const LOOK_BACK = 500;

/** Where a look-back window ending at `end` starts: `start`, or a space at most LOOK_BACK before `end`. */
export function lookBackStart(text: string, start: number, end: number): number {
  if (end - start <= LOOK_BACK) return start;
  const space = text.indexOf(' ', end - LOOK_BACK);
  return space >= 0 && space < end ? space + 1 : end - LOOK_BACK;
}

export function tokensIn(text: string, start: number, end: number): Tok[] {
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

export const isCap = (w: string): boolean => /^\p{Lu}/u.test(w);

/** Any short determiner phrase ("a trader", "one resident"): a speaker only where a speech cue follows it. */
export function determinerPhrase(
  text: string,
  pos: number,
  limit: number,
  ql: QuoteLexicon,
): TextSpan | null {
  const m = ql.determinerPhrase.exec(text.slice(pos, Math.min(limit, pos + 60)));
  return m ? textSpan(text, pos, pos + m[0].length) : null;
}

/** A speaker phrase starting at `pos`: a pronoun, a name, or a determiner phrase headed by a speaker noun. */
export function speakerForward(text: string, pos: number, limit: number, ql: QuoteLexicon): TextSpan | null {
  const toks = tokensIn(text, pos, Math.min(limit, pos + 160));
  const t0 = toks[0];
  if (!t0) return null;
  const l0 = t0.w.toLowerCase();
  if (ql.pronouns.has(l0)) return textSpan(text, t0.start, t0.end);
  let i = 0;
  if (ql.determiners.has(l0) || /['’]s$/.test(t0.w)) i = 1;
  // "said defence lawyer Maria Ortiz", "said panel chairman …": a speaker noun or its modifier may open the phrase.
  else if (!isCap(t0.w) && !isSpeakerNoun(l0, ql) && !isSpeakerNoun(toks[1]?.w.toLowerCase() ?? '', ql))
    return null;
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
      ql.nounPhraseStops.has(lw) ||
      ql.auxiliaries.has(lw) ||
      (ql.cueRe.test(t.w) && ((ql.cueRe.lastIndex = 0), true) && !ql.speakerNouns.has(lw))
    ) {
      ql.cueRe.lastIndex = 0;
      break;
    }
    ql.cueRe.lastIndex = 0;
    if (isCap(t.w)) capitals++;
    else if (isSpeakerNoun(lw, ql)) nouns++;
    else if (isSpeakerNoun(toks[i + 1]?.w.toLowerCase() ?? '', ql) && !isCap(toks[i + 1]!.w)) {
      // a modifier of the speaker noun after it: "White House press secretary Josh Earnest"
    } else if (
      capitals > 0 &&
      i > 0 &&
      (!ql.determiners.has(toks[0]!.w.toLowerCase()) || /^\p{Ll}+ed$/u.test(t.w))
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

/**
 * The token before a time phrase that ends at token `j`, or `j`: a weekday with its preposition or a word
 * such as "yesterday" between a speaker and the cue ("Hochul on Sunday said", "The ministry yesterday
 * said"). The words are the language's (data/entities.json: timeWords, leadingTimeWords).
 */
function beforeTimePhrase(toks: Tok[], j: number, ql: QuoteLexicon): number {
  const words = ql.lex.entityWords;
  const lower = (k: number): string => toks[k]?.w.toLowerCase() ?? '';
  if (!words || j < 1) return j;
  if (words.leadingTimeWords.has(lower(j))) return j - 1;
  if (!words.timeWords.has(lower(j))) return j;
  // (the preposition before the weekday: "on", "by"; a capitalised one would open the sentence)
  return j >= 2 && /^\p{Ll}{2,3}$/u.test(toks[j - 1]!.w) ? j - 2 : j - 1;
}

/** A speaker phrase ending right before `cueStart` (over adverbs): "Putin", "he", "the Russian leader",
 * "The ministry’s spokesman, Major General Igor Konashenkov," (the name), "Senior authorities in Russia". */
export function speakerBackward(
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
    ql.adverbs.has(toks[j]!.w.toLowerCase()) &&
    !['on', 'in', 'at'].includes(toks[j]!.w.toLowerCase())
  )
    j--;
  j = beforeTimePhrase(toks, j, ql);
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
        ql.setOffOpeners.has(opener.toLowerCase()) ||
        ql.adverbs.has(opener.toLowerCase()) ||
        /^\p{Ll}+(?:ly|ing|ed)$/u.test(opener)
      ) {
        const inner = speakerBackward(text, sentStart, toks[c]!.start, ql);
        // The phrase found is itself an apposition to a name opening the sentence ("Michael Mulgrew, president
        // of the teachers' union, which represents …, said"; "Jean-Marc Ayrault, the foreign minister of
        // France, a permanent member …, said"): the speaker is that name.
        // (not a name itself: "Lee Epstein, …, and William M. Landes, …, said")
        if (!inner || windowed) return inner;
        const opening = inner.text.split(/\s/u)[0]!;
        const description = !isCap(opening) || ql.determiners.has(opening.toLowerCase());
        return (description && nameBeforeApposition(toks, inner.start, ql, text)) || inner;
      }
      // "Senator Dianne Feinstein, Democrat of California, said", "But Megan Hester, senior associate at …,
      // said": a name of two capitalised words or more opening the sentence, then its apposition.
      if (toks[j]!.w === ',' && !windowed) {
        let f = 0;
        while (f < c && ql.sentenceConjunctions.has(toks[f]!.w.toLowerCase())) f++;
        const name = toks.slice(f, c);
        if (
          name.length >= 2 &&
          name.length <= 6 &&
          name.every((t) => isCap(t.w)) &&
          !name.some((t) => ql.pronouns.has(t.w.toLowerCase()) || ql.determiners.has(t.w.toLowerCase()))
        )
          return textSpan(text, name[0]!.start, name.at(-1)!.end);
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
    if (ql.determiners.has(pl)) {
      k--;
      break;
    }
    if (pl === 'of' && k >= 2) {
      k--;
      continue;
    }
    if (
      ['in', 'from', 'for'].includes(pl) &&
      isCap(toks[k]!.w) &&
      k >= 2 &&
      ql.speakerNouns.has(toks[k - 2]!.w.toLowerCase())
    ) {
      k--; // "authorities in Russia", "a spokeswoman for Hillary Clinton"
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
      !ql.nounPhraseStops.has(pl) &&
      k - 1 > 0 &&
      ql.determiners.has(toks[k - 2]!.w.toLowerCase())
    ) {
      k--; // an adjective inside a determiner phrase: "the top ranking official"
      continue;
    }
    break;
  }
  // Modifiers back to the determiner that opens the phrase, one of them a capitalised adjective: "the Catalan
  // justice department", not "Catalan" or "department" ("In a statement, the Flemish transport office said").
  // (not a participle or an adverb: "the officers accused of …" is a clause, not a phrase)
  if (sawNoun && !isCap(toks[k]!.w) && !ql.determiners.has(toks[k]!.w.toLowerCase())) {
    let d = k - 1;
    const modifier = (w: string): boolean =>
      /^[\p{L}][\p{L}-]*$/u.test(w) &&
      !/^\p{Ll}+(?:ed|ly)$/u.test(w) &&
      !ql.nounPhraseStops.has(w.toLowerCase()) &&
      !ql.auxiliaries.has(w.toLowerCase()) &&
      !ql.determiners.has(w.toLowerCase()) &&
      !ql.pronouns.has(w.toLowerCase());
    while (d >= 0 && k - d <= 3 && modifier(toks[d]!.w)) d--;
    const capitalised = toks.slice(d + 1, k).some((t) => isCap(t.w));
    if (d >= 0 && d < k - 1 && capitalised && ql.determiners.has(toks[d]!.w.toLowerCase())) k = d;
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
      !ql.nounPhraseStops.has(toks[d]!.w) &&
      !ql.determiners.has(toks[d]!.w)
    )
      d--;
    if (d >= 0 && d < k - 1 && ql.determiners.has(toks[d]!.w.toLowerCase())) k = d;
  }
  const first = toks[k]!;
  return textSpan(text, first.start, phraseEnd ?? last.end);
}

/**
 * The name of two to six capitalised words opening the sentence (after a conjunction) and set off by a comma,
 * when `at` lies in the apposition right after that comma (no other comma between): null otherwise.
 */
function nameBeforeApposition(toks: Tok[], at: number, ql: QuoteLexicon, text: string): TextSpan | null {
  let f = 0;
  while (f < toks.length && ql.sentenceConjunctions.has(toks[f]!.w.toLowerCase())) f++;
  const comma = toks.findIndex((t, i) => i >= f && t.w === ',');
  if (comma < 0 || toks[comma + 1] === undefined || toks[comma + 1]!.start > at) return null;
  if (toks.some((t) => t.start > toks[comma]!.start && t.start < at && /^[,;:.!?()–—]$/.test(t.w)))
    return null;
  const name = toks.slice(f, comma);
  // "On Saturday, …", "In London, …": an opening adverbial, not a name
  const lead = name[0]?.w.toLowerCase() ?? '';
  if (ql.nounPhraseStops.has(lead) || ql.adverbs.has(lead) || ql.lex.functionWords.has(lead)) return null;
  if (
    name.length < 2 ||
    name.length > 6 ||
    !name.every((t) => isCap(t.w)) ||
    name.some((t) => ql.pronouns.has(t.w.toLowerCase()) || ql.determiners.has(t.w.toLowerCase()))
  )
    return null;
  return textSpan(text, name[0]!.start, name.at(-1)!.end);
}

/**
 * A subject phrase that opens its clause and ends right before the cue, whatever its head noun: "The
 * billionaire businessman says", "Six in 10 say", "Nearly half said", "47 percent of voters said".
 */
export function subjectPhrase(
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
      (ql.nounPhraseStops.has(lw) && lw !== 'in' && lw !== 'of') ||
      ql.auxiliaries.has(lw) ||
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
  const quantity = ql.quantityOpener.test(words[0]!) && ql.quantityHeads.test(words.join(' '));
  if (!quantity && !(ql.determiners.has(words[0]!) && words.length >= 2)) return null;
  // "in" and "of" only inside a quantity ("6 in 10", "half of voters") or before a name ("a group in Ohio")
  if (!quantity && words.some((w) => w === 'in' || w === 'of')) return null;
  return textSpan(text, first.start, toks[j]!.end);
}

/** A noun that heads a speaker phrase or a title ("spokesman", "secretary", "ministry's"). */
function isSpeakerNoun(lw: string, ql: QuoteLexicon): boolean {
  return ql.speakerNouns.has(lw.replace(/['’]s$/, '')) || ql.lex.titles.has(lw);
}
