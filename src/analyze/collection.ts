/**
 * Analysis across a collection of articles (the store, or one story): who said what, grouped by speaker,
 * and entities merged across documents. Pure: built from stored annotations.
 */
import type { AnnotationRow } from '../model/annotations.js';
import type { AnalyzedArticle, Entity, EntityType, Quote, TextSpan } from '../model/document.js';
import { fold } from './lexicon.js';

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
  const by = new Map<string | null, SpeakerQuotes>();
  const fullNames = [
    ...new Set(rows.map((r) => nameOf(r.item.speaker)).filter((n): n is string => !!n && /\s/.test(n))),
  ];
  for (const r of rows) {
    const q = r.item;
    const speaker = nameOf(q.speaker);
    const key = speaker && !/\s/.test(speaker) ? (fullNameFor(speaker, fullNames) ?? speaker) : speaker;
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
  aliases: string[];
  mentions: number;
  articles: number;
  outlets: string[];
  /** The first mention in each article, to read it in context. */
  cites: Citation[];
}

/**
 * Entities merged across articles: by canonical name (aliases were merged inside each article), and a
 * person known only by a surname in one article joins the one person of that surname named in full
 * elsewhere ("Putin" in a headline story joins "Vladimir Putin").
 */
export function entitiesAcross(rows: AnnotationRow<'entity'>[]): CollectionEntity[] {
  const by = new Map<string, CollectionEntity & { ids: Set<string> }>();
  const keyOf = (e: Entity): string => `${e.type}\u0000${fold(e.name)}`;
  for (const r of rows) {
    const e = r.item;
    const k = keyOf(e);
    const g = by.get(k) ?? {
      name: e.name,
      type: e.type,
      aliases: [],
      mentions: 0,
      articles: 0,
      outlets: [],
      cites: [],
      ids: new Set<string>(),
    };
    by.set(k, g);
    for (const a of [e.name, ...e.aliases]) if (!g.aliases.includes(a)) g.aliases.push(a);
    g.mentions += e.mentions.length;
    if (!g.ids.has(r.article.id)) {
      g.ids.add(r.article.id);
      g.articles++;
      const m = e.mentions[0];
      if (m) g.cites.push(cite(r, m));
    }
    if (r.article.outlet && !g.outlets.includes(r.article.outlet)) g.outlets.push(r.article.outlet);
  }
  type Group = CollectionEntity & { ids: Set<string> };
  const absorbed = new Set<Group>();
  const absorb = (k: string, g: Group, into: Group): void => {
    for (const a of g.aliases) if (!into.aliases.includes(a)) into.aliases.push(a);
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
  for (const [k, g] of [...by.entries()]) {
    const owners = (byAlias.get(fold(g.name)) ?? []).filter((o) => o !== g && !absorbed.has(o));
    if (owners.length === 1) absorb(k, g, owners[0]!);
  }
  // A lone surname (typed person, or untyped) joins the single full person name ending in it.
  const fullNames = [...by.values()].filter((g) => g.type === 'person' && /\s/.test(g.name));
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
    .map(({ ids: _ids, ...e }) => ({ ...e, aliases: e.aliases.filter((a) => a !== e.name) }))
    .sort((a, b) => b.articles - a.articles || b.mentions - a.mentions || a.name.localeCompare(b.name));
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
