/**
 * The syntax layer: for each sentence its tokens (in article offsets), universal POS tags, lemmas and a
 * labelled dependency parse (Universal Dependencies relations). An available layer, not one of the
 * default analyzers: later analyzers (attribution) run it on the sentences they need.
 */
import type { Span } from '../../model/document.js';
import { unsupportedLanguage } from '../../util/language.js';
import type { AnalysisContext, Analyzer } from '../context.js';
import { lemmatize } from './lemma.js';
import { defaultModel, type SyntaxModel } from './model.js';
import { normalize, UPOS } from './tagger.js';
import { tokenize } from './tokenize.js';

export interface SyntaxToken extends Span {
  text: string;
  /** Universal POS tag (UPOS). */
  upos: string;
  /** Language-specific tag (Penn Treebank tag for English), when the model has a fine tagger. */
  xpos?: string;
  lemma: string;
  /** Index of the head token within the sentence, -1 for the root. */
  head: number;
  /** Universal Dependencies relation, with its subtype where the treebank has one ("nsubj:pass"). */
  deprel: string;
}

export interface SyntaxSentence extends Span {
  tokens: SyntaxToken[];
}

export interface Analysis {
  tags: string[];
  /** Fine tags, when the model has a fine tagger. */
  xtags?: string[];
  heads: number[];
  relations: string[];
}

/** Tags and parses one sentence given as words (gold tokenization, as in evaluation). */
export function analyzeWords(words: readonly string[], model: SyntaxModel = defaultModel()): Analysis {
  if (!words.length) return { tags: [], heads: [], relations: [] };
  const first = model.tagger.tag(words);
  const upos = model.retagger ? model.retagger.tag(words, first) : first;
  const tags = upos.map((t) => UPOS[t]!);
  const xtagger = model.xtagger;
  const xtags = xtagger?.tag(words, first).map((t) => xtagger.tagset[t]!);
  const { heads, relations } = model.parser.parse({ words: words.map(normalize), tags, xtags });
  return { tags, ...(xtags ? { xtags } : {}), heads, relations };
}

/** A token with its tags only (no parse): what shallow readers of a sentence need. */
export interface TaggedToken extends Span {
  text: string;
  upos: string;
  xpos?: string;
}

/**
 * Tokens and POS tags of one span of `text`, without the dependency parse: a fraction of a parse's cost,
 * for analyzers that read phrases (what a figure measures) rather than relations.
 */
export function tagSpan(text: string, span: Span, model: SyntaxModel = defaultModel()): TaggedToken[] {
  const toks = tokenize(text, span.start, span.end);
  if (!toks.length) return [];
  const words = toks.map((t) => t.text);
  const first = model.tagger.tag(words);
  const upos = model.retagger ? model.retagger.tag(words, first) : first;
  const xtagger = model.xtagger;
  const xtags = xtagger?.tag(words, first).map((t) => xtagger.tagset[t]!);
  return toks.map((t, i) => ({ ...t, upos: UPOS[upos[i]!]!, ...(xtags ? { xpos: xtags[i]! } : {}) }));
}

/** Tokens, tags, lemmas and dependency parse of each sentence span of `text`. */
export function parse(text: string, sentences: readonly Span[], model?: SyntaxModel): SyntaxSentence[] {
  return sentences.map((span) => {
    const toks = tokenize(text, span.start, span.end);
    const a = analyzeWords(
      toks.map((t) => t.text),
      model,
    );
    return {
      start: span.start,
      end: span.end,
      tokens: toks.map((t, i) => ({
        ...t,
        upos: a.tags[i]!,
        ...(a.xtags ? { xpos: a.xtags[i]! } : {}),
        lemma: lemmatize(t.text, a.tags[i]!, a.xtags?.[i]),
        head: a.heads[i]!,
        deprel: a.relations[i]!,
      })),
    };
  });
}

/** Runs the syntax layer over the context's sentences (English only); needs the sentences analyzer first. */
export const syntaxAnalyzer: Analyzer & { syntaxOf(ctx: AnalysisContext): SyntaxSentence[] | undefined } = {
  name: 'syntax',
  run(ctx) {
    if (ctx.lang !== 'en') {
      ctx.warnings.push(
        unsupportedLanguage('syntax', ctx.lang, 'a syntax model (data/models)', 'no parse for this article'),
      );
      return;
    }
    results.set(ctx, parse(ctx.text, ctx.sentences));
  },
  syntaxOf: (ctx) => results.get(ctx),
};

const results = new WeakMap<AnalysisContext, SyntaxSentence[]>();

export { tokenize, type Token } from './tokenize.js';
export { lemmatize } from './lemma.js';
export { defaultModel, readModel, SyntaxModelError, type SyntaxModel } from './model.js';
