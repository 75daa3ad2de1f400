import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { StoreFullError } from '../store/errors.js';
import { openSqliteStore } from '../store/sqlite.js';
import { originalArticle } from '../testing/original-articles.js';
import type { AnalyzedArticle } from '../model/document.js';
import { SAMPLE_CORPUS, tempDir } from '../testing/fixtures.js';
import { ingestIntoStore } from './into-store.js';

test('the sample corpus ingests completely, and a second run stores nothing new', async () => {
  const store = openSqliteStore(':memory:');
  const first = await ingestIntoStore(store, [SAMPLE_CORPUS]);
  assert.deepEqual(first.failed, []);
  assert.equal(first.ingested.length, 10);
  const second = await ingestIntoStore(store, [SAMPLE_CORPUS]);
  assert.equal(second.ingested.length, 0);
  assert.equal(second.duplicates.length, 10);
  assert.equal(await store.countArticles(), 10);
  await store.close();
});

test('one bad file among many is reported and skipped; the rest are stored', async () => {
  const { dir, cleanup } = tempDir();
  try {
    writeFileSync(join(dir, 'a.txt'), 'First story\n\nThe mayor said on Monday that the road would reopen.');
    writeFileSync(join(dir, 'b.txt'), Buffer.from([0, 1, 2, 3, 0, 0, 7]));
    writeFileSync(join(dir, 'c.jsonl'), `${JSON.stringify({ text: 'Second story text here.' })}\nnot json\n`);
    writeFileSync(join(dir, 'd.txt'), 'Third story\n\nShares rose 3% on Tuesday.');
    const store = openSqliteStore(':memory:');
    const progress: number[] = [];
    const s = await ingestIntoStore(store, [dir, join(dir, 'missing.txt')], {
      onFile: (_f, done) => progress.push(done),
    });
    assert.equal(s.ingested.length, 3);
    assert.deepEqual(s.failed.map((f) => f.input.slice(dir.length)).sort(), [
      '/b.txt',
      '/c.jsonl#2',
      '/missing.txt',
    ]);
    assert.deepEqual(progress, [1, 2, 3, 4]);
    assert.equal(await store.countArticles(), 3);
    await store.close();
  } finally {
    cleanup();
  }
});

test('when storing a batch fails, each article is retried alone so only the bad one is lost', async () => {
  const inner = openSqliteStore(':memory:');
  // A store that refuses one particular article, as a constraint violation would.
  const store = Object.create(inner) as typeof inner;
  store.putArticles = async (batch: AnalyzedArticle[]) => {
    if (batch.some((a) => a.text.includes('poison'))) throw new Error('constraint failed');
    return inner.putArticles(batch);
  };
  const { dir, cleanup } = tempDir();
  try {
    writeFileSync(
      join(dir, 'x.jsonl'),
      ['Alpha story.', 'The poison pill story.', 'Gamma story.']
        .map((text) => JSON.stringify({ text }))
        .join('\n'),
    );
    const s = await ingestIntoStore(store, [dir], { batchSize: 10 });
    assert.equal(s.ingested.length, 2);
    assert.equal(s.failed.length, 1);
    assert.match(s.failed[0]!.reason, /could not be stored \(constraint failed\)/);
    assert.equal(await inner.countArticles(), 2);
  } finally {
    cleanup();
    await inner.close();
  }
});

test('feed items with only a link are reported as not read, not silently dropped', async () => {
  const { dir, cleanup } = tempDir();
  try {
    writeFileSync(
      join(dir, 'links.rss'),
      '<?xml version="1.0"?><rss version="2.0"><channel><title>Island News</title>' +
        '<item><title>Ferry service resumes</title><link>https://island.example/ferry</link></item>' +
        '<item><title>Harbour reopens</title><link>https://island.example/harbour</link><description>The harbour reopened on Monday after the storm.</description></item>' +
        '</channel></rss>',
    );
    const store = openSqliteStore(':memory:');
    const s = await ingestIntoStore(store, [dir]);
    assert.equal(s.ingested.length, 1);
    assert.deepEqual(s.links, [
      { source: `${join(dir, 'links.rss')}#1`, url: 'https://island.example/ferry' },
    ]);
    assert.deepEqual(s.failed, []);
    await store.close();
  } finally {
    cleanup();
  }
});

test('a full store: ingest stops reading, says what was stored and what was not, and returns its summary', async () => {
  const inner = openSqliteStore(':memory:');
  // A store whose disk fills up after two articles.
  const store = Object.create(inner) as typeof inner;
  let stored = 0;
  store.putArticles = async (batch, policy) => {
    if (stored + batch.length > 2) throw new StoreFullError(':memory:');
    stored += batch.length;
    return inner.putArticles(batch, policy);
  };
  const { dir, cleanup } = tempDir();
  try {
    for (const n of [1, 2, 3, 4, 5, 6]) writeFileSync(join(dir, `${n}.txt`), originalArticle(n));
    const read: string[] = [];
    const s = await ingestIntoStore(store, [dir], { batchSize: 2, onFile: (f) => read.push(f) });
    assert.equal(s.ingested.length, 2);
    assert.equal(await inner.countArticles(), 2);
    assert.deepEqual(
      s.failed.map((f) => [f.input.slice(dir.length), f.reason.startsWith('not stored (')]),
      [
        ['/3.txt', true],
        ['/4.txt', true],
      ],
    );
    assert.ok(s.stopped, 'the summary says ingest stopped');
    assert.match(s.stopped.reason, /full/);
    assert.deepEqual(
      s.stopped.unread.map((f) => f.slice(dir.length)),
      ['/5.txt', '/6.txt'],
    );
    assert.equal(read.length, 4, 'nothing was read or analysed after writing failed');
  } finally {
    cleanup();
    await inner.close();
  }
});

test('a database that reaches its size limit (SQLITE_FULL): what fitted is stored, the rest reported', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const inputs = join(dir, 'in');
    mkdirSync(inputs);
    for (let n = 0; n < 60; n++)
      writeFileSync(join(inputs, `${String(n).padStart(2, '0')}.txt`), originalArticle(n));
    // An empty database allowed a few pages more: a disk that fills up during the run.
    const path = join(dir, 'small.db');
    await openSqliteStore(path).close();
    const store = openSqliteStore(path, { maxPages: pageCount(path) + 12 });
    const s = await ingestIntoStore(store, [inputs], { batchSize: 4 });
    const count = await store.countArticles();
    await store.close();
    assert.ok(s.stopped, 'the run stopped at the full database');
    assert.ok(s.ingested.length > 0 && s.ingested.length < 60, `${s.ingested.length} stored`);
    assert.equal(count, s.ingested.length, 'the summary says exactly what is stored');
    assert.ok(s.failed.length > 0 && s.failed.every((f) => f.reason.startsWith('not stored (')));
    const accounted = s.ingested.length + s.failed.length + s.stopped.unread.length;
    assert.equal(accounted, 60, 'every input is stored, reported not stored, or listed as unread, once');
  } finally {
    cleanup();
  }
});

/** The number of pages of a SQLite database. */
function pageCount(path: string): number {
  const db = new Database(path);
  try {
    return db.pragma('page_count', { simple: true }) as number;
  } finally {
    db.close();
  }
}

test('an external id already stored with other content: both are stored and the conflict is reported', async () => {
  const { dir, cleanup } = tempDir();
  try {
    writeFileSync(
      join(dir, 'feed.jsonl'),
      [
        { id: 'story-7', text: originalArticle(1) },
        { id: 'story-7', text: originalArticle(2) },
        { id: 'story-8', text: originalArticle(3) },
      ]
        .map((line) => JSON.stringify(line))
        .join('\n'),
    );
    const store = openSqliteStore(':memory:');
    const s = await ingestIntoStore(store, [dir]);
    assert.equal(s.ingested.length, 3);
    const [first, second] = s.ingested;
    assert.deepEqual(s.conflicts, [
      {
        id: second!.id,
        source: `${join(dir, 'feed.jsonl')}#2`,
        externalId: 'story-7',
        existing: [first!.id],
      },
    ]);
    assert.equal(
      (await store.getArticle('story-7'))?.id,
      first!.id,
      'the external id finds the first stored',
    );
    const again = await ingestIntoStore(store, [dir]);
    assert.deepEqual(again.conflicts, [], 'a re-run stores nothing and reports no new conflict');
    await store.close();
  } finally {
    cleanup();
  }
});

test('what ingest removed or left out is reported in the summary and stored with the article', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const body = Buffer.from(
      'Harbour board delays vote\n\nThe harbour board delayed its vote on the winter ferry timetable on Monday, the chair said.\n'.repeat(
        100,
      ),
    );
    body[9500] = 0;
    writeFileSync(join(dir, 'nul.txt'), body);
    writeFileSync(
      join(dir, 'dates.rss'),
      '<?xml version="1.0"?><rss version="2.0"><channel><title>Island News</title><item><title>Vote delayed</title><description>The harbour board delayed its vote on Monday, the chair said.</description><pubDate>2024-13-45</pubDate></item></channel></rss>',
    );
    const store = openSqliteStore(':memory:');
    const s = await ingestIntoStore(store, [dir]);
    assert.deepEqual(s.failed, []);
    assert.equal(s.ingested.length, 2);
    const ingestWarnings = s.warnings.filter((w) => w.warning.analyzer === 'ingest');
    assert.deepEqual(ingestWarnings.map((w) => [w.source.slice(dir.length), w.warning.code]).sort(), [
      ['/dates.rss#1', 'invalid-metadata'],
      ['/nul.txt', 'control-characters'],
    ]);
    const stored = await store.getArticle(ingestWarnings.find((w) => w.source.endsWith('nul.txt'))!.id);
    assert.ok(!stored!.text.includes('\u0000'));
    assert.ok(stored!.warnings.some((w) => w.code === 'control-characters'));
    const dated = await store.getArticle(ingestWarnings.find((w) => w.source.endsWith('#1'))!.id);
    assert.equal(dated!.published, null);
    await store.close();
  } finally {
    cleanup();
  }
});

test("an article whose language does not show takes its outlet's usual language, and says so otherwise", async () => {
  const { dir, cleanup } = tempDir();
  try {
    const line = (outlet: string, text: string): string => JSON.stringify({ outlet, text });
    const lines = [1, 2, 3].map((n) =>
      line(
        'Harbour Gazette',
        `${originalArticle(n)}\n\nThe harbour master said the ferries would run again.`,
      ),
    );
    lines.push(line('Harbour Gazette', 'Ferry back at noon.'), line('Hill Weekly', 'Bus back at noon.'));
    writeFileSync(join(dir, 'items.jsonl'), `${lines.join('\n')}\n`);
    const store = openSqliteStore(':memory:');
    const s = await ingestIntoStore(store, [dir]);
    assert.equal(s.ingested.length, 5, JSON.stringify(s.failed));
    const short = await Promise.all(s.ingested.slice(3).map((a) => store.getArticle(a.id)));
    const [gazette, weekly] = short;
    assert.equal(gazette!.language, 'en');
    assert.equal(gazette!.meta.language?.origin, 'outlet');
    assert.ok(!gazette!.warnings.some((w) => w.code === 'language-undetermined'));
    assert.equal(weekly!.language, null);
    assert.ok(weekly!.warnings.some((w) => w.code === 'language-undetermined'));
    assert.ok(s.warnings.some((w) => w.id === weekly!.id && w.warning.code === 'language-undetermined'));
    await store.close();
  } finally {
    cleanup();
  }
});
