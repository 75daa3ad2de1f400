/** Stress cases of the brief (run by `npm run test:slow`): size, not behaviour. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AnalyzedArticle } from '../model/document.js';
import { ceasefireStory } from '../testing/ceasefire-story.js';
import { buildBrief } from './brief.js';

test('a story of 5,000 articles: the brief stays short and every citation still resolves', async () => {
  const { story, articles } = await ceasefireStory();
  // 5,000 reports made from the story's articles, each dated a little later and worded a little differently
  const many: AnalyzedArticle[] = Array.from({ length: 5000 }, (_, i) => {
    const a = articles[i % articles.length]!;
    return {
      ...a,
      id: `${a.id}-${i}`,
      outlet: `${a.outlet} ${i % 40}`,
      published: new Date(Date.parse(a.published!) + i * 60_000).toISOString(),
    };
  });
  const b = buildBrief({ ...story, articleCount: many.length }, many);
  assert.ok(b.summary.length >= 2 && b.summary.length <= 12, `${b.summary.length} summary sentences`);
  const byId = new Map(many.map((a) => [a.id, a]));
  for (const s of b.summary)
    assert.equal(byId.get(s.cite.articleId)!.text.slice(s.cite.start, s.cite.end), s.text);
  for (const g of b.quotes)
    for (const q of g.quotes)
      assert.equal(byId.get(q.cite.articleId)!.text.slice(q.cite.start, q.cite.end), q.text);
  assert.ok(b.figures.some((g) => g.verdict === 'differ'));
});
