/**
 * Ingest into a store: read inputs, skip what is stored already, extract and analyze the rest, and write
 * in transactional batches. A batch that fails is retried article by article so that one bad article
 * costs only itself; nothing is ever half-written.
 */
import type { Analyzer } from '../analyze/context.js';
import type { AnalysisWarning, AnalyzedArticle } from '../model/document.js';
import { processDocument } from '../pipeline.js';
import type { Store } from '../store/store.js';
import { InputError } from './errors.js';
import { expandInput, readInputs, type ReadOptions } from './inputs.js';
import type { FeedLink } from './feed.js';

export interface IngestSummary {
  ingested: { id: string; source: string; title: string | null }[];
  /** Not stored: the same content is stored already (`same`), or the same outlet's nearly identical text (`near`). */
  duplicates: { id: string; source: string; kind: 'same' | 'near' }[];
  failed: { input: string; reason: string }[];
  /** Feed items with no text, only a link, left unread (`fetchLinks` fetches their pages). */
  links: { source: string; url: string }[];
  /** Stored articles whose analysis is incomplete, with what is missing and why. */
  warnings: { id: string; source: string; warning: AnalysisWarning }[];
}

export interface IngestOptions extends Omit<ReadOptions, 'onFile'> {
  batchSize?: number;
  /** Called after each input file with its path, how many files are done and how many there are. */
  onFile?: (file: string, done: number, total: number) => void;
  /** The analyzers to run (the default set unless given; tests add one that misbehaves). */
  analyzers?: readonly Analyzer[];
}

export async function ingestIntoStore(
  store: Store,
  inputs: string[],
  opts: IngestOptions = {},
): Promise<IngestSummary> {
  const summary: IngestSummary = {
    ingested: [],
    duplicates: [],
    failed: [],
    links: [],
    warnings: [],
  };
  const files: string[] = [];
  for (const input of inputs) {
    try {
      const found = await expandInput(input);
      if (!found.length)
        summary.failed.push({
          input,
          reason: 'no article files (.txt, .html, .jsonl, feeds; optionally .gz) found',
        });
      files.push(...found);
    } catch (err) {
      summary.failed.push(failure(input, err));
    }
  }
  const batchSize = opts.batchSize ?? 64;
  let batch: AnalyzedArticle[] = [];
  const seen = new Set<string>();

  const flush = async (): Promise<void> => {
    if (!batch.length) return;
    const pending = batch;
    batch = [];
    try {
      record(pending, await store.putArticles(pending));
    } catch {
      for (const a of pending) {
        try {
          record([a], await store.putArticles([a]));
        } catch (err) {
          summary.failed.push({ input: a.source, reason: `could not be stored (${(err as Error).message})` });
        }
      }
    }
  };
  const record = (articles: AnalyzedArticle[], results: string[]): void => {
    articles.forEach((a, i) => {
      if (results[i] === 'inserted') {
        summary.ingested.push({ id: a.id, source: a.source, title: a.title });
        for (const warning of a.warnings) summary.warnings.push({ id: a.id, source: a.source, warning });
      } else
        summary.duplicates.push({
          id: a.id,
          source: a.source,
          kind: results[i] === 'near-duplicate' ? 'near' : 'same',
        });
    });
  };

  let done = 0;
  const onFile = (file: string): void => opts.onFile?.(file, ++done, files.length);
  const onLink = (link: FeedLink): void => void summary.links.push({ source: link.source, url: link.url });
  for await (const item of readInputs(files, { ...opts, onFile, onLink })) {
    if (!item.ok) {
      summary.failed.push({ input: item.error.input, reason: item.error.reason });
      continue;
    }
    const doc = item.doc;
    if (seen.has(doc.id) || (await store.hasArticle(doc.id))) {
      summary.duplicates.push({ id: doc.id, source: doc.source, kind: 'same' });
      continue;
    }
    seen.add(doc.id);
    try {
      batch.push(processDocument(doc, opts.analyzers));
    } catch (err) {
      summary.failed.push(failure(doc.source, err));
    }
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  return summary;
}

function failure(input: string, err: unknown): { input: string; reason: string } {
  if (err instanceof InputError) return { input: err.input, reason: err.reason };
  return { input, reason: (err as Error).message };
}
