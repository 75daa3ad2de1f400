/**
 * Work spread over processes and machines through the job queue in the PostgreSQL database: queue inputs
 * (`enqueueIngest`), run a worker that analyses, stores and places them (`work`), see and retry jobs
 * (`jobStatus`, `retryFailedJobs`).
 *
 * Placement waits until no ingest job is waiting or running, and then one worker (the `place` queue
 * holds one job at a time) places every unplaced article, oldest publication first: so the stories do not
 * depend on how many workers there were or how their jobs interleaved, only on what was stored.
 */
import type PgBoss from 'pg-boss';
import { expandInput, readInputs, type ReadOptions } from '../ingest/inputs.js';
import { NEAR_DUPLICATES } from '../ingest/near-duplicates.js';
import { OutletLanguages } from '../ingest/outlet-language.js';
import { InputError } from '../model/errors.js';
import type { AnalyzedArticle } from '../model/document.js';
import type { RawDocument } from '../model/raw.js';
import { processDocument } from '../pipeline.js';
import { isPostgresLocation } from '../store/open.js';
import {
  openQueue,
  QUEUES,
  type FailedJob,
  type IngestJobData,
  type JobQueue,
  type QueueCounts,
} from '../store/queue.js';
import { UsageError } from './errors.js';
import { open } from './open.js';
import { placeInStories, type PlaceOptions } from './stories.js';

export type { FailedJob, QueueCounts };

/** How long a job may run before it counts as abandoned by a dead worker and is retried. */
export const DEFAULT_JOB_TIMEOUT_SECONDS = 15 * 60;

function requirePostgres(location: string | undefined): string {
  const where = location ?? process.env.SITREP_DB ?? '';
  if (!isPostgresLocation(where))
    throw new UsageError('the job queue lives in PostgreSQL: give --db postgres://… (or $SITREP_DB)');
  return where;
}

async function withQueue<T>(
  location: string,
  fn: (q: JobQueue) => Promise<T>,
  opts?: Parameters<typeof openQueue>[1],
): Promise<T> {
  const queue = await openQueue(location, opts);
  try {
    return await fn(queue);
  } finally {
    await queue.close();
  }
}

export interface EnqueueRequest extends Omit<ReadOptions, 'onFile'> {
  /** Documents per job (default 20). */
  perJob?: number;
  jobTimeoutSeconds?: number;
}

export interface EnqueueResult {
  database: string;
  documents: number;
  jobs: number;
  /** Inputs that could not be read (named, with why); the rest was queued. */
  failed: { input: string; reason: string }[];
}

/** Read inputs here and queue their documents for workers; returns at once. Writes (jobs). */
export async function enqueueIngest(
  location: string | undefined,
  inputs: string[],
  o: EnqueueRequest = {},
): Promise<EnqueueResult> {
  const where = requirePostgres(location);
  const perJob = o.perJob ?? 20;
  if (!(Number.isInteger(perJob) && perJob > 0)) throw new UsageError(`--per-job must be a positive integer`);
  const timeout = o.jobTimeoutSeconds ?? DEFAULT_JOB_TIMEOUT_SECONDS;
  if (!(Number.isFinite(timeout) && timeout >= 1))
    throw new UsageError('--job-timeout must be at least 1 second');
  const failed: EnqueueResult['failed'] = [];
  const files: string[] = [];
  for (const input of inputs) {
    try {
      const found = await expandInput(input);
      if (!found.length) failed.push({ input, reason: 'no article files found' });
      files.push(...found);
    } catch (err) {
      failed.push(failureOf(input, err));
    }
  }
  const docs: RawDocument[] = [];
  const seen = new Set<string>();
  for await (const item of readInputs(files, o)) {
    if (!item.ok) failed.push({ input: item.error.input, reason: item.error.reason });
    else if (!seen.has(item.doc.id)) {
      seen.add(item.doc.id);
      docs.push(item.doc);
    }
  }
  // The store's tables are made now, so that workers starting at once do not race to make them.
  const store = open(where, 'write');
  try {
    await store.countArticles();
  } finally {
    await store.close();
  }
  const jobs = await withQueue(where, (q) => q.enqueue(docs, perJob, Math.round(timeout)));
  return { database: store.location, documents: docs.length, jobs, failed };
}

export interface WorkRequest {
  /** Ingest jobs this process runs at once (default 1). */
  concurrency?: number;
  /** Stop when no job is waiting or running and every article is placed. */
  exitWhenIdle?: boolean;
  /** How often this worker fails the jobs of dead workers so that they are retried (seconds, default 30). */
  expiryCheckSeconds?: number;
  /** Stop (after the jobs in hand) when this aborts. */
  signal?: AbortSignal;
  place?: Omit<PlaceOptions, 'rebuild' | 'onProgress'>;
  /** Told after each job. */
  onJob?: (event: { queue: string; id: string; stored: number; duplicates: number }) => void;
}

export interface WorkSummary {
  database: string;
  jobs: number;
  stored: number;
  duplicates: number;
  placed: number;
  /** Documents that could not be analysed (bad input: not retried, reported here and in the job's output). */
  failed: { input: string; reason: string }[];
}

/** Run a worker until stopped (or idle, with `exitWhenIdle`). Writes. */
export async function work(location: string | undefined, o: WorkRequest = {}): Promise<WorkSummary> {
  const where = requirePostgres(location);
  const concurrency = o.concurrency ?? 1;
  if (!(Number.isInteger(concurrency) && concurrency > 0 && concurrency <= 64))
    throw new UsageError('--concurrency must be an integer from 1 to 64');
  const store = open(where, 'write');
  const summary: WorkSummary = {
    database: store.location,
    jobs: 0,
    stored: 0,
    duplicates: 0,
    placed: 0,
    failed: [],
  };
  try {
    await store.countArticles(); // connect and migrate before taking jobs
    await withQueue(
      where,
      async (queue) => {
        const usual = new OutletLanguages(store);
        const ingestJob = async (docs: RawDocument[]): Promise<{ stored: number; duplicates: number }> => {
          const articles: AnalyzedArticle[] = [];
          let duplicates = 0;
          // One look-up for the job (a retried job's documents may be stored already): not one per document.
          const already = await store.storedIds(docs.map((d) => d.id));
          for (const doc of docs) {
            if (already.has(doc.id)) {
              duplicates++;
              continue;
            }
            try {
              const fallbackLanguage = doc.meta.language ? null : await usual.of(doc.meta.outlet);
              const article = processDocument(doc, { fallbackLanguage });
              await usual.record(
                article.outlet,
                article.meta.language?.origin === 'outlet' ? null : article.language,
              );
              articles.push(article);
            } catch (err) {
              // Bad input fails the same way every time: reported, not retried.
              summary.failed.push(failureOf(doc.source, err));
            }
          }
          // A store failure throws: the job fails and is retried; the batch is written whole or not at all.
          const results = await store.putArticles(articles, NEAR_DUPLICATES);
          const stored = results.filter((r) => r === 'inserted').length;
          return { stored, duplicates: duplicates + results.length - stored };
        };
        // Handlers running in this process: one that outlived its job's timeout (pg-boss has already
        // failed the job for a retry) still writes, so the worker is not idle while any runs.
        let running = 0;
        const tracked =
          <T>(fn: (jobs: T) => Promise<unknown>) =>
          async (jobs: T): Promise<unknown> => {
            running++;
            try {
              return await fn(jobs);
            } finally {
              running--;
            }
          };
        const workers: string[] = [];
        for (let i = 0; i < concurrency; i++)
          workers.push(
            await queue.boss.work<IngestJobData>(
              QUEUES.ingest,
              { batchSize: 1, pollingIntervalSeconds: 0.5 },
              tracked(async ([job]) => {
                const r = await ingestJob(job!.data.docs);
                summary.jobs++;
                summary.stored += r.stored;
                summary.duplicates += r.duplicates;
                o.onJob?.({ queue: QUEUES.ingest, id: job!.id, ...r });
                // A job was there, so the next may be: fetch it at once rather than sleep out the polling
                // interval (pg-boss waits whatever is left of it after a job quicker than the interval).
                const self = workers[i];
                if (self !== undefined) queue.boss.notifyWorker(self);
                return r;
              }),
            ),
          );
        workers.push(
          await queue.boss.work(
            QUEUES.place,
            { batchSize: 1, pollingIntervalSeconds: 0.5 },
            tracked(async ([job]: PgBoss.Job[]) => {
              const r = await placeInStories(store, o.place ?? {});
              summary.jobs++;
              summary.placed += r.assigned;
              o.onJob?.({ queue: QUEUES.place, id: job!.id, stored: 0, duplicates: 0 });
              return { placed: r.assigned };
            }),
          ),
        );
        await watch(
          queue,
          o,
          async () => (await store.unassignedArticleIds()).length,
          () => running,
        );
        for (const id of workers) await queue.boss.offWork({ id });
      },
      { maxConnections: concurrency + 3, expiryCheckSeconds: o.expiryCheckSeconds },
    );
  } finally {
    await store.close();
  }
  return summary;
}

/**
 * Every half second: when no ingest job is waiting or running and some article is unplaced, ask for
 * placement; resolve when stopped, or (exitWhenIdle) when nothing is waiting, running or unplaced.
 */
async function watch(
  queue: JobQueue,
  o: WorkRequest,
  unplaced: () => Promise<number>,
  running: () => number,
): Promise<void> {
  for (;;) {
    if (o.signal?.aborted) return;
    // Unplaced articles are looked for only when no job is waiting or running: never while a placement
    // runs, when the answer (every article stored is unplaced at first) would cost the most.
    if ((await queue.busy(QUEUES.ingest)) === 0 && (await queue.busy(QUEUES.place)) === 0) {
      const left = await unplaced();
      if (left > 0) await queue.requestPlacement(DEFAULT_JOB_TIMEOUT_SECONDS);
      else if (running() === 0 && o.exitWhenIdle) return;
    }
    await new Promise<void>((resolve) => {
      // The listener goes with its wait: one left behind per half second would pile up over a long run.
      const onAbort = (): void => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        o.signal?.removeEventListener('abort', onAbort);
        resolve();
      }, 500);
      o.signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}

export interface JobStatus {
  database: string;
  queues: QueueCounts[];
  /** Jobs that failed every attempt (with `failed` asked for). */
  failed: FailedJob[] | null;
}

/** How the queued work stands. Reads. */
export async function jobStatus(
  location: string | undefined,
  o: { failed?: boolean } = {},
): Promise<JobStatus> {
  const where = requirePostgres(location);
  return withQueue(
    where,
    async (q) => ({
      database: q.location,
      queues: await q.counts(),
      failed: o.failed ? await q.failed() : null,
    }),
    { mode: 'read' },
  );
}

/** Queue every failed job again for one more attempt. Writes (jobs). */
export async function retryFailedJobs(location: string | undefined): Promise<{ retried: number }> {
  const where = requirePostgres(location);
  return withQueue(where, async (q) => ({ retried: await q.retryFailed() }));
}

function failureOf(input: string, err: unknown): { input: string; reason: string } {
  if (err instanceof InputError) return { input: err.input, reason: err.reason };
  return { input, reason: (err as Error).message };
}
