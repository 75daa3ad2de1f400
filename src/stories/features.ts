/**
 * What the story clusterer sees of an article: its terms (title counted more than body, and the words of
 * its URL's path, which editors often write as a second headline), the entities the analyzer found
 * (canonical names, so aliases count as one), and its publication time. Pure functions.
 */
import { createRequire } from 'node:module';
import type { AnalyzedArticle } from '../model/document.js';
import { lexicon } from '../analyze/lexicon.js';
import { baseLanguage } from '../util/language.js';

const require = createRequire(import.meta.url);

export interface StoryFeatures {
  id: string;
  /** Publication time in ms since the epoch, or null when unknown. */
  time: number | null;
  /** Term -> weighted count. Entity keys are prefixed with "@". */
  terms: Map<string, number>;
}

export interface FeatureOptions {
  /** How many times a title term counts compared with a body term. */
  titleWeight: number;
  /** How many times an entity counts compared with a body term. */
  entityWeight: number;
  /** Only the first this-many characters of the body are read: news puts what matters first. */
  bodyChars: number;
  /** How many times a word of the URL's path counts compared with a body term; 0 ignores the URL. */
  urlWeight: number;
}

export const DEFAULT_FEATURE_OPTIONS: FeatureOptions = {
  titleWeight: 3,
  entityWeight: 1,
  bodyChars: 4000,
  urlWeight: 1,
};

type FeatureInput = Pick<AnalyzedArticle, 'id' | 'title' | 'text' | 'published' | 'language'> & {
  entities?: AnalyzedArticle['entities'];
  url?: string | null;
};

export function storyFeatures(
  article: FeatureInput,
  opts: FeatureOptions = DEFAULT_FEATURE_OPTIONS,
): StoryFeatures {
  const lang = baseLanguage(article.language);
  const terms = new Map<string, number>();
  const add = (t: string, w: number): void => {
    terms.set(t, (terms.get(t) ?? 0) + w);
  };
  for (const t of termsOf(article.title ?? '', lang)) add(t, opts.titleWeight);
  const body = article.text.length > opts.bodyChars ? article.text.slice(0, opts.bodyChars) : article.text;
  for (const t of termsOf(body, lang)) add(t, 1);
  if (opts.urlWeight > 0 && article.url)
    for (const t of termsOf(urlWords(article.url), lang)) add(t, opts.urlWeight);
  if (opts.entityWeight > 0) {
    for (const e of article.entities ?? []) {
      if (e.type === 'other') continue;
      add('@' + e.name.toLowerCase(), opts.entityWeight * Math.min(3, e.mentions.length));
    }
  }
  const time = article.published ? Date.parse(article.published) : NaN;
  return { id: article.id, time: Number.isFinite(time) ? time : null, terms };
}

/**
 * The words of a URL's path ("/world/2024/05/ceasefire-talks-resume.html" -> "world ceasefire talks
 * resume"): tokens of letters (and their combining marks) only, three or more, so ids, dates and file
 * types drop out.
 */
export function urlWords(url: string): string {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return '';
  }
  try {
    path = decodeURIComponent(path);
  } catch {
    // A malformed escape: read the path as it is.
  }
  const words = path.split(/[/\-_.,+~:;=!*()\s]+/u).filter((w) => /^\p{L}[\p{L}\p{M}]{2,}$/u.test(w));
  return words.filter((w) => !URL_FILE_WORDS.has(w.toLowerCase())).join(' ');
}

const URL_FILE_WORDS = new Set(['html', 'htm', 'shtml', 'php', 'asp', 'aspx', 'jsp', 'cms', 'amp', 'www']);

const NO_SPACE_SCRIPTS =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}'’]*/gu;
const segmenters = new Map<string, Intl.Segmenter>();

/** Content terms of a text: folded words, function words and one-letter words dropped, lightly stemmed. */
export function termsOf(text: string, language: string): string[] {
  const lang = baseLanguage(language);
  const stop = stopWords(lang);
  const stem = stemmerFor(lang);
  const out: string[] = [];
  for (const word of words(text, lang)) {
    const w = word
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/['’]s$/, '')
      .replace(/['’]/g, '');
    if (w.length < 2 || stop.has(w) || /^\d{1,2}$/.test(w)) continue;
    out.push(stem(w));
  }
  return out;
}

function words(text: string, lang: string): string[] {
  if (!NO_SPACE_SCRIPTS.test(text)) return text.match(WORD) ?? [];
  let seg = segmenters.get(lang);
  if (!seg) {
    seg = new Intl.Segmenter(lang, { granularity: 'word' });
    segmenters.set(lang, seg);
  }
  const out: string[] = [];
  for (const s of seg.segment(text)) if (s.isWordLike) out.push(s.segment);
  return out;
}

const stopCache = new Map<string, Set<string>>();
/** Stop words: the stopwords-iso list of the language (58 languages) and our own function and calendar words. */
function stopWords(lang: string): Set<string> {
  let s = stopCache.get(lang);
  if (!s) {
    const iso = (require('stopwords-iso') as Record<string, string[]>)[lang] ?? [];
    const lex = lexicon(lang);
    s = new Set([...iso, ...lex.functionWords, ...lex.calendarWords].map((w) => w.toLowerCase()));
    stopCache.set(lang, s);
  }
  return s;
}

/** Snowball-family stemmers from @orama/stemmers, by ISO 639-1 code; a language without one keeps its words. */
const STEMMER_MODULES: Record<string, string> = {
  ar: 'arabic',
  bg: 'bulgarian',
  da: 'danish',
  de: 'german',
  el: 'greek',
  en: 'english',
  es: 'spanish',
  fi: 'finnish',
  fr: 'french',
  ga: 'irish',
  hu: 'hungarian',
  hy: 'armenian',
  id: 'indonesian',
  it: 'italian',
  lt: 'lithuanian',
  ne: 'nepali',
  nl: 'dutch',
  no: 'norwegian',
  nb: 'norwegian',
  pt: 'portuguese',
  ro: 'romanian',
  ru: 'russian',
  sr: 'serbian',
  sv: 'swedish',
  ta: 'tamil',
  tr: 'turkish',
  uk: 'ukrainian',
};
const stemmers = new Map<string, (w: string) => string>();
function stemmerFor(lang: string): (w: string) => string {
  let stem = stemmers.get(lang);
  if (!stem) {
    const mod = STEMMER_MODULES[lang];
    stem = mod
      ? (require(`@orama/stemmers/${mod}`) as { stemmer: (w: string) => string }).stemmer
      : (w: string) => w;
    stemmers.set(lang, stem);
  }
  return stem;
}
