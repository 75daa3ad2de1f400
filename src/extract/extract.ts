/**
 * Extract: raw document -> cleaned article with metadata. Pure: no I/O.
 * Metadata the input supplied (sidecar, JSONL fields, feed) wins over anything guessed, and every field
 * records where its value came from (`meta[field].origin`, and for guesses `via`: the exact evidence).
 */
import type { RawDocument } from '../model/raw.js';
import type { Article, MetaField, MetaOrigin, MetaProvenance, RemovedText } from '../model/document.js';
import { InputError } from '../model/errors.js';
import { extractHtml } from './html.js';
import {
  type Guess,
  type GuessedMeta,
  creditMetadata,
  detectLanguage,
  parseDateline,
  bylineAuthors,
  dateFromUrl,
} from './metadata.js';
import { cleanPlainText, guessHeadline } from './text.js';

export function extract(raw: RawDocument): Article {
  const article: Article = {
    id: raw.id,
    externalId: raw.meta.externalId ?? null,
    source: raw.source,
    url: null,
    title: null,
    outlet: null,
    agency: null,
    authors: [],
    credit: null,
    published: null,
    language: null,
    format: raw.format,
    text: '',
    meta: {},
    sourceMap: null,
    removed: [],
  };
  const set = (field: MetaField, value: string | string[] | null | undefined, prov: MetaProvenance): void => {
    if (!value || (Array.isArray(value) && !value.length) || article.meta[field]) return;
    (article as unknown as Record<string, unknown>)[field] = value;
    article.meta[field] = prov;
  };
  const supplied: MetaOrigin = raw.meta.origin ?? 'sidecar';
  for (const f of ['title', 'outlet', 'published', 'language', 'url'] as const)
    set(f, raw.meta[f], { origin: supplied, confidence: 1 });

  let guessed: GuessedMeta;
  if (raw.format === 'html') {
    const h = extractHtml(raw.content, {
      url: raw.meta.url ?? (/^https?:\/\//.test(raw.source) ? raw.source : null),
    });
    article.text = h.text;
    guessed = h.meta;
  } else {
    const clean = cleanPlainText(raw.content);
    article.text = clean.text;
    article.sourceMap = clean.sourceMap;
    article.removed = clean.removed;
    guessed = textMetadata(clean.text, clean.removed, raw.meta.url ?? null, raw.meta.language ?? null);
  }
  const origin: MetaOrigin = raw.format === 'html' ? 'html-meta' : 'text';
  for (const f of [
    'title',
    'outlet',
    'agency',
    'authors',
    'credit',
    'published',
    'language',
    'url',
  ] as const) {
    const g = guessed[f] as Guess<string | string[]> | undefined;
    // A dateline read in the visible text is text evidence even on an HTML page.
    if (g)
      set(f, g.value, {
        origin: g.via === 'dateline' || g.via === 'credit line' ? 'text' : origin,
        confidence: g.confidence,
        via: g.via,
      });
  }
  if (!article.published && guessed.publishedPartial && !article.meta.published) {
    // Only part of a date was found (no year): say so, do not complete it silently.
    article.meta.published = {
      origin: 'text',
      confidence: guessed.publishedPartial.confidence,
      via: guessed.publishedPartial.via,
      partial: guessed.publishedPartial.value,
    };
  }
  if (!article.text.trim()) {
    // Say what cleaning took out, so a line wrongly judged furniture can be seen in the error itself.
    const rules = [...new Set(article.removed.map((r) => r.rule))].join(', ');
    throw new InputError(
      raw.source,
      article.removed.length
        ? `no article text found (every line was removed as page furniture: ${rules})`
        : 'no article text found (the page holds only furniture or markup)',
    );
  }
  return article;
}

/**
 * Metadata of a plain-text article: the first line as headline, a dateline in the first paragraphs (date,
 * agency), credit lines cut as furniture (outlet, agency, credit), a byline, the language of the words.
 */
export function textMetadata(
  text: string,
  removed: Pick<RemovedText, 'rule' | 'text'>[],
  url: string | null,
  declared: string | null = null,
): GuessedMeta {
  const out: GuessedMeta = {};
  const title = guessHeadline(text);
  if (title) out.title = { value: title, via: 'first line', confidence: 0.6 };
  const paragraphs = text.split('\n\n', 6);
  const candidates = [...removed.filter((r) => r.rule === 'date-line').map((r) => r.text), ...paragraphs];
  for (const p of candidates) {
    const d = parseDateline(p);
    if (!d) continue;
    if (d.published && !out.published)
      out.published = { value: d.published, via: 'dateline', confidence: 0.7 };
    if (d.partial && !out.publishedPartial)
      out.publishedPartial = { value: d.partial, via: 'dateline', confidence: 0.5 };
    if (d.agency && !out.agency) out.agency = { value: d.agency, via: 'dateline', confidence: 0.8 };
  }
  for (const p of paragraphs) {
    const authors = bylineAuthors(p);
    if (authors?.length) {
      out.authors = { value: authors, via: 'byline', confidence: 0.6 };
      break;
    }
  }
  const credit = creditMetadata(removed.filter((r) => r.rule === 'credit-line').map((r) => r.text));
  if (credit.outlet) out.outlet = credit.outlet;
  if (credit.agency && !out.agency) out.agency = credit.agency;
  if (credit.credit) out.credit = credit.credit;
  if (!out.published && url) {
    const d = dateFromUrl(url);
    if (d) out.published = { value: d, via: 'url', confidence: 0.6 };
  }
  if (out.publishedPartial && out.published) delete out.publishedPartial;
  const lang = detectLanguage(text, declared);
  if (lang) out.language = lang;
  return out;
}
