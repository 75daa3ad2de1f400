#!/usr/bin/env node
/**
 * The sitrep command line: a thin shell over the application layer (src/app). Each command parses its
 * options, calls one use case, renders the result (src/render) and prints it. Results go to standard
 * output, diagnostics to standard error; the exit code follows one rule for every command (EXIT_CODES).
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { createWriteStream, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AnalyzedArticle, EntityType } from '../model/document.js';
import type { ReadOptions } from '../ingest/inputs.js';
import { defaultDbPath, displayLocation, isPostgresLocation } from '../store/open.js';
import { analyzeInputs } from '../app/analyze.js';
import { articleRevisions, listArticles, searchArticles, showArticle } from '../app/articles.js';
import { demo } from '../app/demo.js';
import {
  BadInputError,
  NotFoundError,
  StoreNotFoundError,
  StoreOpenError,
  UsageError,
} from '../app/errors.js';
import { exportArticles, exportColumns, exportRows, type ExportRows } from '../app/export.js';
import { ingest } from '../app/ingest.js';
import { enqueueIngest, jobStatus, retryFailedJobs, work } from '../app/jobs.js';
import { withStore } from '../app/open.js';
import { alertPage, MAX_LIMIT } from '../app/api.js';
import {
  addSource,
  exportOpml,
  importOpml,
  listSources,
  parseInterval,
  removeSource,
} from '../app/sources.js';
import { watch } from '../app/watch.js';
import { type AlertConfig, type FiredAlert, parseAlertConfig } from '../app/alerts.js';
import { deliverAlerts } from '../notify/alerts.js';
import {
  alertsText,
  cycleText,
  importText,
  interval,
  sourcesTable,
  watchEventText,
} from '../render/sources.js';
import { reanalyze, type ReanalyzeSummary } from '../app/reanalyze.js';
import { listStories, placeInStories, storyDetail, type PlaceOptions } from '../app/stories.js';
import { brief, compare, entities, quotes, readLexicon, timeline } from '../app/views.js';
import {
  articleMarkdown,
  articlesTable,
  articleViewMarkdown,
  revisionsMarkdown,
  searchText,
} from '../render/article.js';
import { briefHtml, briefMarkdown } from '../render/brief.js';
import { csvLine } from '../render/csv.js';
import { demoData, demoText } from '../render/demo.js';
import { ingestText, placeText } from '../render/ingest.js';
import { enqueueText, jobsText, workText } from '../render/jobs.js';
import { storiesTable, storyMarkdown } from '../render/stories.js';
import { json, jsonLine, printable } from '../render/text.js';
import {
  compareText,
  entitiesTable,
  omittedNote,
  quotesMarkdown,
  timelineMarkdown,
} from '../render/views.js';
import { progressBar } from './progress.js';

const pkg = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8'),
) as { version: string };

/** The one exit-code rule, shown in --help and the README. */
export const EXIT_CODES = `Exit codes (every command):
  0  success; an empty result is a success and says so
  1  something asked for does not exist (an unknown story or article, a missing database), or an input
     failed (the rest was done; each failure is named on standard error)
  2  usage error: unknown command or option, a bad option value, an empty --db`;

/** Set when some input failed, so that the command exits 1 after doing all it could. */
let partialFailure = false;

/** Where a run prints: the process's streams, or others (tests run the CLI in process). */
export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
}
let io: Io = { stdout: process.stdout, stderr: process.stderr };

/** Text for a terminal: control characters and escape sequences from article text never reach it. */
const out = (s: string): void => {
  const text = printable(s);
  io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
};
const warn = (s: string): void => {
  io.stderr.write(`sitrep: ${printable(s)}\n`);
};

/** The exit code of an error, by its class (EXIT_CODES). */
export function exitCodeOf(err: unknown): number {
  if (err instanceof CommanderError) {
    const ok = ['commander.helpDisplayed', 'commander.version', 'commander.help'];
    return ok.includes(err.code) ? 0 : 2;
  }
  if (err instanceof UsageError) return 2;
  if (err instanceof NotFoundError || err instanceof StoreNotFoundError) return 1;
  if (err instanceof BadInputError || err instanceof StoreOpenError) return 1;
  return 1;
}

function formatOption(choices: string[], def: string): Option {
  return new Option('-f, --format <format>', 'output format').choices(choices).default(def);
}
/** --db for a command that only reads: the database must exist. */
const readDbOption = (): Option =>
  new Option(
    '--db <path>',
    'database: a SQLite file or a postgres:// URL (must exist); also $SITREP_DB',
  ).default(undefined, displayLocation(defaultDbPath()));
/** --db for a command that stores: the database is created when missing. */
const writeDbOption = (): Option =>
  new Option(
    '--db <path>',
    'database: a SQLite file (created when missing) or a postgres:// URL (migrated); also $SITREP_DB',
  ).default(undefined, displayLocation(defaultDbPath()));

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('sitrep')
    .description(
      'News intelligence: who said what, which figures, when, and how each outlet tells it — every answer cited to its passage.',
    )
    .version(pkg.version)
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .addHelpText(
      'after',
      `\nOnly ingest, place, demo, watch and sources add, remove and import write to the database, and serve when it is sent articles (POST /api/articles); every other command only reads it (a read-only file works).\n\n${EXIT_CODES}`,
    );

  const addFetchOptions = (cmd: Command): Command =>
    cmd
      .option(
        '--allow-private',
        'fetch URLs on private, loopback and link-local addresses too (refused by default)',
      )
      .option('--fetch-links', 'for feed items without text, fetch the page each links to')
      .option(
        '--timeout <seconds>',
        'time limit for fetching one URL, redirects included (default 20)',
        parsePositiveNumber,
      );
  const fetchOpts = (o: FetchFlags): Pick<ReadOptions, 'fetch' | 'fetchLinks'> => ({
    fetch: { allowPrivate: !!o.allowPrivate, ...(o.timeout ? { timeoutMs: o.timeout * 1000 } : {}) },
    fetchLinks: !!o.fetchLinks,
  });

  addFetchOptions(
    program
      .command('analyze')
      .description(
        'Analyze articles without storing them: files, directories, JSONL, feeds, gzip, or - for standard input.',
      )
      .argument(
        '<inputs...>',
        'files, directories (searched recursively), http(s) URLs, or - for standard input',
      )
      .option(
        '--meta <file...>',
        'metadata sidecar(s) in meta.jsonl format (a meta.jsonl beside the inputs is read anyway)',
      )
      .addOption(formatOption(['json', 'jsonl', 'md'], 'jsonl')),
  ).action(async (inputs: string[], o: { meta?: string[]; format: string } & FetchFlags) => {
    const docs: AnalyzedArticle[] = [];
    let n = 0;
    for await (const item of analyzeInputs(inputs, { meta: o.meta, ...fetchOpts(o) })) {
      if (!item.ok) {
        partialFailure = true;
        warn(item.error.message);
        continue;
      }
      n++;
      if (o.format === 'jsonl') out(jsonLine(item.article));
      else if (o.format === 'md') out(`${n > 1 ? '\n---\n\n' : ''}${articleMarkdown(item.article)}`);
      else docs.push(item.article);
    }
    if (o.format === 'json') out(json(docs));
    if (n === 0) {
      partialFailure = true;
      warn('no article could be read from the inputs');
    }
  });

  addFetchOptions(
    program
      .command('ingest')
      .description(
        'Read, analyze and store articles, then place the new ones in stories. Already stored articles (same content) are skipped. Writes; creates the database when missing.',
      )
      .argument(
        '<inputs...>',
        'files, directories (searched recursively), http(s) URLs, or - for standard input',
      )
      .addOption(writeDbOption())
      .option('--meta <file...>', 'metadata sidecar(s) in meta.jsonl format')
      .option('--no-stories', 'do not place the new articles in stories now (sitrep place will)')
      .option(
        '--queue',
        'PostgreSQL only: read the inputs and queue them for workers (sitrep worker), then return',
      )
      .option('--per-job <n>', 'with --queue: documents per job', parsePositive, 20)
      .option(
        '--job-timeout <seconds>',
        'with --queue: how long a job may run before it counts as abandoned and is retried',
        parsePositive,
        900,
      )
      .addOption(formatOption(['text', 'json'], 'text')),
  ).action(
    async (
      inputs: string[],
      o: {
        db?: string;
        meta?: string[];
        stories: boolean;
        format: string;
        queue?: boolean;
        perJob: number;
        jobTimeout: number;
      } & FetchFlags,
    ) => {
      if (o.queue) {
        const r = await enqueueIngest(o.db, inputs, {
          meta: o.meta,
          ...fetchOpts(o),
          perJob: o.perJob,
          jobTimeoutSeconds: o.jobTimeout,
        });
        out(o.format === 'json' ? json(r) : enqueueText(r));
        r.failed.forEach((f) => warn(`${f.input}: ${f.reason}`));
        if (r.failed.length) partialFailure = true;
        return;
      }
      await withStore(o.db, 'write', async (store) => {
        let bar: ReturnType<typeof progressBar> | null = null;
        const result = await ingest(store, inputs, {
          meta: o.meta,
          ...fetchOpts(o),
          onFile: (file, _done, total) => {
            bar ??= progressBar(total, 'ingest');
            bar.tick(file);
          },
          stories: o.stories ? { onProgress: placeProgress() } : false,
        });
        (bar as ReturnType<typeof progressBar> | null)?.done();
        if (o.format === 'json') out(json(result));
        else {
          const text = ingestText(result);
          out(text.summary);
          text.problems.forEach(warn);
        }
        if (result.failed.length || result.stopped) partialFailure = true;
      });
    },
  );

  addPlaceOptions(
    program
      .command('place')
      .description(
        'Place stored articles that are in no story yet in stories (ingest does it for new articles); with --rebuild, forget the stories and place every article again. Writes.',
      )
      .addOption(writeDbOption())
      .addOption(formatOption(['text', 'json'], 'text')),
  ).action(async (o: StoryFlags & { db?: string; format: string }) => {
    await withStore(o.db, 'write', async (store) => {
      const summary = await placeInStories(store, { ...placeOptions(o), onProgress: placeProgress() });
      if (o.format === 'json') return out(json({ database: store.location, ...summary }));
      out(summary.assigned ? placeText(summary) : 'Nothing to place: every stored article is in a story.');
    });
  });

  program
    .command('reanalyze')
    .description(
      'Analyse stored articles again with this version of sitrep (dates with their roles, figures with their measures…) and replace their annotations, one article at a time: an article that fails is named and the others are done. Text, metadata and story placement stay (sitrep place --rebuild places again). Writes.',
    )
    .addOption(readDbOption())
    .option('--article <id...>', 'only these articles (ids or external ids)')
    .option('--since <id>', 'this article (id or external id) and every article stored after it')
    .addOption(formatOption(['text', 'json'], 'text'))
    .action(async (o: { db?: string; article?: string[]; since?: string; format: string }) => {
      // Writes, but into a database that holds articles: a missing file is not created.
      const location = o.db ?? defaultDbPath();
      if (!isPostgresLocation(location) && !existsSync(location)) throw new StoreNotFoundError(location);
      await withStore(o.db, 'write', async (store) => {
        let bar: ReturnType<typeof progressBar> | null = null;
        const summary = await reanalyze(store, {
          articles: o.article,
          since: o.since,
          onProgress: (done, total, id) => {
            bar ??= progressBar(total, 'reanalyze');
            bar.tick(id);
            if (done >= total) bar.done();
          },
        });
        if (o.format === 'json') out(json(summary));
        else {
          out(reanalyzeText(summary));
          summary.failed.forEach((f) => warn(`${f.id}: ${f.reason}`));
        }
        if (summary.failed.length) partialFailure = true;
      });
    });

  program
    .command('stories')
    .description(
      'List the stories: stored articles grouped by situation, and inside each story by event. Reads only (sitrep place places new articles).',
    )
    .addOption(readDbOption())
    .option('--limit <n>', 'at most this many stories', parsePositive)
    .addOption(formatOption(['table', 'md', 'json'], 'table'))
    .action(async (o: { db?: string; limit?: number; format: string }) => {
      await withStore(o.db, 'read', async (store) => {
        const { stories, unplaced } = await listStories(store, { limit: o.limit });
        if (unplaced)
          warn(
            `${unplaced} stored article${unplaced === 1 ? ' is' : 's are'} in no story yet; sitrep place places ${unplaced === 1 ? 'it' : 'them'}`,
          );
        if (o.format === 'json') return out(json(stories));
        if (!stories.length)
          return out(`No stories in ${store.location}. Add articles with: sitrep ingest <files>`);
        out(o.format === 'md' ? stories.map(storyMarkdown).join('\n') : storiesTable(stories));
      });
    });

  program
    .command('story')
    .description('Show one story: its events in time order, each with its articles.')
    .argument('<id>', 'story number (from sitrep stories)', parseStoryId)
    .addOption(readDbOption())
    .addOption(formatOption(['md', 'json'], 'md'))
    .action(async (n: number, o: { db?: string; format: string }) => {
      await withStore(o.db, 'read', async (store) => {
        const story = await storyDetail(store, n);
        out(o.format === 'json' ? json(story) : storyMarkdown(story));
      });
    });

  program
    .command('quotes')
    .description(
      'Who said what across the store (or one story), grouped by speaker, each quotation with its outlet, date and citation.',
    )
    .addOption(readDbOption())
    .option('--speaker <name>', 'only speakers whose name contains this (any case)')
    .option('--story <id>', 'only articles of this story', parseStoryId)
    .option('--limit <n>', 'at most this many speakers', parsePositive)
    .addOption(formatOption(['md', 'json'], 'md'))
    .action(async (o: { db?: string; speaker?: string; story?: number; limit?: number; format: string }) => {
      await withStore(o.db, 'read', async (store) => {
        const groups = await quotes(store, { speaker: o.speaker, story: o.story, limit: o.limit });
        if (o.format === 'json') return out(json(groups));
        if (!groups.length)
          return out(
            o.speaker
              ? `No quotations by a speaker matching ${JSON.stringify(o.speaker)}.`
              : `No quotations in ${store.location}${o.story === undefined ? '' : ` (story ${o.story})`}.`,
          );
        out(quotesMarkdown(groups));
      });
    });

  program
    .command('entities')
    .description(
      'People, organisations and places across the store (or one story), with their aliases and how often they are mentioned.',
    )
    .addOption(readDbOption())
    .addOption(
      new Option('--type <type>', 'only this type').choices(['person', 'organization', 'place', 'other']),
    )
    .option('--name <text>', 'only entities whose name contains this (any case)')
    .option('--story <id>', 'only articles of this story', parseStoryId)
    .option('--limit <n>', 'at most this many', parsePositive)
    .addOption(formatOption(['table', 'json'], 'table'))
    .action(
      async (o: {
        db?: string;
        type?: EntityType;
        name?: string;
        story?: number;
        limit?: number;
        format: string;
      }) => {
        await withStore(o.db, 'read', async (store) => {
          const list = await entities(store, { type: o.type, name: o.name, story: o.story, limit: o.limit });
          if (o.format === 'json') return out(json(list));
          if (!list.length) return out(`No entities found in ${store.location}.`);
          out(entitiesTable(list));
        });
      },
    );

  program
    .command('brief')
    .description(
      'A cited briefing on one story: what happened, key actors, who said what, figures and disagreements, timeline, framing. Without --story, the biggest story.',
    )
    .addOption(readDbOption())
    .option('--story <id>', 'story number (from sitrep stories)', parseStoryId)
    .option('--lexicon <file>', 'a framing lexicon added to the built-in one (see sitrep compare)')
    .addOption(formatOption(['md', 'html', 'json'], 'md'))
    .option('-o, --output <file>', 'write to this file instead of standard output')
    .action(async (o: { db?: string; story?: number; lexicon?: string; format: string; output?: string }) => {
      const lexicon = o.lexicon ? readLexicon(o.lexicon) : undefined;
      await withStore(o.db, 'read', async (store) => {
        const b = await brief(store, { story: o.story, lexicon });
        const text =
          o.format === 'json' ? json(b) : printable(o.format === 'html' ? briefHtml(b) : briefMarkdown(b));
        if (o.output) {
          writeFileSync(o.output, text.endsWith('\n') ? text : `${text}\n`);
          warn(`briefing on story ${b.story.id} written to ${o.output}`);
        } else out(text);
      });
    });

  program
    .command('timeline')
    .description(
      'Dated events in the order they happened (not the order they were reported), each with its actors and a citation; the same event reported by several articles is listed once.',
    )
    .addOption(readDbOption())
    .option('--story <id>', 'only articles of this story', parseStoryId)
    .option(
      '--limit <n>',
      'at most this many events: the most reported and most recent, in date order; how many were left out is told',
      parsePositive,
    )
    .addOption(formatOption(['md', 'json'], 'md'))
    .action(async (o: { db?: string; story?: number; limit?: number; format: string }) => {
      await withStore(o.db, 'read', async (store) => {
        const { entries, omitted } = await timeline(store, { story: o.story, limit: o.limit });
        if (o.format === 'json') {
          // The JSON stays an array of entries; what --limit left out is told on standard error.
          if (omitted > 0) warn(omittedNote(omitted));
          return out(json(entries));
        }
        if (!entries.length) return out('No dated events.');
        out(timelineMarkdown(entries, omitted));
      });
    });

  program
    .command('compare')
    .description(
      'Compare how outlets tell one story: figures grouped by what they measure (the same thing, basis, kind and month; a forecast never with a reading, "percent" alone never), each agree (equal within rounding or units), differ (with why: dates, periods, claimants, kinds, or unexplained) or one outlet only and framing, the hedging and loaded words each outlet uses in its own voice (per 1,000 words, every occurrence cited) and inside quotations.',
    )
    .argument('<story>', 'story number (from sitrep stories)', parseStoryId)
    .addOption(readDbOption())
    .option(
      '--lexicon <file>',
      'a framing lexicon (JSON, the shape of data/framing.json) whose categories and terms are added to the built-in one',
    )
    .addOption(formatOption(['table', 'md', 'json'], 'table'))
    .action(async (n: number, o: { db?: string; lexicon?: string; format: string }) => {
      const lexicon = o.lexicon ? readLexicon(o.lexicon) : undefined;
      await withStore(o.db, 'read', async (store) => {
        const report = await compare(store, n, { lexicon });
        out(o.format === 'json' ? json(report) : compareText(report, o.format === 'md' ? 'md' : 'table'));
      });
    });

  program
    .command('list')
    .description('List stored articles, oldest publication first.')
    .addOption(readDbOption())
    .option('--outlet <name>', 'only this outlet')
    .option('--limit <n>', 'at most this many', parsePositive)
    .addOption(formatOption(['table', 'json'], 'table'))
    .action(async (o: { db?: string; outlet?: string; limit?: number; format: string }) => {
      await withStore(o.db, 'read', async (store) => {
        const rows = await listArticles(store, { outlet: o.outlet, limit: o.limit });
        if (o.format === 'json') return out(json(rows));
        if (!rows.length)
          return out(`No articles in ${store.location}. Add some with: sitrep ingest <files>`);
        out(articlesTable(rows));
      });
    });

  program
    .command('show')
    .description(
      'Show one stored article with everything found in it, its incomplete analyses and its copies in other outlets.',
    )
    .argument('<id>', 'article id or external id')
    .addOption(readDbOption())
    .option('--removed', 'also list what cleaning removed from the input (rule, span in the input, text)')
    .option(
      '--revisions',
      'instead, list the revisions sitrep watch recorded (the same URL or feed item seen again with changed text), each with its word-level changes against the version before; a changed figure or quote is named as such',
    )
    .addOption(formatOption(['md', 'json'], 'md'))
    .action(
      async (id: string, o: { db?: string; removed?: boolean; revisions?: boolean; format: string }) => {
        await withStore(o.db, 'read', async (store) => {
          if (o.revisions) {
            const view = await articleRevisions(store, id);
            return out(o.format === 'json' ? json(view) : revisionsMarkdown(view));
          }
          const view = await showArticle(store, id);
          if (o.format === 'json') return out(json({ ...view.article, republished: view.republished }));
          out(articleViewMarkdown(view, { removed: o.removed }));
        });
      },
    );

  program
    .command('search')
    .description(
      'Full-text search over stored titles and texts (BM25 ranking). Words must all occur; "quote" a phrase.',
    )
    .argument('<query>', 'words or "a phrase"')
    .addOption(readDbOption())
    .option('--limit <n>', 'at most this many', parsePositive, 20)
    .addOption(formatOption(['table', 'json'], 'table'))
    .action(async (query: string, o: { db?: string; limit: number; format: string }) => {
      await withStore(o.db, 'read', async (store) => {
        const hits = await searchArticles(store, query, { limit: o.limit });
        if (o.format === 'json') return out(json(hits));
        if (!hits.length) return out(`No matches for ${JSON.stringify(query)}.`);
        out(searchText(hits));
      });
    });

  program
    .command('export')
    .description(
      'Export the store: whole analysed articles (jsonl) or one row per article or annotation (csv; cells a spreadsheet would run as formulas are prefixed with a single quote).',
    )
    .addOption(readDbOption())
    .addOption(formatOption(['jsonl', 'csv'], 'jsonl'))
    .addOption(
      new Option('--what <what>', 'csv rows: articles, or annotations (quotes, figures, dates, entities)')
        .choices(['articles', 'annotations'])
        .default('annotations'),
    )
    .option('-o, --output <file>', 'write to this file instead of standard output')
    .action(async (o: { db?: string; format: string; what: ExportRows; output?: string }) => {
      await withStore(o.db, 'read', async (store) => {
        const sink: NodeJS.WritableStream = o.output ? createWriteStream(o.output) : io.stdout;
        // On a terminal, nothing from an article may act as an escape sequence.
        const toTerminal = !o.output && io.stdout.isTTY === true;
        const write = (line: string): Promise<void> =>
          new Promise((resolve, reject) => {
            if (sink.write(`${toTerminal ? printable(line) : line}\n`)) resolve();
            else {
              sink.once('drain', resolve);
              sink.once('error', reject);
            }
          });
        if (o.format === 'jsonl') for await (const a of exportArticles(store)) await write(jsonLine(a));
        else {
          await write(csvLine(exportColumns(o.what)));
          for await (const row of exportRows(store, o.what)) await write(csvLine(row));
        }
        if (o.output)
          await new Promise<void>((resolve, reject) =>
            (sink as ReturnType<typeof createWriteStream>).end((err?: Error | null) =>
              err ? reject(err) : resolve(),
            ),
          );
      });
    });

  program
    .command('worker')
    .description(
      'Take queued jobs (sitrep ingest --queue) from the PostgreSQL database and analyse, store and place their articles; run as many as you like, on any machine that reaches the database. Stops on SIGINT or SIGTERM after the jobs in hand. Writes.',
    )
    .addOption(writeDbOption())
    .option('--concurrency <n>', 'ingest jobs this worker runs at once', parsePositive, 1)
    .option('--exit-when-idle', 'stop when no job is waiting or running and every article is placed')
    .option(
      '--expiry-check <seconds>',
      'how often to look for jobs whose worker died (they are retried once their --job-timeout has passed)',
      parsePositive,
      30,
    )
    .addOption(formatOption(['text', 'json'], 'text'))
    .action(
      async (o: {
        db?: string;
        concurrency: number;
        exitWhenIdle?: boolean;
        expiryCheck: number;
        format: string;
      }) => {
        const stop = new AbortController();
        const onSignal = (): void => stop.abort();
        process.once('SIGINT', onSignal);
        process.once('SIGTERM', onSignal);
        try {
          const r = await work(o.db, {
            concurrency: o.concurrency,
            exitWhenIdle: o.exitWhenIdle === true,
            expiryCheckSeconds: o.expiryCheck,
            signal: stop.signal,
          });
          out(o.format === 'json' ? json(r) : workText(r));
          r.failed.forEach((f) => warn(`${f.input}: ${f.reason}`));
          if (r.failed.length) partialFailure = true;
        } finally {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
        }
      },
    );

  program
    .command('jobs')
    .description(
      'How queued work stands in the PostgreSQL database: jobs waiting, running, done and failed per queue; --failed lists the jobs that failed three times with their errors; "sitrep jobs retry" queues them again.',
    )
    .argument('[action]', '"retry": queue every failed job again for one more attempt')
    .addOption(readDbOption())
    .option('--failed', 'list the failed jobs with their errors')
    .addOption(formatOption(['text', 'json'], 'text'))
    .action(async (action: string | undefined, o: { db?: string; failed?: boolean; format: string }) => {
      if (action !== undefined && action !== 'retry')
        throw new UsageError(`unknown jobs action "${action}" (the one action is "retry")`);
      if (action === 'retry') {
        const r = await retryFailedJobs(o.db);
        out(o.format === 'json' ? json(r) : `queued ${r.retried} failed jobs again`);
        return;
      }
      const s = await jobStatus(o.db, { failed: o.failed === true });
      out(o.format === 'json' ? json(s) : jobsText(s));
    });

  const sources = program
    .command('sources')
    .description(
      'The feeds and pages sitrep watch polls: add, list, remove, import (OPML) and export (OPML). add, remove and import write.',
    );
  sources
    .command('add')
    .description(
      'Add a feed or page to watch, or change the settings of one already watched (its history is kept).',
    )
    .argument('<url>', 'http(s) URL of an RSS, Atom, RDF or JSON feed, or of a page')
    .addOption(writeDbOption())
    .option('--outlet <name>', 'the outlet it belongs to, for listings')
    .option('--every <interval>', 'how often to poll: 90s, 15m, 2h, 1d (at least 1m; default 15m)')
    .option('--language <code>', 'its language (ISO 639 code such as en, fr, pt-BR)')
    .addOption(formatOption(['text', 'json'], 'text'))
    .action(
      async (
        url: string,
        o: { db?: string; outlet?: string; every?: string; language?: string; format: string },
      ) => {
        const settings = {
          outlet: o.outlet,
          language: o.language,
          everySeconds: o.every === undefined ? undefined : parseInterval(o.every),
        };
        await withStore(o.db, 'write', async (store) => {
          const { source, added } = await addSource(store, url, settings);
          if (o.format === 'json') return out(json(source));
          out(`${added ? 'Added' : 'Updated'} ${source.url} (every ${interval(source.everySeconds)}).`);
        });
      },
    );
  sources
    .command('list')
    .description(
      'List the sources with their last fetch, last new article, next poll and last error (times in UTC). Reads only.',
    )
    .addOption(readDbOption())
    .addOption(formatOption(['table', 'json'], 'table'))
    .action(async (o: { db?: string; format: string }) => {
      await withStore(o.db, 'read', async (store) => {
        const list = await listSources(store);
        out(o.format === 'json' ? json(list) : sourcesTable(list));
      });
    });
  sources
    .command('remove')
    .description('Stop watching a source (its articles stay). Writes.')
    .argument('<url>', 'the URL as sitrep sources list shows it')
    .addOption(writeDbOption())
    .action(async (url: string, o: { db?: string }) => {
      await withStore(o.db, 'write', async (store) => {
        await removeSource(store, url);
        out(`Removed ${url}.`);
      });
    });
  sources
    .command('import')
    .description(
      'Add every feed of an OPML file (what feed readers export); feeds already watched stay as they are. Writes.',
    )
    .argument('<file>', 'an OPML file')
    .addOption(writeDbOption())
    .option('--every <interval>', 'how often to poll the imported feeds (default 15m)')
    .addOption(formatOption(['text', 'json'], 'text'))
    .action(async (file: string, o: { db?: string; every?: string; format: string }) => {
      const everySeconds = o.every === undefined ? undefined : parseInterval(o.every);
      await withStore(o.db, 'write', async (store) => {
        const r = await importOpml(store, file, { everySeconds });
        for (const f of r.failed) {
          partialFailure = true;
          warn(`${f.input}: ${f.reason}`);
        }
        out(o.format === 'json' ? json(r) : importText(r));
      });
    });
  sources
    .command('export')
    .description('Print the sources as OPML, for a feed reader or another sitrep. Reads only.')
    .addOption(readDbOption())
    .action(async (o: { db?: string }) => {
      await withStore(o.db, 'read', async (store) => out(await exportOpml(store)));
    });

  program
    .command('watch')
    .description(
      'Poll the sources that are due, forever (or --once), and ingest what is new as ingest does: conditional requests (an unchanged feed costs one 304), one request at a time per host with a pause between, robots.txt honoured for pages, exponential back-off for a failing source (its error in sitrep sources list). Pages that feed items only link to are fetched. Progress goes to standard error. Ctrl-C or SIGTERM stops after the source in hand; the next run goes on where it stopped. Writes.',
    )
    .addOption(writeDbOption())
    .option('--once', 'one pass over the due sources, then exit')
    .option('--allow-private', 'poll URLs on private and loopback addresses too (refused by default)')
    .option('--delay <seconds>', 'pause between two requests to one host (default 1)', parsePositiveNumber)
    .option(
      '--timeout <seconds>',
      'time limit for fetching one URL, redirects included (default 20)',
      parsePositiveNumber,
    )
    .option('--no-stories', 'do not place new articles in stories (sitrep place will)')
    .option(
      '--alerts <file>',
      'alert rules and outputs (JSON; see README "Watching"): a story covered by N+ outlets, a new statement by an entity, a new figure disagreeing with one in its story, an outlet joining a story; to stdout (JSON lines; cycle summaries then go to standard error), a JSONL file, or a webhook signed with HMAC-SHA256 (X-Sitrep-Signature)',
    )
    .addOption(formatOption(['text', 'json'], 'text'))
    .action(
      async (o: {
        alerts?: string;
        db?: string;
        once?: boolean;
        allowPrivate?: boolean;
        delay?: number;
        timeout?: number;
        stories: boolean;
        format: string;
      }) => {
        const config = o.alerts ? readAlertConfig(o.alerts) : null;
        const summary = config?.outputs.some((x) => x.type === 'stdout') ? warn : out;
        const alerts = config && {
          rules: config.rules,
          deliver: async (found: FiredAlert[]) => {
            for (const f of await deliverAlerts(found, config.outputs, out)) {
              partialFailure = true;
              warn(`alerts to ${f.output} failed: ${f.reason}`);
            }
          },
        };
        const stop = new AbortController();
        const onSignal = (): void => {
          if (!stop.signal.aborted) warn('stopping after the source in hand…');
          stop.abort();
        };
        process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);
        try {
          await withStore(o.db, 'write', async (store) => {
            await watch(store, {
              once: !!o.once,
              allowPrivate: !!o.allowPrivate,
              delayMs: o.delay === undefined ? undefined : o.delay * 1000,
              timeoutMs: o.timeout === undefined ? undefined : o.timeout * 1000,
              stories: o.stories ? {} : false,
              signal: stop.signal,
              alerts: alerts ?? undefined,
              onEvent: (e) => warn(watchEventText(e)),
              onCycle: (r) => {
                if (r.polls.some((p) => p.outcome === 'error')) partialFailure = true;
                summary(o.format === 'json' ? jsonLine(r) : cycleText(r));
              },
            });
          });
        } finally {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
        }
      },
    );

  program
    .command('alerts')
    .description(
      'List the alerts sitrep watch fired (kept in the database), newest first, each with the passage that triggered it. Reads only.',
    )
    .addOption(readDbOption())
    .option('--limit <n>', 'how many (default 20)', parsePositive, 20)
    .addOption(formatOption(['text', 'json'], 'text'))
    .action(async (o: { db?: string; limit: number; format: string }) => {
      await withStore(o.db, 'read', async (store) => {
        const page = await alertPage(store, { limit: Math.min(o.limit, MAX_LIMIT) });
        out(o.format === 'json' ? json(page.items) : alertsText(page.items));
      });
    });

  program
    .command('demo')
    .description(
      'Ingest the bundled sample corpus into a database (created when missing) and print a short report of what sitrep found; the numbers are those the other commands give.',
    )
    .option(
      '--db <path>',
      'database: a SQLite file (created when missing) or a postgres:// URL',
      '.sitrep/demo.db',
    )
    .addOption(formatOption(['text', 'json'], 'text'))
    .action(async (o: { db: string; format: string }) => {
      await withStore(o.db, 'write', async (store) => {
        const report = await demo(store);
        if (report.ingest.failed.length) partialFailure = true;
        out(o.format === 'json' ? json(demoData(report)) : demoText(report));
      });
    });

  program
    .command('serve')
    .description(
      'Serve the HTTP API (/api/…, described by /api/openapi.json) and the dashboard from one database until stopped (Ctrl-C, SIGTERM). Reads only, except POST /api/articles: with $SITREP_TOKEN set it needs "Authorization: Bearer $SITREP_TOKEN"; without one it is allowed only on a loopback address.',
    )
    .addOption(readDbOption())
    .option(
      '--host <address>',
      'address to listen on; another than loopback is reachable from other machines',
      '127.0.0.1',
    )
    .option('--port <n>', 'port to listen on (0: any free port)', parsePort, 7300)
    .option(
      '--demo',
      'serve the bundled sample corpus, ingested into a temporary database (into --db when given)',
    )
    .option(
      '--watch',
      'also poll the sources (sitrep sources) as sitrep watch does, in this process; its progress goes to standard error',
    )
    .option('--allow-private', 'with --watch: poll URLs on private and loopback addresses too')
    .option('--alerts <file>', 'with --watch: alert rules and outputs, as for sitrep watch')
    .addHelpText(
      'after',
      '\nThe dashboard follows the database live (GET /api/events): new articles, revisions and alerts appear in open pages without a reload, from --watch or any other writer; its Sources page adds and removes sources (POST and DELETE /api/sources, writes as above).\n\nEnvironment: SITREP_TOKEN, the bearer token writes need. Example: sitrep serve --demo, then open http://127.0.0.1:7300/api/stories',
    )
    .action(
      async (o: {
        db?: string;
        host: string;
        port: number;
        demo?: boolean;
        watch?: boolean;
        allowPrivate?: boolean;
        alerts?: string;
      }) => {
        const config = o.alerts ? readAlertConfig(o.alerts) : null;
        // Loaded here: the HTTP server's packages cost every other command a third of its start-up.
        const { serve } = await import('../server/serve.js');
        await serve({
          watch: o.watch
            ? {
                allowPrivate: !!o.allowPrivate,
                onEvent: (e) => warn(watchEventText(e)),
                alerts: config
                  ? {
                      rules: config.rules,
                      deliver: async (found: FiredAlert[]) => {
                        for (const f of await deliverAlerts(found, config.outputs, out))
                          warn(`alerts to ${f.output} failed: ${f.reason}`);
                      },
                    }
                  : undefined,
              }
            : undefined,
          db: o.db,
          host: o.host,
          port: o.port,
          demo: o.demo,
          token: process.env.SITREP_TOKEN || undefined,
          version: pkg.version,
          say: warn,
        });
      },
    );

  for (const cmd of program.commands)
    cmd.addHelpText(
      'after',
      '\nExit codes: 0 success (also an empty result); 1 not found or an input failed; 2 usage error (see sitrep --help).',
    );
  return program;
}

interface StoryFlags {
  rebuild?: boolean;
  storyThreshold?: number;
  eventThreshold?: number;
  mergeThreshold?: number;
  storyHalfLife?: number;
  eventHalfLife?: number;
  neighbourWeight?: number;
}

function addPlaceOptions(cmd: Command): Command {
  return cmd
    .option('--rebuild', 'forget the stories and place every stored article again, oldest first')
    .option(
      '--story-threshold <x>',
      'similarity an article needs to join a story (default 0.12)',
      parseFraction,
    )
    .option(
      '--event-threshold <x>',
      'similarity an article needs to join an event inside its story (default 0.12)',
      parseFraction,
    )
    .option(
      '--merge-threshold <x>',
      'similarity to a second story at which the two merge (default 0.45)',
      parseFraction,
    )
    .option(
      '--story-half-life <days>',
      'days over which the time discount of a story halves (default 7)',
      parsePositiveNumber,
    )
    .option(
      '--event-half-life <days>',
      'days over which the time discount of an event halves (default 0.5)',
      parsePositiveNumber,
    )
    .option(
      '--neighbour-weight <x>',
      "share of a cluster's similarity taken from its three closest recent members instead of its centroid (default 0.5; 0 = centroid only)",
      parseFraction,
    );
}

function placeOptions(o: StoryFlags): PlaceOptions {
  const { rebuild, storyThreshold, eventThreshold, mergeThreshold, storyHalfLife, eventHalfLife } = o;
  return {
    rebuild,
    storyThreshold,
    eventThreshold,
    mergeThreshold,
    storyHalfLife,
    eventHalfLife,
    neighbourWeight: o.neighbourWeight,
  };
}

/** A progress bar for placing in stories, shown only when there are many articles to place. */
/** One line on what a reanalysis did. */
function reanalyzeText(r: ReanalyzeSummary): string {
  if (!r.total) return `No articles to analyse in ${r.database}.`;
  const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? '' : 's'}`;
  return `Analysed ${plural(r.total, 'article')} again in ${r.database}: ${r.updated} updated, ${r.unchanged} unchanged, ${r.failed.length} failed.`;
}

function placeProgress(): (done: number, total: number) => void {
  let bar: ReturnType<typeof progressBar> | null = null;
  return (done, total) => {
    if (total < 1000) return;
    bar ??= progressBar(total, 'stories');
    bar.tick(`${done} placed`);
    if (done >= total) bar.done();
  };
}

function parseStoryId(v: string): number {
  const n = Number(v.replace(/^s/i, ''));
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`expected a story number, got "${v}"`);
  return n;
}

function parseFraction(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || n > 1)
    throw new InvalidArgumentError(`expected a number from 0 to 1, got "${v}"`);
  return n;
}

function parsePositiveNumber(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`expected a positive number, got "${v}"`);
  return n;
}

function parsePort(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError(`expected a port number from 0 to 65535, got "${v}"`);
  return n;
}

function parsePositive(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0)
    throw new InvalidArgumentError(`expected a positive whole number, got "${v}"`);
  return n;
}

interface FetchFlags {
  allowPrivate?: boolean;
  fetchLinks?: boolean;
  timeout?: number;
}

export async function main(argv: string[], streams?: Io): Promise<number> {
  partialFailure = false;
  io = streams ?? { stdout: process.stdout, stderr: process.stderr };
  const program = buildProgram();
  program.exitOverride();
  const override = (cmd: Command): void => {
    for (const c of cmd.commands) {
      c.exitOverride();
      override(c);
    }
  };
  override(program);
  try {
    await program.parseAsync(argv);
    return partialFailure ? 1 : 0;
  } catch (err) {
    if (!(err instanceof CommanderError)) warn((err as Error).message);
    return exitCodeOf(err);
  }
}

if (
  process.argv[1] &&
  fileURLToPath(import.meta.url) === (await import('node:fs')).realpathSync(process.argv[1])
) {
  // A reader that stops early (| head) is not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  process.exitCode = await main(process.argv);
}

/** Read and check an alerts file (--alerts); BadInputError naming the file when it cannot be read. */
function readAlertConfig(file: string): AlertConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new BadInputError(file, `cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return parseAlertConfig(file, text);
}
