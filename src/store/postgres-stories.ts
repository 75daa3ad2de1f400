/**
 * The story state's rows in PostgreSQL (the story_* tables of migration 1), read and written through the
 * one connection that holds the story transaction. Every read is one statement whatever the number of keys
 * (arrays as parameters); every write is one statement per table (rows as one JSON parameter), so a batch
 * costs a handful of round trips, not one per row.
 */
import { createHash } from 'node:crypto';
import type { PoolClient, QueryConfig, QueryResult, QueryResultRow } from 'pg';
import type {
  StoryChanges,
  StoryEventRow,
  StoryMemberRow,
  StoryMerge,
  StoryMeta,
  StoryPosting,
  StoryRow,
  StoryStateTx,
} from './store.js';

const names = new Map<string, string>();

/**
 * A statement as a named (server-side prepared) query: parsed and planned once per connection instead of
 * on every call. The name is the statement's hash, so one text always has one name.
 */
export function prepared(text: string, values: unknown[]): QueryConfig {
  let name = names.get(text);
  if (name === undefined) {
    name = `sitrep_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
    names.set(text, name);
  }
  return { name, text, values };
}

interface CentroidColumns {
  size: number;
  first_ms: number | null;
  last_ms: number | null;
  terms: string[];
  weights: number[];
}

function centroidOf(r: CentroidColumns): {
  size: number;
  first: number | null;
  last: number | null;
  terms: string[];
  weights: number[];
} {
  return { size: r.size, first: r.first_ms, last: r.last_ms, terms: r.terms, weights: r.weights };
}

/** The last row per key wins, as a sequence of single-row upserts would leave it. */
function lastPerKey<T>(rows: T[], key: (row: T) => string | number): T[] {
  return [...new Map(rows.map((r) => [key(r), r])).values()];
}

const STORY_TABLES = [
  'story_meta',
  'story_df',
  'story_postings',
  'stories',
  'story_events',
  'story_members',
  'story_assignments',
];

const CENTROID_RECORD = 'size int, terms text[], weights float8[], label text';

export class PostgresStoryTx implements StoryStateTx {
  /** Whether this transaction wrote anything (the store then moves its data version). */
  wrote = false;

  constructor(private readonly client: PoolClient) {}

  /** Every statement here runs once per article or batch: prepared once per connection. */
  private query<R extends QueryResultRow>(text: string, values: unknown[] = []): Promise<QueryResult<R>> {
    return this.client.query<R>(prepared(text, values));
  }

  async meta(): Promise<StoryMeta | null> {
    const { rows } = await this.query<{
      options: string;
      docs: number;
      next_story: number;
      next_event: number;
      generation: number;
    }>('SELECT options, docs, next_story, next_event, generation FROM story_meta WHERE id = 1');
    const r = rows[0];
    if (!r) return null;
    return {
      options: r.options,
      docs: r.docs,
      nextStory: r.next_story,
      nextEvent: r.next_event,
      generation: r.generation,
    };
  }

  /** A PostgreSQL store was born with story rows: there is no one-document state to convert. */
  async legacyState(): Promise<string | null> {
    return null;
  }

  async df(terms: string[]): Promise<Map<string, number>> {
    const { rows } = await this.query<{ term: string; df: number }>(
      'SELECT term, df FROM story_df WHERE term = ANY($1::text[])',
      [terms],
    );
    return new Map(rows.map((r) => [r.term, r.df]));
  }

  async postings(terms: string[], limit: number): Promise<Map<string, StoryPosting[]>> {
    const { rows } = await this.query<{ term: string; seq: number; story_id: number }>(
      `SELECT k.term, p.seq, p.story_id
       FROM unnest($1::text[]) AS k(term)
       CROSS JOIN LATERAL (
         SELECT seq, story_id FROM story_postings WHERE term = k.term ORDER BY seq DESC LIMIT $2
       ) p
       ORDER BY k.term, p.seq`,
      [terms, limit],
    );
    const out = new Map<string, StoryPosting[]>();
    for (const r of rows) {
      let list = out.get(r.term);
      if (!list) out.set(r.term, (list = []));
      list.push({ term: r.term, seq: r.seq, story: r.story_id });
    }
    return out;
  }

  async stories(ids: number[]): Promise<StoryRow[]> {
    const { rows } = await this.query<CentroidColumns & { id: number; event_count: number; label: string }>(
      `SELECT id, size, first_ms, last_ms, event_count, terms, weights, label FROM stories
       WHERE id = ANY($1::int[]) AND merged_into IS NULL ORDER BY id`,
      [ids],
    );
    return rows.map((r) => ({ id: r.id, eventCount: r.event_count, label: r.label, ...centroidOf(r) }));
  }

  async redirects(ids: number[]): Promise<Map<number, number>> {
    const { rows } = await this.query<{ id: number; merged_into: number }>(
      'SELECT id, merged_into FROM stories WHERE id = ANY($1::int[]) AND merged_into IS NOT NULL',
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.merged_into]));
  }

  async members(stories: number[]): Promise<StoryMemberRow[]> {
    const { rows } = await this.query<{
      story_id: number;
      seq: number;
      event_id: number;
      terms: string[];
      weights: number[];
    }>(
      `SELECT story_id, seq, event_id, terms, weights FROM story_members WHERE story_id = ANY($1::int[])
       ORDER BY story_id, seq`,
      [stories],
    );
    return rows.map((r) => ({
      story: r.story_id,
      seq: r.seq,
      event: r.event_id,
      terms: r.terms,
      weights: r.weights,
    }));
  }

  async eventIds(story: number, from: number | null, to: number | null): Promise<number[]> {
    const { rows } =
      from === null || to === null
        ? await this.query<{ id: number }>('SELECT id FROM story_events WHERE story_id = $1', [story])
        : await this.query<{ id: number }>(
            `SELECT id FROM story_events WHERE story_id = $1 AND last_ms >= $2 AND first_ms <= $3
             UNION ALL SELECT id FROM story_events WHERE story_id = $1 AND last_ms IS NULL`,
            [story, from, to],
          );
    return rows.map((r) => r.id);
  }

  async events(ids: number[]): Promise<StoryEventRow[]> {
    const { rows } = await this.query<
      CentroidColumns & { id: number; story_id: number; ord: number; label: string }
    >(
      `SELECT id, story_id, ord, size, first_ms, last_ms, terms, weights, label FROM story_events
       WHERE id = ANY($1::int[]) ORDER BY id`,
      [ids],
    );
    return rows.map((r) => ({ id: r.id, story: r.story_id, ord: r.ord, label: r.label, ...centroidOf(r) }));
  }

  async assigned(articleIds: string[]): Promise<Set<string>> {
    const { rows } = await this.query<{ article_id: string }>(
      'SELECT article_id FROM story_assignments WHERE article_id = ANY($1::text[])',
      [articleIds],
    );
    return new Set(rows.map((r) => r.article_id));
  }

  async write(c: StoryChanges): Promise<void> {
    this.wrote = true;
    const q = (sql: string, rows: unknown[]): Promise<unknown> =>
      rows.length ? this.query(sql, [JSON.stringify(rows)]) : Promise.resolve();
    const m = c.meta;
    await this.query(
      `INSERT INTO story_meta (id, options, docs, next_story, next_event, generation) VALUES (1, $1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET options = excluded.options, docs = excluded.docs,
         next_story = excluded.next_story, next_event = excluded.next_event, generation = excluded.generation`,
      [m.options, m.docs, m.nextStory, m.nextEvent, m.generation],
    );
    await q(
      `INSERT INTO story_df (term, df) SELECT term, df FROM json_to_recordset($1::json) AS x(term text, df int)
       ON CONFLICT (term) DO UPDATE SET df = excluded.df`,
      lastPerKey(c.df, (d) => d.term),
    );
    await q(
      `INSERT INTO story_postings (term, seq, story_id)
       SELECT term, seq, story FROM json_to_recordset($1::json) AS x(term text, seq bigint, story int, "unlessLast" boolean)
       WHERE NOT (coalesce(x."unlessLast", false) AND coalesce(x.story = (
         SELECT p.story_id FROM story_postings p WHERE p.term = x.term ORDER BY p.seq DESC LIMIT 1
       ), false))`,
      c.postings,
    );
    await q(
      `DELETE FROM story_postings p USING json_to_recordset($1::json) AS x(term text, before bigint)
       WHERE p.term = x.term AND p.seq < x.before`,
      c.prunePostings,
    );
    if (c.trimPostings.terms.length)
      await this.query(
        `DELETE FROM story_postings p
         USING (
           SELECT k.term, (
             SELECT q.seq FROM story_postings q WHERE q.term = k.term ORDER BY q.seq DESC OFFSET $2 LIMIT 1
           ) AS cut
           FROM unnest($1::text[]) AS k(term)
         ) t
         WHERE p.term = t.term AND p.seq <= t.cut`,
        [c.trimPostings.terms, c.trimPostings.keep],
      );
    await q(
      `INSERT INTO stories (id, merged_into, size, first_ms, last_ms, event_count, terms, weights, label)
       SELECT id, NULL, size, first, last, "eventCount", terms, weights, label
       FROM json_to_recordset($1::json) AS x(id int, "eventCount" int, first float8, last float8, ${CENTROID_RECORD})
       ON CONFLICT (id) DO UPDATE SET merged_into = NULL, size = excluded.size, first_ms = excluded.first_ms,
         last_ms = excluded.last_ms, event_count = excluded.event_count, terms = excluded.terms,
         weights = excluded.weights, label = excluded.label`,
      lastPerKey(c.stories, (s) => s.id),
    );
    await q(
      `INSERT INTO story_events (id, story_id, ord, size, first_ms, last_ms, terms, weights, label)
       SELECT id, story, ord, size, first, last, terms, weights, label
       FROM json_to_recordset($1::json) AS x(id int, story int, ord int, first float8, last float8, ${CENTROID_RECORD})
       ON CONFLICT (id) DO UPDATE SET story_id = excluded.story_id, ord = excluded.ord, size = excluded.size,
         first_ms = excluded.first_ms, last_ms = excluded.last_ms, terms = excluded.terms,
         weights = excluded.weights, label = excluded.label`,
      lastPerKey(c.events, (e) => e.id),
    );
    await this.putMembers(c.members);
    await q(
      `DELETE FROM story_members m USING json_to_recordset($1::json) AS x(story int, before bigint)
       WHERE m.story_id = x.story AND m.seq < x.before`,
      c.pruneMembers,
    );
    await q(
      `INSERT INTO stories (id, merged_into, size, first_ms, last_ms, event_count, terms, weights, label)
       SELECT "from", "into", 0, NULL, NULL, 0, '{}', '{}', '' FROM json_to_recordset($1::json) AS x("from" int, "into" int)
       ON CONFLICT (id) DO UPDATE SET merged_into = excluded.merged_into`,
      lastPerKey(c.redirects, (r) => r.from),
    );
    const assignments = lastPerKey(c.assignments, (a) => a.articleId);
    if (assignments.length)
      await this.query(
        `INSERT INTO story_assignments (article_id, story_id, event_id, score, assigned_at)
         SELECT "articleId", story, event, score, $2 FROM json_to_recordset($1::json)
           AS x("articleId" text, story int, event int, score float8)
         ON CONFLICT (article_id) DO UPDATE SET story_id = excluded.story_id, event_id = excluded.event_id,
           score = excluded.score, assigned_at = excluded.assigned_at`,
        [JSON.stringify(assignments), new Date().toISOString()],
      );
  }

  private async putMembers(members: StoryMemberRow[]): Promise<void> {
    if (!members.length) return;
    await this.query(
      `INSERT INTO story_members (story_id, seq, event_id, terms, weights)
       SELECT story, seq, event, terms, weights
       FROM json_to_recordset($1::json) AS x(story int, seq bigint, event int, terms text[], weights float8[])`,
      [JSON.stringify(members)],
    );
  }

  async merge(m: StoryMerge): Promise<void> {
    this.wrote = true;
    await this.query('UPDATE story_events SET story_id = $1, ord = ord + $2 WHERE story_id = $3', [
      m.into,
      m.eventOffset,
      m.from,
    ]);
    await this.query('DELETE FROM story_members WHERE story_id = ANY($1::int[])', [[m.from, m.into]]);
    await this.putMembers(m.members.map((r) => ({ ...r, story: m.into })));
    await this.query(
      `UPDATE stories SET merged_into = $1, size = 0, first_ms = NULL, last_ms = NULL, terms = '{}',
         weights = '{}', label = '' WHERE id = $2`,
      [m.into, m.from],
    );
    await this.query('UPDATE stories SET merged_into = $1 WHERE merged_into = $2', [m.into, m.from]);
    await this.query('UPDATE story_assignments SET story_id = $1 WHERE story_id = $2', [m.into, m.from]);
  }

  async reset(): Promise<void> {
    this.wrote = true;
    // DELETE, not TRUNCATE: readers keep seeing the old stories until the rebuild commits.
    for (const table of STORY_TABLES) await this.query(`DELETE FROM ${table}`);
  }
}
