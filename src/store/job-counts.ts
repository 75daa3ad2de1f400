/**
 * How many jobs the queue holds, by queue and state: one query on pg-boss's tables, shared by the queue
 * itself (`sitrep jobs`, the workers) and by the store (the API's health), which reads them without
 * starting pg-boss.
 */

export const QUEUES = { ingest: 'ingest', place: 'place' } as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export type JobState = 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';

export interface QueueCounts {
  queue: QueueName;
  created: number;
  retry: number;
  active: number;
  completed: number;
  failed: number;
}

/** The schema pg-boss's tables live in, beside the store's (`schema`, or the default `sitrep`). */
export function jobSchemaOf(storeSchema: string | null): string {
  return `${storeSchema ?? 'sitrep'}_jobs`;
}

/** The query counting jobs by queue and state (live jobs and archived ones). */
export function jobCountsSql(jobSchema: string): string {
  return `SELECT name, state::text AS state, count(*)::int AS n FROM ${jobSchema}.job GROUP BY name, state
    UNION ALL SELECT name, state::text, count(*)::int FROM ${jobSchema}.archive GROUP BY name, state`;
}

/** The counts per queue (ingest, then place) from the rows of `jobCountsSql`; cancelled jobs are left out. */
export function queueCountsOf(rows: { name: string; state: JobState; n: number }[]): QueueCounts[] {
  return [QUEUES.ingest, QUEUES.place].map((queue) => {
    const c: QueueCounts = { queue, created: 0, retry: 0, active: 0, completed: 0, failed: 0 };
    for (const r of rows)
      if (r.name === queue && r.state !== 'cancelled') c[r.state] = (c[r.state] ?? 0) + r.n;
    return c;
  });
}
