/**
 * The CLI end to end on both stores: the demo's commands over the sample corpus, ingested into a SQLite
 * file and into a PostgreSQL schema, print the same thing.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sitrep } from '../testing/cli.js';
import { SAMPLE_CORPUS, tempDir } from '../testing/fixtures.js';
import { freshPostgresLocation } from '../testing/postgres.js';

const { dir, cleanup } = tempDir();
const sqlite = join(dir, 'both.db');
const postgres = freshPostgresLocation('sitrep_cli');
after(async () => {
  cleanup();
  await postgres.drop();
});

/** Run one command on both stores; both must succeed. */
async function onBoth(args: string[]): Promise<[string, string]> {
  const runs = [];
  for (const db of [sqlite, postgres.location]) {
    const r = await sitrep([...args, '--db', db]);
    assert.equal(r.code, 0, `${args.join(' ')} on ${db}: ${r.stderr}`);
    runs.push(r.stdout.replaceAll(db, '<db>'));
  }
  return [runs[0]!, runs[1]!];
}

describe('the CLI on SQLite and on PostgreSQL', () => {
  before(async () => {
    const [a, b] = await onBoth(['ingest', SAMPLE_CORPUS, '--format', 'json']);
    const summary = (s: string): unknown => {
      const j = JSON.parse(s) as { ingested: unknown[]; duplicates: unknown[]; failed: unknown[] };
      return { ingested: j.ingested, duplicates: j.duplicates, failed: j.failed };
    };
    assert.deepEqual(summary(b), summary(a));
  });

  for (const args of [
    ['stories'],
    ['stories', '--format', 'json'],
    ['story', '1', '--format', 'md'],
    ['quotes', '--format', 'md'],
    ['entities'],
    ['timeline', '--format', 'md'],
    ['brief', '--format', 'md'],
    ['compare', '1'],
    ['show', 'gws-2024-0314-001', '--format', 'md'],
    ['list', '--format', 'table'],
    ['export', '--format', 'jsonl'],
  ]) {
    test(`${args.join(' ')} prints the same on both`, async () => {
      const [a, b] = await onBoth(args);
      assert.ok(a.length > 0);
      assert.equal(b, a);
    });
  }

  test('search finds the same articles on both (ranked by BM25 or ts_rank, with marked snippets)', async () => {
    for (const q of ['ceasefire', 'acid leak', '"Northern Liberation Front"']) {
      const [a, b] = await onBoth(['search', q, '--format', 'json']);
      const ids = (s: string): string[] => (JSON.parse(s) as { id: string }[]).map((h) => h.id).sort();
      assert.deepEqual(ids(b), ids(a), q);
      assert.ok(ids(a).length > 0, q);
      const snippets = (JSON.parse(b) as { snippet: string }[]).map((h) => h.snippet);
      assert.ok(
        snippets.some((s) => /\[[^\]]+\]/.test(s)),
        `matches in the text are marked: ${snippets.join(' | ')}`,
      );
    }
  });

  test('the demo prints the same on both', async () => {
    const [a, b] = await onBoth(['demo']);
    assert.equal(b, a);
  });
});
