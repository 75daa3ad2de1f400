/** Stored articles: list, search, and one article with what else is known about it. Never writes. */
import type { AnalyzedArticle } from '../model/document.js';
import type { ArticleSummary, NearDuplicate, SearchHit, Store } from '../store/store.js';
import { NotFoundError } from './errors.js';

export type { ArticleSummary, NearDuplicate, SearchHit };

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
