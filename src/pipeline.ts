/**
 * The pipeline over inputs: ingest -> extract -> analyze, one document at a time, with per-input errors
 * reported beside the results rather than thrown.
 */
import { analyze, DEFAULT_ANALYZERS, type AnalyzeOptions } from './analyze/analyze.js';
import type { Analyzer } from './analyze/context.js';
import { extract } from './extract/extract.js';
import { InputError } from './model/errors.js';
import { readInputs, type ReadOptions } from './ingest/inputs.js';
import type { RawDocument } from './model/raw.js';
import type { AnalyzedArticle } from './model/document.js';

export interface ProcessOptions extends AnalyzeOptions {
  analyzers?: readonly Analyzer[];
  /**
   * The language to analyse in when the input declares none and the words do not show one clearly: the
   * outlet's usual language, at ingest.
   */
  fallbackLanguage?: string | null;
}

export type PipelineItem = { ok: true; article: AnalyzedArticle } | { ok: false; error: InputError };

/**
 * Extract and analyze one raw document; an error names the document's source. Analysis keeps to its
 * budget (`options`): an over-budget document comes back with what finished and an `over-budget` warning.
 */
export function processDocument(raw: RawDocument, options: ProcessOptions = {}): AnalyzedArticle {
  try {
    const extracted = extract(raw);
    if (!extracted.language && options.fallbackLanguage) {
      extracted.language = options.fallbackLanguage;
      extracted.meta.language = { origin: 'outlet', confidence: 0.5, via: "the outlet's usual language" };
    }
    const article = analyze(extracted, options.analyzers ?? DEFAULT_ANALYZERS, options);
    // What reading the input removed or left out travels with the article, before what analysis missed.
    return raw.warnings?.length ? { ...article, warnings: [...raw.warnings, ...article.warnings] } : article;
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(raw.source, `could not be processed (${(err as Error).message})`);
  }
}

export async function* runPipeline(inputs: string[], opts: ReadOptions = {}): AsyncGenerator<PipelineItem> {
  for await (const item of readInputs(inputs, opts)) {
    if (!item.ok) {
      yield item;
      continue;
    }
    try {
      yield { ok: true, article: processDocument(item.doc) };
    } catch (err) {
      yield { ok: false, error: err as InputError };
    }
  }
}
