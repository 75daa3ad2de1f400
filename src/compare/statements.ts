/**
 * The same statement reported by several outlets, merged into one with each outlet's wording kept (wire
 * copy republished, different translations), and the statements only one outlet reports. Pure.
 */
import { annotationRows, entitiesAcross, quotesBySpeaker } from '../analyze/collection.js';
import type { AnalyzedArticle, QuoteKind } from '../model/document.js';
import { termsOf } from '../stories/features.js';

export interface StatementVersion {
  articleId: string;
  outlet: string | null;
  published: string | null;
  kind: QuoteKind;
  text: string;
  start: number;
  end: number;
  /** Content words of this version that no other version has (a sign of a different translation or an edit). */
  onlyHere: string[];
}

export interface StatementGroup {
  speaker: string | null;
  versions: StatementVersion[];
  outlets: string[];
}

export interface StatementComparison {
  /** Statements reported by two or more outlets, most widely reported first. */
  shared: StatementGroup[];
  /** Statements only one outlet reports. */
  single: StatementGroup[];
}

/**
 * Two quotations are one statement when they have the same resolved speaker (or one's speaker is not
 * resolved and they come from different articles) and most of the shorter one's content words (stemmed,
 * weighted by rarity among the quotations) are in the longer one. `minOverlap` is that share.
 */
export function compareStatements(articles: AnalyzedArticle[], minOverlap = 0.6): StatementComparison {
  const rows = annotationRows(articles, 'quotes').filter((r) => r.item.kind !== 'headline');
  const lang = new Map(articles.map((a) => [a.id, a.language ?? 'en']));
  // quotesBySpeaker joins lone surnames to full names and aliases to their entity, so versions that name
  // the speaker differently meet.
  const entities = entitiesAcross(annotationRows(articles, 'entities'));
  const bySpeaker = quotesBySpeaker(rows, entities).map((sq) => ({
    speaker: sq.speaker,
    quotes: sq.quotes.map((q) => ({
      q,
      terms: new Set(termsOf(q.text, lang.get(q.cite.articleId) ?? 'en')),
    })),
  }));
  // Words that many quotations share (names, the story's subject) say little about which statement it is.
  const df = new Map<string, number>();
  let n = 0;
  for (const s of bySpeaker)
    for (const { terms } of s.quotes) {
      n++;
      for (const t of terms) df.set(t, (df.get(t) ?? 0) + 1);
    }
  const weight = (t: string): number => Math.log((n + 1) / (df.get(t) ?? 1));
  const groups: (StatementGroup & { terms: Set<string>[] })[] = [];
  for (const sq of bySpeaker) {
    for (const { q, terms } of sq.quotes) {
      const version: StatementVersion = {
        articleId: q.cite.articleId,
        outlet: q.cite.outlet,
        published: q.cite.published,
        kind: q.kind,
        text: q.text,
        start: q.cite.start,
        end: q.cite.end,
        onlyHere: [],
      };
      // A quotation whose speaker is not resolved joins the statement whose words it repeats, whoever said it,
      // when another article reports it (unresolved quotations come last): the same words quoted by two
      // outlets are one statement.
      const home =
        sq.speaker === null
          ? bestHome(groups, terms, weight, minOverlap, q.cite.articleId)
          : groups.find(
              (g) => g.speaker === sq.speaker && g.terms.some((t) => overlap(t, terms, weight) >= minOverlap),
            );
      if (home) {
        home.versions.push(version);
        home.terms.push(terms);
      } else groups.push({ speaker: sq.speaker, versions: [version], outlets: [], terms: [terms] });
    }
  }
  for (const g of groups) {
    g.outlets = [...new Set(g.versions.map((v) => v.outlet ?? `unknown outlet (${v.articleId})`))];
    if (g.versions.length > 1) {
      g.versions.forEach((v, i) => {
        const others = new Set(g.terms.filter((_, j) => j !== i).flatMap((t) => [...t]));
        v.onlyHere = [...g.terms[i]!].filter((t) => !others.has(t));
      });
    }
  }
  const clean = groups.map(({ terms: _t, ...g }) => g);
  return {
    shared: clean.filter((g) => g.outlets.length > 1).sort((a, b) => b.outlets.length - a.outlets.length),
    single: clean.filter((g) => g.outlets.length === 1),
  };
}

/** The group whose words a quotation repeats best, at `minOverlap` or more, among those without its article. */
function bestHome<G extends { versions: StatementVersion[]; terms: Set<string>[] }>(
  groups: G[],
  terms: Set<string>,
  weight: (t: string) => number,
  minOverlap: number,
  articleId: string,
): G | undefined {
  let best: G | undefined;
  let bestScore = minOverlap;
  for (const g of groups) {
    if (g.versions.some((v) => v.articleId === articleId)) continue;
    const score = Math.max(...g.terms.map((t) => overlap(t, terms, weight)));
    if (score >= bestScore) {
      best = g;
      bestScore = score;
    }
  }
  return best;
}

/**
 * Weighted share of the smaller set's words found in the larger (rare words weigh more), 0 unless the smaller
 * has four words or more and the two
 * share at least a quarter of all their words: a phrase inside a long quotation is not the statement.
 */
function overlap(a: Set<string>, b: Set<string>, weight: (t: string) => number): number {
  const [small, big] = a.size <= b.size ? [a, b] : [b, a];
  if (small.size < 4) return 0; // too few words to tell one statement from another
  let shared = 0;
  let sharedW = 0;
  let smallW = 0;
  for (const x of small) {
    const w = weight(x);
    smallW += w;
    if (big.has(x)) {
      shared++;
      sharedW += w;
    }
  }
  return shared / (a.size + b.size - shared) >= 0.25 && smallW ? sharedW / smallW : 0;
}
