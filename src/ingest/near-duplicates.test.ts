import assert from 'node:assert/strict';
import { test } from 'node:test';
import { storeTemplatedFeed } from '../testing/store-articles.js';
import { bands, CANDIDATES_PER_BAND, LINKS_PER_ARTICLE, signature, similarity } from './near-duplicates.js';

const words = (n: number, seed: number): string =>
  Array.from({ length: n }, (_, i) => `w${(i * 7919 + seed * 104729) % 100003}`).join(' ');

test('similarity estimates how much text two articles share', () => {
  const a = words(400, 1);
  assert.equal(similarity(signature(a), signature(a)), 1);
  assert.ok(similarity(signature(a), signature(words(400, 2))) < 0.1);
  // the same text with a tenth replaced: Jaccard of 5-gram sets about 0.7
  const edited = a
    .split(' ')
    .map((w, i) => (i % 40 < 4 ? `x${i}` : w))
    .join(' ');
  const s = similarity(signature(a), signature(edited));
  assert.ok(s > 0.4 && s < 0.95, String(s));
  assert.deepEqual(signature(''), []);
  assert.deepEqual(
    signature('Wall Street closes lower on China data'),
    [],
    'a headline is too short to judge',
  );
  assert.equal(signature(words(12, 3)).length, 64);
  assert.equal(bands(signature(a)).length, 16);
});

test('a feed of near-identical items: candidates and links stay bounded per article', async () => {
  const r = await storeTemplatedFeed(600);
  assert.ok(r.stored > 570, `${r.stored} stored: items 0.7 similar are not the same article`);
  assert.ok(
    r.mostCandidates <= CANDIDATES_PER_BAND * 16,
    `${r.mostCandidates} candidates read for one article`,
  );
  assert.ok(r.lastLinked, 'the items are still linked');
  assert.ok(r.links <= LINKS_PER_ARTICLE * r.stored, `${r.links} link rows for ${r.stored} articles`);
  assert.ok(r.mostLinks <= LINKS_PER_ARTICLE, `${r.mostLinks} links written by one article`);
});
