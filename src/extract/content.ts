/**
 * Find the article body in a page tree and turn it into paragraphs.
 *
 * 1. Prune what is never the article: hidden elements, navigation, asides, footers, forms' controls, and
 *    elements whose class or id names them as boilerplate (comments, share bars, related links, ads…).
 * 2. Cut the page into text blocks (a block ends at every block-level tag) and judge each block on its own
 *    features: length, share of link text, sentence punctuation. Language-neutral: CJK characters count
 *    three times, as one carries about as much as a short word.
 * 3. Pick the element whose blocks hold the most good text minus a charge for the other text it would drag
 *    in (a maximum-subtree problem); class names such as "article-body" weigh in.
 * 4. Inside that element (and its lead, when that sits just above it), keep the good blocks and the blocks
 *    between them, dropping link lists, furniture at the edges and boxes of related articles.
 */
import { type El, elements, textOf } from './dom.js';
import { furnitureRule, isRelatedHeading } from './furniture.js';

export interface Block {
  text: string;
  /** Weighted length (CJK characters count three). */
  size: number;
  /** Weighted length of the text inside links. */
  linkSize: number;
  /** The innermost block-level element the block sits in. */
  owner: El;
  /** Tag of that element. */
  tag: string;
  /** 0..1: how much the block reads like article prose by itself. */
  quality: number;
}

const BLOCK_TAGS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'dd',
  'div',
  'dl',
  'dt',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'tr',
  'td',
  'th',
  'ul',
  'html',
  'center',
  'fieldset',
  'legend',
  'details',
  'summary',
  'caption',
  'tbody',
  'thead',
  'tfoot',
  '#root',
]);

/** Tags whose whole subtree is page furniture rather than article. */
const FURNITURE_TAGS = new Set(['nav', 'aside', 'footer', 'figcaption', 'menu', 'fieldset', 'legend']);

// Class and id words that name boilerplate. Words are the parts of a class token split on '-', '_' and
// camelCase; a token is boilerplate when one of its words is here and its last word does not name content.
const NEGATIVE_WORDS = new Set([
  'comment',
  'comments',
  'commentlist',
  'disqus',
  'share',
  'sharing',
  'shares',
  'sharebar',
  'social',
  'related',
  'sidebar',
  'footer',
  'nav',
  'navbar',
  'navigation',
  'menu',
  'breadcrumb',
  'breadcrumbs',
  'newsletter',
  'promo',
  'promotion',
  'advert',
  'advertisement',
  'advertising',
  'ad',
  'ads',
  'adslot',
  'banner',
  'cookie',
  'cookies',
  'consent',
  'gdpr',
  'subscribe',
  'subscription',
  'popup',
  'modal',
  'sponsor',
  'sponsored',
  'outbrain',
  'taboola',
  'recommended',
  'recommendations',
  'tags',
  'taglist',
  'byline',
  'dateline',
  'caption',
  'credit',
  'credits',
  'toolbar',
  'pagination',
  'pager',
  'signup',
  'masthead',
  'header',
  'meta',
  'author',
  'bio',
  'share-buttons',
  'skip',
  'breaking',
  'ticker',
  'trending',
  'popular',
  'most',
  'more',
  'next',
  'prev',
  'previous',
  'rss',
  'login',
  'signin',
  'overlay',
  'lightbox',
  'carousel',
  'slider',
  'gallery',
  'video',
  'player',
  'teaser',
  'teasers',
  'sr',
  'screen',
  'visually',
  'infobox',
  'toc',
  'references',
  'footnotes',
  'copyright',
  'legal',
  'disclaimer',
  'alert',
  'notification',
  'whatsapp',
  'email',
  'mail',
  'topics',
  'keywords',
  'categories',
  'category',
  'timestamp',
  'date',
  'time',
  'published',
  'updated',
  'rating',
  'reactions',
  'vote',
  'poll',
]);
const CONTENT_WORDS = new Set([
  'content',
  'body',
  'text',
  'article',
  'story',
  'entry',
  'main',
  'post',
  'prose',
  'copy',
]);
const ARTICLE_WORDS = new Set(['article', 'story', 'entry', 'post', 'news', 'blog', 'item', 'main', 'page']);
const NEVER_CONTENT = new Set([
  'caption',
  'comment',
  'comments',
  'sidebar',
  'footer',
  'credit',
  'credits',
  'disclosure',
]);
const OWN_PART_WORDS = new Set(['header', 'teaser']);
const BODY_WORDS = new Set(['body', 'content', 'text', 'copy', 'prose', 'articlebody', 'storybody']);

const classWordsCache = new Map<string, string[][]>();

/** Class and id tokens of an element, each split into lower-case words. */
function classWords(el: El): string[][] {
  const key = `${el.attrs.class ?? ''} ${el.attrs.id ?? ''}`;
  if (key === ' ') return [];
  let words = classWordsCache.get(key);
  if (!words) {
    words = key
      .split(/\s+/)
      .filter(Boolean)
      .map((tok) =>
        tok
          .replace(/(?<=__[^-]*[^-])--.*$/, '')
          .replace(/([a-z])([A-Z])/g, '$1 $2')
          .toLowerCase()
          .split(/[\s_:-]+|__/)
          .filter(Boolean),
      );
    if (classWordsCache.size > 50_000) classWordsCache.clear();
    classWordsCache.set(key, words);
  }
  return words;
}

function isBoilerplateByName(el: El): boolean {
  const tokens = classWords(el);
  // A token made only of content words ("post", "hentry", "entry-content") marks content, whatever else the
  // element is tagged with (WordPress puts "category-news tag-sport" on the post itself).
  if (
    tokens.some((words) => words.every((w) => CONTENT_WORDS.has(w) || ARTICLE_WORDS.has(w) || w === 'hentry'))
  )
    return false;
  // Bootstrap's "d-none" hides the element unless a screen-size class shows it again ("d-lg-block");
  // "d-none d-print-block" is print-only.
  if (
    tokens.some((w) => w.length === 2 && w[0] === 'd' && w[1] === 'none') &&
    !tokens.some(
      (w) => w.length === 3 && w[0] === 'd' && BREAKPOINTS.has(w[1]!) && w[1] !== 'print' && w[2] !== 'none',
    )
  )
    return true;
  for (const words of tokens) {
    const last = words[words.length - 1]!;
    // "post-content", "news-text": content, whatever the first word says; but not a caption's or a
    // comment's text.
    if (CONTENT_WORDS.has(last) && words.length > 1 && !words.some((w) => NEVER_CONTENT.has(w))) continue;
    // The article's own header and lead ("article-header", "entry__header", "articleTeaser") hold its
    // standfirst; the headline in them is dropped later.
    if (words.some((w) => OWN_PART_WORDS.has(w)) && words.some((w) => ARTICLE_WORDS.has(w))) continue;
    if (words.some((w) => NEGATIVE_WORDS.has(w)) || isHiddenToken(words)) return true;
  }
  const role = el.attrs.role;
  return (
    role === 'navigation' ||
    role === 'complementary' ||
    role === 'contentinfo' ||
    role === 'banner' ||
    role === 'dialog' ||
    role === 'alert'
  );
}

const BREAKPOINTS = new Set([
  'xs',
  'sm',
  'md',
  'lg',
  'xl',
  'xxl',
  'mobile',
  'tablet',
  'desktop',
  'print',
  'small',
  'medium',
  'large',
]);

/**
 * "hidden", "is-hidden", "visually-hidden": the element is not shown. Not "hidden-xs" (hidden on small
 * screens only) nor "field--label-hidden" (Drupal: the field's label is hidden, not its text).
 */
function isHiddenToken(words: string[]): boolean {
  if (words[0] === 'hidden') return words.length === 1 || !words.slice(1).some((w) => BREAKPOINTS.has(w));
  return (
    words.length === 2 &&
    words[1] === 'hidden' &&
    (words[0] === 'is' || words[0] === 'visually' || words[0] === 'sr')
  );
}

/** 0..1 bonus for elements named as the article body ("article-body", itemprop="articleBody"). */
function bodyNameBonus(el: El): number {
  if (el.attrs.itemprop === 'articleBody' || el.attrs.itemprop === 'text') return 1;
  let best = 0;
  for (const words of classWords(el)) {
    const hasBody = words.some((w) => BODY_WORDS.has(w));
    const hasArticle = words.some((w) => ARTICLE_WORDS.has(w));
    if (hasBody && hasArticle) best = Math.max(best, 1);
    else if (hasBody || words.includes('article') || words.includes('story')) best = Math.max(best, 0.4);
  }
  if (el.tag === 'article' || el.tag === 'main') best = Math.max(best, 0.5);
  return best;
}

function isHidden(el: El): boolean {
  const a = el.attrs;
  if ('hidden' in a || a['aria-hidden'] === 'true') return true;
  const style = a.style;
  return !!style && /(display\s*:\s*none|visibility\s*:\s*hidden)/i.test(style);
}

/**
 * Remove furniture subtrees in place. A subtree named as boilerplate is kept when it holds half or more of
 * the page's prose: class names lie more often than text does ("sliderBox" wrapping a whole page).
 */
export function prune(root: El, blocks: Block[] = blocksOf(root)): void {
  const good = tallyGood(blocks);
  const limit = 0.5 * (good.get(root) ?? 0);
  // Layout wrappers are named after what sits beside the content ("container sidebar_right"): whatever
  // holds the page's <main> or its declared article body is not furniture.
  const holdsMain = new Set<El>();
  for (const el of elements(root)) {
    if (el.tag === 'main' || el.attrs.role === 'main' || el.attrs.itemprop === 'articleBody')
      for (let e = el.parent; e && !holdsMain.has(e); e = e.parent) holdsMain.add(e);
  }
  const walk = (el: El): void => {
    el.children = el.children.filter((c) => {
      if (typeof c === 'string') return true;
      if (c.tag === 'body' || c.tag === 'html') return true;
      if (isHidden(c) && (good.get(c) ?? 0) < limit) return false;
      if (
        FURNITURE_TAGS.has(c.tag) ||
        (isBoilerplateByName(c) &&
          c.tag !== 'article' &&
          c.tag !== 'main' &&
          c.attrs.itemprop !== 'articleBody' &&
          !holdsMain.has(c))
      ) {
        return (good.get(c) ?? 0) >= limit && limit > 0;
      }
      return true;
    });
    for (const c of el.children) if (typeof c !== 'string') walk(c);
  };
  walk(root);
}

function tallyGood(blocks: Block[]): Map<El, number> {
  const good = new Map<El, number>();
  for (const b of blocks) {
    const g = b.size * b.quality;
    if (g === 0) continue;
    for (let el: El | null = b.owner; el; el = el.parent) good.set(el, (good.get(el) ?? 0) + g);
  }
  return good;
}

const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]/g;
const SENTENCE_END = /[.!?…。！？:;"'”’»)\]]$/;

function weightedLength(s: string): number {
  const cjk = s.match(CJK)?.length ?? 0;
  return s.length + 2 * cjk;
}

/** Cut a subtree into text blocks. */
export function blocksOf(root: El): Block[] {
  const blocks: Block[] = [];
  let text = '';
  let linkText = '';
  let owner = root;
  const flush = (): void => {
    // Source white space (newlines included) is one space; a <br> (U+2028 here) is a line break.
    const t = text
      .replace(/[^\S\u2028]+/g, ' ')
      .replace(/ ?\u2028[\s]*/g, '\n')
      .trim();
    if (t) {
      const size = weightedLength(t);
      const linkSize = Math.min(size, weightedLength(linkText.replace(/\s+/g, ' ').trim()));
      blocks.push({
        text: t,
        size,
        linkSize,
        owner,
        tag: owner.tag,
        quality: blockQuality(t, size, linkSize, owner.tag),
      });
    }
    text = '';
    linkText = '';
  };
  const walk = (el: El, inLink: boolean): void => {
    const isBlock = BLOCK_TAGS.has(el.tag);
    if (el.tag === 'br') {
      // A line break inside a paragraph: keep the lines apart but in one block.
      text += '\u2028';
      return;
    }
    const outer = owner;
    if (isBlock) {
      flush();
      owner = el;
    }
    // A link whose text is its own address is part of the prose ("sign at http://…"), not navigation.
    const link = inLink || (el.tag === 'a' && !/^\s*(https?:\/\/|www\.)\S+\s*$/.test(textOf(el)));
    for (const c of el.children) {
      if (typeof c === 'string') {
        text += c;
        if (link) linkText += c;
      } else walk(c, link);
    }
    if (isBlock) {
      flush();
      owner = outer;
    }
  };
  walk(root, false);
  flush();
  markTeasers(blocks);
  return blocks;
}

const isLinkLine = (b: Block): boolean => b.size < 250 && b.linkSize / b.size > 0.7;
const ELLIPSIS_END = /(\w\s*(…|\.\.\.)|\[(…|\.\.\.)\]|\((…|\.\.\.)\))$/u;

/**
 * Teasers of other articles: a short summary that shares a small container (a list item, a card) with a
 * line that is all link (the other article's headline), or an excerpt cut off with an ellipsis. They read
 * like prose but are not this article. A link line among the article's own paragraphs (an inline "related"
 * link) does not make the next paragraph a teaser: there the shared container holds the whole article.
 */
function markTeasers(blocks: Block[]): void {
  const count = new Map<El, number>();
  for (const b of blocks)
    for (let el: El | null = b.owner; el; el = el.parent) count.set(el, (count.get(el) ?? 0) + 1);
  const smallCommonContainer = (a: Block, b: Block): boolean => {
    const up = new Set<El>();
    for (let el: El | null = a.owner; el; el = el.parent) up.add(el);
    for (let el: El | null = b.owner; el; el = el.parent) if (up.has(el)) return (count.get(el) ?? 0) <= 4;
    return false;
  };
  // Excerpts cut with an ellipsis are teasers when the page lists several; a lone one is the article's own
  // text cut short (a paywall).
  const excerpts = blocks.filter((b) => b.quality > 0 && b.size < 600 && ELLIPSIS_END.test(b.text)).length;
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i]!;
    if (b.quality === 0) continue;
    const prev = blocks[i - 1];
    const prev2 = blocks[i - 2];
    const link =
      prev && isLinkLine(prev) ? prev : prev && prev.size < 60 && prev2 && isLinkLine(prev2) ? prev2 : null;
    if (link && b.size < 400 && smallCommonContainer(link, b)) b.quality *= 0.25;
    else if (excerpts > 1 && ELLIPSIS_END.test(b.text) && b.size < 600) b.quality *= 0.3;
  }
}

function blockQuality(text: string, size: number, linkSize: number, tag: string): number {
  const ld = size ? linkSize / size : 0;
  if (ld > 0.5) return 0;
  const sentence = SENTENCE_END.test(text) || /[.!?。！？]\s/.test(text);
  let q = Math.min(1, size / 100);
  if (!sentence) q *= 0.4;
  if (tag === 'p') q = Math.min(1, q * 1.5 + 0.1);
  if (/^h[1-6]$/.test(tag)) q *= 0.5;
  return q * (1 - ld);
}

interface Tally {
  good: number;
  all: number;
}

/** How much a block counts as article text (good) and how much as other text (bad). */
const CHARGE = 0.7;

/**
 * The element holding the article: maximises good text minus CHARGE times the rest, after a bonus for
 * elements named as the article body.
 */
export function findArticleRoot(root: El, blocks: Block[]): El {
  const tally = new Map<El, Tally>();
  for (const b of blocks) {
    const good = b.size * b.quality;
    for (let el: El | null = b.owner; el; el = el.parent) {
      let t = tally.get(el);
      if (!t) tally.set(el, (t = { good: 0, all: 0 }));
      t.good += good;
      t.all += b.size;
    }
  }
  let best: El = root;
  let bestScore = -Infinity;
  for (const [el, t] of tally) {
    const bonus = 1 + 0.25 * bodyNameBonus(el);
    const score = t.good * bonus - CHARGE * (t.all - t.good);
    if (score > bestScore) {
      bestScore = score;
      best = el;
    }
  }
  return best;
}

/** Paragraphs of the article: the good blocks of the chosen element and whatever lies between them. */
export function articleParagraphs(blocks: Block[], title: string | null, minQuality = 0.5): string[] {
  const good = (b: Block): boolean => b.quality >= minQuality;
  const first = blocks.findIndex(good);
  if (first < 0) return [];
  let last = blocks.length - 1;
  while (last > first && !good(blocks[last]!)) last--;
  const out: string[] = [];
  const normTitle = title ? title.replace(/\s+/g, ' ').trim().toLowerCase() : null;
  let skipping = false;
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i]!;
    const inside = i >= first && i <= last;
    if (!inside && !(b.quality >= 0.3 && b.linkSize / b.size < 0.3)) continue;
    if (b.linkSize / b.size > 0.6) continue;
    if (b.tag === 'h1' || (normTitle && b.text.toLowerCase() === normTitle)) continue;
    // The heading of a related-articles list ("Read also", "Mehr zum Thema"): what follows is skipped until
    // the article's own prose resumes, a good block that is not another article's card or a list item.
    if (skipping) {
      if (!good(b) || inForeignItem(b.owner, blocks[first]!.owner)) continue;
      skipping = false;
    }
    if (out.length && i > first && isRelatedHeading(b.text)) {
      skipping = true;
      continue;
    }
    if (furnitureRule(b.text)) continue;
    for (const line of b.text.split('\n')) if (!furnitureRule(line)) out.push(line);
  }
  return out;
}

/** Whether `el` sits in an `<article>` or list item that does not also hold `body`. */
function inForeignItem(el: El, body: El): boolean {
  for (let e: El | null = el; e; e = e.parent) {
    if (isInside(body, e)) return false;
    if (e.tag === 'article' || e.tag === 'li') return true;
  }
  return false;
}

/** Whether `el` is `ancestor` or lies beneath it. */
export function isInside(el: El, ancestor: El): boolean {
  for (let e: El | null = el; e; e = e.parent) if (e === ancestor) return true;
  return false;
}
