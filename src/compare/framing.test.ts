import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../analyze/analyze.js';
import { articleOf } from '../testing/fixtures.js';
import { defaultFramingLexicon, framing, mergeLexicons } from './framing.js';

function art(id: string, outlet: string, text: string) {
  return { ...analyze(articleOf(text)), id, outlet };
}

test('framing counts each outlet’s own hedging and loaded words per 1,000 words, apart from quoted ones', () => {
  const a = art(
    'a1',
    'Valley Times',
    'The so-called liberation front purportedly shelled the town. Minister Lena Markovic said: “These terrorists will answer for it.”',
  );
  const b = art('b1', 'River Post', 'Rebels shelled the town on Monday, the ministry said.');
  const r = framing([a, b]);
  const vt = r.outlets.find((o) => o.outlet === 'Valley Times')!;
  assert.equal(vt.categories.hedging!.count, 2);
  assert.deepEqual(vt.categories.hedging!.terms, { 'so-called': 1, purportedly: 1 });
  assert.equal(vt.categories.loaded!.count, 0, 'the minister’s word is not the outlet’s');
  assert.equal(vt.categories.loaded!.quoted, 1);
  assert.equal(vt.categories.hedging!.per1000, Math.round((2 / vt.words) * 1000 * 100) / 100);
  const rp = r.outlets.find((o) => o.outlet === 'River Post')!;
  assert.equal(rp.categories['armed-group-labels']!.count, 1);
  for (const o of r.occurrences) {
    const text = (o.articleId === 'a1' ? a : b).text;
    assert.equal(text.slice(o.start, o.end), o.text, 'every occurrence cites its exact span');
    assert.ok(o.context.includes(o.text));
  }
});

test('a user lexicon adds categories and terms', () => {
  const lex = mergeLexicons(defaultFramingLexicon(), {
    en: {
      hedging: { description: '', terms: ['it is said'] },
      euphemism: { description: 'softened words', terms: ['collateral damage'] },
    },
  });
  const r = framing([art('c1', 'X', 'It is said that the strike caused collateral damage.')], lex);
  const x = r.outlets[0]!;
  assert.equal(x.categories.hedging!.count, 1);
  assert.equal(x.categories.euphemism!.count, 1);
  assert.throws(() => mergeLexicons(lex, { en: { broken: {} as never } }), /needs a "terms" list/);
});
