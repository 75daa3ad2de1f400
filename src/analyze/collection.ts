/**
 * Analysis across a collection of articles (the store, or one story): who said what, grouped by speaker,
 * and entities merged across documents. Pure: built from stored annotations.
 */
import type { AnnotationRow } from '../model/annotations.js';
import type { AnalyzedArticle, Entity, EntityType, Quote, TextSpan } from '../model/document.js';
import { fuller } from './entities.js';
import { countryNamed, fold } from './lexicon.js';

/** Annotation rows, as a store gives them, from analysed articles in memory. */
export function annotationRows(articles: AnalyzedArticle[], kind: 'quotes'): AnnotationRow<'quote'>[];
export function annotationRows(articles: AnalyzedArticle[], kind: 'entities'): AnnotationRow<'entity'>[];
export function annotationRows(articles: AnalyzedArticle[], kind: 'quotes' | 'entities'): AnnotationRow[] {
  return articles.flatMap((a) => {
    const article = {
      id: a.id,
      externalId: a.externalId,
      title: a.title,
      outlet: a.outlet,
      published: a.published,
      source: a.source,
    };
    return a[kind].map((item) => ({ article, item }));
  });
}

/** A name as the entity it is an alias of calls it ("NLF" -> "Northern Liberation Front"); an alias two entities share names neither. */
export function canonicalName(entities: CollectionEntity[]): (name: string | null) => string | null {
  const canonical = new Map<string, string | null>();
  for (const e of entities)
    for (const a of e.aliases)
      canonical.set(fold(a), canonical.has(fold(a)) && canonical.get(fold(a)) !== e.name ? null : e.name);
  return (name) => (name ? (canonical.get(fold(name)) ?? name) : null);
}

export interface Citation {
  articleId: string;
  externalId: string | null;
  outlet: string | null;
  published: string | null;
  title: string | null;
  start: number;
  end: number;
  /** The exact text of the span (`text.slice(start, end)` of the article). */
  text: string;
}

export interface SpeakerQuotes {
  /** The resolved speaker, or null for quotations whose speaker could not be resolved. */
  speaker: string | null;
  quotes: (Pick<Quote, 'kind' | 'text' | 'confidence'> & {
    cue: string | null;
    source: string | null;
    cite: Citation;
  })[];
  outlets: string[];
}

/**
 * Quotations grouped by resolved speaker, most quoted first; the unresolved ones last. A speaker known only
 * by a surname in one article is grouped with the single full name ending in it ("Sorel" with "Elena Sorel").
 * With `entities` (from `entitiesAcross`), a speaker named by an alias is grouped under the entity's name.
 */
export function quotesBySpeaker(
  rows: AnnotationRow<'quote'>[],
  entities: CollectionEntity[] = [],
): SpeakerQuotes[] {
  const nameOf = canonicalName(entities);
  // Only a person's full name takes a lone surname: "China" is not "Bank of China".
  const typeOf = new Map(entities.map((e) => [fold(e.name), e.type]));
  const maybePerson = (name: string): boolean => {
    const t = typeOf.get(fold(name));
    return t === undefined || t === 'person' || t === 'other';
  };
  const by = new Map<string | null, SpeakerQuotes>();
  const fullNames = [
    ...new Set(
      rows
        .map((r) => nameOf(r.item.speaker))
        .filter((n): n is string => !!n && /\s/.test(n) && (typeOf.get(fold(n)) ?? 'person') === 'person'),
    ),
  ];
  for (const r of rows) {
    const q = r.item;
    const speaker = nameOf(q.speaker);
    const key =
      speaker && !/\s/.test(speaker) && maybePerson(speaker)
        ? (fullNameFor(speaker, fullNames) ?? speaker)
        : speaker;
    const g = by.get(key) ?? { speaker: key, quotes: [], outlets: [] };
    by.set(key, g);
    g.quotes.push({
      kind: q.kind,
      text: q.text,
      confidence: q.confidence,
      cue: q.cue?.text ?? null,
      source: q.source?.text ?? null,
      cite: cite(r, q),
    });
    if (r.article.outlet && !g.outlets.includes(r.article.outlet)) g.outlets.push(r.article.outlet);
  }
  return [...by.values()].sort(
    (a, b) =>
      (a.speaker === null ? 1 : 0) - (b.speaker === null ? 1 : 0) ||
      b.quotes.length - a.quotes.length ||
      (a.speaker ?? '').localeCompare(b.speaker ?? ''),
  );
}

export interface CollectionEntity {
  name: string;
  type: EntityType;
  /** No article gives evidence for the type (every article's entity was `uncertain`). */
  uncertain: boolean;
  aliases: string[];
  /** Roles the articles give it ("senator", "drugmaker"), lower case, most frequent first. */
  roles: string[];
  mentions: number;
  articles: number;
  outlets: string[];
  /** The first mention in each article, to read it in context. */
  cites: Citation[];
}

/**
 * Entities merged across articles, only where that is unambiguous: by canonical name (aliases were merged
 * inside each article; a name one article could not type joins the one typed entity of that name); a shorter
 * form of a person's full name joins the one full name it fits ("Ana Lindqvist" and "Ana L. Lindqvist"); a
 * person known only by a surname in one article joins the one person of that surname named in full
 * elsewhere ("Putin" in a headline story joins "Vladimir Putin"). A place never joins an organisation that
 * contains its name ("China" and "Bank of China" stay two).
 */
export function entitiesAcross(rows: AnnotationRow<'entity'>[]): CollectionEntity[] {
  type Group = CollectionEntity & { ids: Set<string>; roleCounts: Map<string, number> };
  const by = new Map<string, Group>();
  const keyOf = (e: Entity): string => `${e.type}\u0000${fold(e.name)}`;
  for (const r of rows) {
    const e = r.item;
    const k = keyOf(e);
    const g = by.get(k) ?? {
      name: e.name,
      type: e.type,
      uncertain: true,
      aliases: [],
      roles: [],
      mentions: 0,
      articles: 0,
      outlets: [],
      cites: [],
      ids: new Set<string>(),
      roleCounts: new Map<string, number>(),
    };
    by.set(k, g);
    // Stored before types had evidence: no flag means the type was taken as given.
    if (e.uncertain !== true) g.uncertain = false;
    for (const a of [e.name, ...e.aliases]) if (!g.aliases.includes(a)) g.aliases.push(a);
    for (const role of e.roles ?? []) g.roleCounts.set(role, (g.roleCounts.get(role) ?? 0) + 1);
    g.mentions += e.mentions.length;
    if (!g.ids.has(r.article.id)) {
      g.ids.add(r.article.id);
      g.articles++;
      const m = e.mentions[0];
      if (m) g.cites.push(cite(r, m));
    }
    if (r.article.outlet && !g.outlets.includes(r.article.outlet)) g.outlets.push(r.article.outlet);
  }
  const absorbed = new Set<Group>();
  const absorb = (k: string, g: Group, into: Group): void => {
    for (const a of g.aliases) if (!into.aliases.includes(a)) into.aliases.push(a);
    for (const [role, n] of g.roleCounts) into.roleCounts.set(role, (into.roleCounts.get(role) ?? 0) + n);
    if (!g.uncertain && g.type === into.type) into.uncertain = false;
    into.mentions += g.mentions;
    for (const c of g.cites) {
      if (into.ids.has(c.articleId)) continue;
      into.ids.add(c.articleId);
      into.articles++;
      into.cites.push(c);
    }
    for (const o of g.outlets) if (!into.outlets.includes(o)) into.outlets.push(o);
    by.delete(k);
    absorbed.add(g);
  };
  // A name that another article gives as an alias ("NLF", defined there as the Northern Liberation Front)
  // joins the one entity that has it.
  const byAlias = new Map<string, Group[]>();
  for (const g of by.values()) {
    for (const a of g.aliases) {
      if (a === g.name) continue;
      const list = byAlias.get(fold(a)) ?? [];
      if (!list.includes(g)) list.push(g);
      byAlias.set(fold(a), list);
    }
  }
  // Types that may be one entity: the same, or one of them unknown. A place is never an organisation.
  const compatible = (a: Group, b: Group): boolean =>
    a.type === b.type || a.type === 'other' || b.type === 'other';
  for (const [k, g] of [...by.entries()]) {
    const owners = (byAlias.get(fold(g.name)) ?? []).filter(
      (o) => o !== g && !absorbed.has(o) && compatible(o, g),
    );
    if (owners.length === 1) absorb(k, g, owners[0]!);
  }
  // A name one article could not type joins the one typed entity of that name.
  const typed = new Map<string, Group[]>();
  for (const g of by.values())
    if (g.type !== 'other') typed.set(fold(g.name), [...(typed.get(fold(g.name)) ?? []), g]);
  for (const [k, g] of [...by.entries()]) {
    const into = g.type === 'other' ? typed.get(fold(g.name)) : undefined;
    if (into?.length === 1) absorb(k, g, into[0]!);
  }
  // An organisation named after its country ("US Census Bureau", "U.S. Census Bureau", "Russia's Defence
  // Ministry") and the same name without it ("Census Bureau") are one, unless two countries prefix that name.
  const byRest = new Map<string, { country: string; key: string; g: Group }[]>();
  for (const [k, g] of by.entries()) {
    const p = g.type === 'organization' ? countryPrefix(g.name) : null;
    if (p) byRest.set(fold(p.rest), [...(byRest.get(fold(p.rest)) ?? []), { country: p.country, key: k, g }]);
  }
  for (const [rest, prefixed] of byRest) {
    if (new Set(prefixed.map((p) => p.country)).size !== 1) continue;
    const [into, ...same] = prefixed.sort(
      (a, b) => b.g.articles - a.g.articles || b.g.mentions - a.g.mentions,
    );
    for (const p of same) absorb(p.key, p.g, into!.g);
    for (const type of ['organization', 'other']) {
      const bare = by.get(`${type}\u0000${rest}`);
      if (bare) absorb(`${type}\u0000${rest}`, bare, into!.g);
    }
  }
  // A shorter form of a full person name joins the one longer form it fits ("Ana Lindqvist" -> "Ana L. Lindqvist").
  const people = (): [string, Group][] =>
    [...by.entries()].filter(([, g]) => g.type === 'person' && /\s/.test(g.name));
  for (const [k, g] of people()) {
    const into = people().filter(([k2, f]) => k2 !== k && shorterForm(g.name, f.name));
    if (into.length === 1) absorb(k, g, into[0]![1]);
  }
  // A lone surname (typed person, or untyped) joins the single full person name ending in it.
  const fullNames = people().map(([, g]) => g);
  for (const [k, g] of [...by.entries()]) {
    if (/\s/.test(g.name) || (g.type !== 'person' && g.type !== 'other')) continue;
    const fullName = fullNameFor(
      g.name,
      fullNames.map((f) => f.name),
    );
    const into = fullNames.find((f) => f.name === fullName);
    if (into) absorb(k, g, into);
  }
  return [...by.values()]
    .map(({ ids: _ids, roleCounts, ...e }) => ({
      ...e,
      aliases: e.aliases.filter((a) => a !== e.name),
      roles: [...roleCounts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([role]) => role),
    }))
    .sort((a, b) => b.articles - a.articles || b.mentions - a.mentions || a.name.localeCompare(b.name));
}

/** The country a name opens with, and the rest ("U.S. Census Bureau" → United States, "Census Bureau"). */
function countryPrefix(name: string): { country: string; rest: string } | null {
  const words = name.split(' ');
  for (let n = Math.min(3, words.length - 1); n >= 1; n--) {
    const country = countryNamed(
      words
        .slice(0, n)
        .join(' ')
        .replace(/['’]s?$/u, ''),
    );
    if (country) return { country, rest: words.slice(n).join(' ') };
  }
  return null;
}

/**
 * Whether `short` is a shorter form of the person name `long`: the same last name, the same first name or a
 * short form of it, and no name or initial that `long` lacks ("Ana Lindqvist" of "Ana L. Lindqvist", "Steve
 * Portnoy" of "Steven Portnoy"; not "Ana K. Lindqvist").
 */
function shorterForm(short: string, long: string): boolean {
  const split = (n: string) => {
    const all = fold(n).split(' ');
    const initial = (p: string): boolean => /^\p{L}\.?$/u.test(p);
    return { parts: all.filter((p) => !initial(p)), initials: all.filter(initial).map((p) => p[0]!) };
  };
  const a = split(short);
  return a.parts.length > 1 && fuller(a, split(long));
}

/** The one full name among `names` whose last word is `surname` (folded), or null when none or several. */
function fullNameFor(surname: string, names: string[]): string | null {
  const key = fold(surname);
  const hits = names.filter((n) => fold(n).split(' ').at(-1) === key);
  return hits.length === 1 ? hits[0]! : null;
}

function cite(r: AnnotationRow, span: TextSpan): Citation {
  return {
    articleId: r.article.id,
    externalId: r.article.externalId,
    outlet: r.article.outlet,
    published: r.article.published,
    title: r.article.title,
    start: span.start,
    end: span.end,
    text: span.text,
  };
}
