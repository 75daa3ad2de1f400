/**
 * Workers on the PostgreSQL job queue, as real processes: two at once store every article exactly once and
 * give the stories one worker gives; a worker killed with SIGKILL mid-job leaves its job to be retried by
 * another, and nothing is lost or stored twice.
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { jobStatus } from '../app/jobs.js';
import { openStore } from '../store/open.js';
import { sitrep } from '../testing/cli.js';
import { SAMPLE_CORPUS } from '../testing/fixtures.js';
import { adminQuery, freshPostgresLocation } from '../testing/postgres.js';

const BIN = fileURLToPath(new URL('./main.js', import.meta.url));
const run = promisify(execFile);

const made: { location: string; drop: () => Promise<void> }[] = [];
function fresh(): string {
  const f = freshPostgresLocation('sitrep_worker');
  made.push(f);
  return f.location;
}
after(async () => {
  for (const f of made) {
    await f.drop();
    await adminQuery(`DROP SCHEMA IF EXISTS ${new URL(f.location).searchParams.get('schema')}_jobs CASCADE`);
  }
});

interface WorkSummary {
  jobs: number;
  stored: number;
  duplicates: number;
  failed: unknown[];
}

async function worker(db: string, ...args: string[]): Promise<WorkSummary> {
  const { stdout } = await run(
    process.execPath,
    [BIN, 'worker', '--db', db, '--exit-when-idle', '--format', 'json', ...args],
    { timeout: 180_000, env: { ...process.env, SITREP_DB: '' } },
  );
  return JSON.parse(stdout) as WorkSummary;
}

async function enqueue(db: string, ...args: string[]): Promise<void> {
  const r = await sitrep(['ingest', SAMPLE_CORPUS, '--queue', '--db', db, ...args]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /queued 10 documents/);
}

async function storiesOf(db: string): Promise<string> {
  const r = await sitrep(['stories', '--format', 'json', '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout;
}

test('two workers on one queue: every article stored once, the same stories as one worker', async () => {
  const [two, one] = [fresh(), fresh()];
  await enqueue(two, '--per-job', '2');
  await enqueue(one, '--per-job', '2');
  const summaries = await Promise.all([worker(two), worker(two)]);
  assert.equal(
    summaries.reduce((n, s) => n + s.stored, 0),
    10,
    'each article stored by exactly one worker',
  );
  assert.ok(
    summaries.every((s) => s.jobs > 0),
    'both workers took jobs',
  );
  await worker(one);
  const store = openStore(two, { mode: 'read' });
  try {
    assert.equal(await store.countArticles(), 10);
    assert.deepEqual(await store.unassignedArticleIds(), []);
  } finally {
    await store.close();
  }
  assert.equal(await storiesOf(two), await storiesOf(one));
  const status = await jobStatus(two, { failed: true });
  assert.deepEqual(
    status.queues.map((q) => [q.queue, q.created + q.retry + q.active, q.failed]),
    [
      ['ingest', 0, 0],
      ['place', 0, 0],
    ],
  );
  assert.equal(status.queues[0]!.completed, 5);
});

test('a worker killed with SIGKILL mid-job: its job is retried by another, nothing lost or duplicated', async () => {
  const db = fresh();
  // One job of all ten documents, given up 30 s after it started when its worker is gone.
  await enqueue(db, '--per-job', '10', '--job-timeout', '30');
  const doomed = spawn(process.execPath, [BIN, 'worker', '--db', db], { stdio: 'ignore' });
  try {
    for (let waited = 0; ; waited += 50) {
      const [ingest] = (await jobStatus(db)).queues;
      if (ingest!.active === 1) break;
      assert.ok(waited < 120_000, 'the first worker took the job');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    doomed.kill('SIGKILL');
  }
  await new Promise((resolve) => doomed.once('exit', resolve));
  const rescuer = await worker(db, '--expiry-check', '1');
  assert.equal(rescuer.stored + rescuer.duplicates, 10, 'the retried job came to the second worker');
  const store = openStore(db, { mode: 'read' });
  try {
    assert.equal(await store.countArticles(), 10);
    assert.deepEqual(await store.unassignedArticleIds(), []);
  } finally {
    await store.close();
  }
  const [ingest] = (await jobStatus(db, { failed: true })).queues;
  assert.deepEqual([ingest!.completed, ingest!.failed], [1, 0]);
});
