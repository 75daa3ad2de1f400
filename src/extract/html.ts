/**
 * Article text and metadata from HTML: one parse into a small tree (dom.ts), metadata from the head and
 * the visible page (metadata.ts), then the article body found by content scoring (content.ts).
 */
import { articleParagraphs, type Block, blocksOf, findArticleRoot, isInside, prune } from './content.js';
import { type El, elements, parsePage, textOf } from './dom.js';
import { furnitureRule } from './furniture.js';
import {
  jsonLdArticleBody,
  urlMetadata,
  bylineAuthors,
  creditMetadata,
  detectLanguage,
  type GuessedMeta,
  htmlMetadata,
  mergeGuesses,
  normalizeDate,
  parseDateline,
} from './metadata.js';

export interface HtmlExtraction {
  /** Paragraphs joined by a blank line. */
  text: string;
  meta: GuessedMeta;
}

export interface HtmlOptions {
  /** The page's own URL when known (a date in its path is evidence). */
  url?: string | null;
}

export function extractHtml(html: string, opts: HtmlOptions = {}): HtmlExtraction {
  const page = parsePage(html);
  const meta = htmlMetadata(page);
  const before = blocksOf(page.root);
  mergeGuesses(meta, visibleMetadata(page.root, before));
  mergeGuesses(meta, urlMetadata(meta.url?.value ?? opts.url));
  prune(page.root, before);
  const all = blocksOf(page.root);
  const root = findArticleRoot(page.root, all);
  const blocks = withLead(all, root);
  let paragraphs = articleParagraphs(blocks, meta.title?.value ?? null);
  // A page of short lines (lyrics, a recipe, a listing) has no block that reads as prose by itself: take
  // the best element's lines at a lower bar rather than nothing.
  if (!paragraphs.length) paragraphs = articleParagraphs(blocks, meta.title?.value ?? null, 0.2);
  let text = paragraphs.join('\n\n');
  // Pages rendered by script carry the article in JSON-LD only: take it when it is much longer than what
  // the visible page gave.
  const declared = jsonLdArticleBody(page);
  if (declared && declared.length > 2 * text.length + 200) {
    text = declared
      .split(/\n\s*\n|\r?\n/)
      .map((p) => p.replace(/\s+/g, ' ').trim())
      .filter(Boolean)
      .join('\n\n');
  }
  if (!meta.language) {
    const lang = detectLanguage(text);
    if (lang) meta.language = lang;
  }
  return { text, meta };
}

const isLead = (b: Block): boolean => b.quality >= 0.5 && b.linkSize / b.size < 0.3;

/**
 * The blocks of the article root, preceded by its lead when the page sets that apart: paragraphs of prose
 * right above the root (a standfirst in the article's header), with nothing between.
 */
function withLead(all: Block[], root: El): Block[] {
  const start = all.findIndex((b) => isInside(b.owner, root));
  if (start < 0) return [];
  let end = start;
  while (end < all.length && isInside(all[end]!.owner, root)) end++;
  let from = start;
  while (from > 0 && isLead(all[from - 1]!)) from--;
  return all.slice(from, end);
}

/**
 * Metadata shown on the page rather than declared in its head: a `<time>` element, an author link or
 * byline, a visible dateline, copyright lines. Read before boilerplate is pruned, since that is where they live.
 */
function visibleMetadata(root: El, blocks: Block[]): GuessedMeta {
  const out: GuessedMeta = {};
  const credits: string[] = [];
  for (const el of elements(root)) {
    const a = el.attrs;
    if (!out.published && el.tag === 'time' && a.datetime) {
      const d = normalizeDate(a.datetime);
      if (d) out.published = { value: d, via: '<time datetime>', confidence: 0.7 };
    }
    if (!out.published && a.itemprop === 'datePublished') {
      const d = normalizeDate(a.content ?? a.datetime ?? textOf(el));
      if (d) out.published = { value: d, via: 'itemprop datePublished', confidence: 0.8 };
    }
    if (!out.authors && (a.rel === 'author' || a.itemprop === 'author')) {
      const name = textOf(el);
      if (name && name.length < 60)
        out.authors = {
          value: [name.replace(/^by\s+/i, '')],
          via: a.rel === 'author' ? 'rel=author' : 'itemprop author',
          confidence: 0.7,
        };
    }
    if (!out.authors && /\bbyline\b/i.test(a.class ?? '')) {
      const authors = bylineAuthors(textOf(el));
      if (authors?.length) out.authors = { value: authors, via: 'byline', confidence: 0.6 };
    }
    if (el.tag === 'footer' || /copyright|credit/i.test(a.class ?? '')) {
      const t = textOf(el);
      if (t.length < 200) credits.push(t);
    }
  }
  // A visible dateline near the top of the page (date, and the agency in "/TASS/" or "(Reuters)"), and
  // credit lines anywhere.
  blocks.forEach((b, i) => {
    if (furnitureRule(b.text) === 'credit-line') credits.push(b.text);
    if (i >= 60) return;
    if (!out.authors && b.size < 120) {
      const authors = bylineAuthors(b.text);
      if (authors?.length) out.authors = { value: authors, via: 'byline', confidence: 0.6 };
    }
    const d = parseDateline(b.text);
    if (!d) return;
    if (d.published && !out.published)
      out.published = { value: d.published, via: 'dateline', confidence: 0.6 };
    if (d.partial && !out.publishedPartial)
      out.publishedPartial = { value: d.partial, via: 'dateline', confidence: 0.5 };
    if (d.agency && !out.agency) out.agency = { value: d.agency, via: 'dateline', confidence: 0.8 };
  });
  return mergeGuesses(out, creditMetadata(credits));
}
