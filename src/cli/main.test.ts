import assert from 'node:assert/strict';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { sitrep, spawnSitrep } from '../testing/cli.js';
import { SAMPLE_CORPUS, tempDir } from '../testing/fixtures.js';

const { dir, cleanup } = tempDir();
after(cleanup);
const db = join(dir, 'cli.db');

let sample: Promise<string> | undefined;

/**
 * A fresh copy of a database the CLI ingested the sample corpus into: the corpus is ingested once, for
 * the tests that only read a store of it, and each gets its own file.
 */
async function sampleDb(name: string): Promise<string> {
  sample ??= (async () => {
    const template = join(dir, 'sample-template.db');
    const r = await sitrep(['ingest', SAMPLE_CORPUS, '--db', template]);
    assert.equal(r.code, 0, r.stderr);
    return template;
  })();
  const template = await sample;
  const copy = join(dir, name);
  copyFileSync(template, copy);
  if (existsSync(`${template}-wal`)) copyFileSync(`${template}-wal`, `${copy}-wal`);
  return copy;
}

describe('sitrep CLI', () => {
  test('every command has --help and exits 0', async () => {
    for (const cmd of [
      [],
      ['analyze'],
      ['ingest'],
      ['place'],
      ['list'],
      ['show'],
      ['search'],
      ['export'],
      ['demo'],
      ['stories'],
      ['story'],
      ['compare'],
      ['quotes'],
      ['entities'],
      ['brief'],
      ['timeline'],
      ['worker'],
      ['jobs'],
    ]) {
      const r = await sitrep([...cmd, '--help']);
      assert.equal(r.code, 0, cmd.join(' '));
      assert.match(r.stdout, /Usage: sitrep/);
    }
  });

  test('usage errors exit 2', async () => {
    assert.equal((await sitrep(['analyze'])).code, 2, 'missing argument');
    assert.equal((await sitrep(['analyze', '--format', 'xml', SAMPLE_CORPUS])).code, 2, 'bad choice');
    assert.equal((await sitrep(['no-such-command'])).code, 2);
    assert.equal((await sitrep(['list', '--db', db, '--limit', 'ten'])).code, 2);
  });

  test('analyze prints one JSON document per article and exits 0', async () => {
    const r = await sitrep(['analyze', join(SAMPLE_CORPUS, 'northline-news'), '--format', 'jsonl']);
    assert.equal(r.code, 0, r.stderr);
    const docs = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.equal(docs.length, 2);
    assert.equal(docs[0].outlet, 'Northline News', 'the meta.jsonl above the folder is used');
  });

  test('analyze reads standard input', async () => {
    const r = spawnSitrep(
      ['analyze', '-', '--format', 'json'],
      'Council vote\n\nThe council voted on Monday, the mayor said.',
    );
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout)[0].source, '-');
  });

  test('a bad input is named on stderr, the rest is processed, and the exit code is 1', async () => {
    const bad = join(dir, 'empty.txt');
    writeFileSync(bad, '');
    const r = await sitrep(['analyze', bad, join(SAMPLE_CORPUS, 'civic-ledger/displaced-count.txt')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /empty\.txt: empty input/);
    assert.equal(r.stdout.trim().split('\n').length, 1);
  });

  test('nothing readable at all exits 1', async () => {
    const r = await sitrep(['analyze', join(dir, 'nope.txt')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /nope\.txt: no such file or directory/);
  });

  test('ingest, list, show, search and export work together on one database', async () => {
    const ing = await sitrep(['ingest', SAMPLE_CORPUS, '--db', db, '--format', 'json']);
    assert.equal(ing.code, 0, ing.stderr);
    const summary = JSON.parse(ing.stdout);
    assert.equal(summary.ingested.length, 10);
    assert.equal(summary.database, db);

    const again = await sitrep(['ingest', SAMPLE_CORPUS, '--db', db]);
    assert.match(again.stdout, /ingested 0, skipped as duplicate 10, failed 0/);

    const list = JSON.parse((await sitrep(['list', '--db', db, '--format', 'json'])).stdout);
    assert.equal(list.length, 10);
    const table = (await sitrep(['list', '--db', db])).stdout;
    assert.match(table, /Northline News/);

    const shown = await sitrep(['show', 'gws-2024-0605-003', '--db', db, '--format', 'json']);
    assert.equal(shown.code, 0, shown.stderr);
    assert.equal(JSON.parse(shown.stdout).outlet, 'Global Wire Service');
    assert.match((await sitrep(['show', 'gws-2024-0605-003', '--db', db])).stdout, /## Who said what/);
    const missing = await sitrep(['show', 'deadbeef', '--db', db]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no article with id "deadbeef"/);

    const hits = JSON.parse(
      (await sitrep(['search', 'acid harbour', '--db', db, '--format', 'json'])).stdout,
    );
    assert.ok(hits.length >= 2);
    assert.ok(hits.every((h: { snippet: string }) => /\[/.test(h.snippet)));

    const jsonl = (await sitrep(['export', '--db', db])).stdout.trim().split('\n');
    assert.equal(jsonl.length, 10);
    const csv = (await sitrep(['export', '--db', db, '--format', 'csv'])).stdout.trim().split('\n');
    assert.equal(
      csv[0],
      'article_id,external_id,outlet,published,kind,start,end,text,speaker_or_value,detail,confidence',
    );
    assert.ok(csv.some((l) => l.includes(',quote,')));
    const out = join(dir, 'articles.csv');
    assert.equal(
      (await sitrep(['export', '--db', db, '--format', 'csv', '--what', 'articles', '--output', out])).code,
      0,
    );
  });

  test('stories lists every story with its events and each article with its id and external id', async () => {
    const storyDb = join(dir, 'stories.db');
    const jsonl = join(dir, 'lines.jsonl');
    writeFileSync(
      jsonl,
      [
        {
          id: 'line-1',
          title: 'Dam on the Orlen river fails after storm',
          text: 'The Orlen dam failed on Sunday after a storm. Villages downstream were evacuated, the regional governor said.',
          published: '2024-09-01',
          outlet: 'River Post',
        },
        {
          id: 'line-2',
          title: 'Orlen dam failure: villages evacuated',
          text: 'Thousands left villages below the Orlen dam after it failed in a storm on Sunday, officials said.',
          published: '2024-09-02',
          outlet: 'Valley Times',
        },
      ]
        .map((l) => JSON.stringify(l))
        .join('\n'),
    );
    const ing = await sitrep(['ingest', SAMPLE_CORPUS, jsonl, '--db', storyDb]);
    assert.equal(ing.code, 0, ing.stderr);
    assert.match(ing.stdout, /stories: placed 12 articles/);
    const r = await sitrep(['stories', '--db', storyDb, '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const stories = JSON.parse(r.stdout) as {
      id: number;
      label: string;
      events: { id: number; articles: { id: string; externalId: string | null }[] }[];
    }[];
    assert.equal(stories.length, 3);
    const all = stories.flatMap((s) => s.events.flatMap((e) => e.articles));
    assert.equal(all.length, 12);
    const dam = stories.find((s) => s.events.some((e) => e.articles.some((a) => a.externalId === 'line-1')))!;
    assert.deepEqual(dam.events.flatMap((e) => e.articles.map((a) => a.externalId)).sort(), [
      'line-1',
      'line-2',
    ]);
    assert.ok(all.every((a) => /^[0-9a-f]{16}$/.test(a.id)));

    assert.match((await sitrep(['stories', '--db', storyDb])).stdout, /story\s+articles\s+events/);
    const one = await sitrep(['story', String(dam.id), '--db', storyDb]);
    assert.equal(one.code, 0, one.stderr);
    assert.match(one.stdout, /Orlen/);
    assert.equal(
      JSON.parse((await sitrep(['story', String(dam.id), '--db', storyDb, '--format', 'json'])).stdout).id,
      dam.id,
    );
    const missing = await sitrep(['story', '999', '--db', storyDb]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no story "999"/);
    assert.equal(
      (await sitrep(['place', '--db', storyDb, '--story-threshold', '2'])).code,
      2,
      'a threshold outside 0..1 is a usage error',
    );
    const place = await sitrep(['place', '--db', storyDb, '--rebuild', '--format', 'json']);
    assert.equal(place.code, 0, place.stderr);
    assert.equal(JSON.parse(place.stdout).assigned, 12, 'a rebuild places every article again');
    const rebuilt = JSON.parse((await sitrep(['stories', '--db', storyDb, '--format', 'json'])).stdout);
    assert.equal(rebuilt.length, 3);

    const ceasefire = rebuilt.find((s: { label: string }) => /ceasefire|Geneva/i.test(s.label));
    const cmp = await sitrep(['compare', String(ceasefire.id), '--db', storyDb, '--format', 'json']);
    assert.equal(cmp.code, 0, cmp.stderr);
    const report = JSON.parse(cmp.stdout).framing;
    assert.ok(report.outlets.length >= 3);
    assert.ok(
      report.outlets.every((o: { categories: Record<string, unknown> }) => 'hedging' in o.categories),
    );
    assert.match((await sitrep(['compare', String(ceasefire.id), '--db', storyDb])).stdout, /hedging/);
    const badLex = join(dir, 'bad-lexicon.json');
    writeFileSync(badLex, '{ not json');
    const bad = await sitrep(['compare', String(ceasefire.id), '--db', storyDb, '--lexicon', badLex]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /bad-lexicon\.json: not a readable JSON lexicon/);
  });

  test('quotes and entities list who said what and who is involved across the store', async () => {
    const qdb = await sampleDb('quotes.db');
    const groups = JSON.parse((await sitrep(['quotes', '--db', qdb, '--format', 'json'])).stdout) as {
      speaker: string | null;
      quotes: { text: string; cite: { outlet: string | null } }[];
    }[];
    const markovic = groups.find((g) => g.speaker === 'Lena Markovic')!;
    assert.ok(markovic.quotes.length >= 3);
    assert.ok(markovic.quotes.every((q) => q.cite.outlet));
    const only = JSON.parse(
      (await sitrep(['quotes', '--db', qdb, '--speaker', 'hale', '--format', 'json'])).stdout,
    ) as { speaker: string }[];
    assert.deepEqual(
      only.map((g) => g.speaker),
      ['Tomas Hale'],
    );
    assert.match((await sitrep(['quotes', '--db', qdb, '--speaker', 'markovic'])).stdout, /## Lena Markovic/);
    assert.equal((await sitrep(['quotes', '--db', qdb, '--story', 'x'])).code, 2);
    const ents = JSON.parse(
      (await sitrep(['entities', '--db', qdb, '--type', 'organization', '--format', 'json'])).stdout,
    ) as { name: string; aliases: string[]; type: string }[];
    assert.ok(ents.every((e) => e.type === 'organization'));
    assert.ok(ents.find((e) => e.name === 'Northern Liberation Front')?.aliases.includes('NLF'));
    assert.match((await sitrep(['entities', '--db', qdb])).stdout, /also called/);
  });

  test('brief writes a cited briefing as md, json or one html file', async () => {
    const bdb = await sampleDb('brief.db');
    const md = await sitrep(['brief', '--db', bdb]);
    assert.equal(md.code, 0, md.stderr);
    assert.match(
      md.stdout,
      /## What happened[\s\S]*## Who said what[\s\S]*## Figures[\s\S]*## Timeline[\s\S]*## How each outlet frames it/,
    );
    const j = JSON.parse((await sitrep(['brief', '--db', bdb, '--format', 'json'])).stdout);
    assert.ok(
      j.summary.every((s: { cite: { outlet: string | null; paragraph: number } }) => s.cite.paragraph >= 1),
    );
    const file = join(dir, 'brief.html');
    const h = await sitrep([
      'brief',
      '--db',
      bdb,
      '--story',
      String(j.story.id),
      '--format',
      'html',
      '--output',
      file,
    ]);
    assert.equal(h.code, 0, h.stderr);
    assert.match(readFileSync(file, 'utf8'), /^<!doctype html>/);
    const events = JSON.parse((await sitrep(['timeline', '--db', bdb, '--format', 'json'])).stdout) as {
      date: string;
      text: string;
      cite: { articleId: string };
    }[];
    assert.ok(events.length >= 5);
    assert.deepEqual(
      events.map((e) => e.date),
      events.map((e) => e.date).sort(),
      'ordered by event date',
    );
    assert.ok(events.some((e) => e.date === '2024-03-16' && /signed a ceasefire/.test(e.text)));
    assert.match(
      (await sitrep(['timeline', '--db', bdb, '--story', String(j.story.id)])).stdout,
      /^- \*\*\d{4}/,
    );
    assert.equal((await sitrep(['timeline', '--db', bdb, '--story', '999'])).code, 1);
    const unwritable = await sitrep([
      'brief',
      '--db',
      bdb,
      '--format',
      'html',
      '--output',
      join(dir, 'no-such-folder', 'brief.html'),
    ]);
    assert.equal(unwritable.code, 1);
    assert.match(unwritable.stderr, /no-such-folder/);
    assert.equal(
      (await sitrep(['compare', 'x', '--db', bdb])).code,
      2,
      'a story that is not a number is a usage error',
    );
    const missingDb = await sitrep(['brief', '--db', join(dir, 'empty-brief.db')]);
    assert.equal(missingDb.code, 1);
    assert.match(missingDb.stderr, /no database at .*empty-brief\.db/);
    const unplaced = join(dir, 'unplaced.db');
    assert.equal((await sitrep(['ingest', SAMPLE_CORPUS, '--db', unplaced, '--no-stories'])).code, 0);
    const none = await sitrep(['brief', '--db', unplaced]);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /no stories in/);
  });

  test('demo ingests the sample corpus and reports where the database is', async () => {
    const demoDb = join(dir, 'demo.db');
    const r = await sitrep(['demo', '--db', demoDb]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /ingested 10/);
    assert.match(r.stdout, /Who said what/);
    assert.ok(r.stdout.includes(`Database: ${demoDb}`));
    const j = JSON.parse((await sitrep(['demo', '--db', demoDb, '--format', 'json'])).stdout);
    assert.equal(j.articles, 10);
    assert.equal(j.summary.duplicates, 10);
  });
});
