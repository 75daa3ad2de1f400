/**
 * Guessed metadata: from a page's <head> (meta tags, JSON-LD, <link>), its visible text (datelines, credit
 * and byline lines), its URL and its words (language). Every guess says where it came from (`via`) and
 * how sure we are; the caller lets anything the input supplied win over it.
 */
import { francAll } from 'franc';
import { iso6393To1 } from 'iso-639-3';
import type { ParsedPage } from './dom.js';
import { normalizeFeedDate } from '../util/feed-date.js';
import { loadData } from '../util/data.js';
import { baseLanguage, languagesIn, languagesWithData } from '../util/language.js';

export interface Guess<T = string> {
  value: T;
  /** The source of the value: 'json-ld', 'meta og:site_name', '<time>', 'url', 'dateline', 'credit line'… */
  via: string;
  confidence: number;
}

export interface GuessedMeta {
  title?: Guess;
  published?: Guess;
  /** A date found without its year ("October 13"), as ISO 8601 `--MM-DD`: never silently completed. */
  publishedPartial?: Guess;
  outlet?: Guess;
  /** The news agency whose copy this is (a dateline's "/TASS/", "First published by Reuters"). */
  agency?: Guess;
  authors?: Guess<string[]>;
  language?: Guess;
  url?: Guess;
  /** Copyright or credit line, kept as metadata when it is cut from the text. */
  credit?: Guess;
}

/** Merge guesses: a field already set keeps its value. */
export function mergeGuesses(into: GuessedMeta, from: GuessedMeta): GuessedMeta {
  for (const [k, v] of Object.entries(from) as [keyof GuessedMeta, Guess<never>][])
    if (v && !into[k]) into[k] = v;
  return into;
}

// ---------------------------------------------------------------------------------------------------
// Dates

/** A date or date-time string in any of the usual page formats, as ISO 8601 (keeping the local offset). */
export function normalizeDate(s: string | undefined | null): string | null {
  if (!s) return null;
  const t = s.trim();
  const iso =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?/.exec(t);
  if (iso) {
    const [, y, mo, d, h, mi, sec, zone] = iso;
    if (!validDate(+y!, +mo!, +d!)) return null;
    const date = `${y}-${mo}-${d}`;
    if (!h) return date;
    const z = !zone
      ? ''
      : zone === 'Z'
        ? 'Z'
        : zone.includes(':')
          ? zone
          : `${zone.slice(0, 3)}:${zone.slice(3)}`;
    return `${date}T${h}:${mi}:${sec ?? '00'}${z}`;
  }
  const compact = /^(\d{4})(\d{2})(\d{2})(?:T?(\d{2})(\d{2})(\d{2})?)?$/.exec(t);
  if (compact) {
    const [, y, mo, d] = compact;
    return validDate(+y!, +mo!, +d!) ? `${y}-${mo}-${d}` : null;
  }
  const feed = normalizeFeedDate(t);
  return feed && /^\d{4}-\d{2}-\d{2}/.test(feed) && +feed.slice(0, 4) > 1900 ? feed : null;
}

function validDate(y: number, m: number, d: number): boolean {
  return y >= 1900 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/**
 * Month names (lower case) and their numbers, from every language's date words in data/dates.json: a dateline
 * or a date line may be written in any of them.
 */
const MONTH_NAMES: [string, number][] = [...languagesIn('dates.json')].flatMap((lang) =>
  Object.entries(
    loadData<Record<string, { months?: Record<string, number> }>>('dates.json')[lang]?.months ?? {},
  ),
);

function monthNumber(name: string): number | null {
  const n = name.toLowerCase().replace(/\.$/, '');
  if (n.length < 3) return null;
  return MONTH_NAMES.find(([m]) => m.startsWith(n))?.[1] ?? null;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** A date in a URL path: /2016/05/10/, /2016-05-10/, /20160510/. */
export function dateFromUrl(url: string): string | null {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    path = url;
  }
  const m =
    /\/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:[/_.-]|$)/.exec(path) ??
    /[/_-]((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:[/_.-]|$)/.exec(path);
  return m ? `${m[1]}-${pad(+m[2]!)}-${pad(+m[3]!)}` : null;
}

// Visible datelines. "10 May, 2016 16:21", "May 10, 2016", "MOSCOW, October 13. /TASS/.", "SOCHI, October 22."
const DAY_MONTH_YEAR = /^(?:\p{L}+,?\s+)?(\d{1,2})\s+(\p{L}{3,}\.?),?\s+(\d{4})(?:[,\s]+(\d{1,2}):(\d{2}))?/u;
const MONTH_DAY_YEAR =
  /^(?:\p{L}+,?\s+)?(\p{L}{3,}\.?)\s+(\d{1,2}),?\s+(\d{4})(?:[,\s]+(?:at\s+)?(\d{1,2}):(\d{2}))?/u;
/** "PLACE, Month Day." or "PLACE, Day Month" at the start of a paragraph, then optionally "/AGENCY/" or "(AGENCY)". */
const PLACE_DATELINE =
  /^(\p{Lu}[\p{Lu}\p{M} .'-]{1,40}?),\s+(?:(\p{L}{3,}\.?)\s+(\d{1,2})|(\d{1,2})\s+(\p{L}{3,}\.?))(?:,?\s+(\d{4}))?\s*[.,:—–-]*\s*(?:\/\s*([\p{Lu}][\p{L}\s-]{1,20}?)\s*\/|\(([\p{Lu}][\p{L}\s-]{1,20}?)\))?/u;

export interface Dateline {
  published?: string;
  partial?: string;
  place?: string;
  agency?: string;
  text: string;
}

/** A dateline at the start of a line, if there is one. Month names are English for now (a table per language belongs in data). */
export function parseDateline(line: string): Dateline | null {
  const s = line.trim();
  let m = PLACE_DATELINE.exec(s);
  if (m) {
    const month = monthNumber(m[2] ?? m[5] ?? '');
    const day = +(m[3] ?? m[4] ?? 0);
    if (month && day >= 1 && day <= 31) {
      const place = m[1]!.trim();
      // The place is a word in capitals ("MOSCOW", "NEW YORK") or a capitalised name with a month after it.
      const out: Dateline = { text: m[0].trim(), place };
      if (m[6]) out.published = `${m[6]}-${pad(month)}-${pad(day)}`;
      else out.partial = `--${pad(month)}-${pad(day)}`;
      const agency = (m[7] ?? m[8])?.trim();
      if (agency) out.agency = agency;
      if (place === place.toUpperCase() || agency) return out;
    }
  }
  if (s.length <= 60) {
    // The two orders differ only in which group holds the day and which the month.
    for (const [re, dayAt, monthAt] of [
      [DAY_MONTH_YEAR, 1, 2],
      [MONTH_DAY_YEAR, 2, 1],
    ] as const) {
      m = re.exec(s);
      const month = m ? monthNumber(m[monthAt]!) : null;
      if (!m || !month || !validDate(+m[3]!, month, +m[dayAt]!)) continue;
      const date = `${m[3]}-${pad(month)}-${pad(+m[dayAt]!)}`;
      return { text: m[0], published: m[4] ? `${date}T${pad(+m[4])}:${m[5]}:00` : date };
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------
// Credit and byline lines

const FIRST_PUBLISHED = /^(?:first|originally)\s+published\s+(?:by|in|on)\s+(.+?)\.?$/i;
const RIGHTS_BY =
  /^(?:©\s*)?(?:all\s+rights\s+reserved\s+(?:by|to)\s+|copyright\s+(?:©\s*)?(?:\d{4}\s+)?(?:by\s+)?|©\s*(?:\d{4}(?:[-–]\d{4})?\s+)?)(.+?)\.?(?:\s+all rights reserved\.?)?$/i;
const BYLINE =
  /^(?:[Bb]y|BY|[Оо]т|par|von|di|por|door)\s+(\p{Lu}[\p{L}.'’-]+(?:\s+\p{Lu}[\p{L}.'’-]+){0,3}(?:\s*(?:,|and|&|und|et|y)\s*\p{Lu}[\p{L}.'’-]+(?:\s+\p{Lu}[\p{L}.'’-]+){0,3})*)/u;

/** Metadata from credit lines ("First published by TASS.", "All rights reserved by Rossiyskaya Gazeta."). */
export function creditMetadata(lines: string[]): GuessedMeta {
  const out: GuessedMeta = {};
  for (const raw of lines) {
    const line = raw.trim();
    let m = FIRST_PUBLISHED.exec(line);
    if (m && !out.agency) {
      out.agency = { value: cleanName(m[1]!), via: 'credit line', confidence: 0.8 };
      continue;
    }
    m = RIGHTS_BY.exec(line);
    if (m) {
      const name = cleanName(m[1]!);
      if (name && !out.outlet && name.split(/\s+/).length <= 6)
        out.outlet = { value: name, via: 'credit line', confidence: 0.7 };
      if (!out.credit) out.credit = { value: line, via: 'credit line', confidence: 0.9 };
    }
  }
  return out;
}

/** Authors from a byline ("By Jane Doe and John Roe"). */
export function bylineAuthors(line: string): string[] | null {
  const s = line.trim();
  if (s.length > 120) return null;
  const m = BYLINE.exec(s);
  if (!m) return null;
  return m[1]!
    .split(/\s*(?:,|\band\b|&|\bund\b|\bet\b|\by\b)\s*/)
    .map((a) => a.trim())
    .filter((a) => a.length > 2);
}

function cleanName(s: string): string {
  return s
    .replace(/^the\s+/i, '')
    .replace(/[.\s]+$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

// ---------------------------------------------------------------------------------------------------
// HTML head

type Json = Record<string, unknown>;

const ARTICLE_TYPES =
  /^(NewsArticle|Article|ReportageNews|AnalysisNewsArticle|OpinionNewsArticle|BackgroundNewsArticle|BlogPosting|LiveBlogPosting|TechArticle|ScholarlyArticle|Report|WebPage|SocialMediaPosting)$/;

function jsonLdObjects(page: ParsedPage): Json[] {
  const out: Json[] = [];
  const visit = (v: unknown, depth: number): void => {
    if (depth > 6 || !v || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      for (const x of v) visit(x, depth + 1);
      return;
    }
    const o = v as Json;
    out.push(o);
    if (o['@graph']) visit(o['@graph'], depth + 1);
  };
  for (const text of page.jsonLd) {
    try {
      visit(JSON.parse(text.trim().replace(/^<!--|-->$/g, '')), 0);
    } catch {
      // A broken JSON-LD block is common; the other sources still count.
    }
  }
  return out;
}

function typesOf(o: Json): string[] {
  const t = o['@type'];
  return Array.isArray(t) ? t.map(String) : typeof t === 'string' ? [t] : [];
}

function nameOf(v: unknown): string | null {
  if (typeof v === 'string') return v.trim() || null;
  if (Array.isArray(v)) return nameOf(v[0]);
  if (v && typeof v === 'object') return nameOf((v as Json).name);
  return null;
}

function namesOf(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(nameOf).filter((x): x is string => !!x);
  const n = nameOf(v);
  return n ? [n] : [];
}

/** The article text a page declares in JSON-LD (`articleBody`), when it does. */
export function jsonLdArticleBody(page: ParsedPage): string | null {
  for (const o of jsonLdObjects(page)) {
    if (typeof o.articleBody === 'string' && o.articleBody.trim()) return o.articleBody;
  }
  return null;
}

/** Metadata from the page's head: JSON-LD first (most specific), then Open Graph and other meta tags. */
export function htmlMetadata(page: ParsedPage): GuessedMeta {
  const out: GuessedMeta = {};
  const meta = new Map<string, string>();
  for (const m of page.metas) {
    const key = (m.property ?? m.name ?? m.itemprop ?? m['http-equiv'])?.toLowerCase();
    const content = m.content?.trim();
    if (key && content && !meta.has(key)) meta.set(key, content);
  }
  const fromMeta = (
    field: keyof GuessedMeta,
    keys: string[],
    confidence: number,
    fn: (v: string) => string | null = (v) => v,
  ): void => {
    if (out[field]) return;
    for (const k of keys) {
      const v = meta.get(k);
      const value = v ? fn(v) : null;
      if (value) {
        (out as Record<string, Guess>)[field] = { value, via: `meta ${k}`, confidence };
        return;
      }
    }
  };

  const objects = jsonLdObjects(page);
  const article =
    objects.find((o) => typesOf(o).some((t) => ARTICLE_TYPES.test(t) && t !== 'WebPage')) ??
    objects.find((o) => typesOf(o).includes('WebPage'));
  if (article) {
    const headline = nameOf(article.headline) ?? (typeof article.name === 'string' ? article.name : null);
    if (headline) out.title = { value: headline.trim(), via: 'json-ld headline', confidence: 0.9 };
    const date =
      normalizeDate(typeof article.datePublished === 'string' ? article.datePublished : null) ??
      normalizeDate(typeof article.dateCreated === 'string' ? article.dateCreated : null);
    if (date) out.published = { value: date, via: 'json-ld datePublished', confidence: 0.9 };
    const publisher = nameOf(article.publisher) ?? nameOf(article.sourceOrganization);
    if (publisher) out.outlet = { value: publisher, via: 'json-ld publisher', confidence: 0.85 };
    const authors = namesOf(article.author).filter((a) => !/^https?:/.test(a));
    if (authors.length) out.authors = { value: authors, via: 'json-ld author', confidence: 0.85 };
    const lang = typeof article.inLanguage === 'string' ? article.inLanguage : null;
    if (lang) out.language = { value: lang, via: 'json-ld inLanguage', confidence: 0.85 };
    const url = typeof article.url === 'string' ? article.url : null;
    if (url && /^https?:\/\//.test(url)) out.url = { value: url, via: 'json-ld url', confidence: 0.8 };
  }
  if (!out.outlet) {
    const org = objects.find((o) =>
      typesOf(o).some((t) => /^(NewsMediaOrganization|Organization|WebSite)$/.test(t)),
    );
    const name = org ? nameOf(org.name) : null;
    if (name) out.outlet = { value: name, via: 'json-ld organization', confidence: 0.6 };
  }

  fromMeta('title', ['og:title', 'twitter:title', 'dc.title', 'headline'], 0.85);
  if (!out.title && page.title)
    out.title = { value: stripSiteFromTitle(page.title), via: '<title>', confidence: 0.7 };
  fromMeta(
    'published',
    [
      'article:published_time',
      'og:article:published_time',
      'datepublished',
      'date',
      'pubdate',
      'publishdate',
      'publish-date',
      'publish_date',
      'dc.date',
      'dc.date.issued',
      'dcterms.created',
      'dcterms.issued',
      'sailthru.date',
      'parsely-pub-date',
      'article.published',
      'og:published_time',
      'datecreated',
    ],
    0.85,
    normalizeDate,
  );
  fromMeta(
    'outlet',
    ['og:site_name', 'application-name', 'twitter:site', 'publisher', 'dc.publisher'],
    0.8,
    (v) => v.replace(/^@/, ''),
  );
  if (!out.authors) {
    const a =
      meta.get('author') ??
      meta.get('article:author') ??
      meta.get('dc.creator') ??
      meta.get('parsely-author') ??
      meta.get('sailthru.author');
    if (a && !/^https?:/.test(a))
      out.authors = {
        value: a.split(/\s*(?:,|;|\band\b)\s*/).filter(Boolean),
        via: 'meta author',
        confidence: 0.8,
      };
  }
  fromMeta('language', ['content-language', 'og:locale', 'dc.language', 'language'], 0.75, (v) =>
    v.replace('_', '-'),
  );
  if (page.lang && (!out.language || out.language.via !== 'json-ld inLanguage'))
    out.language = { value: page.lang.trim(), via: '<html lang>', confidence: 0.8 };
  if (!out.url) {
    const canonical = page.links.find((l) => l.rel?.toLowerCase().split(/\s+/).includes('canonical'))?.href;
    if (canonical && /^https?:\/\//.test(canonical))
      out.url = { value: canonical, via: 'link canonical', confidence: 0.9 };
  }
  fromMeta('url', ['og:url'], 0.85, (v) => (/^https?:\/\//.test(v) ? v : null));
  return out;
}

/** The date in the page's address: the last resort for the publication date. */
export function urlMetadata(url: string | null | undefined): GuessedMeta {
  const d = url ? dateFromUrl(url) : null;
  return d ? { published: { value: d, via: 'url', confidence: 0.6 } } : {};
}

/** "Headline | Outlet" or "Headline - Outlet" -> "Headline" (only when the rest is short, like a name). */
function stripSiteFromTitle(title: string): string {
  const m = /^(.{15,}?)\s+[|–—·:-]\s+[^|–—·:-]{2,40}$/.exec(title);
  return m ? m[1]!.trim() : title;
}

// ---------------------------------------------------------------------------------------------------
// Language

/**
 * How far ahead the chosen language must be, as a share of the spread of franc's scores over all languages
 * of the script (scores crowd together as texts grow longer; the share does not): ahead of the second
 * language sitrep knows, and — when a language sitrep has no data for scores best — no further behind it than
 * OUTSIDE_GAP, or the text reads as that other language and is better left undetermined than mislabelled.
 * Set on the AllSides, PolNeAR and UCI English texts (all English texts pass: smallest lead 0.105, largest gap
 * behind Scots 0.047) and one-sentence texts in Swedish, Danish, Catalan, Ukrainian and Turkish (all refused).
 */
const DETECTION_MARGIN = 0.08;
const OUTSIDE_GAP = 0.12;

/**
 * The language of a text by its trigrams (franc), as a BCP 47 primary tag, chosen only among the languages
 * sitrep has data for and the one the input declares (`declared`); null when the text is short, when two
 * such languages score too close, or when the text reads as another language (the caller then keeps the
 * declared language, or none). Short news sentences in English read as Scots to franc: Scots is never a
 * candidate, so English wins by its lead over French or Dutch.
 */
export function detectLanguage(text: string, declared: string | null = null): Guess | null {
  const sample = text.length > 6000 ? text.slice(0, 6000) : text;
  if (sample.length < 40) return null;
  const candidates = new Set(languagesWithData());
  if (declared) candidates.add(baseLanguage(declared));
  const ranked = francAll(sample, { minLength: 40 });
  if (!ranked.length || ranked[0]![0] === 'und') return null;
  const spread = 1 - ranked.at(-1)![1] || 1;
  const known = ranked
    .map(([code, score]) => ({ tag: iso6393To1[code] ?? code, score }))
    .filter((r) => candidates.has(r.tag));
  const best = known[0];
  if (!best || (1 - best.score) / spread > OUTSIDE_GAP) return null;
  const second = known.find((r) => r.tag !== best.tag);
  if (second && (best.score - second.score) / spread < DETECTION_MARGIN) return null;
  return { value: best.tag, via: 'text (franc)', confidence: sample.length > 400 ? 0.8 : 0.6 };
}
