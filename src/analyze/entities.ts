/**
 * Entities: people, organisations and places, with their mentions merged inside the document.
 *
 * Candidates are runs of capitalised words (with name particles: "of", "al-", "bin", "von"…, and abbreviated
 * titles: "Sen.", "Gov."). Each is trimmed of sentence-initial function words, weekday words and leading
 * titles, party words and job words ("Russian President", "Republican", "Gymnast", "Drugmaker" are recorded as
 * the entity's role), split where it joins known names ("Russia-US"), and resolved: alias table and gazetteer
 * first, then acronyms the text defines ("Commonwealth of Independent States (CIS)"), then shorter forms of a
 * person's full name ("Ana Lindqvist", "Ms. Lindqvist", "Lindqvist" for "Ana L. Lindqvist") and spelling
 * variants. Types come from evidence only: a title or job word, a given name, a head word ("Ministry",
 * "Council" make an organisation; "Sea", "Province" a place), a gazetteer, a place preposition, a surname
 * used alone later; a name without any is `other` and `uncertain` ("Consumer Price Index" is not a person).
 * Every word list is per language in data/ (entities.json, roles.json, stopwords.json, aliases.json).
 */
import type { Entity, EntityMention, EntityType, Span } from '../model/document.js';
import { unsupportedLanguage } from '../util/language.js';
import type { AnalysisContext, Analyzer } from './context.js';
import {
  fold,
  isGivenName,
  isShortGivenName,
  isTownName,
  lexicon,
  lookupKey,
  type EntityWords,
  type Lexicon,
} from './lexicon.js';

const NO_WORDS: EntityWords = {
  particles: new Set(),
  hyphenParticles: new Set(),
  orgHeads: new Set(),
  orgFirst: new Set(),
  placeFirst: new Set(),
  placeHeads: new Set(),
  ofHeads: new Set(),
  placePrepositions: new Set(),
  speechVerbs: new Set(),
  affiliations: new Set(),
  orgDescriptors: new Set(),
  timeWords: new Set(),
  leadingTimeWords: new Set(),
  nameSuffixes: new Set(),
  nameArticles: new Set(),
};

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const alternation = (words: Iterable<string>): string =>
  [...words]
    .sort((a, b) => b.length - a.length)
    .map((w) => escape(w).replace(/ /g, '[ \\t]+'))
    .join('|');

const nameRegexes = new WeakMap<Lexicon, RegExp>();

/** The capitalised-run pattern of a language: its particles and abbreviated titles come from data/. */
function nameRegex(lex: Lexicon): RegExp {
  let re = nameRegexes.get(lex);
  if (re) return re;
  const words = lex.entityWords ?? NO_WORDS;
  // Abbreviated titles written with a full stop ("Sen.", "Maj. Gen."), read as name words when a name follows.
  const abbreviations = new Set(
    [...lex.titles]
      .flatMap((t) => t.split(' '))
      .filter((w) => /^\p{Ll}+\.$/u.test(w))
      .map((w) => w[0]!.toUpperCase() + w.slice(1)),
  );
  const abbreviation = abbreviations.size ? `(?:${alternation(abbreviations)})(?=[ \\t]+\\p{Lu})|` : '';
  // A name word: an abbreviated title, an acronym with dots ("U.S."), a middle initial before the next name
  // word ("Laurence H. Tribe"), or a capitalised word.
  // A Korean given name after the family name keeps its hyphenated lower-case syllable ("Ban Ki-moon", "Moon
  // Jae-in"): short parts, after another capitalised word.
  const korean = String.raw`(?<=\p{Lu}\p{Ll}*[ \t])\p{Lu}\p{Ll}{1,3}-\p{Ll}{2,4}(?![\p{L}\p{M}\p{N}-])|`;
  const T = String.raw`(?:${abbreviation}${korean}(?:\p{Lu}\.){2,}|\p{Lu}\.(?=[ \t]+\p{Lu}\p{Ll})(?![ \t]+(?:The|A|An|He|She|It|They|We|I|In|On|At|But|And|This|That|His|Her|Its|Their|There)\b)|\p{Lu}[\p{L}\p{M}\p{N}]*(?:['’]\p{Lu}[\p{L}\p{M}]*)?(?:-\p{Lu}[\p{L}\p{M}\p{N}]*)*)`;
  const hyphen = words.hyphenParticles.size ? `(?:(?:${alternation(words.hyphenParticles)})-)?` : '';
  const space = words.particles.size ? `(?:[ \\t]+(?:${alternation(words.particles)}))?` : '';
  re = new RegExp(String.raw`${hyphen}${T}(?:${space}[ \t]+${hyphen}${T})*`, 'gu');
  nameRegexes.set(lex, re);
  return re;
}

/** What a stripped role says the entity is: a person ("senator", "gymnast") or an organisation ("drugmaker"). */
type RoleKind = 'person' | 'organization';

interface Candidate {
  start: number;
  end: number;
  text: string;
  /** Role from a stripped title, party or job word, e.g. "russian president". */
  role: string | null;
  roleKind: RoleKind | null;
  known: { name: string; type: EntityType } | null;
  sentenceInitial: boolean;
}

interface Draft {
  key: string;
  name: string;
  type: EntityType;
  known: boolean;
  confidence: number;
  uncertain: boolean;
  /** Shaped like a person's name but without evidence yet: a later surname alone or a speech verb decides. */
  maybePerson: boolean;
  roles: Set<string>;
  mentions: EntityMention[];
}

/** The parts of a person's name that identify it: folded, without middle initials, particles and suffixes ("Jr"). */
function nameCore(name: string, ew: EntityWords): { parts: string[]; initials: string[] } {
  const all = fold(name).split(' ');
  return {
    parts: all.filter((p) => !/^\p{L}\.?$/u.test(p) && !ew.particles.has(p) && !ew.nameSuffixes.has(p)),
    initials: all.filter((p) => /^\p{L}\.?$/u.test(p)).map((p) => p[0]!),
  };
}

export function findEntities(ctx: AnalysisContext): Entity[] {
  const lex = lexicon(ctx.lang);
  const ew = lex.entityWords ?? NO_WORDS;
  const text = ctx.text;
  const sentenceStarts = new Set(ctx.sentences.map((s) => s.start));
  const lowerWords = new Set(text.match(/(?<![\p{L}\p{M}])\p{Ll}[\p{L}\p{M}]*/gu) ?? []);
  const env: Env = { text, lang: ctx.lang, lex, ew, sentenceStarts, lowerWords };

  const candidates: Candidate[] = [];
  const capitalisedInside = new Set<string>();
  const nicknamed = nicknamedNames(text);
  for (const run of joinedOrganisationRuns(text, [...text.matchAll(nameRegex(lex))], env)) {
    ctx.budget.check();
    for (const c of refine(run.start, run.text, env)) {
      const whole = nicknamed.find((n) => n.start < c.end && c.start < n.end);
      if (whole) {
        // the title before the name is still its role ("Rep. Robert C. “Bobby” Scott")
        if (c.role && !whole.role) ({ role: whole.role, roleKind: whole.roleKind } = c);
        continue;
      }
      candidates.push(c);
      if (!c.sentenceInitial) capitalisedInside.add(c.text);
    }
  }
  candidates.push(...nicknamed);
  candidates.sort((a, b) => a.start - b.start);

  // Resolve in order of appearance: known forms, then defined acronyms, full names; single words last.
  const drafts = new Map<string, Draft>();
  const definedAcronyms = new Map<string, string>(); // acronym -> draft key
  const pending: Candidate[] = [];

  const addMention = (d: Draft, c: Candidate): void => {
    d.mentions.push({ start: c.start, end: c.end, text: c.text });
    if (c.role) d.roles.add(c.role);
  };
  const newDraft = (
    key: string,
    name: string,
    type: EntityType,
    known: boolean,
    confidence: number,
  ): Draft => {
    const d: Draft = {
      key,
      name,
      type,
      known,
      confidence,
      uncertain: confidence < 0.5,
      maybePerson: false,
      roles: new Set(),
      mentions: [],
    };
    drafts.set(key, d);
    return d;
  };

  for (const c of candidates) {
    if (c.known) {
      const key = fold(c.known.name);
      addMention(drafts.get(key) ?? newDraft(key, c.known.name, c.known.type, true, 0.95), c);
      noteAcronymDefinition(text, c, key, definedAcronyms);
      continue;
    }
    const defined = definedAcronyms.get(c.text);
    if (defined) {
      addMention(drafts.get(defined)!, c);
      continue;
    }
    const words = c.text.split(/\s+/).filter((w) => !ew.particles.has(w.toLowerCase()));
    if (words.length === 1) {
      pending.push(c); // decided once every full name is known
      continue;
    }
    const key = fold(c.text);
    let d = drafts.get(key);
    if (!d) {
      const t = classify(c, words, env, ctx.lang);
      d = newDraft(key, c.text, t.type, false, t.confidence);
      d.maybePerson = t.maybePerson;
    }
    // "the newspaper El Correo" after "in El Correo": a company's job word outweighs a name shape
    if (
      c.roleKind === 'organization' &&
      d.type !== 'organization' &&
      !d.known &&
      [...d.roles].every((r) => ew.orgDescriptors.has(r))
    ) {
      d.type = 'organization';
      d.confidence = Math.max(d.confidence, 0.85);
      d.uncertain = false;
    }
    if (c.role && c.roleKind === 'person' && d.type !== 'person' && !d.known) {
      d.type = 'person';
      d.confidence = Math.max(d.confidence, 0.9);
      d.uncertain = false;
    }
    addMention(d, c);
    noteAcronymDefinition(text, c, key, definedAcronyms);
  }

  mergeNameVariants(drafts, ew);

  // People and names that may be people, with the parts of their names; a single word is resolved to them
  // before anything else ("Lindqvist", "Ms. Lindqvist").
  const people = [...drafts.values()]
    .filter((d) => d.type === 'person' || d.maybePerson)
    .map((d) => ({ d, parts: nameCore(d.name, ew).parts }))
    .filter((p) => p.parts.length > 1);
  const found = new Map<string, Draft | undefined>();
  for (const c of pending) {
    const defined = definedAcronyms.get(c.text);
    if (defined) {
      addMention(drafts.get(defined)!, c);
      continue;
    }
    const f = fold(c.text);
    const person =
      c.roleKind === 'organization' ? undefined : personFor(f, c.start, people, !lowerWords.has(f));
    if (person) {
      addMention(person, c);
      continue;
    }
    if (!found.has(c.text)) {
      found.set(
        c.text,
        drafts.get(f) ??
          [...drafts.values()].find(
            (d) => f.length >= 6 && !d.key.includes(' ') && editDistanceAtMostOne(d.key, f),
          ) ??
          // An acronym of a name the text spells out: "NLF" for "Northern Liberation Front"
          (/^\p{Lu}{2,6}$/u.test(c.text)
            ? [...drafts.values()].find(
                (d) => d.type !== 'person' && initials(d.name, ew.particles) === c.text,
              )
            : undefined),
      );
    }
    // A draft this loop made for the same word since the lookup counts too.
    const variant = found.get(c.text) ?? drafts.get(f);
    if (variant) {
      addMention(variant, c);
      if (c.roleKind === 'person' && variant.type === 'other' && !variant.known) {
        variant.type = 'person';
        variant.confidence = 0.8;
        variant.uncertain = false;
      }
      continue;
    }
    if (c.role) {
      // "Ms. Lindqvist" with no full name: the title says what it is.
      const type: EntityType = c.roleKind === 'organization' ? 'organization' : 'person';
      addMention(newDraft(f, c.text, type, false, 0.8), c);
      continue;
    }
    // A capitalised word seen only where every word is capitalised (sentence starts) is not evidence of a
    // name, unless it is the subject of a speech verb ("Hale said").
    const speech = speechVerbAfter(text, c.end, lex, ew);
    if (
      c.sentenceInitial &&
      (lowerWords.has(c.text.toLowerCase()) || (!capitalisedInside.has(c.text) && !speech))
    )
      continue;
    const acronym = /^[\p{Lu}\d.&]{2,8}$/u.test(c.text);
    // A head word alone names the body ("the Senate", "the Pentagon").
    const body = ew.orgHeads.has(f);
    const placeContext = placePrepositionBefore(text, c.start, ew);
    // A town's name is a place unless it speaks ("Carson told ABC"): then it is a name of unknown type.
    const type: EntityType =
      acronym || body ? 'organization' : placeContext || (isTownName(c.text) && !speech) ? 'place' : 'other';
    const d = newDraft(f, c.text, type, false, body ? 0.6 : acronym || placeContext ? 0.5 : 0.3);
    d.uncertain = !body;
    addMention(d, c);
  }

  // A name shaped like a person's is one when the text later uses its surname alone or makes it speak.
  for (const d of drafts.values()) {
    if (!d.maybePerson || d.type === 'person') continue;
    const core = nameCore(d.name, ew).parts;
    const surnameAlone = d.mentions.some((m) => fold(m.text) === core.at(-1));
    const speaks = d.mentions.some((m) => speechVerbAfter(text, m.end, lex, ew));
    if (surnameAlone || speaks) {
      d.type = 'person';
      d.confidence = surnameAlone ? 0.6 : 0.5;
      d.uncertain = !surnameAlone;
    }
  }

  const out: Entity[] = [];
  for (const d of drafts.values()) {
    d.mentions.sort((a, b) => a.start - b.start);
    if (!d.known) {
      // The canonical name of an unknown entity is its fullest form.
      d.name = d.mentions.map((m) => m.text).reduce((best, t) => (t.length > best.length ? t : best), d.name);
    }
    out.push({
      id: '',
      name: d.name,
      type: d.type,
      aliases: [...new Set(d.mentions.map((m) => m.text))],
      roles: [...d.roles],
      mentions: d.mentions,
      confidence: d.confidence,
      uncertain: d.uncertain,
    });
  }
  out.sort((a, b) => a.mentions[0]!.start - b.mentions[0]!.start);
  out.forEach((e, i) => (e.id = `e${i + 1}`));
  return out;
}

/**
 * Names written with a nickname in quotation marks between the given name and the surname ('Robert C.
 * "Bobby" Scott'): one person's name, the nickname part of it, not a quotation and two names.
 */
function nicknamedNames(text: string): Candidate[] {
  const re =
    /(?<![\p{L}\p{M}])\p{Lu}\p{Ll}+(?:\s+\p{Lu}\.)?\s+(?:["“]\p{Lu}\p{Ll}+["”]|\(\p{Lu}\p{Ll}+\))\s+\p{Lu}[\p{Ll}'’-]*\p{Ll}(?![\p{L}\p{M}])/gu;
  return [...text.matchAll(re)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
    text: m[0],
    role: null,
    roleKind: 'person' as const,
    known: null,
    sentenceInitial: false,
  }));
}

/**
 * The person a single word names: the one full name ending in it (with several, the one named last before the
 * word, else the first named after it), or failing that the one full name beginning with it.
 */
function personFor(
  word: string,
  at: number,
  people: { d: Draft; parts: string[] }[],
  nameOnly: boolean,
): Draft | undefined {
  let hits = people.filter((p) => p.parts.at(-1) === word);
  // A first name alone ("Tedros" after "Tedros Adhanom Ghebreyesus") is that person when only one has it.
  if (!hits.length) {
    const firsts = people.filter((p) => p.parts[0] === word && p.d.mentions.length);
    if (firsts.length === 1) hits = firsts;
  }
  // A surname misspelt by a letter ("McLenney" for "McClenney"), when it can only be the one person's (a word
  // the text also writes in lower case is a word, not a misspelt name: "Pollsters")
  if (!hits.length && nameOnly && word.length >= 6) {
    const near = people.filter(
      (p) => p.d.type === 'person' && p.parts.length > 1 && editDistanceAtMostOne(p.parts.at(-1)!, word),
    );
    if (near.length === 1) hits = near;
  }
  if (hits.length <= 1) return hits[0]?.d;
  const lastBefore = (d: Draft): number =>
    d.mentions.reduce((best, m) => (m.start < at && m.start > best ? m.start : best), -1);
  const before = hits
    .map((p) => ({ d: p.d, pos: lastBefore(p.d) }))
    .filter((x) => x.pos >= 0)
    .sort((a, b) => b.pos - a.pos);
  if (before[0]) return before[0].d;
  return hits.sort((a, b) => a.d.mentions[0]!.start - b.d.mentions[0]!.start)[0]!.d;
}

/**
 * "Ana Lindqvist" and "Ana L. Lindqvist", "Steve Portnoy" and "Steven Portnoy" are one person: a person's
 * name of which another is a fuller form joins that one (when it is the only such name).
 */
function mergeNameVariants(drafts: Map<string, Draft>, ew: EntityWords): void {
  const people = [...drafts.values()]
    .filter((d) => (d.type === 'person' || d.maybePerson) && !d.known)
    .map((d) => ({ d, ...nameCore(d.name, ew) }))
    .filter((p) => p.parts.length > 1);
  for (const a of people) {
    const into = people.filter((b) => b !== a && drafts.has(b.d.key) && fuller(a, b));
    if (into.length !== 1) continue;
    const b = into[0]!.d;
    b.mentions.push(...a.d.mentions);
    for (const r of a.d.roles) b.roles.add(r);
    if (a.d.type === 'person' && b.type !== 'person') {
      b.type = 'person';
      b.confidence = a.d.confidence;
      b.uncertain = a.d.uncertain;
    } else if (a.d.type === 'person' && a.d.confidence > b.confidence) b.confidence = a.d.confidence;
    drafts.delete(a.d.key);
    a.d.mentions = [];
  }
}

/**
 * Whether person name `b` is a fuller form of `a`: the same surname, the same first name or a full form of
 * it ("Steve Portnoy" -> "Steven Portnoy", "Bobby Scott" -> "Robert C. Scott"), and no other part or initial
 * that `b` lacks; with the same first name, `b` has more to it ("Ana L. Lindqvist" for "Ana Lindqvist").
 */
export function fuller(
  a: { parts: string[]; initials: string[] },
  b: { parts: string[]; initials: string[] },
): boolean {
  if (a.parts.at(-1) !== b.parts.at(-1) || !a.initials.every((i) => b.initials.includes(i))) return false;
  if (a.parts[0] === b.parts[0])
    return (
      (b.parts.length > a.parts.length || b.initials.length > a.initials.length) &&
      a.parts.every((p) => b.parts.includes(p))
    );
  return isShortGivenName(a.parts[0]!, b.parts[0]!) && a.parts.slice(1).every((p) => b.parts.includes(p));
}

const countryNames = new WeakMap<Lexicon, Set<string>>();

/** The names of countries (those with a demonym): never a given name, whatever a name list says. */
function countries(lex: Lexicon): Set<string> {
  let names = countryNames.get(lex);
  if (!names) {
    names = new Set(lex.demonyms.values());
    countryNames.set(lex, names);
  }
  return names;
}

interface Env {
  text: string;
  lang: string;
  lex: Lexicon;
  ew: EntityWords;
  sentenceStarts: Set<number>;
  lowerWords: Set<string>;
}

/** A speech verb follows `end`, maybe after a function word ("Hale said", "Hale also said"; not "York businessman says"). */
function speechVerbAfter(text: string, end: number, lex: Lexicon, ew: EntityWords): boolean {
  // A time phrase may stand between the name and the verb: "Merck on Friday said", "Hale yesterday said".
  const time = /^\s+(?:(?<prep>\p{Ll}{2,3})\s+)?(?<when>\p{L}+)(?=\s)/u.exec(text.slice(end, end + 24));
  const when = time?.groups!.when!.toLowerCase() ?? '';
  const timed = time && (ew.timeWords.has(when) || (!time.groups!.prep && ew.leadingTimeWords.has(when)));
  if (timed) end += time[0].length;
  const m = /^\s+(?<first>\p{Ll}+)(?:\s+(?<second>\p{Ll}+))?/u.exec(text.slice(end, end + 24));
  if (!m) return false;
  const { first, second } = m.groups!;
  return ew.speechVerbs.has(first!) || (lex.functionWords.has(first!) && ew.speechVerbs.has(second ?? ''));
}

/** A place preposition, optionally with an article, right before `start` ("in the Donbas"). */
function placePrepositionBefore(text: string, start: number, ew: EntityWords): boolean {
  const words = text
    .slice(Math.max(0, start - 30), start)
    .trimEnd()
    .split(/\s+/);
  const last = words.at(-1)?.toLowerCase() ?? '';
  if (ew.placePrepositions.has(last)) return /\s$/.test(text.slice(0, start));
  return ew.particles.has(last) && ew.placePrepositions.has(words.at(-2)?.toLowerCase() ?? '');
}

/**
 * The capitalised runs, with "A and B …" joined into one run when B ends with an organisation's head
 * word and A is one or two plain words: "Food and Drug Administration", "Securities and Exchange
 * Commission", "Bill and Melinda Gates Foundation". Not when A is itself a body, a place, an acronym, a
 * party or a person ("House and Senate", "Kenya and Uganda Revenue Authority", "DNC and White House",
 * "Democrats and …", "Bob Woodward and Robert Costa of The Washington Post"), nor when B opens with a
 * function word ("BuzzFeed and The Washington Post").
 */
function joinedOrganisationRuns(
  text: string,
  matches: RegExpMatchArray[],
  env: Env,
): { start: number; text: string }[] {
  const runs = matches.map((m) => ({ start: m.index!, text: m[0] }));
  const heads = env.ew.orgHeads;
  const out: { start: number; text: string }[] = [];
  for (let i = 0; i < runs.length; i++) {
    const a = runs[i]!;
    const b = runs[i + 1];
    const end = a.start + a.text.length;
    // (a sentence's opening "The" is in the run: "The Fish and Wildlife Commission")
    const all = a.text.split(' ');
    const words = env.lex.functionWords.has(all[0]!.toLowerCase()) ? all.slice(1) : all;
    const bFirst = b?.text.split(' ')[0] ?? '';
    const plain = (w: string): boolean =>
      !heads.has(w.toLowerCase()) &&
      !env.ew.orgFirst.has(w.toLowerCase()) &&
      !env.ew.affiliations.has(w.toLowerCase()) &&
      !/^(?:\p{Lu}\.?){2,}$/u.test(w) &&
      lookupKnown(w, env.lex)?.type !== 'place' &&
      !isTownName(w);
    // A couple's given names may share the surname after them ("Bill and Melinda Gates Foundation").
    const aPerson = words.length === 2 && isGivenName(words[0]!, env.lang);
    const bPerson =
      isGivenName(bFirst, env.lang) && !(words.length === 1 && isGivenName(words[0]!, env.lang));
    if (
      b &&
      b.start === end + 5 &&
      text.slice(end, b.start) === ' and ' &&
      words.length >= 1 &&
      words.length <= 2 &&
      heads.has(b.text.split(' ').at(-1)!.toLowerCase()) &&
      // (the first of two words may be a country or a body: "U.S. Food and …", "House Ways and …")
      plain(words.at(-1)!) &&
      !aPerson &&
      !bPerson &&
      !env.lex.functionWords.has(bFirst.toLowerCase())
    ) {
      out.push({ start: a.start, text: text.slice(a.start, b.start + b.text.length) });
      i++;
    } else out.push(a);
  }
  return out;
}

/** Trim, split and look up one capitalised run. */
function refine(start: number, raw: string, env: Env): Candidate[] {
  const { text, lang, lex, ew, sentenceStarts, lowerWords } = env;
  const tokens: Span[] = [];
  for (const m of raw.matchAll(/\S+/g))
    tokens.push({ start: start + m.index!, end: start + m.index! + m[0].length });
  const word = (i: number): string => text.slice(tokens[i]!.start, tokens[i]!.end);
  const bare = (i: number): string =>
    word(i)
      .toLowerCase()
      .replace(/['’]s?$/u, '');
  // A weekday inside a run ends the name there: "Mayor Tom Reed Tuesday said" -> "Mayor Tom Reed".
  const time = tokens.findIndex((_, k) => k > 0 && ew.timeWords.has(bare(k)));
  if (time > 0) tokens.length = time;
  while (tokens.length > 1 && ew.particles.has(word(tokens.length - 1).toLowerCase())) tokens.length--;
  let i = 0;
  let role: string | null = null;
  let roleKind: RoleKind | null = null;
  const affiliations: string[] = [];
  const initialAt = (pos: number): boolean =>
    sentenceStarts.has(pos) || /(^|[“"«‘(:–—]\s*)$/.test(text.slice(Math.max(0, pos - 3), pos));

  for (let guard = 0; guard < tokens.length + 8 && i < tokens.length; guard++) {
    const w = word(i);
    const lw = w.toLowerCase();
    if (ew.particles.has(lw) && i > 0) {
      i++;
      continue;
    }
    // A function, calendar or time word, unless written as a known acronym ("anti-IS": IS is the Islamic
    // State, not "is").
    if (
      (lex.functionWords.has(lw) ||
        lex.calendarWords.has(lw) ||
        ew.timeWords.has(lw) ||
        ew.leadingTimeWords.has(lw)) &&
      !(/^\p{Lu}{2,}$/u.test(w) && lex.known.has(w))
    ) {
      i++;
      continue;
    }
    const last = i === tokens.length - 1;
    const restHasOrgHead = (from: number): boolean =>
      tokens.slice(from).some((_, k) => ew.orgHeads.has(bare(from + k)) || ew.orgFirst.has(bare(from + k)));
    // A party word before a name: "Republican Larry Elder", "Democratic Sen. Maria Ortiz" (not "Democratic Party").
    if (ew.affiliations.has(lw) && !last && !restHasOrgHead(i + 1)) {
      affiliations.push(lw.replace(/s$/, ''));
      i++;
      continue;
    }
    // A company's job word before its name: "Drugmaker Veltrix Pharma".
    const descriptor = matchPhrase(tokens, i, text, ew.orgDescriptors);
    if (descriptor && descriptor.next < tokens.length) {
      role = descriptor.phrase;
      roleKind = 'organization';
      i = descriptor.next;
      continue;
    }
    // A title, after up to two modifiers: "Russian President", "US Secretary of State", "California Democratic
    // Gov." (the modifiers may be any capitalised words that are not titles themselves).
    let titled = false;
    for (let k = 0; k <= 2 && i + k < tokens.length; k++) {
      if (k > 0 && (lex.titles.has(bare(i + k - 1)) || ew.particles.has(bare(i + k - 1)))) break;
      const t = matchTitle(tokens, i + k, text, lex);
      if (!t || (t.next === tokens.length - 1 && ew.orgHeads.has(bare(t.next)))) continue;
      const modifiers = tokens.slice(i, i + k).map((_, j) => bare(i + j));
      role = [...modifiers, t.title].join(' ');
      roleKind = 'person';
      i = t.next;
      // "President of Russia Vladimir Putin": the office's country belongs to the role
      if (i < tokens.length && word(i).toLowerCase() === 'of') {
        const of = matchKnownPlace(tokens, i + 1, text, lex) ?? officeBeforeName(tokens, i + 1, word, lang);
        if (of) {
          role += ` of ${of.name.toLowerCase()}`;
          i = of.next;
        }
      }
      titled = true;
      break;
    }
    if (titled) continue;
    if (
      initialAt(tokens[i]!.start) &&
      i + 1 < tokens.length &&
      lowerWords.has(lw) &&
      !lex.known.has(lookupKey(w))
    ) {
      i++; // "Many Syrians": a capitalised common word opening the sentence
      continue;
    }
    break;
  }
  if (affiliations.length) {
    role = [...affiliations, ...(role ? [role] : [])].join(' ');
    roleKind ??= 'person';
  }
  while (i < tokens.length && ew.particles.has(word(i).toLowerCase())) i++;
  if (i >= tokens.length) return [];
  const s = tokens[i]!.start;
  let e = tokens[tokens.length - 1]!.end;
  // A trailing possessive or full stop of a sentence is not part of the name ("Putin's", "U.S.").
  const tail = /(?:['’]s?|\.)$/u.exec(text.slice(s, e));
  if (tail && !/^(?:\p{Lu}\.){2,}$/u.test(text.slice(s, e).split(/\s+/).at(-1)!)) e -= tail[0].length;
  if (e <= s) return [];
  let surface = text.slice(s, e);
  const lowerSurface = surface.toLowerCase();
  // "Russian", "Western", "Syrians": adjectives and peoples, not names
  if (
    lex.demonyms.has(lowerSurface) ||
    (lowerSurface.endsWith('s') && lex.demonyms.has(lowerSurface.slice(0, -1)))
  )
    return [];
  // "The Republican", "a Democrat": a party word after an article describes a person, it does not name one
  // (written in capitals, "the GOP" is the party's name).
  if (
    ew.affiliations.has(lowerSurface) &&
    !/^\p{Lu}+$/u.test(surface) &&
    /\b(?:the|a|an)\s+$/iu.test(text.slice(Math.max(0, s - 6), s))
  )
    return [];
  // "CONGRESS HAS INVESTIGATED HIM": a heading in capitals, whose function words are capitalised too, is no name
  const shouted = surface.split(/\s+/);
  if (
    shouted.length >= 3 &&
    shouted.every((w) => /^\p{Lu}{2,}$/u.test(w)) &&
    shouted.some((w) => lex.functionWords.has(w.toLowerCase()) && !ew.particles.has(w.toLowerCase()))
  )
    return [];

  // A lower-case title before an organisation's name is no role of it ("chief White House correspondent"):
  // the name ends with an organisation's head and opens with no given name.
  const organisation = ew.orgHeads.has(bare(tokens.length - 1)) && !isGivenName(word(i), lang);
  if (!role && !organisation) {
    const before = lowercaseRoleBefore(text, s, lex, ew);
    if (before) ({ role, kind: roleKind } = before);
  }
  const sentenceInitial = initialAt(s);
  const known = lookupKnown(surface, lex);
  if (known) return [{ start: s, end: e, text: surface, role, roleKind, known, sentenceInitial }];
  // "Fighters of ISIL": "of" joins two names only after a head that takes it ("Ministry of", "President of")
  const ofAt = surface.indexOf(' of ');
  if (ofAt > 0) {
    const headWord = surface.slice(0, ofAt).split(' ').at(-1)!.toLowerCase();
    if (
      !ew.orgHeads.has(headWord) &&
      !ew.orgFirst.has(headWord) &&
      !ew.placeHeads.has(headWord) &&
      !ew.ofHeads.has(headWord) &&
      !lex.titles.has(headWord)
    ) {
      const restStart = s + ofAt + 4 + (surface.slice(ofAt + 4).startsWith('the ') ? 4 : 0);
      return [
        ...refine(s, text.slice(s, s + ofAt), env),
        ...refine(restStart, text.slice(restStart, e), env),
      ];
    }
  }
  // "Russia-US": two known names joined by a hyphen
  if (!surface.includes(' ') && surface.includes('-')) {
    const parts: Candidate[] = [];
    let pos = s;
    for (const part of surface.split('-')) {
      const k = lookupKnown(part, lex);
      if (k)
        parts.push({
          start: pos,
          end: pos + part.length,
          text: part,
          role: null,
          roleKind: null,
          known: k,
          sentenceInitial: false,
        });
      pos += part.length + 1;
    }
    if (parts.length === surface.split('-').length) return parts;
  }
  if (lex.functionWords.has(surface.toLowerCase())) return [];
  // A title alone is no name ("Mr.", "Sen."), but after an honorific a title word is a surname ("Mr. King").
  if (
    role
      ? lex.titles.has(`${lowerSurface}.`)
      : lex.titles.has(lowerSurface) || lex.titles.has(`${lowerSurface}.`)
  )
    return [];
  // A sentence adverb or interjection opening a sentence: "Unfortunately, …", "Yes, …"; not a name set off by
  // an apposition ("Christie, who has campaigned …, said"; "Dean, a medical doctor, …")
  const apposition = /^,\s+(?:who|whose|a|an|the)\s/u.test(text.slice(e, e + 8));
  if (sentenceInitial && !surface.includes(' ') && (/ly$/.test(surface) || (text[e] === ',' && !apposition)))
    return [];
  // A known name with a modifier the lexicon does not know: "Daesh Takfiri" -> "Daesh" + "Takfiri"
  const words = surface.split(' ');
  if (!role && words.length === 2) {
    for (const [k, other] of [
      [0, 1],
      [1, 0],
    ] as const) {
      const part = lookupKnown(words[k]!, lex);
      // "Douglas Brinkley" is a person, though Douglas is a capital.
      if (k === 0 && !countries(lex).has(part?.name ?? '') && isGivenName(words[0]!, lang)) continue;
      if (
        part &&
        !ew.orgHeads.has(words[other]!.toLowerCase()) &&
        !ew.placeHeads.has(words[other]!.toLowerCase())
      ) {
        const ps = k === 0 ? s : s + words[0]!.length + 1;
        return [
          {
            start: ps,
            end: ps + words[k]!.length,
            text: words[k]!,
            role: null,
            roleKind: null,
            known: part,
            sentenceInitial: false,
          },
        ];
      }
    }
  }
  surface = text.slice(s, e);
  return [{ start: s, end: e, text: surface, role, roleKind, known: null, sentenceInitial }];
}

/** The longest phrase of `phrases` (lower case, maybe several words) starting at token `i`. */
function matchPhrase(
  tokens: Span[],
  i: number,
  text: string,
  phrases: Set<string>,
): { phrase: string; next: number } | null {
  for (let n = Math.min(3, tokens.length - i); n >= 1; n--) {
    const phrase = text.slice(tokens[i]!.start, tokens[i + n - 1]!.end).toLowerCase();
    if (phrases.has(phrase)) return { phrase, next: i + n };
  }
  return null;
}

function matchTitle(
  tokens: Span[],
  i: number,
  text: string,
  lex: Lexicon,
): { title: string; next: number } | null {
  for (let n = Math.min(lex.maxTitleWords, tokens.length - i - 1); n >= 1; n--) {
    const phrase = text.slice(tokens[i]!.start, tokens[i + n - 1]!.end).toLowerCase();
    if (lex.titles.has(phrase))
      return { title: lex.titleAbbreviations.get(phrase) ?? phrase.replace(/\.$/, ''), next: i + n };
  }
  return null;
}

/**
 * A lower-case title or job word right before a name: "union leader Marco Vidal", "fire chief Ruth Adeyemi",
 * "the drugmaker Veltrix".
 */
function lowercaseRoleBefore(
  text: string,
  start: number,
  lex: Lexicon,
  ew: EntityWords,
): { role: string; kind: RoleKind } | null {
  // the (at most three) lower-case words right before the name
  const before = text.slice(Math.max(0, start - 40), start);
  if (!/\p{Ll}\s+$/u.test(before)) return null;
  const parts = before.trimEnd().split(/\s+/);
  const words: string[] = [];
  for (let i = parts.length - 1; i >= 0 && words.length < 3 && /^\p{Ll}[\p{L}-]*$/u.test(parts[i]!); i--)
    words.unshift(parts[i]!);
  if (!words.length) return null;
  for (let k = 0; k < words.length; k++) {
    const phrase = words.slice(k).join(' ');
    const last = words.at(-1)!;
    if (ew.orgDescriptors.has(phrase)) return { role: phrase, kind: 'organization' };
    if (
      lex.titles.has(phrase) ||
      (lex.titles.has(last) && k === words.length - 2 && !lex.functionWords.has(words[k]!))
    ) {
      const role = lex.titles.has(phrase) ? phrase : `${words[k]} ${last}`;
      return { role: lex.titleAbbreviations.get(role) ?? role, kind: 'person' };
    }
  }
  return null;
}

/**
 * The office named after a title's "of", when a person's name follows it ("Secretary of Defense Lloyd
 * Austin", "Secretary of Homeland Security Alejandro Mayorkas"): the words up to the first given name
 * that has a name after it, at most three of them.
 */
function officeBeforeName(
  tokens: Span[],
  i: number,
  word: (k: number) => string,
  lang: string,
): { name: string; next: number } | null {
  for (let j = i + 1; j <= i + 3 && j + 1 < tokens.length; j++) {
    if (!isGivenName(word(j), lang)) continue;
    const office = tokens.slice(i, j).map((_, k) => word(i + k));
    return { name: office.join(' '), next: j };
  }
  return null;
}

function matchKnownPlace(
  tokens: Span[],
  i: number,
  text: string,
  lex: Lexicon,
): { name: string; next: number } | null {
  if (i < tokens.length && text.slice(tokens[i]!.start, tokens[i]!.end).toLowerCase() === 'the') i++;
  for (let n = Math.min(4, tokens.length - i); n >= 1; n--) {
    const k = lookupKnown(text.slice(tokens[i]!.start, tokens[i + n - 1]!.end), lex);
    if (k?.type === 'place') return { name: k.name, next: i + n };
  }
  return null;
}

function lookupKnown(surface: string, lex: Lexicon): { name: string; type: EntityType } | null {
  return lex.known.get(lookupKey(surface)) ?? lex.known.get(fold(surface)) ?? null;
}

/** A multi-word name's type and the evidence for it. */
function classify(
  c: Candidate,
  words: string[],
  env: Env,
  lang: string,
): { type: EntityType; confidence: number; maybePerson: boolean } {
  const { ew, text } = env;
  const lower = words.map((w) => w.toLowerCase().replace(/['’]s?$/u, ''));
  const of = (type: EntityType, confidence: number, maybePerson = false) => ({
    type,
    confidence,
    maybePerson,
  });
  if (c.roleKind === 'organization') return of('organization', 0.85);
  if (c.role) return of('person', 0.9);
  // The head is the last word, or the last before an "of" phrase ("University School of Medicine").
  const beforeOf = / of /.test(c.text) ? c.text.slice(0, c.text.indexOf(' of ')).split(' ').at(-1)! : null;
  const heads = beforeOf ? [lower.at(-1)!, beforeOf.toLowerCase()] : [lower.at(-1)!];
  if (heads.some((h) => ew.orgHeads.has(h)) || ew.orgFirst.has(lower[0]!)) return of('organization', 0.8);
  if (ew.placeHeads.has(lower.at(-1)!) || (words.length > 1 && ew.placeFirst.has(lower[0]!)))
    return of('place', 0.7);
  if (/^[\p{Lu}\d.&]{2,8}$/u.test(c.text)) return of('organization', 0.5);
  if (isTownName(c.text)) return of('place', 0.6);
  const nameShaped =
    words.length <= 4 &&
    !c.text.includes(' of ') &&
    words.every((w) => /^\p{Lu}/u.test(w) && !/^\p{Lu}{2,}$/u.test(w)) &&
    !lower.some((w) => ew.orgHeads.has(w) || ew.placeHeads.has(w));
  // A given name opening it, unless the name opens with a town ("San Diego Union-Tribune").
  const first = words[0]!.replace(/\.$/, '');
  // (an article of another language is not a given name: "El País", "Le Monde")
  if (
    nameShaped &&
    !ew.nameArticles.has(first.toLowerCase()) &&
    isGivenName(first, lang) &&
    !isTownName(`${words[0]} ${words[1]}`)
  )
    return of('person', 0.8);
  if (placePrepositionBefore(text, c.start, ew)) return of('place', 0.4);
  return of('other', 0.3, nameShaped && words.length <= 3);
}

/** "Commonwealth of Independent States (CIS)": the acronym now names this entity. */
function noteAcronymDefinition(text: string, c: Candidate, key: string, defined: Map<string, string>): void {
  const m = /^\s*\(\s*([\p{Lu}][\p{Lu}\d.&]{1,7})\s*\)/u.exec(text.slice(c.end, c.end + 16));
  if (m && !defined.has(m[1]!)) defined.set(m[1]!, key);
}

function initials(name: string, particles: Set<string>): string {
  return name
    .split(/[\s-]+/)
    .filter((w) => w && !particles.has(w.toLowerCase()))
    .map((w) => w[0]!.toUpperCase())
    .join('');
}

function editDistanceAtMostOne(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1 || a[0] !== b[0]) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (a.length > b.length) i++;
    else if (b.length > a.length) j++;
    else {
      i++;
      j++;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}

export const entitiesAnalyzer: Analyzer = {
  name: 'entities',
  run(ctx) {
    if (!lexicon(ctx.lang).entityWords)
      ctx.warnings.push(
        unsupportedLanguage(
          'entities',
          ctx.lang,
          'entity words (data/entities.json)',
          'entities found by capitalisation and gazetteers only, types mostly unknown',
        ),
      );
    ctx.entities = findEntities(ctx);
  },
};
