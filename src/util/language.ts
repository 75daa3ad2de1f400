import type { AnalysisWarning } from '../model/document.js';
import { loadData } from './data.js';

/** The base language subtag of a BCP 47 tag ("en-GB" -> "en"), "en" when unknown: what our per-language data is keyed by. */
export function baseLanguage(tag: string | null | undefined): string {
  return (tag ?? 'en').toLowerCase().split(/[-_]/)[0] || 'en';
}

/** A language key of a data file: an ISO 639 code, not a comment or a setting. */
const isLanguageKey = (k: string): boolean => /^[a-z]{2,3}$/.test(k);

/** The languages a per-language data file (`{ "en": …, "de": … }`) has data for. */
export function languagesIn(file: string): Set<string> {
  let langs = languagesByFile.get(file);
  if (!langs) {
    langs = new Set(Object.keys(loadData<Record<string, unknown>>(file)).filter(isLanguageKey));
    languagesByFile.set(file, langs);
  }
  return langs;
}
const languagesByFile = new Map<string, Set<string>>();

let withData: Set<string> | null = null;

/**
 * Every language sitrep has words for in data/: the analyzers' files (speech cues, date words, titles,
 * stop words, abbreviations, framing terms…) and the page-furniture phrases. Language detection chooses only
 * among these (and a language the input declares): a text is never given a language no part of sitrep knows.
 */
export function languagesWithData(): Set<string> {
  if (!withData) {
    withData = new Set<string>();
    for (const file of [
      'abbreviations.json',
      'compare.json',
      'dates.json',
      'framing.json',
      'quotes.json',
      'roles.json',
      'stopwords.json',
      'entities.json',
      'summary.json',
    ])
      for (const lang of languagesIn(file)) withData.add(lang);
    const furniture = loadData<{
      startsWith: Record<string, Record<string, string[]>>;
      exact: Record<string, Record<string, string[]>>;
    }>('furniture.json');
    for (const group of [...Object.values(furniture.startsWith), ...Object.values(furniture.exact)])
      for (const lang of Object.keys(group)) if (isLanguageKey(lang)) withData.add(lang);
  }
  return withData;
}

/**
 * The warning of an analyzer that has no data for an article's language (`lang`: its base subtag) and so did
 * not run, or ran only on what needs no words (`partly`): `missing` names the data.
 */
export function unsupportedLanguage(
  analyzer: string,
  lang: string,
  missing: string,
  partly: string | null = null,
): AnalysisWarning {
  return {
    analyzer,
    code: 'unsupported-language',
    message: `no ${missing} for language "${lang}": ${partly ?? `${analyzer} not analysed`}`,
  };
}
