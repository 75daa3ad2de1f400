/** Defect: feeds of near-identical items slowed down quadratically (100k items wrote 626k link rows). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { storeTemplatedFeed } from '../testing/store-articles.js';
import { CANDIDATES_PER_BAND, LINKS_PER_ARTICLE } from './near-duplicates.js';

test('a feed of 5,000 near-identical items: candidates and links stay bounded per article', async () => {
  const r = await storeTemplatedFeed(5000);
  assert.ok(r.stored > 4800, `${r.stored} stored`);
  assert.ok(
    r.mostCandidates <= CANDIDATES_PER_BAND * 16,
    `${r.mostCandidates} candidates read for one article`,
  );
  assert.ok(r.links <= LINKS_PER_ARTICLE * r.stored, `${r.links} link rows for ${r.stored} articles`);
  assert.ok(r.mostLinks <= LINKS_PER_ARTICLE, `${r.mostLinks} links written by one article`);
});
