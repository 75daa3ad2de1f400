/**
 * Defect: two ingests into one database lost articles ("database is locked"). Several ingest processes
 * write into one SQLite file at once; every article must be stored exactly once and no write may fail.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { openSqliteStore } from '../store/sqlite.js';
import { tempDir } from '../testing/fixtures.js';
import { writeOriginalArticles } from '../testing/original-articles.js';

const WORKER = fileURLToPath(new URL('../testing/ingest-worker.js', import.meta.url));
const run = promisify(execFile);

interface WorkerReport {
  ingested: string[];
  duplicates: number;
  failed: { input: string; reason: string }[];
  stopped: unknown;
}

/** Run one ingest process per input list, all at once, into one database; return their reports. */
async function ingestAtOnce(db: string, inputs: string[][]): Promise<WorkerReport[]> {
  const outputs = await Promise.all(
    inputs.map((list) => run(process.execPath, [WORKER, db, ...list], { maxBuffer: 16 << 20 })),
  );
  return outputs.map((o) => JSON.parse(o.stdout) as WorkerReport);
}

async function assertEachStoredOnce(db: string, reports: WorkerReport[], expected: number): Promise<void> {
  assert.deepEqual(
    reports.flatMap((r) => r.failed),
    [],
    'no failed writes',
  );
  const ingested = reports.flatMap((r) => r.ingested);
  assert.equal(new Set(ingested).size, ingested.length, 'no article ingested by two processes');
  assert.equal(ingested.length, expected);
  const store = openSqliteStore(db, { mode: 'read' });
  try {
    assert.equal(await store.countArticles(), expected);
    for (const id of ingested) assert.equal(await store.hasArticle(id), true);
  } finally {
    await store.close();
  }
}

test('two ingests of the same folder at once into one database: every article stored once, none failed', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const inputs = join(dir, 'in');
    mkdirSync(inputs);
    writeOriginalArticles(inputs, 0, 150);
    const db = join(dir, 'two.db');
    const reports = await ingestAtOnce(db, [[inputs], [inputs]]);
    await assertEachStoredOnce(db, reports, 150);
    assert.equal(
      reports.reduce((n, r) => n + r.duplicates, 0),
      150,
      'what one process stored, the other skipped',
    );
  } finally {
    cleanup();
  }
});

test('three ingests at once into a new database (two halves and the whole): every article stored once', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const [first, second] = [join(dir, 'first'), join(dir, 'second')];
    mkdirSync(first);
    mkdirSync(second);
    writeOriginalArticles(first, 0, 100);
    writeOriginalArticles(second, 100, 200);
    const db = join(dir, 'three.db');
    const reports = await ingestAtOnce(db, [[first], [second], [second, first]]);
    await assertEachStoredOnce(db, reports, 200);
  } finally {
    cleanup();
  }
});
