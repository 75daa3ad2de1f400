/** Stored articles: list, search, and one article with what else is known about it. Never writes. */
import type { AnalyzedArticle } from '../model/document.js';
import { textChanges, type TextChange } from '../compare/revisions.js';
import { revisionMarks } from '../ingest/into-store.js';
import type { ArticleSummary, NearDuplicate, SearchHit, Store } from '../store/store.js';
import { NotFoundError } from './errors.js';

export type { ArticleSummary, NearDuplicate, SearchHit, TextChange };

export async function listArticles(
  store: Store,
  o: { outlet?: string; limit?: number } = {},
): Promise<ArticleSummary[]> {
  return store.listArticles({ outlet: o.outlet, limit: o.limit });
}

export async function searchArticles(
  store: Store,
  query: string,
  o: { limit?: number } = {},
): Promise<SearchHit[]> {
  return store.search(query, { limit: o.limit ?? 20 });
}

/** One article with its annotations, removed text and warnings (on the article), and its republished copies. */
export interface ArticleView {
  article: AnalyzedArticle;
  republished: NearDuplicate[];
}

/** An article by id or external id; NotFoundError when there is none. */
export async function showArticle(store: Store, id: string): Promise<ArticleView> {
  const article = await store.getArticle(id);
  if (!article) throw new NotFoundError('article', id, `no article with id "${id}" in ${store.location}`);
  return { article, republished: await store.nearDuplicates(article.id) };
}

/** One revision of an article with what changed since the version before it. */
export interface RevisionView {
  seq: number;
  seenAt: string;
  source: string;
  title: string | null;
  /** The revision's title differs from the version before. */
  titleChanged: boolean;
  changes: TextChange[];
}

export interface RevisionsView {
  id: string;
  title: string | null;
  url: string | null;
  outlet: string | null;
  revisions: RevisionView[];
}

/** An article's revisions, each diffed word by word against the version before it. */
export async function articleRevisions(store: Store, id: string): Promise<RevisionsView> {
  const article = await store.getArticle(id);
  if (!article) throw new NotFoundError('article', id, `no article with id "${id}" in ${store.location}`);
  let previous = { text: article.text, marks: revisionMarks(article), title: article.title };
  const revisions: RevisionView[] = [];
  for (const r of await store.revisions(article.id)) {
    revisions.push({
      seq: r.seq,
      seenAt: r.seenAt,
      source: r.source,
      title: r.title,
      titleChanged: r.title !== previous.title,
      changes: textChanges(previous, r),
    });
    previous = r;
  }
  return { id: article.id, title: article.title, url: article.url, outlet: article.outlet, revisions };
}
