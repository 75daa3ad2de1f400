/**
 * Analyze: one cleaned article in, the same article with its sentences, entities, quotes, dates and figures
 * out. Pure: no I/O. The analyzers run in order, each adding a layer the later ones may use.
 */
import type { AnalyzedArticle, Article } from '../model/document.js';
import { languagesIn, unsupportedLanguage } from '../util/language.js';
import { createContext, type Analyzer } from './context.js';
import { datesAnalyzer } from './dates.js';
import { entitiesAnalyzer } from './entities.js';
import { figuresAnalyzer } from './figures.js';
import { quotesAnalyzer } from './quotes.js';
import { sentencesAnalyzer } from './sentences.js';
import { validateAnnotations } from './validate.js';

export const DEFAULT_ANALYZERS: readonly Analyzer[] = [
  sentencesAnalyzer,
  entitiesAnalyzer,
  datesAnalyzer,
  quotesAnalyzer,
  figuresAnalyzer,
];

export function analyze(
  article: Article,
  analyzers: readonly Analyzer[] = DEFAULT_ANALYZERS,
): AnalyzedArticle {
  const ctx = createContext(article);
  for (const a of analyzers) {
    try {
      a.run(ctx);
    } catch (err) {
      // One analyzer's failure costs its own layer, never the article.
      ctx.warnings.push({ analyzer: a.name, code: 'analyzer-failed', message: (err as Error).message });
    }
  }
  // Framing is counted later (compare, brief) from data/framing.json: an article in a language it has no
  // terms for is left out there, and says so here.
  if (!languagesIn('framing.json').has(ctx.lang))
    ctx.warnings.push(
      unsupportedLanguage(
        'framing',
        ctx.lang,
        'framing terms (data/framing.json)',
        'compare and brief leave it out of framing',
      ),
    );
  // Nothing leaves analysis that does not fit the text: a bad span costs that annotation, not the article.
  const checked = validateAnnotations(article.text, ctx, article.id);
  return {
    ...article,
    ...checked.layers,
    warnings: [...ctx.warnings, ...checked.warnings],
  };
}
