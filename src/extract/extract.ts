/**
 * Extract: raw document -> cleaned article with metadata. Pure: no I/O.
 * Metadata the input supplied (sidecar, JSONL fields, feed) wins over anything guessed, and every field
 * records where its value came from.
 */
import type { RawDocument } from '../ingest/inputs.js';
import type { Article, MetaOrigin, MetaProvenance } from '../model/document.js';
import { InputError } from '../ingest/errors.js';
import { extractHtml } from './html.js';
import { cleanPlainText, guessHeadline } from './text.js';

type MetaField = keyof Article['meta'];

export function extract(raw: RawDocument): Article {
  const article: Article = {
    id: raw.id,
    externalId: raw.meta.externalId ?? null,
    source: raw.source,
    url: null,
    title: null,
    outlet: null,
    published: null,
    language: null,
    format: raw.format,
    text: '',
    meta: {},
    sourceMap: null,
  };
  const set = (field: MetaField, value: string | null | undefined, origin: MetaOrigin, confidence: number): void => {
    if (!value || article[field]) return;
    article[field] = value;
    article.meta[field] = { origin, confidence } satisfies MetaProvenance;
  };
  for (const f of ['title', 'outlet', 'published', 'language', 'url'] as const) set(f, raw.meta[f], raw.meta.origin ?? 'sidecar', 1);

  if (raw.format === 'html') {
    const h = extractHtml(raw.content);
    article.text = h.text;
    set('title', h.title, 'html-meta', 0.9);
    set('outlet', h.siteName, 'html-meta', 0.8);
    set('published', h.published, 'html-meta', 0.8);
    set('language', h.language, 'html-meta', 0.8);
    set('url', h.canonicalUrl, 'html-meta', 0.9);
  } else {
    const clean = cleanPlainText(raw.content);
    article.text = clean.text;
    article.sourceMap = clean.sourceMap;
    set('title', guessHeadline(clean.text), 'text', 0.6);
  }
  if (!article.text.trim()) throw new InputError(raw.source, 'no article text found (the page holds only furniture or markup)');
  return article;
}
