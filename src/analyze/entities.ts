/**
 * Entities: people, organisations and places, with their mentions merged inside the document.
 *
 * Candidates are runs of capitalised words (with name particles: "of", "al-", "bin", "von"…). Each is
 * trimmed of sentence-initial function words and of leading titles ("Russian President" is recorded as
 * the person's role), split where it joins known names ("Russia-US"), and resolved: alias table and
 * gazetteer first, then acronyms the text defines ("Commonwealth of Independent States (CIS)"), then
 * surnames and spelling variants of names already seen. Unknown names are typed by their form (a title
 * makes a person; "Ministry", "Council", "Forces" make an organisation; "Sea", "Province" a place).
 */
import type { Entity, EntityMention, EntityType, Span } from '../model/document.js';
import type { AnalysisContext, Analyzer } from './context.js';
import { fold, isTownName, lexicon, lookupKey, type Lexicon } from './lexicon.js';

// A name word: an acronym with dots ("U.S."), a middle initial before the next name word ("Laurence H. Tribe"), or a capitalised word.
const T = String.raw`(?:(?:\p{Lu}\.){2,}|\p{Lu}\.(?=[ \t]+\p{Lu}\p{Ll})(?![ \t]+(?:The|A|An|He|She|It|They|We|I|In|On|At|But|And|This|That|His|Her|Its|Their|There)\b)|\p{Lu}[\p{L}\p{M}\p{N}]*(?:['’]\p{Lu}[\p{L}\p{M}]*)?(?:-\p{Lu}[\p{L}\p{M}\p{N}]*)*)`;
const HYPHEN_PARTICLE = String.raw`(?:(?:al|el|ad|as|ash|an|ar|az|bin|ibn|abu|ben)-)`;
const SPACE_PARTICLE = String.raw`(?:of the|of|for|de|von|van|der|den|da|du|del|della|bin|ibn|ben|la|le)`;
const NAME_RE = new RegExp(
  String.raw`${HYPHEN_PARTICLE}?${T}(?:(?:[ \t]+${SPACE_PARTICLE})?[ \t]+${HYPHEN_PARTICLE}?${T})*`,
  'gu',
);
const PARTICLES = new Set([
  'of',
  'the',
  'for',
  'de',
  'von',
  'van',
  'der',
  'den',
  'da',
  'du',
  'del',
  'della',
  'bin',
  'ibn',
  'ben',
  'la',
  'le',
]);

const ORG_HEADS = new Set([
  'ministry',
  'council',
  'forces',
  'force',
  'army',
  'navy',
  'front',
  'group',
  'union',
  'nations',
  'organization',
  'organisation',
  'agency',
  'committee',
  'party',
  'commission',
  'center',
  'centre',
  'club',
  'company',
  'corporation',
  'corp',
  'inc',
  'ltd',
  'capital',
  'bank',
  'university',
  'institute',
  'court',
  'parliament',
  'congress',
  'senate',
  'assembly',
  'government',
  'coalition',
  'flotilla',
  'staff',
  'service',
  'services',
  'office',
  'department',
  'brigade',
  'brigades',
  'movement',
  'alliance',
  'association',
  'foundation',
  'federation',
  'network',
  'channel',
  'television',
  'radio',
  'news',
  'times',
  'post',
  'journal',
  'press',
  'guard',
  'police',
  'fund',
  'board',
  'authority',
  'league',
  'society',
  'trust',
  'academy',
  'tribunal',
  'bureau',
  'corps',
  'battalion',
  'regiment',
  'division',
  'initiative',
  'chemicals',
  'industries',
  'holdings',
  'systems',
  'energy',
  'airlines',
  'airways',
  'motors',
  'pharmaceuticals',
  'technologies',
  'labs',
  'partners',
  'media',
  'foods',
  'insurance',
  'railways',
  'telecom',
  'forum',
  'summit',
  'conference',
  'club',
  'administration',
  'secretariat',
  'cabinet',
  'duma',
  'kremlin',
  'pentagon',
  'hezbollah',
  'taliban',
]);
const ORG_FIRST = new Set([
  'ministry',
  'council',
  'university',
  'bank',
  'department',
  'office',
  'court',
  'committee',
  'commonwealth',
  'league',
  'organization',
  'organisation',
]);
const PLACE_HEADS = new Set([
  'sea',
  'ocean',
  'river',
  'province',
  'region',
  'gulf',
  'mountains',
  'island',
  'islands',
  'valley',
  'lake',
  'bay',
  'peninsula',
  'strait',
  'desert',
  'city',
  'county',
  'state',
  'district',
  'east',
  'west',
  'asia',
  'africa',
  'america',
  'europe',
]);
/** Heads that take an "of" phrase inside a name: "Commonwealth of Independent States", "Bank of England". */
const OF_HEADS = new Set([
  'commonwealth',
  'republic',
  'kingdom',
  'state',
  'states',
  'emirates',
  'university',
  'bank',
  'house',
  'court',
  'church',
  'order',
  'society',
  'academy',
  'institute',
  'school',
  'college',
  'museum',
  'isle',
  'isles',
  'city',
  'port',
  'duke',
  'prince',
  'princess',
  'heads',
  'head',
  'friends',
  'league',
  'federation',
  'union',
  'coalition',
  'alliance',
  'army',
  'people',
  'party',
  'movement',
  'front',
  'board',
  'office',
  'department',
  'ministry',
  'council',
  'gulf',
  'bay',
  'sea',
  'strait',
  'cape',
  'lake',
  'mount',
]);
const PLACE_PREPOSITIONS =
  /(?:\b(?:in|from|to|near|across|outside|inside|into|toward|towards|around|via|at)\s+(?:the\s+)?)$/i;

const SPEECH_AFTER = /^\s+(?:also\s+)?(?:said|says|told|added|asked|wrote|noted|stressed|argued)\b/;

interface Candidate {
  start: number;
  end: number;
  text: string;
  /** Role from a stripped title, e.g. "russian president". */
  role: string | null;
  known: { name: string; type: EntityType } | null;
  sentenceInitial: boolean;
}

interface Draft {
  key: string;
  name: string;
  type: EntityType;
  known: boolean;
  confidence: number;
  roles: Set<string>;
  mentions: EntityMention[];
}

export function findEntities(ctx: AnalysisContext): Entity[] {
  const lex = lexicon(ctx.lang);
  const text = ctx.text;
  const sentenceStarts = new Set(ctx.sentences.map((s) => s.start));
  const lowerWords = new Set(text.match(/(?<![\p{L}\p{M}])\p{Ll}[\p{L}\p{M}]*/gu) ?? []);

  const candidates: Candidate[] = [];
  const capitalisedInside = new Set<string>();
  for (const m of text.matchAll(NAME_RE)) {
    ctx.budget.check();
    for (const c of refine(m.index!, m[0], text, lex, sentenceStarts, lowerWords)) {
      candidates.push(c);
      if (!c.sentenceInitial) capitalisedInside.add(c.text);
    }
  }

  // Resolve in order of appearance: known forms, then defined acronyms, surnames and variants.
  const drafts = new Map<string, Draft>();
  const byKey = (key: string): Draft | undefined => drafts.get(key);
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
    const d: Draft = { key, name, type, known, confidence, roles: new Set(), mentions: [] };
    drafts.set(key, d);
    return d;
  };

  for (const c of candidates) {
    if (c.known) {
      const key = fold(c.known.name);
      addMention(byKey(key) ?? newDraft(key, c.known.name, c.known.type, true, 0.95), c);
      noteAcronymDefinition(text, c, key, definedAcronyms);
      continue;
    }
    const defined = definedAcronyms.get(c.text);
    if (defined) {
      addMention(drafts.get(defined)!, c);
      continue;
    }
    const words = c.text.split(/\s+/).filter((w) => !PARTICLES.has(w.toLowerCase()));
    if (words.length === 1 && !c.role) {
      pending.push(c); // decided once every full name is known
      continue;
    }
    const key = fold(c.text);
    let d = byKey(key);
    if (!d) {
      const [type, confidence] = classify(c, words, text);
      d = newDraft(key, c.text, type, false, confidence);
    }
    addMention(d, c);
    noteAcronymDefinition(text, c, key, definedAcronyms);
  }

  // The people are all known by now (this loop adds no person), so their name parts are computed once; and
  // the same single word ("Putin", thirty times) is looked up once.
  const people = [...drafts.values()]
    .filter((d) => d.type === 'person')
    .map((d) => ({ d, parts: fold(d.name).split(' ') }));
  const found = new Map<string, Draft | undefined>();
  for (const c of pending) {
    const defined = definedAcronyms.get(c.text);
    if (defined) {
      addMention(drafts.get(defined)!, c);
      continue;
    }
    const f = fold(c.text);
    if (!found.has(c.text)) {
      const person =
        people.find((p) => p.parts.at(-1) === f)?.d ??
        people.find((p) => p.d.mentions.length && p.parts[0] === f && p.parts.length > 1)?.d;
      found.set(
        c.text,
        person ??
          drafts.get(f) ??
          [...drafts.values()].find(
            (d) => f.length >= 6 && !d.key.includes(' ') && editDistanceAtMostOne(d.key, f),
          ) ??
          // An acronym of a name the text spells out: "NLF" for "Northern Liberation Front"
          (/^\p{Lu}{2,6}$/u.test(c.text)
            ? [...drafts.values()].find((d) => d.type !== 'person' && initials(d.name) === c.text)
            : undefined),
      );
    }
    // A draft this loop made for the same word since the lookup counts too.
    const variant = found.get(c.text) ?? drafts.get(f);
    if (variant) {
      addMention(variant, c);
      continue;
    }
    // A capitalised word seen only where every word is capitalised (sentence starts) is not evidence of a
    // name, unless it is the subject of a speech verb ("Hale said").
    if (
      c.sentenceInitial &&
      (lowerWords.has(c.text.toLowerCase()) ||
        (!capitalisedInside.has(c.text) && !SPEECH_AFTER.test(text.slice(c.end, c.end + 12))))
    )
      continue;
    const acronym = /^[\p{Lu}\d.&]{2,8}$/u.test(c.text);
    const placeContext = PLACE_PREPOSITIONS.test(text.slice(Math.max(0, c.start - 30), c.start));
    const type: EntityType = acronym
      ? 'organization'
      : placeContext || isTownName(c.text)
        ? 'place'
        : 'other';
    addMention(newDraft(f, c.text, type, false, acronym ? 0.5 : placeContext ? 0.5 : 0.3), c);
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
    });
  }
  out.sort((a, b) => a.mentions[0]!.start - b.mentions[0]!.start);
  out.forEach((e, i) => (e.id = `e${i + 1}`));
  return out;
}

/** Trim, split and look up one capitalised run. */
function refine(
  start: number,
  raw: string,
  text: string,
  lex: Lexicon,
  sentenceStarts: Set<number>,
  lowerWords: Set<string>,
): Candidate[] {
  const tokens: Span[] = [];
  for (const m of raw.matchAll(/\S+/g))
    tokens.push({ start: start + m.index!, end: start + m.index! + m[0].length });
  const word = (i: number): string => text.slice(tokens[i]!.start, tokens[i]!.end);
  let i = 0;
  let role: string | null = null;
  const initialAt = (pos: number): boolean =>
    sentenceStarts.has(pos) || /(^|[“"«‘(:–—]\s*)$/.test(text.slice(Math.max(0, pos - 3), pos));

  for (let guard = 0; guard < 8 && i < tokens.length; guard++) {
    const w = word(i);
    const lw = w.toLowerCase();
    if (PARTICLES.has(lw) && i > 0) {
      i++;
      continue;
    }
    // A function word, unless written as a known acronym ("anti-IS": IS is the Islamic State, not "is").
    if (
      (lex.functionWords.has(lw) || lex.calendarWords.has(lw)) &&
      !(/^\p{Lu}{2,}$/u.test(w) && lex.known.has(w))
    ) {
      i++;
      continue;
    }
    // Title, optionally after a demonym or a country: "Russian President", "US Secretary of State"
    // The modifier may be any capitalised word that is not itself a title: "Harbour Minister", "Veranian President".
    const placeName = lookupKnown(w, lex);
    const modifierFirst = !lex.titles.has(lw) && matchTitle(tokens, i + 1, text, lex) !== null;
    const demonym = lex.demonyms.has(lw) || placeName?.type === 'place' || modifierFirst ? lw : null;
    const t = matchTitle(tokens, demonym ? i + 1 : i, text, lex);
    if (t && !(t.next === tokens.length - 1 && ORG_HEADS.has(word(t.next).toLowerCase()))) {
      role = (demonym ? `${demonym} ` : '') + t.title;
      i = t.next;
      // "President of Russia Vladimir Putin": the office's country belongs to the role
      if (i < tokens.length && word(i).toLowerCase() === 'of') {
        const of = matchKnownPlace(tokens, i + 1, text, lex);
        if (of) {
          role += ` of ${of.name.toLowerCase()}`;
          i = of.next;
        }
      }
      continue;
    }
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
  while (i < tokens.length && PARTICLES.has(word(i).toLowerCase())) i++;
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

  if (!role) role = lowercaseTitleBefore(text, s, lex);
  const sentenceInitial = initialAt(s);
  const known = lookupKnown(surface, lex);
  if (known) return [{ start: s, end: e, text: surface, role, known, sentenceInitial }];
  // "Fighters of ISIL": "of" joins two names only after a head that takes it ("Ministry of", "President of")
  const ofAt = surface.indexOf(' of ');
  if (ofAt > 0) {
    const headWord = surface.slice(0, ofAt).split(' ').at(-1)!.toLowerCase();
    if (
      !ORG_HEADS.has(headWord) &&
      !ORG_FIRST.has(headWord) &&
      !PLACE_HEADS.has(headWord) &&
      !OF_HEADS.has(headWord) &&
      !lex.titles.has(headWord)
    ) {
      const restStart = s + ofAt + 4 + (surface.slice(ofAt + 4).startsWith('the ') ? 4 : 0);
      return [
        ...refine(s, text.slice(s, s + ofAt), text, lex, sentenceStarts, lowerWords),
        ...refine(restStart, text.slice(restStart, e), text, lex, sentenceStarts, lowerWords),
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
          known: k,
          sentenceInitial: false,
        });
      pos += part.length + 1;
    }
    if (parts.length === surface.split('-').length) return parts;
  }
  if (lex.functionWords.has(surface.toLowerCase())) return [];
  // A sentence adverb or interjection opening a sentence: "Unfortunately, …", "Yes, …"
  if (sentenceInitial && !surface.includes(' ') && (/ly$/.test(surface) || text[e] === ',')) return [];
  // A known name with a modifier the lexicon does not know: "Daesh Takfiri" -> "Daesh" + "Takfiri"
  const words = surface.split(' ');
  if (!role && words.length === 2) {
    for (const [k, other] of [
      [0, 1],
      [1, 0],
    ] as const) {
      const part = lookupKnown(words[k]!, lex);
      if (
        part &&
        !ORG_HEADS.has(words[other]!.toLowerCase()) &&
        !PLACE_HEADS.has(words[other]!.toLowerCase())
      ) {
        const ps = k === 0 ? s : s + words[0]!.length + 1;
        return [
          {
            start: ps,
            end: ps + words[k]!.length,
            text: words[k]!,
            role: null,
            known: part,
            sentenceInitial: false,
          },
        ];
      }
    }
  }
  surface = text.slice(s, e);
  return [{ start: s, end: e, text: surface, role, known: null, sentenceInitial }];
}

function matchTitle(
  tokens: Span[],
  i: number,
  text: string,
  lex: Lexicon,
): { title: string; next: number } | null {
  for (let n = Math.min(lex.maxTitleWords, tokens.length - i - 1); n >= 1; n--) {
    const phrase = text.slice(tokens[i]!.start, tokens[i + n - 1]!.end).toLowerCase();
    if (lex.titles.has(phrase)) return { title: phrase.replace(/\.$/, ''), next: i + n };
  }
  return null;
}

/** A lower-case title right before a name: "union leader Marco Vidal", "fire chief Ruth Adeyemi". */
function lowercaseTitleBefore(text: string, start: number, lex: Lexicon): string | null {
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
    if (
      lex.titles.has(phrase) ||
      (lex.titles.has(last) && k === words.length - 2 && !lex.functionWords.has(words[k]!))
    ) {
      return lex.titles.has(phrase) ? phrase : `${words[k]} ${last}`;
    }
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

function classify(c: Candidate, words: string[], text: string): [EntityType, number] {
  const lower = words.map((w) => w.toLowerCase());
  if (c.role) return ['person', 0.9];
  if (
    ORG_HEADS.has(lower.at(-1)!) ||
    ORG_FIRST.has(lower[0]!) ||
    lower.some((w) => w === 'ministry' || w === 'council')
  )
    return ['organization', 0.8];
  if (PLACE_HEADS.has(lower.at(-1)!)) return ['place', 0.7];
  if (/^[\p{Lu}\d.&]{2,8}$/u.test(c.text)) return ['organization', 0.5];
  if (words.length <= 4 && !c.text.includes(' of ')) {
    const placeContext = PLACE_PREPOSITIONS.test(text.slice(Math.max(0, c.start - 30), c.start));
    if (isTownName(c.text)) return ['place', 0.6];
    return placeContext ? ['place', 0.4] : ['person', 0.6];
  }
  return ['other', 0.3];
}

/** "Commonwealth of Independent States (CIS)": the acronym now names this entity. */
function noteAcronymDefinition(text: string, c: Candidate, key: string, defined: Map<string, string>): void {
  const m = /^\s*\(\s*([\p{Lu}][\p{Lu}\d.&]{1,7})\s*\)/u.exec(text.slice(c.end, c.end + 16));
  if (m && !defined.has(m[1]!)) defined.set(m[1]!, key);
}

function initials(name: string): string {
  return name
    .split(/[\s-]+/)
    .filter((w) => w && !PARTICLES.has(w.toLowerCase()))
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
    ctx.entities = findEntities(ctx);
  },
};
