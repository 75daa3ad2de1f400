/** The figure words of a language (data/figures.json): vague amounts, change verbs, kind cues, source verbs. */
import { loadData } from '../util/data.js';
import { baseLanguage } from '../util/language.js';
import { escapeRegExp } from '../util/text.js';

interface FigureWordsData {
  vague: Record<string, [number, number]>;
  changeVerbs: string[];
  changeNouns: string[];
  previousWords: string[];
  forecast: string[];
  estimate: string[];
  target: string[];
  sourceVerbs: string[];
  recordWords: string[];
  durationNouns: string[];
  periodWords: string[];
  tallyWords: string[];
  decades: Record<string, number>;
  halves: Record<string, number>;
  measureStop: string[];
  measureVerbs: string[];
  genericThings: string[];
  amountNouns?: string[];
  units: Record<string, string>;
  currencyCodes: Record<string, string>;
  perNouns: string[];
  plurals: Record<string, string>;
  pastTenses: string[];
  ageAfter: string[];
  ageBefore: string[];
  ageStated: string[];
  streetWords: string[];
}

export interface FigureWords {
  vague: Map<string, [number, number]>;
  changeVerbs: Set<string>;
  changeNouns: Set<string>;
  previousWords: Set<string>;
  forecast: Set<string>;
  estimate: Set<string>;
  target: Set<string>;
  sourceVerbs: Set<string>;
  recordWords: Set<string>;
  durationNouns: Set<string>;
  periodWords: Set<string>;
  tallyWords: Set<string>;
  decades: Map<string, number>;
  halves: Map<string, number>;
  measureStop: Set<string>;
  measureVerbs: Set<string>;
  genericThings: Set<string>;
  /** Nouns that are an amount of what a figure counts ('the population topped 331 million people'). */
  amountNouns: Set<string>;
  /** What follows a number that gives someone's age ("-year-old", " years old"). */
  ageAfter: RegExp;
  /** What goes before a number or a range that gives people's age ("aged 18 to 34"). */
  ageBefore: RegExp;
  /** What goes before a number that states someone's age ("she was 12"): a claim, not a description. */
  ageStated: RegExp;
  /** Capitalised words ending in a street word after a number: "16-18 Harbour Road" is an address. */
  streetAfter: RegExp;
}

const cache = new Map<string, FigureWords | null>();

/** The unit names and currency codes of `lang` as data/figures.json gives them (empty for a language without). */
export function figureData(
  lang: string,
): Pick<FigureWordsData, 'units' | 'currencyCodes' | 'perNouns' | 'plurals' | 'pastTenses'> {
  const d = loadData<Record<string, FigureWordsData | string>>('figures.json')[baseLanguage(lang)];
  return d && typeof d === 'object'
    ? d
    : { units: {}, currencyCodes: {}, perNouns: [], plurals: {}, pastTenses: [] };
}

/** The figure words of `lang` (its base language), or null when data/figures.json has none for it. */
export function figureWords(lang: string | null): FigureWords | null {
  const base = baseLanguage(lang);
  if (cache.has(base)) return cache.get(base)!;
  const d = loadData<Record<string, FigureWordsData | string>>('figures.json')[base];
  const words =
    d && typeof d === 'object'
      ? {
          vague: new Map(Object.entries(d.vague)),
          changeVerbs: new Set(d.changeVerbs),
          changeNouns: new Set(d.changeNouns),
          previousWords: new Set(d.previousWords),
          forecast: new Set(d.forecast),
          estimate: new Set(d.estimate),
          target: new Set(d.target),
          sourceVerbs: new Set(d.sourceVerbs),
          recordWords: new Set(d.recordWords),
          durationNouns: new Set(d.durationNouns),
          periodWords: new Set(d.periodWords),
          tallyWords: new Set(d.tallyWords),
          decades: new Map(Object.entries(d.decades)),
          halves: new Map(Object.entries(d.halves)),
          measureStop: new Set(d.measureStop),
          measureVerbs: new Set(d.measureVerbs),
          genericThings: new Set(d.genericThings),
          amountNouns: new Set(d.amountNouns ?? []),
          ageAfter: new RegExp(`^(?:${d.ageAfter.map(escapeRegExp).join('|')})(?![\\p{L}])`, 'iu'),
          streetAfter: new RegExp(
            String.raw`^\s+(?:\p{Lu}[\p{L}'’-]*\s+){1,3}(?:${d.streetWords.map(escapeRegExp).join('|')})(?![\p{L}])`,
            'u',
          ),
          ageBefore: new RegExp(`(?<![\\p{L}])(?:${d.ageBefore.map(escapeRegExp).join('|')})\\s+$`, 'iu'),
          ageStated: new RegExp(`(?<![\\p{L}])(?:${d.ageStated.map(escapeRegExp).join('|')})\\s+$`, 'iu'),
        }
      : null;
  cache.set(base, words);
  return words;
}
