/**
 * A small element tree built from htmlparser2's event stream, holding only what extraction reads:
 * tag names, attributes and text. Script, style and other non-content subtrees are not kept (their text
 * never reaches the tree), except JSON-LD scripts, whose text metadata extraction reads. Building our own
 * tree rather than a full DOM keeps one parse of a 150 KB page near a millisecond.
 */
import { Parser } from 'htmlparser2';

export interface El {
  tag: string;
  attrs: Record<string, string>;
  children: Node[];
  parent: El | null;
}

export type Node = El | string;

/** Elements whose content is never article text (their subtree is dropped while parsing). */
const DROP = new Set([
  'script',
  'style',
  'template',
  'svg',
  'math',
  'iframe',
  'object',
  'embed',
  'canvas',
  'video',
  'audio',
  'select',
  'option',
  'textarea',
  'button',
  'input',
  'head',
  'map',
  'dialog',
]);

/**
 * What may stand in `<head>`. Any other tag (or visible text) there ends the head, as it does in a browser:
 * pages that never close `<head>` or open `<body>` still have a body.
 */
const HEAD_CONTENT = new Set([
  'base',
  'basefont',
  'bgsound',
  'link',
  'meta',
  'title',
  'noscript',
  'noframes',
  'style',
  'script',
  'template',
]);

export interface ParsedPage {
  /** The root element (a synthetic `#root` holding `<html>`, or a fragment's top-level nodes). */
  root: El;
  /** `<title>` text. */
  title: string | null;
  /** `lang` of `<html>`. */
  lang: string | null;
  /** Every `<meta>` element's attributes, in document order. */
  metas: Record<string, string>[];
  /** Every `<link>` element's attributes, in document order. */
  links: Record<string, string>[];
  /** The text of each `<script type="application/ld+json">`. */
  jsonLd: string[];
}

/**
 * Deepest nesting kept. Deeper elements are flattened into their ancestor at this depth (their text is
 * kept), so hostile pages cannot exhaust the stack of the recursive passes that read the tree.
 */
export const MAX_DEPTH = 256;

export function parsePage(html: string): ParsedPage {
  const root: El = { tag: '#root', attrs: {}, children: [], parent: null };
  const page: ParsedPage = { root, title: null, lang: null, metas: [], links: [], jsonLd: [] };
  let current = root;
  // While inside a dropped subtree, its depth; text and elements there are not kept.
  let dropDepth = 0;
  // Whether the dropped subtree is <head>, and whether a <head> was ended by body content before its
  // closing tag (htmlparser2 still reports that tag's close later, which must not pop our tree).
  let inHead = false;
  let headEndedEarly = false;
  let depth = 0;
  // Elements opened beyond MAX_DEPTH (not in the tree); their closing tags are counted off here.
  let flattened = 0;
  let capture: 'title' | 'jsonld' | null = null;
  let captured = '';
  const endHead = (): void => {
    inHead = false;
    headEndedEarly = true;
    dropDepth = 0;
  };
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === 'meta') page.metas.push(attrs);
        else if (name === 'link') page.links.push(attrs);
        else if (name === 'html' && attrs.lang && !page.lang) page.lang = attrs.lang;
        if (name === 'title' && page.title === null && !capture) {
          capture = 'title';
          captured = '';
        } else if (name === 'script' && /ld\+json/i.test(attrs.type ?? '')) {
          capture = 'jsonld';
          captured = '';
        }
        if (inHead && dropDepth === 1 && !HEAD_CONTENT.has(name)) endHead();
        if (dropDepth > 0 || DROP.has(name)) {
          if (dropDepth === 0 && name === 'head') inHead = true;
          dropDepth++;
          return;
        }
        if (depth >= MAX_DEPTH) {
          flattened++;
          return;
        }
        const el: El = { tag: name, attrs, children: [], parent: current };
        current.children.push(el);
        current = el;
        depth++;
      },
      ontext(text) {
        if (capture) captured += text;
        if (inHead && dropDepth === 1 && !capture && text.trim()) endHead();
        if (dropDepth > 0) return;
        const kids = current.children;
        const last = kids[kids.length - 1];
        if (typeof last === 'string') kids[kids.length - 1] = last + text;
        else kids.push(text);
      },
      onclosetag(name) {
        if (capture === 'title' && name === 'title') {
          page.title = captured.replace(/\s+/g, ' ').trim() || null;
          capture = null;
        } else if (capture === 'jsonld' && name === 'script') {
          page.jsonLd.push(captured);
          capture = null;
        }
        if (dropDepth > 0) {
          dropDepth--;
          if (dropDepth === 0) inHead = false;
          return;
        }
        if (name === 'head' && headEndedEarly) {
          headEndedEarly = false;
          return;
        }
        if (flattened > 0) {
          flattened--;
          return;
        }
        if (current.parent) {
          current = current.parent;
          depth--;
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: true },
  );
  parser.write(html);
  parser.end();
  return page;
}

/** Every element under `root` (itself included), depth first, in document order. */
export function* elements(root: El): Generator<El> {
  const stack: El[] = [root];
  while (stack.length) {
    const el = stack.pop()!;
    yield el;
    for (let i = el.children.length - 1; i >= 0; i--) {
      const c = el.children[i]!;
      if (typeof c !== 'string') stack.push(c);
    }
  }
}

/** Text content of a subtree, white space collapsed. */
export function textOf(el: El): string {
  let out = '';
  const walk = (n: El): void => {
    for (const c of n.children) {
      if (typeof c === 'string') out += c;
      else walk(c);
    }
  };
  walk(el);
  return out.replace(/\s+/g, ' ').trim();
}
