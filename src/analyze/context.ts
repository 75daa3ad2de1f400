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
}

export interface Analyzer {
  name: string;
  run(ctx: AnalysisContext): void;
}

export function createContext(article: Article): AnalysisContext {
  return {
    article,
    text: article.text,
    lang: baseLanguage(article.language),
    paragraphs: [],
    sentences: [],
    entities: [],
    quotes: [],
    figures: [],
    dates: [],
    warnings: [],
  };
}
