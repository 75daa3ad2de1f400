/**
 * The analysis context: one article and everything found in it so far. Analyzers are plain objects that
 * read the context and add their own layer, in order (like compromise's plugins), so a later analyzer
 * can use an earlier one's output (quotes use entities; figures use quotes and dates).
 */
import { baseLanguage } from '../util/language.js';
import type {
  AnalysisWarning,
  Article,
  DateMention,
  Entity,
  Figure,
  Quote,
  Span,
} from '../model/document.js';

export interface AnalysisContext {
  readonly article: Article;
  readonly text: string;
  /** Base language subtag ("en", "ru"), defaulting to "en" when unknown. */
  readonly lang: string;
  paragraphs: Span[];
  sentences: Span[];
  entities: Entity[];
  quotes: Quote[];
  figures: Figure[];
  dates: DateMention[];
  /** What could not be done; analyzers add to it instead of throwing. */
  warnings: AnalysisWarning[];
  /** The document's time budget: long loops call `budget.check()`, which throws once it is spent. */
  readonly budget: Budget;
}

/** Thrown by `Budget.check()` once the time budget is spent; `analyze()` turns it into an over-budget warning. */
export class BudgetExceededError extends Error {
  constructor(readonly limitMillis: number) {
    super(`analysis took longer than its budget of ${limitMillis} ms`);
    this.name = 'BudgetExceededError';
  }
}

/** A cooperative time budget: checked between analyzers and inside their long loops. */
export interface Budget {
  check(): void;
}

/** A budget of `maxMillis` read on `clock` (milliseconds; injectable so a test can spend it without waiting). */
export function timeBudget(maxMillis: number, clock: () => number = () => performance.now()): Budget {
  if (!Number.isFinite(maxMillis)) return NO_BUDGET;
  const deadline = clock() + maxMillis;
  return {
    check() {
      if (clock() > deadline) throw new BudgetExceededError(maxMillis);
    },
  };
}

export const NO_BUDGET: Budget = { check() {} };

export interface Analyzer {
  name: string;
  run(ctx: AnalysisContext): void;
}

/** The context of one article; `text` is the part to analyse (by default the whole text, else a prefix of it). */
export function createContext(
  article: Article,
  budget: Budget = NO_BUDGET,
  text: string = article.text,
): AnalysisContext {
  return {
    article,
    text,
    lang: baseLanguage(article.language),
    paragraphs: [],
    sentences: [],
    entities: [],
    quotes: [],
    figures: [],
    dates: [],
    warnings: [],
    budget,
  };
}
