/**
 * Mozilla Readability on a linkedom DOM, kept only as the reference the benchmark and eval measure our own
 * extractor against (src/extract/html.ts), on the same pages in the same run.
 */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';

type ReadabilityDocument = ConstructorParameters<typeof Readability>[0];

export interface HtmlExtraction {
  text: string;
  title: string | null;
  byline: string | null;
  siteName: string | null;
  published: string | null;
  language: string | null;
  canonicalUrl: string | null;
}

const BLOCK = new Set([
  'ADDRESS',
  'ARTICLE',
  'ASIDE',
  'BLOCKQUOTE',
  'DD',
  'DIV',
  'DL',
  'DT',
  'FIGCAPTION',
  'FIGURE',
  'FOOTER',
  'FORM',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'HEADER',
  'HR',
  'LI',
  'MAIN',
  'NAV',
  'OL',
  'P',
  'PRE',
  'SECTION',
  'TABLE',
  'TR',
  'UL',
  'TD',
  'TH',
]);
const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'IFRAME', 'OBJECT']);

interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
}

/** Text of a DOM subtree with a blank line between blocks and white space collapsed inside them. */
export function domToText(root: DomNode): string {
  const out: string[] = [];
  let line = '';
  const flush = (): void => {
    const t = line.replace(/[ \t\r\n\f\u00a0]+/g, ' ').trim();
    if (t) out.push(t);
    line = '';
  };
  const walk = (node: DomNode): void => {
    if (node.nodeType === 3) {
      line += node.textContent ?? '';
      return;
    }
    if (node.nodeType !== 1 && node.nodeType !== 9 && node.nodeType !== 11) return;
    const name = node.nodeName.toUpperCase();
    if (SKIP.has(name)) return;
    if (name === 'BR') {
      flush();
      return;
    }
    const block = BLOCK.has(name);
    if (block) flush();
    const kids = node.childNodes;
    for (let i = 0; i < kids.length; i++) walk(kids[i]!);
    if (block) flush();
  };
  walk(root);
  flush();
  return out.join('\n\n');
}

export function readabilityExtract(html: string): HtmlExtraction {
  // One parse per page: metadata is read first, then Readability (which changes the DOM) runs on the same
  // document and hands back its result as a DOM node, so nothing is serialised and parsed again.
  const { document } = parseHTML(html);
  const meta = (sel: string): string | null =>
    document.querySelector(sel)?.getAttribute('content')?.trim() || null;
  const canonicalUrl =
    document.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? meta('meta[property="og:url"]');
  const language =
    document.documentElement?.getAttribute('lang')?.trim() || meta('meta[http-equiv="content-language"]');
  const metaPublished =
    meta('meta[property="article:published_time"]') ??
    meta('meta[name="date"]') ??
    meta('meta[itemprop="datePublished"]') ??
    document.querySelector('time[datetime]')?.getAttribute('datetime') ??
    null;
  const fallbackTitle =
    meta('meta[property="og:title"]') ?? (document.querySelector('title')?.textContent?.trim() || null);

  const parsed = new Readability<DomNode>(document as unknown as ReadabilityDocument, {
    charThreshold: 200,
    serializer: (node) => node as unknown as DomNode,
  }).parse();
  let text = parsed?.content ? domToText(parsed.content) : '';
  if (!text.trim()) {
    // A fragment (a feed item's body) or a page Readability gives up on: take the body's text as it is,
    // from a fresh parse, since Readability has pruned the document it read.
    const fresh = parseHTML(html).document;
    text = domToText((fresh.querySelector('body') ?? fresh) as unknown as DomNode);
  }
  return {
    text,
    title: parsed?.title?.trim() || fallbackTitle,
    byline: parsed?.byline?.trim() || meta('meta[name="author"]'),
    siteName: parsed?.siteName?.trim() || meta('meta[property="og:site_name"]'),
    published: parsed?.publishedTime?.trim() || metaPublished,
    language: parsed?.lang?.trim() || language || null,
    canonicalUrl: canonicalUrl || null,
  };
}
