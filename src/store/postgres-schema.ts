/**
 * The PostgreSQL schema as versioned migrations (append only, never edit a released one), and how a
 * location (a postgres:// URL) becomes connection settings and a name safe to show.
 *
 * Text columns that listings sort by are `COLLATE "C"` (byte order), as SQLite sorts, so both stores list
 * the same rows in the same order whatever the server's default collation. JSON is kept as text, exactly as
 * written (jsonb would reorder keys, and a renderer shows them in order). Centroid weights are float8
 * arrays: PostgreSQL prints a float8 in its shortest exact form, so a weight read back is the weight written.
 */

/** How much of an article's text the search index holds: a tsvector is at most 1 MB. */
export const SEARCH_INDEX_CHARS = 250_000;

export const POSTGRES_MIGRATIONS: { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE articles (
        seq         bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        id          text COLLATE "C" PRIMARY KEY CHECK (length(id) > 0),
        external_id text COLLATE "C",
        source      text NOT NULL,
        url         text,
        title       text,
        outlet      text COLLATE "C",
        agency      text,
        authors     text NOT NULL,
        credit      text,
        published   text COLLATE "C",
        language    text,
        format      text NOT NULL,
        text        text NOT NULL,
        meta        text NOT NULL,
        source_map  text,
        sentences   text NOT NULL,
        removed     text NOT NULL,
        warnings    text NOT NULL,
        ingested_at text COLLATE "C" NOT NULL,
        -- 'simple': words as they are, lower-cased, in any language (as SQLite's unicode61 tokenizer);
        -- the title weighs as A, the text as D.
        search      tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('simple', coalesce(title, '')), 'A') ||
          setweight(to_tsvector('simple', left(text, ${SEARCH_INDEX_CHARS})), 'D')
        ) STORED
      );
      CREATE INDEX articles_external_id ON articles (external_id);
      CREATE INDEX articles_outlet ON articles (outlet);
      CREATE INDEX articles_published ON articles (published, ingested_at, id);
      CREATE INDEX articles_search ON articles USING gin (search);
      CREATE TABLE annotations (
        article_id text COLLATE "C" NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        kind       text NOT NULL CHECK (kind IN ('entity', 'quote', 'figure', 'date')),
        seq        integer NOT NULL,
        start      integer NOT NULL CHECK (start >= 0),
        "end"      integer NOT NULL CHECK ("end" >= start),
        label      text,
        data       text NOT NULL,
        PRIMARY KEY (article_id, kind, seq)
      );
      CREATE INDEX annotations_kind_label ON annotations (kind, label);
      CREATE TABLE article_signatures (
        article_id text COLLATE "C" PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
        signature  text NOT NULL
      );
      CREATE TABLE article_bands (
        band       text COLLATE "C" NOT NULL,
        seq        bigint NOT NULL,
        article_id text COLLATE "C" NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        PRIMARY KEY (band, seq, article_id)
      );
      CREATE INDEX article_bands_article ON article_bands (article_id);
      CREATE TABLE article_links (
        article_id text COLLATE "C" NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        other_id   text COLLATE "C" NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        similarity double precision NOT NULL,
        PRIMARY KEY (article_id, other_id)
      );
      CREATE INDEX article_links_other ON article_links (other_id);
      CREATE TABLE story_assignments (
        article_id  text COLLATE "C" PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
        story_id    integer NOT NULL,
        event_id    integer NOT NULL,
        score       double precision NOT NULL,
        assigned_at text NOT NULL
      );
      CREATE INDEX story_assignments_story ON story_assignments (story_id);
      CREATE TABLE story_meta (
        id         integer PRIMARY KEY CHECK (id = 1),
        options    text NOT NULL,
        docs       bigint NOT NULL,
        next_story integer NOT NULL,
        next_event integer NOT NULL,
        generation bigint NOT NULL
      );
      CREATE TABLE story_df (
        term text COLLATE "C" PRIMARY KEY,
        df   integer NOT NULL
      );
      CREATE TABLE story_postings (
        term     text COLLATE "C" NOT NULL,
        seq      bigint NOT NULL,
        story_id integer NOT NULL,
        PRIMARY KEY (term, seq)
      );
      CREATE TABLE stories (
        id          integer PRIMARY KEY,
        merged_into integer,
        size        integer NOT NULL,
        first_ms    double precision,
        last_ms     double precision,
        event_count integer NOT NULL,
        terms       text[] NOT NULL,
        weights     double precision[] NOT NULL,
        label       text NOT NULL
      );
      CREATE INDEX stories_merged_into ON stories (merged_into) WHERE merged_into IS NOT NULL;
      CREATE TABLE story_events (
        id       integer PRIMARY KEY,
        story_id integer NOT NULL,
        ord      integer NOT NULL,
        size     integer NOT NULL,
        first_ms double precision,
        last_ms  double precision,
        terms    text[] NOT NULL,
        weights  double precision[] NOT NULL,
        label    text NOT NULL
      );
      CREATE INDEX story_events_story_last ON story_events (story_id, last_ms);
      CREATE TABLE story_members (
        story_id integer NOT NULL,
        seq      bigint NOT NULL,
        event_id integer NOT NULL,
        terms    text[] NOT NULL,
        weights  double precision[] NOT NULL,
        PRIMARY KEY (story_id, seq)
      );
    `,
  },
  {
    // A counter every write transaction moves, so that views computed from the store know when to go.
    version: 2,
    sql: `
      CREATE TABLE data_version (
        id integer PRIMARY KEY CHECK (id = 1),
        v  bigint NOT NULL
      );
      INSERT INTO data_version (id, v) VALUES (1, 0);
      CREATE INDEX articles_recent ON articles ((coalesce(published, '')) DESC, id DESC);
    `,
  },
  {
    // Sources that `watch` polls (issue 19); times are ISO 8601 text, as the Store contract hands them.
    version: 3,
    sql: `
      CREATE TABLE sources (
        url           text PRIMARY KEY CHECK (length(url) > 0),
        outlet        text,
        language      text,
        every_seconds integer NOT NULL CHECK (every_seconds > 0),
        added_at      text NOT NULL,
        last_fetch    text,
        last_new      text,
        last_error    text,
        failures      integer NOT NULL DEFAULT 0,
        next_due      text NOT NULL,
        etag          text,
        last_modified text,
        body_hash     text
      );
    `,
  },
  {
    // Revisions of stored articles (the same URL or guid seen again with changed text; issue 19).
    version: 4,
    sql: `
      CREATE TABLE article_revisions (
        article_id text NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        seq        integer NOT NULL CHECK (seq > 0),
        content_id text NOT NULL,
        seen_at    text NOT NULL,
        source     text NOT NULL,
        title      text,
        text       text NOT NULL,
        marks      jsonb NOT NULL,
        PRIMARY KEY (article_id, seq),
        UNIQUE (article_id, content_id)
      );
      CREATE INDEX articles_url ON articles (url);
    `,
  },
  {
    // Alerts fired by watch (issue 19), and what the live stream asks: articles and revisions since a time.
    version: 5,
    sql: `
      CREATE TABLE alerts (
        id       bigserial PRIMARY KEY,
        fired_at text NOT NULL,
        alert    jsonb NOT NULL
      );
      CREATE INDEX articles_ingested ON articles (ingested_at);
      CREATE INDEX articles_source ON articles (source text_pattern_ops);
      CREATE INDEX article_revisions_seen ON article_revisions (seen_at);
    `,
  },
];

/** What a postgres:// location says: how to connect, in which schema, and how to name it to people. */
export interface PostgresLocation {
  /** The URL as given minus sitrep's own parameters, for node-postgres. */
  connectionString: string;
  /** The schema sitrep's tables live in (`?schema=`), or null for the server's default (public). */
  schema: string | null;
  /** The URL without its password. */
  display: string;
}

/** Thrown for a postgres:// location that cannot be used as it is written. */
export class PostgresLocationError extends Error {
  constructor(
    readonly display: string,
    readonly reason: string,
  ) {
    super(`${display}: ${reason}`);
    this.name = 'PostgresLocationError';
  }
}

const SCHEMA_NAME = /^(?<name>[a-z_][a-z0-9_]{0,62})$/;

/** Split a postgres:// URL into connection settings, schema and a printable name without the password. */
export function parsePostgresLocation(location: string): PostgresLocation {
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    throw new PostgresLocationError(redactRough(location), 'is not a valid postgres:// URL');
  }
  const shown = new URL(url.href);
  if (shown.password) shown.password = '';
  const display = shown.href.replace(/^(?<scheme>postgres(?:ql)?:\/\/[^@/]*):@/i, '$<scheme>@');
  const schema = url.searchParams.get('schema');
  if (schema !== null && !SCHEMA_NAME.test(schema))
    throw new PostgresLocationError(
      display,
      'schema= must be a lower-case name of letters, digits and _ (at most 63)',
    );
  url.searchParams.delete('schema');
  return { connectionString: url.href, schema, display };
}

/** For a URL that does not parse: drop anything between the scheme's user and an @. */
function redactRough(location: string): string {
  return location.replace(/^(?<head>[a-z]+:\/\/[^:@/]*):[^@]*@/i, '$<head>@');
}
