/**
 * Ingest into a store: read inputs, skip what is stored already, extract and analyze the rest, and write
 * in transactional batches. A batch that fails is retried article by article so that one bad article
 * costs only itself; nothing is ever half-written. When the store is full, reading stops there and the
 * summary says what was stored and what was not.
 */
import type { Analyzer } from '../analyze/context.js';
import type { AnalysisWarning, AnalyzedArticle } from '../model/document.js';
import { processDocument } from '../pipeline.js';
import { OutletLanguages } from './outlet-language.js';
import { StoreFullError } from '../store/errors.js';
import type { RevisionMark, Store } from '../store/store.js';
import type { RawDocument } from '../model/raw.js';
import { InputError } from '../model/errors.js';
import { NEAR_DUPLICATES } from './near-duplicates.js';
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
  /**
   * Stored articles whose external id other stored articles with different content already carry (an
   * input that reuses ids): both are kept; `getArticle(externalId)` gives the first stored, and
   * `existing` lists the ids stored before this one.
   */
  conflicts: { id: string; source: string; externalId: string; existing: string[] }[];
  /**
   * Set when writing became impossible (the database or its disk is full): ingest stopped there. The
   * articles analysed but not stored are in `failed`; `unread` lists the inputs not read, or not read to
   * the end (the first one was being read when writing failed: its earlier articles may be stored).
   */
  stopped: { reason: string; unread: string[] } | null;
  /**
   * With `revisions`: inputs that changed text of a stored article (the same URL, or the same feed's
   * item guid), recorded as its revision `seq` instead of a new article.
   */
  revisions?: { id: string; source: string; articleId: string; seq: number }[];
}

export interface IngestOptions extends Omit<ReadOptions, 'onFile'> {
  batchSize?: number;
  /** Called after each input file with its path, how many files are done and how many there are. */
  onFile?: (file: string, done: number, total: number) => void;
  /**
   * A document whose URL, or whose feed item guid within the same feed, is a stored article's but whose
   * text differs is recorded as a revision of that article, not stored as a new one (the watcher's way).
   */
  revisions?: boolean;
  /** The analyzers to run (the default set unless given; tests add one that misbehaves). */
  analyzers?: readonly Analyzer[];
  /**
   * What the user said about where these inputs come from (a watched source's --outlet and --language):
   * it wins over what the documents say of themselves.
   */
  given?: { outlet?: string | null; language?: string | null };
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
    conflicts: [],
    stopped: null,
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

  let full: StoreFullError | null = null;
  const notStored = (articles: AnalyzedArticle[], err: StoreFullError): void => {
    full = err;
    for (const a of articles) summary.failed.push({ input: a.source, reason: `not stored (${err.message})` });
  };
  const flush = async (): Promise<void> => {
    if (!batch.length) return;
    const pending = batch;
    batch = [];
    try {
      await record(pending, await store.putArticles(pending, NEAR_DUPLICATES));
    } catch (err) {
      // A full store refuses every article alike: retrying them one by one would only fail again.
      if (err instanceof StoreFullError) return notStored(pending, err);
      for (const [i, a] of pending.entries()) {
        try {
          await record([a], await store.putArticles([a], NEAR_DUPLICATES));
        } catch (err) {
          if (err instanceof StoreFullError) return notStored(pending.slice(i), err);
          summary.failed.push({ input: a.source, reason: `could not be stored (${(err as Error).message})` });
        }
      }
    }
  };
  const record = async (articles: AnalyzedArticle[], results: string[]): Promise<void> => {
    for (const [i, a] of articles.entries()) {
      if (results[i] === 'inserted') {
        summary.ingested.push({ id: a.id, source: a.source, title: a.title });
        for (const warning of a.warnings) summary.warnings.push({ id: a.id, source: a.source, warning });
        if (a.externalId !== null) {
          const ids = await store.idsByExternalId(a.externalId);
          const existing = ids.slice(0, Math.max(0, ids.indexOf(a.id)));
          if (existing.length)
            summary.conflicts.push({ id: a.id, source: a.source, externalId: a.externalId, existing });
        }
      } else
        summary.duplicates.push({
          id: a.id,
          source: a.source,
          kind: results[i] === 'near-duplicate' ? 'near' : 'same',
        });
    }
  };

  const usual = new OutletLanguages(store);
  let done = 0;
  const onFile = (file: string): void => {
    done++; // counted apart: `opts.onFile?.(…, ++done)` would skip the count without a callback
    opts.onFile?.(file, done, files.length);
  };
  const onLink = (link: FeedLink): void => void summary.links.push({ source: link.source, url: link.url });
  for await (const item of readInputs(files, { ...opts, onFile, onLink })) {
    // A full batch is written when the next item arrives, after its file is counted done, so that on a
    // full store `unread` starts exactly at the file being read.
    if (batch.length >= batchSize) await flush();
    if (full) break; // stop reading and analysing: nothing more can be stored
    if (!item.ok) {
      summary.failed.push({ input: item.error.input, reason: item.error.reason });
      continue;
    }
    const doc = withGiven(item.doc, opts.given);
    if (seen.has(doc.id) || (await store.hasArticle(doc.id))) {
      summary.duplicates.push({ id: doc.id, source: doc.source, kind: 'same' });
      continue;
    }
    seen.add(doc.id);
    try {
      const fallbackLanguage = doc.meta.language ? null : await usual.of(doc.meta.outlet);
      const original = opts.revisions ? await revisedArticle(store, doc) : null;
      const article = processDocument(doc, { analyzers: opts.analyzers, fallbackLanguage });
      if (original) {
        const revision = await recordRevision(store, original, doc.id, article);
        if (revision) (summary.revisions ??= []).push({ id: doc.id, source: doc.source, ...revision });
        else summary.duplicates.push({ id: doc.id, source: doc.source, kind: 'same' });
        continue;
      }
      await usual.record(
        article.outlet,
        article.meta.language?.origin === 'outlet' ? null : article.language,
      );
      batch.push(article);
    } catch (err) {
      summary.failed.push(failure(doc.source, err));
    }
  }
  await flush();
  if (full) summary.stopped = { reason: (full as StoreFullError).message, unread: files.slice(done) };
  return summary;
}

/** A document with the outlet and language the user gave for its input, over its own. */
function withGiven(doc: RawDocument, given: IngestOptions['given']): RawDocument {
  if (!given?.outlet && !given?.language) return doc;
  const meta = { ...doc.meta };
  if (given.outlet) meta.outlet = given.outlet;
  if (given.language) meta.language = given.language;
  return { ...doc, meta };
}

/** Where an analysed text has figures and quotes, so that a change inside one is named as such. */
export function revisionMarks(article: AnalyzedArticle): RevisionMark[] {
  return [
    ...article.figures.map((f) => ({ kind: 'figure' as const, start: f.start, end: f.end, text: f.text })),
    ...article.quotes.map((q) => ({ kind: 'quote' as const, start: q.start, end: q.end, text: q.text })),
  ];
}

/** The stored article a document is a new version of: same URL, or same guid in the same feed. */
async function revisedArticle(store: Store, doc: RawDocument): Promise<string | null> {
  if (doc.meta.url) {
    const id = await store.articleIdByUrl(doc.meta.url);
    if (id) return id;
  }
  if (doc.meta.externalId) {
    const feed = feedOf(doc.source);
    for (const id of await store.idsByExternalId(doc.meta.externalId)) {
      const stored = await store.getArticle(id);
      // A guid is unique within its feed only: "1" in two feeds names two articles.
      if (stored && feedOf(stored.source) === feed) return id;
    }
  }
  return null;
}

/** A feed item's source is the feed's URL and the item's position (`feed.xml#3`). */
function feedOf(source: string): string {
  return source.replace(/#\d+$/, '');
}

/** Record the new text as a revision unless the latest version already reads the same. */
async function recordRevision(
  store: Store,
  articleId: string,
  contentId: string,
  article: AnalyzedArticle,
): Promise<{ articleId: string; seq: number } | null> {
  const stored = await store.getArticle(articleId);
  const revisions = await store.revisions(articleId);
  const latest = revisions.at(-1)?.text ?? stored?.text;
  if (latest === article.text) return null;
  const marks = revisionMarks(article);
  const added = await store.addRevision({
    articleId,
    contentId,
    seenAt: new Date().toISOString(),
    source: article.source,
    title: article.title,
    text: article.text,
    marks,
  });
  return added ? { articleId, seq: added.seq } : null;
}

function failure(input: string, err: unknown): { input: string; reason: string } {
  if (err instanceof InputError) return { input: err.input, reason: err.reason };
  return { input, reason: (err as Error).message };
}
