/** Text for the job queue's use cases: what was queued, what a worker did, how the queues stand. */
import type { EnqueueResult, JobStatus, WorkSummary } from '../app/jobs.js';
import { table } from './table.js';

export function enqueueText(r: EnqueueResult): string {
  return (
    `queued ${r.documents} documents in ${r.jobs} jobs in ${r.database}` +
    (r.failed.length ? `; ${r.failed.length} inputs could not be read` : '') +
    `\nstart workers (on any machine that reaches the database) with: sitrep worker --db <the same URL>`
  );
}

export function workText(r: WorkSummary): string {
  return `worker done: ${r.jobs} jobs, ${r.stored} articles stored, ${r.duplicates} already stored, ${r.placed} placed in stories, ${r.failed.length} documents failed`;
}

export function jobsText(s: JobStatus): string {
  const counts = table(
    ['queue', 'waiting', 'retrying', 'running', 'done', 'failed'],
    s.queues.map((q) => [q.queue, q.created, q.retry, q.active, q.completed, q.failed]),
  );
  if (s.failed === null) return `Jobs in ${s.database}\n\n${counts}`;
  const failed = s.failed.length
    ? table(
        ['queue', 'job', 'attempts', 'failed at', 'inputs', 'error'],
        s.failed.map((j) => [
          j.queue,
          j.id,
          j.attempts,
          j.failedAt ?? '',
          j.sources.length
            ? `${j.sources[0]}${j.sources.length > 1 ? ` (+${j.sources.length - 1})` : ''}`
            : '',
          j.error,
        ]),
        80,
      )
    : 'No failed jobs.';
  return `Jobs in ${s.database}\n\n${counts}\n\nFailed jobs (sitrep jobs retry queues them again)\n${failed}`;
}
