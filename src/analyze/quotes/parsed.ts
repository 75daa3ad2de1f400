/**
 * Attribution read from the dependency parse: who is the subject of a verb of saying that governs a
 * quotation, and which people stand as subjects in the sentences before a pronoun. Sentences are parsed
 * lazily, only those an attribution asks about (a quotation the patterns left without a cue, the sentences
 * a pronoun looks back over), and each once: parsing every sentence of every article would cost more than
 * the rest of the analysis together.
 */
import type { Span, TextSpan } from '../../model/document.js';
import { textSpan } from '../../model/document.js';
import { firstIndex } from '../../util/search.js';
import { lemmatize, parse, type SyntaxSentence, type SyntaxToken } from '../syntax/index.js';

/** The longest sentence parsed, in characters: beyond it a "sentence" is a list or a page's run-on furniture. */
const MAX_SENTENCE = 1200;

/** The parses of an article's sentences, made on demand. */
export class SentenceParses {
  private readonly parsed = new Map<number, SyntaxSentence | null>();

  /** `text` is the text attribution reads (its quotation view), `sentences` the article's, sorted. */
  constructor(
    readonly text: string,
    readonly sentences: readonly Span[],
    readonly enabled: boolean,
  ) {}

  /** The index of the sentence holding `pos`, -1 when none does. */
  indexAt(pos: number): number {
    const i = firstIndex(this.sentences, (s) => s.end <= pos);
    return i < this.sentences.length && this.sentences[i]!.start <= pos ? i : -1;
  }

  /** The parse of sentence `i`, or null when the language has no parser or the sentence is too long. */
  get(i: number): SyntaxSentence | null {
    if (!this.enabled || i < 0 || i >= this.sentences.length) return null;
    let p = this.parsed.get(i);
    if (p === undefined) {
      const s = this.sentences[i]!;
      p = s.end - s.start > MAX_SENTENCE ? null : (parse(this.text, [s])[0] ?? null);
      this.parsed.set(i, p);
    }
    return p;
  }

  /** How many sentences were parsed (for tests and measurements). */
  get count(): number {
    return [...this.parsed.values()].filter(Boolean).length;
  }
}

/** The words of the speech lexicon the parse reads: lemmas of verbs and nouns of saying. */
export interface SpeechWords {
  /** Lemmas of verbs whose complement is what was said ("say", "tell", "ask", "write", "chant"). */
  verbs: ReadonlySet<string>;
  /** Verb + particle or object that together say ("put it", "point out"), as "lemma word". */
  phrases: ReadonlySet<string>;
  /** The verbs the phrases start with ("put", "point"). */
  phraseHeads: ReadonlySet<string>;
  /** Lemmas of verbs that name or describe what they say of their object ("called the plan “a disaster”"). */
  naming: ReadonlySet<string>;
  /** The "according to" family, anchored: matches at the start of the text given. */
  according: RegExp;
  /** The same, anywhere in the text given. */
  accordingIn: RegExp;
}

export interface ParsedAttribution {
  cue: TextSpan;
  source: TextSpan;
}

const SUBJECT = /^nsubj/;
/** Relations by which a quotation (or the clause holding it) is what a verb says. */
const SAID = new Set(['ccomp', 'parataxis', 'obj', 'xcomp', 'dep', 'conj', 'advcl']);
/** Relations of words that open a subtree but not the noun phrase. */
const EDGE = new Set(['case', 'fixed', 'mark', 'cc', 'punct']);
/** Relations that give a verb a complement of its own: a cue with one does not introduce a quotation after it. */
const COMPLEMENT = new Set(['ccomp', 'obj', 'xcomp']);
/** Relations by which a verb shares the subject of the verb it hangs from ("…, saying “…”"). */
const SHARED = new Set(['advcl', 'xcomp', 'conj']);

/**
 * The cue and speaker of a quotation [open, close] (its marks) from the parse of its sentence: the verb of
 * saying that governs the quotation, or a verb of saying hanging from the verb that does ("attacked Clinton,
 * saying “…”"), and that verb's subject, the agent of a passive, or the noun a participle modifies ("footage
 * of Clinton asking “…”"). Null when the parse shows no verb of saying with a speaker.
 */
export function quotationAttribution(
  parses: SentenceParses,
  text: string,
  open: number,
  close: number,
  words: SpeechWords,
): ParsedAttribution | null {
  // The quotation's first sentence holds a cue before it; its last, one after it (the splitter may cut inside it).
  const first = parses.indexAt(open);
  const last = parses.indexAt(Math.max(open, close - 1));
  for (const i of first === last ? [first] : [first, last]) {
    if (!mayHoldCue(text, parses.sentences[i], open, close, words)) continue;
    const s = parses.get(i);
    if (!s) continue;
    const toks = s.tokens;
    const inQuote = (t: SyntaxToken): boolean => t.start > open && t.end <= close;
    const cues: number[] = [];
    // a verb the quotation hangs from ("told me, “…”")
    for (const h of toks)
      if (inQuote(h) && h.head >= 0 && !inQuote(toks[h.head]!) && SAID.has(h.deprel.split(':')[0]!)) {
        const v = speechVerb(toks, h.head, words, open);
        if (v !== undefined) cues.push(v);
      }
    // a verb outside it hanging from it ("“…,” said the widow"; "As Rosenthal put it, “…”"), as the parse
    // attaches a parenthetical cue
    toks.forEach((t, k) => {
      if (!inQuote(t) && t.head >= 0 && inQuote(toks[t.head]!) && isSpeech(toks, k, words)) cues.push(k);
    });
    // a verb of saying right before the opening mark, with no complement of its own ("footage of Clinton
    // asking, “…”"), however the parse attached the quotation
    const lead = toks.filter((t) => t.end <= open && t.upos !== 'PUNCT').at(-1);
    if (lead && /^[\s,:]*$/u.test(text.slice(lead.end, open))) {
      const k = toks.indexOf(lead);
      if (
        lead.upos === 'VERB' &&
        isSpeech(toks, k, words) &&
        !toks.some((d) => d.head === k && COMPLEMENT.has(d.deprel) && !inQuote(d))
      )
        cues.push(k);
    }
    // "According to Limbaugh, “…”": the object of the phrase is the source
    for (const [k, t] of toks.entries()) {
      if (
        inQuote(t) ||
        t.deprel !== 'case' ||
        t.start > open ||
        !words.according.test(text.slice(t.start, open))
      )
        continue;
      const source = t.head;
      if (source < 0 || inQuote(toks[source]!) || toks[source]!.end > open) continue;
      const fixed = toks.filter((d) => d.head === k && d.deprel === 'fixed').at(-1) ?? t;
      return {
        cue: textSpan(text, t.start, fixed.end),
        source: phraseSpan(text, toks, source, (d) => inQuote(d) || d.start > open),
      };
    }
    for (const cue of cues) {
      const speaker = speakerOf(toks, cue, inQuote);
      if (speaker === null) continue;
      return {
        cue: cueSpan(text, toks, cue),
        source: phraseSpan(
          text,
          toks,
          speaker,
          (t) => inQuote(t) || t.start < open !== toks[speaker]!.start < open,
        ),
      };
    }
  }
  return null;
}

/** A reported clause read from the parse: its verb of saying, the speaker, and the clause said. */
export interface ParsedReport extends ParsedAttribution {
  content: Span;
}

/** Relations by which a naming verb's words about its object are said ("called [the plan] [“a disaster”]"). */
const NAMED = new Set(['obj', 'xcomp', 'obl']);

/**
 * The reported clause holding the words at `at` (a quoted fragment's opening mark): the nearest verb of
 * saying above them whose complement clause (ccomp) holds them ("Lee said [that the plan was “a disaster”]"),
 * or a naming verb whose object and predicate hold them ("Lee called [the plan “a disaster”]"); the speaker
 * is that verb's subject (or the one it shares, or the agent of a passive). The content is the complement's
 * words, without the "that" opening it and never with the cue inside it; what the writer adds after the
 * clause ("…, and tells the crowd …", "…, as he faces …") hangs from the verb, not from the clause, and stays
 * out. Null when no such verb or no speaker.
 */
export function reportedOnParse(
  parses: SentenceParses,
  text: string,
  at: number,
  words: SpeechWords,
): ParsedReport | null {
  const i = parses.indexAt(at);
  // Most quoted fragments (titles, scare quotes) stand in sentences with no verb of saying or naming at all:
  // a look at the words spares those sentences the parse.
  if (!mayReport(text, parses.sentences[i], words)) return null;
  const s = parses.get(i);
  if (!s) return null;
  const toks = s.tokens;
  const f = toks.findIndex((t) => t.start >= at);
  if (f < 0) return null;
  let found: ParsedReport | null = null;
  // The outermost verb of saying wins: "Kasich says he would be yelling at voters, saying “Vote for me”"
  // reports what Kasich says, the quotation inside it included.
  for (let c = f, n = 0; toks[c]!.head >= 0 && n < toks.length; c = toks[c]!.head, n++) {
    const v = toks[c]!.head;
    const report = reportOf(text, toks, v, c, words);
    if (report) found = report;
  }
  return found;
}

/**
 * Where a reported clause opens when words the tagger reads as an addressee, a time or a place stand between
 * its cue and the complementizer ("telling dock workers at a rally that …", "said earlier this week that
 * …"): at the word after that "that", if no verb or stop comes before it, else null. Read on the tags, which
 * hold where the parse attaches the clause wrongly.
 */
export function clauseAfterThat(parses: SentenceParses, cue: Span, before: number): number | null {
  const s = parses.get(parses.indexAt(cue.start));
  if (!s) return null;
  const toks = s.tokens;
  const k = toks.findIndex((t) => t.end >= cue.end);
  for (let j = k + 1; j > 0 && j < toks.length && toks[j]!.start < before; j++) {
    const t = toks[j]!;
    if (t.lemma === 'that' && (t.upos === 'SCONJ' || t.deprel === 'mark')) return toks[j + 1]?.start ?? t.end;
    if (t.upos === 'VERB' || t.upos === 'AUX' || /^[.;:!?“”"«»]$/u.test(t.text)) return null;
  }
  return null;
}

/** The report of verb `v` through its child `c` on the way to the quoted words, or null. */
function reportOf(
  text: string,
  toks: SyntaxToken[],
  v: number,
  c: number,
  words: SpeechWords,
): ParsedReport | null {
  const t = toks[v]!;
  if (t.upos !== 'VERB') return null;
  const rel = toks[c]!.deprel;
  let parts: number[];
  if (rel === 'ccomp' && isSpeech(toks, v, words)) parts = [c];
  else if (NAMED.has(rel) && words.naming.has(t.lemma))
    parts = toks.flatMap((d, k) => (d.head === v && NAMED.has(d.deprel) && k > v ? [k] : []));
  else return null;
  if (!parts.length) return null;
  const under = (k: number): boolean => parts.some((h) => dominates(toks, h, k));
  let a = toks.findIndex((_, k) => under(k));
  let b = toks.findLastIndex((_, k) => under(k));
  if (a <= v) return null; // the clause comes after its verb; one around it is not its complement
  // "said earlier this year that …": the complementizer of the clause opens what is said
  const that = toks.findIndex(
    (d, k) => d.deprel === 'mark' && d.lemma === 'that' && parts.includes(d.head) && k >= a,
  );
  if (that >= 0) a = that + 1;
  // "said his staff “did the wrong thing”, but that the blocking was …": a second clause opened by "that"
  // and joined to the verb (as the parser often joins it) is said too
  for (const [k, d] of toks.entries())
    if (
      d.head === v &&
      d.deprel === 'conj' &&
      k > b &&
      toks.some((m) => m.head === k && m.deprel === 'mark' && m.lemma === 'that')
    )
      b = Math.max(
        b,
        toks.findLastIndex((_, j) => dominates(toks, k, j)),
      );
  // "said it was “not enough”, therefore “it would be …”": a clause the verb holds side by side with its
  // complement (parataxis) goes on with what is said
  for (let k = b + 1; k < toks.length; k++) {
    if (toks[k]!.upos === 'PUNCT') continue;
    const top = childOnPath(toks, v, k);
    if (top === null || top < b || toks[top]!.deprel !== 'parataxis') break;
    b = toks.findLastIndex((_, j) => dominates(toks, top, j));
    k = b;
  }
  // a quotation the clause opens closes with it, its closing mark and the stop inside it included
  while (
    b + 1 < toks.length &&
    toks[b + 1]!.upos === 'PUNCT' &&
    hasOpenMark(text.slice(toks[a]!.start, toks[b]!.end))
  )
    b++;
  while (b > a && toks[b]!.upos === 'PUNCT' && !/[”"»]/u.test(toks[b]!.text)) b--;
  const inContent = (x: SyntaxToken): boolean => x.start >= toks[a]!.start && x.end <= toks[b]!.end;
  const speaker = speakerOf(toks, v, inContent);
  if (speaker === null || inContent(toks[speaker]!)) return null;
  return {
    cue: cueSpan(text, toks, v),
    source: phraseSpan(text, toks, speaker, (x) => inContent(x) || x.start >= t.start),
    content: { start: toks[a]!.start, end: toks[b]!.end },
  };
}

/** The child of `v` on the path from `k` up to it, null when `k` is not below `v`. */
function childOnPath(toks: SyntaxToken[], v: number, k: number): number | null {
  for (let j = k, n = 0; j >= 0 && n < toks.length; j = toks[j]!.head, n++) if (toks[j]!.head === v) return j;
  return null;
}

/** Whether a text opens more quotation marks than it closes. */
function hasOpenMark(s: string): boolean {
  return (
    (s.match(/[“«„]/gu)?.length ?? 0) > (s.match(/[”»]/gu)?.length ?? 0) ||
    (s.match(/"/g)?.length ?? 0) % 2 === 1
  );
}

/** Whether token `k` lies in the subtree of `h`. */
function dominates(toks: SyntaxToken[], h: number, k: number): boolean {
  for (let j = k, n = 0; j >= 0 && n < toks.length; j = toks[j]!.head, n++) if (j === h) return true;
  return false;
}

/**
 * Whether the words of a sentence outside the quotation include one that may be a verb of saying or an
 * "according to": a sentence without one is not parsed (a quoted paragraph standing alone, most of them).
 */
function mayHoldCue(
  text: string,
  sentence: Span | undefined,
  open: number,
  close: number,
  words: SpeechWords,
): boolean {
  if (!sentence) return false;
  const outside = [
    text.slice(sentence.start, Math.max(sentence.start, open)),
    text.slice(Math.min(close + 1, sentence.end), sentence.end),
  ];
  return outside.some(
    (part) =>
      (part.match(/\p{L}+/gu) ?? []).some((w) => {
        const l = w.toLowerCase();
        return (
          words.verbs.has(lemmatize(l, 'VERB')) ||
          words.verbs.has(lemmatize(l, 'NOUN')) ||
          words.phraseHeads.has(lemmatize(l, 'VERB'))
        );
      }) || words.accordingIn.test(part),
  );
}

/** Whether a sentence holds a word that may be a verb of saying or naming, whatever its inflection. */
function mayReport(text: string, sentence: Span | undefined, words: SpeechWords): boolean {
  if (!sentence) return false;
  return (text.slice(sentence.start, sentence.end).match(/\p{L}+/gu) ?? []).some((w) => {
    const lemma = lemmatize(w.toLowerCase(), 'VERB');
    return words.verbs.has(lemma) || words.naming.has(lemma) || words.phraseHeads.has(lemma);
  });
}

/** The verb of saying at `v`, or one hanging from it before the quotation ("sings …, before asking her, “…”"). */
function speechVerb(toks: SyntaxToken[], v: number, words: SpeechWords, open: number): number | undefined {
  if (isSpeech(toks, v, words)) return v;
  return toks
    .map((t, k) => ({ t, k }))
    .filter(({ t }) => t.head === v && SHARED.has(t.deprel.split(':')[0]!) && t.end <= open)
    .reverse()
    .find(({ k }) => isSpeech(toks, k, words))?.k;
}

function isSpeech(toks: SyntaxToken[], k: number, words: SpeechWords): boolean {
  const t = toks[k]!;
  if (t.upos !== 'VERB' && t.upos !== 'NOUN') return false;
  if (words.verbs.has(t.lemma)) return true;
  // "as X put it", "pointed out": the verb with its particle or object
  return toks.some(
    (d) => d.head === k && words.phrases.has(`${t.lemma} ${d.text.toLowerCase()}`) && d.start > t.start,
  );
}

/**
 * The token heading the speaker of the verb at `v`: its subject, the agent of a passive, or, for a verb with
 * no subject of its own, the subject of the verb it shares one with, or the noun a participle modifies.
 */
export function speakerOf(
  toks: SyntaxToken[],
  v: number,
  excluded: (t: SyntaxToken) => boolean,
): number | null {
  for (let k = v, depth = 0; k >= 0 && depth < 3; depth++) {
    const subject = toks.findIndex(
      (t) => t.head === k && SUBJECT.test(t.deprel) && !t.deprel.endsWith(':pass'),
    );
    // a relative pronoun speaks for the noun it follows ("Reyes, who replied, “…”"), whatever relation the
    // parse gave its clause
    if (subject >= 0 && isRelative(toks[subject]!)) {
      const antecedent = antecedentOf(toks, subject);
      if (antecedent !== null) return antecedent;
    }
    if (subject >= 0 && !excluded(toks[subject]!)) return subject;
    const agent = toks.findIndex((t) => t.head === k && t.deprel === 'obl:agent');
    if (agent >= 0) return agent;
    const t = toks[k]!;
    if (t.deprel === 'acl' && t.head >= 0) return t.head;
    if (!SHARED.has(t.deprel.split(':')[0]!)) return null;
    k = t.head;
  }
  return null;
}

/** The noun just before a relative pronoun, a comma between them allowed. */
function antecedentOf(toks: SyntaxToken[], pronoun: number): number | null {
  let k = pronoun - 1;
  while (k >= 0 && toks[k]!.upos === 'PUNCT') k--;
  return k >= 0 && /^(?:NOUN|PROPN)$/.test(toks[k]!.upos) ? k : null;
}

/** A relative pronoun, by its fine tag (Penn WP/WDT where the model has a fine tagger). */
function isRelative(t: SyntaxToken): boolean {
  return t.upos === 'PRON' && (t.xpos === 'WP' || t.xpos === 'WDT');
}

/**
 * The span of the noun phrase headed by token `h`: its subtree, without a relative clause, a parenthesis
 * or a time expression at its edge, and never reaching into `stop` (the quotation).
 */
export function phraseSpan(
  text: string,
  toks: SyntaxToken[],
  h: number,
  stop: (t: SyntaxToken) => boolean,
): TextSpan {
  const inSubtree = (k: number): boolean => {
    for (let j = k, n = 0; j >= 0 && n < toks.length; j = toks[j]!.head, n++) {
      if (j === h) return true;
      const rel = toks[j]!.deprel;
      if (rel === 'acl:relcl' || rel === 'obl:tmod' || rel === 'nmod:tmod' || rel === 'punct') return false;
    }
    return false;
  };
  let a = h;
  let b = h;
  while (
    a > 0 &&
    (inSubtree(a - 1) || (a > 1 && innerPunct(toks, a - 1, inSubtree, -1))) &&
    !stop(toks[a - 1]!)
  )
    a--;
  while (
    b + 1 < toks.length &&
    (inSubtree(b + 1) || innerPunct(toks, b + 1, inSubtree, 1)) &&
    !stop(toks[b + 1]!)
  )
    b++;
  while (b > a && toks[b]!.upos === 'PUNCT') b--;
  // a preposition or conjunction opening the subtree is not the phrase's ("According to Limbaugh")
  while (a < b && EDGE.has(toks[a]!.deprel)) a++;
  return textSpan(text, toks[a]!.start, toks[b]!.end);
}

/** A comma or hyphen inside the phrase (between two of its tokens) belongs to it. */
function innerPunct(
  toks: SyntaxToken[],
  k: number,
  inSubtree: (k: number) => boolean,
  step: 1 | -1,
): boolean {
  const next = k + step;
  return toks[k]!.upos === 'PUNCT' && next >= 0 && next < toks.length && inSubtree(next);
}

/** The cue's span: the verb, with its particle ("pointed out"). */
function cueSpan(text: string, toks: SyntaxToken[], v: number): TextSpan {
  const t = toks[v]!;
  const prt = toks.find((d) => d.head === v && d.deprel === 'compound:prt' && d.start > t.start);
  return textSpan(text, t.start, (prt ?? t).end);
}

/** A subject of a sentence: its head token and the span of its phrase. */
export interface SubjectMention {
  token: SyntaxToken;
  /** Whether it is the subject of the sentence's main verb (more salient than an embedded one). */
  main: boolean;
  /** The words of its noun phrase after it, nearest first ("Actress and activist Rose McGowan"; not a clause or
   * a complement hanging from it: "the lawyer of X", "the man who met X" do not name X; nor a modifier before
   * it: "the Clinton campaign" is not Clinton). */
  phrase: SyntaxToken[];
}

/** Relations that do not extend a subject's noun phrase to the words below them: clauses and complements. */
const NOT_PHRASE = /^(?:acl|advcl|ccomp|xcomp|nmod|obl|parataxis|punct|case)/;

/**
 * The subjects of sentence `i` outside quotation marks that stand before `before`, the main clause's first,
 * then the others from the last back.
 */
export function subjectsOf(
  parses: SentenceParses,
  i: number,
  before: number,
  quoted: (pos: number) => boolean,
): SubjectMention[] {
  const s = parses.get(i);
  if (!s) return [];
  const toks = s.tokens;
  const root = toks.findIndex((t) => t.head < 0);
  const out = toks
    .filter((t) => SUBJECT.test(t.deprel) && t.end <= before && !quoted(t.start))
    .map((t) => ({ token: t, main: t.head === root, phrase: phraseOf(toks, toks.indexOf(t)) }));
  return [...out.filter((x) => x.main), ...out.filter((x) => !x.main).reverse()];
}

/** The tokens after `head` below it by relations that stay inside its noun phrase, nearest to it first. */
function phraseOf(toks: SyntaxToken[], head: number): SyntaxToken[] {
  const out: number[] = [];
  const stack = [head];
  while (stack.length) {
    const h = stack.pop()!;
    toks.forEach((t, k) => {
      if (t.head === h && k > head && !NOT_PHRASE.test(t.deprel)) {
        out.push(k);
        stack.push(k);
      }
    });
  }
  return out.sort((a, b) => Math.abs(a - head) - Math.abs(b - head)).map((k) => toks[k]!);
}
