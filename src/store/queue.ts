/**
 * The job queue: pg-boss inside the PostgreSQL database the store uses (its own schema beside sitrep's
 * tables), never a queue of our own. Two queues: `ingest` (one job per batch of read documents: analyse and
 * store them) and `place` (place stored articles in stories), whose `stately` policy keeps at most one
 * waiting and one running job, so exactly one worker at a time places articles. A job whose worker dies is
 * failed by expiry and retried; a job that failed three times is kept, with its error, for `sitrep jobs`.
 */
import type PgBoss from 'pg-boss';
import type { RawDocument } from '../model/raw.js';
import { pgModule } from './pg.js';
import { StoreNotFoundError, StoreOpenError } from './errors.js';
import { parsePostgresLocation, PostgresLocationError } from './postgres-schema.js';

import {
  jobCountsSql,
  jobSchemaOf,
  QUEUES,
  queueCountsOf,
  type JobState,
  type QueueCounts,
  type QueueName,
} from './job-counts.js';

export { QUEUES, type JobState, type QueueCounts, type QueueName };

/** Attempts per job before it is kept as failed: the first and two retries. */
export const JOB_ATTEMPTS = 3;

/** What an ingest job carries: the documents as read (so that a worker on any machine can analyse them). */
export interface IngestJobData {
  docs: RawDocument[];
}

export interface FailedJob {
  queue: QueueName;
  id: string;
  attempts: number;
  /** The sources of the documents the job carried (ingest jobs). */
  sources: string[];
  error: string;
  failedAt: string | null;
}

export interface QueueOptions {
  /** `read` (status) never creates the queue's tables: a database without them is a StoreNotFoundError. */
  mode?: 'read' | 'write';
  /** Connections the queue may hold. */
  maxConnections?: number;
  /** How often this process fails the jobs of dead workers (expired), in seconds. */
  expiryCheckSeconds?: number;
}

/** The queue of the PostgreSQL database at `location`; a SQLite location has none. */
export async function openQueue(location: string, opts: QueueOptions = {}): Promise<JobQueue> {
  let parsed;
  try {
    parsed = parsePostgresLocation(location);
  } catch (err) {
    if (err instanceof PostgresLocationError) throw new StoreOpenError(err.display, err.reason);
    throw err;
  }
  const schema = jobSchemaOf(parsed.schema);
  const read = opts.mode === 'read';
  if (read && !(await queueExists(parsed.connectionString, schema, parsed.display)))
    throw new StoreNotFoundError(`${parsed.display} (job queue ${schema})`);
  // Loaded here: only the queue's commands need pg-boss, and it costs the others their start-up time.
  const { default: Boss } = await import('pg-boss');
  const boss = new Boss({
    connectionString: parsed.connectionString,
    schema,
    max: opts.maxConnections ?? 4,
    maintenanceIntervalSeconds: opts.expiryCheckSeconds ?? 30,
    // Failed jobs stay listed (and can be retried) for a month.
    archiveFailedAfterSeconds: 30 * 86_400,
    ...(read ? { migrate: false, supervise: false, schedule: false } : {}),
  });
  const errors: Error[] = [];
  boss.on('error', (err) => errors.push(err));
  try {
    await boss.start();
    for (const name of [QUEUES.ingest, QUEUES.place]) {
      if (read || (await boss.getQueue(name))) continue;
      await boss
        .createQueue(name, {
          name,
          policy: name === QUEUES.place ? 'stately' : 'standard',
          retryLimit: JOB_ATTEMPTS - 1,
        })
        .catch(async (err: unknown) => {
          // Another process created it at the same moment.
          if (!(await boss.getQueue(name))) throw err;
        });
    }
  } catch (err) {
    await boss.stop({ graceful: false, wait: false }).catch(() => undefined);
    throw new StoreOpenError(parsed.display, `the job queue cannot be opened: ${(err as Error).message}`);
  }
  return new JobQueue(boss, schema, parsed.display);
}

/** Whether pg-boss's tables are in `schema` (asked without creating anything). */
async function queueExists(connectionString: string, schema: string, display: string): Promise<boolean> {
  const client = new (pgModule().Client)({ connectionString, connectionTimeoutMillis: 15_000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [
      `${schema}.job`,
    ]);
    return rows[0]?.t !== null && rows[0]?.t !== undefined;
  } catch (err) {
    throw new StoreOpenError(display, `cannot connect: ${(err as Error).message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export class JobQueue {
  constructor(
    readonly boss: PgBoss,
    private readonly schema: string,
    readonly location: string,
  ) {}

  /** Queue documents, `perJob` to a job; each job may run `timeoutSeconds` before it counts as abandoned. */
  async enqueue(docs: RawDocument[], perJob: number, timeoutSeconds: number): Promise<number> {
    const jobs: PgBoss.JobInsert<IngestJobData>[] = [];
    for (let i = 0; i < docs.length; i += perJob)
      jobs.push({
        name: QUEUES.ingest,
        data: { docs: docs.slice(i, i + perJob) },
        retryLimit: JOB_ATTEMPTS - 1,
        expireInSeconds: timeoutSeconds,
      });
    if (jobs.length) await this.boss.insert(jobs);
    return jobs.length;
  }

  /** Ask for placement (a no-op while one is already waiting: the queue is stately). */
  async requestPlacement(timeoutSeconds: number): Promise<void> {
    await this.boss.send(QUEUES.place, {}, { retryLimit: JOB_ATTEMPTS - 1, expireInSeconds: timeoutSeconds });
  }

  /** Jobs of one queue waiting or running: one cheap count, for workers asking every half second. */
  async busy(queue: QueueName): Promise<number> {
    return (await this.boss.getQueueSize(queue, { before: 'completed' })) ?? 0;
  }

  async counts(): Promise<QueueCounts[]> {
    const db = this.boss.getDb();
    const { rows } = (await db.executeSql(jobCountsSql(this.schema), [])) as {
      rows: { name: string; state: JobState; n: number }[];
    };
    return queueCountsOf(rows);
  }

  /** Jobs that failed every attempt, with the last error, most recent first. */
  async failed(): Promise<FailedJob[]> {
    const db = this.boss.getDb();
    const { rows } = (await db.executeSql(
      `SELECT name, id::text AS id, retry_count, data, output, completed_on FROM ${this.schema}.job
       WHERE state = 'failed' ORDER BY completed_on DESC NULLS LAST, id`,
      [],
    )) as {
      rows: {
        name: QueueName;
        id: string;
        retry_count: number;
        data: Partial<IngestJobData> | null;
        output: unknown;
        completed_on: Date | null;
      }[];
    };
    return rows.map((r) => ({
      queue: r.name,
      id: r.id,
      attempts: r.retry_count + 1,
      sources: (r.data?.docs ?? []).map((d) => d.source),
      error: errorOf(r.output),
      failedAt: r.completed_on ? r.completed_on.toISOString() : null,
    }));
  }

  /** Queue every failed job again, for one more attempt each; returns how many. */
  async retryFailed(): Promise<number> {
    const failed = await this.failed();
    for (const queue of [QUEUES.ingest, QUEUES.place]) {
      const ids = failed.filter((j) => j.queue === queue).map((j) => j.id);
      if (!ids.length) continue;
      await this.boss.retry(queue, ids);
    }
    return failed.length;
  }

  async close(): Promise<void> {
    await this.boss.stop({ graceful: true, wait: true, timeout: 30_000 });
  }
}

/** The message pg-boss kept for a failed job (an error's message, or a timeout). */
function errorOf(output: unknown): string {
  if (output && typeof output === 'object') {
    const o = output as { message?: unknown; value?: { message?: unknown } };
    if (typeof o.message === 'string') return o.message;
    if (typeof o.value?.message === 'string') return o.value.message;
  }
  return JSON.stringify(output);
}
