/**
 * Reads never write, and one exit-code rule: every read command runs on a read-only database file and
 * leaves its bytes, its mtime and its folder as they were; a missing database is named, never created; the
 * demo's numbers are the commands' numbers.
 */
import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sitrep } from '../testing/cli.js';
import { tempDir } from '../testing/fixtures.js';
import { terminalProblem, writeHostileJsonl } from '../testing/hostile.js';

const { dir, cleanup } = tempDir();
after(cleanup);

interface DemoJson {
  articles: number;
  outlets: Record<string, number>;
  stories: { id: number; articles: number; events: number }[];
  entities: { name: string; type: string; articles: number; mentions: number }[];
  speakers: { name: string; quotes: number }[];
}

describe('reads never write', () => {
  const db = join(dir, 'demo.db');
  // The demo's database with two more articles stored but not placed in stories: a read that placed them
  // would write.
  const unplaced = join(dir, 'unplaced.db');
  let demo: DemoJson;
  let story: number;
  // SQLite's own -wal and -shm files beside a WAL database are left out: a reader may create them.
  const fingerprint = (): string =>
    JSON.stringify({
      files: readdirSync(dir)
        .filter((f) => !/-(wal|shm)$/.test(f))
        .sort(),
      mtimes: [statSync(db).mtimeMs, statSync(unplaced).mtimeMs],
      bytes: [readFileSync(db).toString('base64'), readFileSync(unplaced).toString('base64')],
    });
  let before0 = '';

  before(async () => {
    const r = await sitrep(['demo', '--db', db, '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    demo = JSON.parse(r.stdout) as DemoJson;
    story = demo.stories.find((s) => s.articles > 1)!.id;
    copyFileSync(db, unplaced);
    const more = await sitrep(['ingest', writeHostileJsonl(dir), '--no-stories', '--db', unplaced]);
    assert.equal(more.code, 0, more.stderr);
    chmodSync(db, 0o444);
    chmodSync(unplaced, 0o444);
    before0 = fingerprint();
  });

  const read = async (args: string[], on = db): Promise<string> => {
    const r = await sitrep([...args, '--db', on]);
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(fingerprint(), before0, `${args.join(' ')} changed the database or its folder`);
    return r.stdout;
  };

  test('every read command works on a read-only file and changes nothing', async () => {
    for (const args of [
      ['stories', '--format', 'md'],
      ['story', String(story)],
      ['quotes', '--story', String(story)],
      ['entities', '--story', String(story)],
      ['timeline'],
      ['timeline', '--story', String(story), '--format', 'json'],
      ['compare', String(story)],
      ['compare', String(story), '--format', 'md'],
      ['brief'],
      ['brief', '--story', String(story), '--format', 'html'],
      ['show', 'gws-2024-0605-003', '--removed'],
      ['search', 'ceasefire'],
      ['export'],
      ['export', '--format', 'csv', '--what', 'articles'],
    ])
      await read(args, unplaced);
    const stories = await sitrep(['stories', '--db', unplaced]);
    assert.match(stories.stderr, /2 stored articles are in no story yet; sitrep place places them/);
  });

  test("the demo's numbers are the commands' numbers", async () => {
    const entities = JSON.parse(await read(['entities', '--format', 'json'])) as DemoJson['entities'];
    for (const e of demo.entities) {
      const same = entities.find((x) => x.name === e.name && x.type === e.type);
      assert.ok(same, `${e.name} is listed by sitrep entities`);
      assert.equal(e.articles, same.articles, `${e.name}: articles`);
      assert.equal(e.mentions, same.mentions, `${e.name}: mentions`);
    }
    assert.ok(demo.entities.some((e) => e.name === 'Northern Liberation Front'));
    const quotes = JSON.parse(await read(['quotes', '--format', 'json'])) as {
      speaker: string;
      quotes: unknown[];
    }[];
    for (const s of demo.speakers)
      assert.equal(s.quotes, quotes.find((g) => g.speaker === s.name)?.quotes.length, `${s.name}: quotes`);
    const stories = JSON.parse(await read(['stories', '--format', 'json'])) as {
      id: number;
      articleCount: number;
      events: unknown[];
    }[];
    assert.deepEqual(
      demo.stories.map((s) => [s.id, s.articles, s.events]),
      stories.map((s) => [s.id, s.articleCount, s.events.length]),
    );
    const list = JSON.parse(await read(['list', '--format', 'json'])) as { outlet: string | null }[];
    assert.equal(demo.articles, list.length);
    const outlets: Record<string, number> = {};
    for (const a of list)
      outlets[a.outlet ?? 'unknown outlet'] = (outlets[a.outlet ?? 'unknown outlet'] ?? 0) + 1;
    assert.deepEqual(demo.outlets, outlets);
  });

  test('an unknown story exits 1 for every command that takes one', async () => {
    for (const args of [
      ['story', '9999'],
      ['quotes', '--story', '9999'],
      ['entities', '--story', '9999'],
      ['timeline', '--story', '9999'],
      ['compare', '9999'],
      ['brief', '--story', '9999'],
    ]) {
      const r = await sitrep([...args, '--db', db]);
      assert.equal(r.code, 1, args.join(' '));
      assert.match(r.stderr, /no story "9999"/, args.join(' '));
    }
    assert.equal(fingerprint(), before0);
  });

  // Root may write to a file whatever its mode, so this can be checked only as another user.
  const root = process.getuid?.() === 0;
  test(
    'placing in a read-only database fails with exit 1 naming it',
    { skip: root && 'run as root' },
    async () => {
      const r = await sitrep(['place', '--rebuild', '--db', db]);
      assert.equal(r.code, 1, r.stderr);
      assert.ok(r.stderr.includes(db), r.stderr);
      assert.equal(fingerprint(), before0);
    },
  );

  test('place with nothing to place says so and succeeds', async () => {
    const r = await sitrep(['place', '--db', db]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Nothing to place/);
  });
});

describe('a missing or empty --db', () => {
  test('read commands exit 1 naming the missing file, and create nothing', async () => {
    const missing = join(dir, 'typo', 'sitrep.db');
    for (const args of [
      ['stories'],
      ['story', '1'],
      ['quotes'],
      ['entities'],
      ['timeline'],
      ['compare', '1'],
      ['brief'],
      ['list'],
      ['show', 'x'],
      ['search', 'x'],
      ['export'],
    ]) {
      const r = await sitrep([...args, '--db', missing]);
      assert.equal(r.code, 1, args.join(' '));
      assert.ok(r.stderr.includes(missing), `${args.join(' ')}: ${r.stderr}`);
      assert.ok(!existsSync(missing) && !existsSync(join(dir, 'typo')), `${args.join(' ')} created it`);
    }
  });

  test('an empty --db is a usage error (exit 2) for reads and writes alike', async () => {
    for (const args of [['list'], ['ingest', '-'], ['place'], ['demo']]) {
      const r = await sitrep([...args, '--db', '']);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /--db needs a path/);
    }
  });
});

describe('terminal output of hostile articles', () => {
  test('list, show, search, stories and export print no control characters or formulas', async () => {
    const db = join(dir, 'hostile.db');
    const ing = await sitrep(['ingest', writeHostileJsonl(dir), '--db', db]);
    assert.equal(ing.code, 0, ing.stderr);
    for (const args of [
      ['list'],
      ['show', '@SUM(A1)'],
      ['search', 'bridge'],
      ['stories'],
      ['entities'],
      ['quotes'],
      ['export'],
      ['export', '--format', 'csv'],
    ]) {
      const r = await sitrep([...args, '--db', db], { tty: true });
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(terminalProblem(r.stdout), null, args.join(' '));
      assert.doesNotMatch(r.stdout, /(^|,)[=+@-][A-Za-z0-9(]/m, `${args.join(' ')}: a formula cell`);
    }
  });
});
