/**
 * Quotations: direct (“…,” Putin said / said Putin / he said: “…”), indirect (Putin said that …;
 * according to Putin, …; …, the Russian president says), mixed (a reported clause holding a quoted
 * fragment), continuation paragraphs and "Name: …" headlines; each with its cue, the span naming the
 * speaker, and the speaker resolved to an entity (names, pronouns by discourse, role nouns by the roles
 * the text gave a person). A quote never leaves its paragraph, except a quotation whose closing mark is
 * missing, which ends at its paragraph's end. The passes live beside this file: spans.ts (quoted spans),
 * attribution.ts and cues.ts (attribution passes), speakers.ts (speaker phrases), resolve.ts (speaker
 * resolution), find.ts (the finder running them), lexicon.ts (the language's words, from data/quotes.json).
 */
import { languagesIn, unsupportedLanguage } from '../../util/language.js';
import type { Analyzer } from '../context.js';
import { findQuotes } from './find.js';

export { findQuotes } from './find.js';
export { findQuotedSpans, quotationView } from './spans.js';

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
