/**
 * Analyze: one cleaned article in, the same article with its sentences, entities, quotes, dates and figures
 * out. Pure: no I/O. The analyzers run in order, each adding a layer the later ones may use.
 */
import type { AnalyzedArticle, Article } from '../model/document.js';
import { languagesIn, unsupportedLanguage } from '../util/language.js';
import { BudgetExceededError, createContext, timeBudget, type Analyzer } from './context.js';
import { datesAnalyzer } from './dates.js';
import { entitiesAnalyzer } from './entities.js';
import { figuresAnalyzer } from './figures.js';
import { quotesAnalyzer } from './quotes/index.js';
import { sentencesAnalyzer } from './sentences.js';
import { validateAnnotations } from './validate.js';

export const DEFAULT_ANALYZERS: readonly Analyzer[] = [
  sentencesAnalyzer,
  entitiesAnalyzer,
  datesAnalyzer,
  quotesAnalyzer,
  figuresAnalyzer,
];

/**
 * The per-document budget of analysis. A text longer than `maxChars` is analysed up to the last paragraph
 * break within the limit; analysis that runs longer than `maxMillis` stops at the analyzer it is in (that
 * layer and the later ones stay empty). Either way the article keeps what finished and an `over-budget`
 * warning, so one hostile document can never hold up a run.
 */
export interface AnalyzeOptions {
  /** Characters of text analysed (default 1,000,000: news articles are a few thousand). */
  maxChars?: number;
  /** Milliseconds of CPU time for analysing one document (default 20,000; Infinity for none). */
  maxMillis?: number;
  /** The clock the time budget reads, in milliseconds (default: the process's CPU time); tests inject their own. */
  clock?: () => number;
}

export const DEFAULT_MAX_CHARS = 1_000_000;
export const DEFAULT_MAX_MILLIS = 20_000;

export function analyze(
  article: Article,
  analyzers: readonly Analyzer[] = DEFAULT_ANALYZERS,
  options: AnalyzeOptions = {},
): AnalyzedArticle {
  const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
  const maxMillis = options.maxMillis ?? DEFAULT_MAX_MILLIS;
  const text = analysedPart(article.text, maxChars);
  const ctx = createContext(article, timeBudget(maxMillis, options.clock), text);
  if (text.length < article.text.length)
    ctx.warnings.push({
      analyzer: 'budget',
      code: 'over-budget',
      message: `text of ${article.text.length} characters is over the analysis budget of ${maxChars}; only the first ${text.length} were analysed`,
    });
  if (!article.language)
    ctx.warnings.push({
      analyzer: 'language',
      code: 'language-undetermined',
      message: `no language declared, and the text does not show one clearly; analysed as ${ctx.lang}`,
    });
  for (const a of analyzers) {
    try {
      ctx.budget.checkNow();
      a.run(ctx);
    } catch (err) {
      if (err instanceof BudgetExceededError) {
        const left = analyzers.slice(analyzers.indexOf(a)).map((x) => x.name);
        ctx.warnings.push({
          analyzer: a.name,
          code: 'over-budget',
          message: `${err.message}; not analysed: ${left.join(', ')}`,
        });
        break;
      }
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

/** The text up to `maxChars`, cut at the last line break (else space) before the limit so no word is split. */
function analysedPart(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const cut = text.lastIndexOf('\n', maxChars);
  if (cut > maxChars / 2) return text.slice(0, cut);
  const space = text.lastIndexOf(' ', maxChars);
  if (space > maxChars / 2) return text.slice(0, space);
  // No break to cut at: cut at the limit, but never inside a surrogate pair.
  return text.slice(0, /[\uD800-\uDBFF]/.test(text[maxChars - 1]!) ? maxChars - 1 : maxChars);
}
