/**
 * Framing: how each outlet tells a story, measured by the hedging and loaded words it chooses. Counts per
 * outlet and category, rates per 1,000 words, and every occurrence cited to its article and span. The
 * lexicon is data (data/framing.json), per language, extensible by the user. Pure.
 */
import type { AnalyzedArticle } from '../model/document.js';
import { loadData } from '../util/data.js';
import { baseLanguage } from '../util/language.js';
import { escapeRegExp, wordCount } from '../util/text.js';

export interface FramingCategory {
  description: string;
  terms: string[];
}

/** Language -> category name -> category. */
export type FramingLexicon = Record<string, Record<string, FramingCategory>>;

export interface FramingOccurrence {
  articleId: string;
  outlet: string;
  category: string;
  /** The lexicon term that matched (lower case). */
  term: string;
  start: number;
  end: number;
  /** The text of the match as it stands in the article. */
  text: string;
  /** The sentence around it, for reading the occurrence in context. */
  context: string;
  /** Inside a quotation: the speaker's word, not the outlet's. */
  quoted: boolean;
}

export interface OutletFraming {
  outlet: string;
  articles: number;
  words: number;
  /**
   * Per category: `count` is the outlet's own usage (outside quotations), with its rate per 1,000 words;
   * `quoted` counts the same words inside quotations (the speakers' framing, reported by the outlet).
   */
  categories: Record<
    string,
    { count: number; per1000: number; quoted: number; terms: Record<string, number> }
  >;
}

export interface FramingReport {
  outlets: OutletFraming[];
  occurrences: FramingOccurrence[];
}

export function defaultFramingLexicon(): FramingLexicon {
  const data = loadData<Record<string, unknown>>('framing.json');
  return Object.fromEntries(Object.entries(data).filter(([k]) => !k.startsWith('_'))) as FramingLexicon;
}

/** Add a user's lexicon to a base one: new categories are added, new terms join existing categories. */
export function mergeLexicons(base: FramingLexicon, extra: FramingLexicon): FramingLexicon {
  const out: FramingLexicon = structuredClone(base);
  for (const [lang, cats] of Object.entries(extra)) {
    if (lang.startsWith('_')) continue;
    out[lang] ??= {};
    for (const [name, cat] of Object.entries(cats)) {
      if (!Array.isArray(cat?.terms))
        throw new Error(`framing lexicon: category "${lang}.${name}" needs a "terms" list`);
      const cur = out[lang]![name];
      out[lang]![name] = cur
        ? { description: cur.description, terms: [...new Set([...cur.terms, ...cat.terms])] }
        : { description: cat.description ?? '', terms: [...cat.terms] };
    }
  }
  return out;
}

const matchers = new WeakMap<
  Record<string, FramingCategory>,
  { re: RegExp; category: Map<string, string> }
>();

function matcherFor(cats: Record<string, FramingCategory>): { re: RegExp; category: Map<string, string> } {
  let m = matchers.get(cats);
  if (!m) {
    const category = new Map<string, string>();
    for (const [name, cat] of Object.entries(cats))
      for (const t of cat.terms) if (!category.has(t.toLowerCase())) category.set(t.toLowerCase(), name);
    const alt = [...category.keys()]
      .sort((a, b) => b.length - a.length)
      .map((t) => escapeRegExp(t).replace(/[\s-]+/g, '[\\s-]+'))
      .join('|');
    m = { re: new RegExp(`(?<![\\p{L}\\p{N}])(?:${alt || '(?!)'})(?![\\p{L}\\p{N}])`, 'giu'), category };
    matchers.set(cats, m);
  }
  return m;
}

export function framing(
  articles: AnalyzedArticle[],
  lexicon: FramingLexicon = defaultFramingLexicon(),
): FramingReport {
  const byOutlet = new Map<string, OutletFraming>();
  const occurrences: FramingOccurrence[] = [];
  for (const a of articles) {
    const outlet = a.outlet ?? 'unknown outlet';
    const o = byOutlet.get(outlet) ?? { outlet, articles: 0, words: 0, categories: {} };
    byOutlet.set(outlet, o);
    o.articles++;
    o.words += wordCount(a.text);
    const cats = lexicon[baseLanguage(a.language)] ?? {};
    for (const name of Object.keys(cats))
      o.categories[name] ??= { count: 0, per1000: 0, quoted: 0, terms: {} };
    const quoted = quotedRegions(a);
    const { re, category } = matcherFor(cats);
    re.lastIndex = 0;
    for (const m of a.text.matchAll(re)) {
      const term = m[0].toLowerCase().replace(/[\s-]+/g, (s) => (s.includes('-') ? '-' : ' '));
      const name =
        category.get(term) ??
        category.get(m[0].toLowerCase().replace(/[\s-]+/g, ' ')) ??
        [...category.entries()].find(([t]) => t.replace(/[\s-]+/g, '') === term.replace(/[\s-]+/g, ''))?.[1];
      if (!name) continue;
      const start = m.index!;
      const end = start + m[0].length;
      const s = a.sentences.find((x) => x.start <= start && x.end >= end);
      const inQuote = quoted.some((r) => r.start <= start && end <= r.end);
      occurrences.push({
        articleId: a.id,
        outlet,
        category: name,
        term,
        start,
        end,
        text: m[0],
        context: s ? a.text.slice(s.start, s.end) : a.text.slice(Math.max(0, start - 80), end + 80),
        quoted: inQuote,
      });
      const c = o.categories[name]!;
      if (inQuote) {
        c.quoted++;
        continue;
      }
      c.count++;
      c.terms[term] = (c.terms[term] ?? 0) + 1;
    }
  }
  for (const o of byOutlet.values())
    for (const c of Object.values(o.categories))
      c.per1000 = o.words ? Math.round((c.count / o.words) * 1000 * 100) / 100 : 0;
  return { outlets: [...byOutlet.values()].sort((a, b) => a.outlet.localeCompare(b.outlet)), occurrences };
}

/** Spans of quoted words: whole direct quotations, and the marked fragments inside mixed ones. */
function quotedRegions(a: AnalyzedArticle): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (const q of a.quotes) {
    if (q.kind === 'direct' || q.kind === 'headline') out.push({ start: q.start, end: q.end });
    else if (q.kind === 'mixed') {
      for (const m of q.text.matchAll(/[“"«„]([^”"»“]*)[”"»“]?/gu))
        out.push({ start: q.start + m.index!, end: q.start + m.index! + m[0].length });
    }
  }
  return out;
}
