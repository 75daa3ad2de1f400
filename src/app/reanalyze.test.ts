import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { analyze } from '../analyze/analyze.js';
import type { AnalyzedArticle, Article } from '../model/document.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';
import { UsageError } from './errors.js';
import { reanalyze } from './reanalyze.js';

const dir = mkdtempSync(join(tmpdir(), 'sitrep-reanalyze-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function article(id: string, text: string): AnalyzedArticle {
  const a: Article = {
    id,
    externalId: `ext-${id}`,
    source: `${id}.txt`,
    url: null,
    title: 'Harbour levy',
    outlet: 'Coast Courier',
    agency: null,
    authors: [],
    credit: null,
    published: '2024-03-12',
    language: 'en',
    format: 'text',
    text,
    meta: {},
    sourceMap: null,
    removed: [],
  };
  return analyze(a);
}

/** What an older sitrep stored: no dates, and an ingest warning that must survive. */
const stale = (a: AnalyzedArticle): AnalyzedArticle => ({
  ...a,
  dates: [],
  warnings: [{ analyzer: 'ingest', code: 'control-characters', message: 'control characters were removed' }],
});

const one = article('a1', 'The council will vote on Friday on the harbour levy.');
const two = article('a2', 'The ferries sailed on Monday after the strike ended.');
const three = article('a3', 'The mayor said on Sunday that the pier had closed in 2015.');

async function storeOf(name: string): Promise<Store> {
  const store = openStore(join(dir, `${name}.db`), { mode: 'write' });
  await store.putArticles([stale(one), stale(two), three]);
  return store;
}

test('stored articles get the analysis of today; unchanged ones are left; ingest warnings stay', async () => {
  const store = await storeOf('all');
  try {
    const r = await reanalyze(store);
    assert.deepEqual([r.total, r.updated, r.unchanged, r.failed], [3, 2, 1, []]);
    const got = (await store.getArticle(one.id))!;
    assert.deepEqual(got.dates, one.dates);
    assert.equal(got.dates[0]?.value, '2024-03-15');
    assert.deepEqual(
      got.warnings.map((w) => w.analyzer),
      ['ingest', ...one.warnings.map((w) => w.analyzer)],
    );
  } finally {
    await store.close();
  }
});

test('--article and --since choose the articles; both at once is a usage error', async () => {
  const store = await storeOf('some');
  try {
    const r = await reanalyze(store, { articles: ['ext-a2'] });
    assert.deepEqual([r.total, r.updated], [1, 1]);
    assert.deepEqual((await store.getArticle(one.id))!.dates, [], 'the others are untouched');
    const since = await reanalyze(store, { since: two.id });
    assert.deepEqual([since.total, since.updated, since.unchanged], [2, 0, 2]);
    await assert.rejects(reanalyze(store, { articles: [one.id], since: two.id }), UsageError);
  } finally {
    await store.close();
  }
});

test('an article that cannot be written is reported and costs no other', async () => {
  const store = await storeOf('failing');
  // A store whose write fails for one article (a full disk, a lost connection…).
  const failing = new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'replaceAnalysis')
        return async (a: AnalyzedArticle) => {
          if (a.id === one.id) throw new Error('disk trouble');
          return target.replaceAnalysis(a);
        };
      const v = Reflect.get(target, prop, receiver) as unknown;
      return typeof v === 'function' ? (v as (...x: unknown[]) => unknown).bind(target) : v;
    },
  });
  try {
    const r = await reanalyze(failing);
    assert.deepEqual(r.failed, [{ id: one.id, reason: 'disk trouble' }]);
    assert.equal(r.updated, 1);
    assert.deepEqual((await store.getArticle(two.id))!.dates, two.dates);
    assert.deepEqual((await store.getArticle(one.id))!.dates, [], 'the failed article keeps what it had');
  } finally {
    await store.close();
  }
});
