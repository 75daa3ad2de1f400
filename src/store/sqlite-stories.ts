/**
 * The story state's rows in SQLite (tables of migration 6). Centroid weights are stored as little-endian
 * float64 blobs so that a value read back is exactly the value written: placement must not depend on
 * whether a row came from a cache or from the file. Lists of keys are passed as one JSON array (json_each),
 * so each read is one prepared statement whatever the number of keys.
 */
import type Database from 'better-sqlite3';
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

export function encodeWeights(weights: number[]): Buffer {
  return Buffer.from(new Float64Array(weights).buffer);
}

export function decodeWeights(blob: Buffer): number[] {
  // Copied first: a Buffer's offset in its pool is not always a multiple of 8.
  const copy = new Uint8Array(blob.byteLength);
  copy.set(blob);
  return Array.from(new Float64Array(copy.buffer));
}

interface CentroidColumns {
  size: number;
  first_ms: number | null;
  last_ms: number | null;
  terms: string;
  weights: Buffer;
}

function centroidOf(r: CentroidColumns): {
  size: number;
  first: number | null;
  last: number | null;
  terms: string[];
  weights: number[];
} {
  return {
    size: r.size,
    first: r.first_ms,
    last: r.last_ms,
    terms: JSON.parse(r.terms) as string[],
    weights: decodeWeights(r.weights),
  };
}

export class SqliteStoryTx implements StoryStateTx {
  private readonly q;
  /** Whether this transaction wrote anything (the store then moves its data version). */
  wrote = false;

  constructor(private readonly db: Database.Database) {
    const keys = 'SELECT value FROM json_each(?)';
    this.q = {
      meta: db.prepare(
        'SELECT options, docs, next_story, next_event, generation FROM story_meta WHERE id = 1',
      ),
      legacy: db.prepare('SELECT data FROM story_state WHERE id = 1').pluck(),
      df: db.prepare(`SELECT term, df FROM story_df WHERE term IN (${keys})`).raw(),
      postings: db
        .prepare('SELECT seq, story_id FROM story_postings WHERE term = ? ORDER BY seq DESC LIMIT ?')
        .raw(),
      stories: db.prepare(
        `SELECT id, size, first_ms, last_ms, event_count, terms, weights, label FROM stories
         WHERE id IN (${keys}) AND merged_into IS NULL`,
      ),
      redirects: db
        .prepare(`SELECT id, merged_into FROM stories WHERE id IN (${keys}) AND merged_into IS NOT NULL`)
        .raw(),
      members: db.prepare(
        `SELECT story_id, seq, event_id, terms, weights FROM story_members WHERE story_id IN (${keys})
         ORDER BY story_id, seq`,
      ),
      eventsInRange: db
        .prepare(
          `SELECT id FROM story_events WHERE story_id = ? AND last_ms >= ? AND first_ms <= ?
           UNION ALL SELECT id FROM story_events WHERE story_id = ? AND last_ms IS NULL`,
        )
        .pluck(),
      eventsOfStory: db.prepare('SELECT id FROM story_events WHERE story_id = ?').pluck(),
      events: db.prepare(
        `SELECT id, story_id, ord, size, first_ms, last_ms, terms, weights, label FROM story_events
         WHERE id IN (${keys})`,
      ),
      assigned: db.prepare(`SELECT article_id FROM story_assignments WHERE article_id IN (${keys})`).pluck(),
      putMeta: db.prepare(
        `INSERT INTO story_meta (id, options, docs, next_story, next_event, generation) VALUES (1, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET options = excluded.options, docs = excluded.docs,
           next_story = excluded.next_story, next_event = excluded.next_event, generation = excluded.generation`,
      ),
      putDf: db.prepare(
        'INSERT INTO story_df (term, df) VALUES (?, ?) ON CONFLICT (term) DO UPDATE SET df = excluded.df',
      ),
      putPosting: db.prepare('INSERT INTO story_postings (term, seq, story_id) VALUES (?, ?, ?)'),
      putPostingUnlessLast: db.prepare(
        `INSERT INTO story_postings (term, seq, story_id) SELECT @term, @seq, @story
         WHERE coalesce((SELECT story_id FROM story_postings WHERE term = @term ORDER BY seq DESC LIMIT 1) != @story, 1)`,
      ),
      trimPostings: db.prepare(
        `DELETE FROM story_postings WHERE term = @term
         AND seq <= (SELECT seq FROM story_postings WHERE term = @term ORDER BY seq DESC LIMIT 1 OFFSET @keep)`,
      ),
      prunePostings: db.prepare('DELETE FROM story_postings WHERE term = ? AND seq < ?'),
      putStory: db.prepare(
        `INSERT INTO stories (id, merged_into, size, first_ms, last_ms, event_count, terms, weights, label)
         VALUES (?, NULL, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET merged_into = NULL, size = excluded.size, first_ms = excluded.first_ms,
           last_ms = excluded.last_ms, event_count = excluded.event_count, terms = excluded.terms,
           weights = excluded.weights, label = excluded.label`,
      ),
      putEvent: db.prepare(
        `INSERT INTO story_events (id, story_id, ord, size, first_ms, last_ms, terms, weights, label)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET story_id = excluded.story_id, ord = excluded.ord, size = excluded.size,
           first_ms = excluded.first_ms, last_ms = excluded.last_ms, terms = excluded.terms,
           weights = excluded.weights, label = excluded.label`,
      ),
      putMember: db.prepare(
        'INSERT INTO story_members (story_id, seq, event_id, terms, weights) VALUES (?, ?, ?, ?, ?)',
      ),
      pruneMembers: db.prepare('DELETE FROM story_members WHERE story_id = ? AND seq < ?'),
      putAssignment: db.prepare(
        `INSERT INTO story_assignments (article_id, story_id, event_id, score, assigned_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (article_id) DO UPDATE SET story_id = excluded.story_id, event_id = excluded.event_id,
           score = excluded.score, assigned_at = excluded.assigned_at`,
      ),
      moveEvents: db.prepare('UPDATE story_events SET story_id = ?, ord = ord + ? WHERE story_id = ?'),
      dropMembers: db.prepare('DELETE FROM story_members WHERE story_id = ?'),
      redirect: db.prepare(
        `UPDATE stories SET merged_into = ?, size = 0, first_ms = NULL, last_ms = NULL, terms = '[]',
           weights = x'', label = '' WHERE id = ?`,
      ),
      putRedirect: db.prepare(
        `INSERT INTO stories (id, merged_into, size, first_ms, last_ms, event_count, terms, weights, label)
         VALUES (?, ?, 0, NULL, NULL, 0, '[]', x'', '') ON CONFLICT (id) DO UPDATE SET merged_into = excluded.merged_into`,
      ),
      followRedirect: db.prepare('UPDATE stories SET merged_into = ? WHERE merged_into = ?'),
      moveAssignments: db.prepare('UPDATE story_assignments SET story_id = ? WHERE story_id = ?'),
    };
  }

  async meta(): Promise<StoryMeta | null> {
    const r = this.q.meta.get() as
      | { options: string; docs: number; next_story: number; next_event: number; generation: number }
      | undefined;
    if (!r) return null;
    return {
      options: r.options,
      docs: r.docs,
      nextStory: r.next_story,
      nextEvent: r.next_event,
      generation: r.generation,
    };
  }

  async legacyState(): Promise<string | null> {
    return (this.q.legacy.get() as string | undefined) ?? null;
  }

  async df(terms: string[]): Promise<Map<string, number>> {
    return new Map(this.q.df.all(JSON.stringify(terms)) as [string, number][]);
  }

  async postings(terms: string[], limit: number): Promise<Map<string, StoryPosting[]>> {
    const out = new Map<string, StoryPosting[]>();
    for (const term of terms) {
      const rows = this.q.postings.all(term, limit) as [number, number][];
      if (!rows.length) continue;
      out.set(
        term,
        rows.reverse().map(([seq, story]) => ({ term, seq, story })),
      );
    }
    return out;
  }

  async stories(ids: number[]): Promise<StoryRow[]> {
    const rows = this.q.stories.all(JSON.stringify(ids)) as (CentroidColumns & {
      id: number;
      event_count: number;
      label: string;
    })[];
    return rows.map((r) => ({ id: r.id, eventCount: r.event_count, label: r.label, ...centroidOf(r) }));
  }

  async redirects(ids: number[]): Promise<Map<number, number>> {
    return new Map(this.q.redirects.all(JSON.stringify(ids)) as [number, number][]);
  }

  async members(stories: number[]): Promise<StoryMemberRow[]> {
    const rows = this.q.members.all(JSON.stringify(stories)) as {
      story_id: number;
      seq: number;
      event_id: number;
      terms: string;
      weights: Buffer;
    }[];
    return rows.map((r) => ({
      story: r.story_id,
      seq: r.seq,
      event: r.event_id,
      terms: JSON.parse(r.terms) as string[],
      weights: decodeWeights(r.weights),
    }));
  }

  async eventIds(story: number, from: number | null, to: number | null): Promise<number[]> {
    if (from === null || to === null) return this.q.eventsOfStory.all(story) as number[];
    return this.q.eventsInRange.all(story, from, to, story) as number[];
  }

  async events(ids: number[]): Promise<StoryEventRow[]> {
    const rows = this.q.events.all(JSON.stringify(ids)) as (CentroidColumns & {
      id: number;
      story_id: number;
      ord: number;
      label: string;
    })[];
    return rows.map((r) => ({ id: r.id, story: r.story_id, ord: r.ord, label: r.label, ...centroidOf(r) }));
  }

  async assigned(articleIds: string[]): Promise<Set<string>> {
    return new Set(this.q.assigned.all(JSON.stringify(articleIds)) as string[]);
  }

  async write(c: StoryChanges): Promise<void> {
    this.wrote = true;
    const now = new Date().toISOString();
    const q = this.q;
    const m = c.meta;
    q.putMeta.run(m.options, m.docs, m.nextStory, m.nextEvent, m.generation);
    for (const d of c.df) q.putDf.run(d.term, d.df);
    for (const p of c.postings)
      if (p.unlessLast) q.putPostingUnlessLast.run({ term: p.term, seq: p.seq, story: p.story });
      else q.putPosting.run(p.term, p.seq, p.story);
    for (const p of c.prunePostings) q.prunePostings.run(p.term, p.before);
    for (const term of c.trimPostings.terms) q.trimPostings.run({ term, keep: c.trimPostings.keep });
    for (const s of c.stories)
      q.putStory.run(
        s.id,
        s.size,
        s.first,
        s.last,
        s.eventCount,
        JSON.stringify(s.terms),
        encodeWeights(s.weights),
        s.label,
      );
    for (const e of c.events)
      q.putEvent.run(
        e.id,
        e.story,
        e.ord,
        e.size,
        e.first,
        e.last,
        JSON.stringify(e.terms),
        encodeWeights(e.weights),
        e.label,
      );
    for (const r of c.members)
      q.putMember.run(r.story, r.seq, r.event, JSON.stringify(r.terms), encodeWeights(r.weights));
    for (const p of c.pruneMembers) q.pruneMembers.run(p.story, p.before);
    for (const r of c.redirects) q.putRedirect.run(r.from, r.into);
    for (const a of c.assignments) q.putAssignment.run(a.articleId, a.story, a.event, a.score, now);
    if (c.legacyConverted) this.db.exec('DELETE FROM story_state');
  }

  async merge(m: StoryMerge): Promise<void> {
    this.wrote = true;
    const q = this.q;
    q.moveEvents.run(m.into, m.eventOffset, m.from);
    q.dropMembers.run(m.from);
    q.dropMembers.run(m.into);
    for (const r of m.members)
      q.putMember.run(m.into, r.seq, r.event, JSON.stringify(r.terms), encodeWeights(r.weights));
    q.redirect.run(m.into, m.from);
    q.followRedirect.run(m.into, m.from);
    q.moveAssignments.run(m.into, m.from);
  }

  async reset(): Promise<void> {
    this.wrote = true;
    this.db.exec(`
      DELETE FROM story_meta; DELETE FROM story_df; DELETE FROM story_postings; DELETE FROM stories;
      DELETE FROM story_events; DELETE FROM story_members; DELETE FROM story_assignments; DELETE FROM story_state;
    `);
  }
}
