#!/usr/bin/env node
/**
 * The sitrep command line. Exit codes: 0 success; 1 a failure (an input that could not be read, a missing
 * article, a store error); 2 a usage error. Results go to standard output, diagnostics to standard error.
 */
import { Command, CommanderError, Option } from 'commander';
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AnalyzedArticle } from '../model/document.js';
import { runPipeline } from '../pipeline.js';
import { ingestIntoStore, type IngestSummary } from '../ingest/into-store.js';
import type { ReadOptions } from '../ingest/inputs.js';
import { defaultDbPath, openStore } from '../store/open.js';
import type { Store } from '../store/store.js';
import type { ClusterOptions } from '../stories/cluster.js';
import { listStoryOverviews, type StoryOverview } from '../stories/overview.js';
import { updateStories, type UpdateSummary } from '../stories/update.js';
import { alignFigures, type FigureGroup } from '../compare/figures.js';
import { compareStatements, type StatementComparison } from '../compare/statements.js';
import {
  defaultFramingLexicon,
  framing,
  mergeLexicons,
  type FramingLexicon,
  type FramingReport,
} from '../compare/framing.js';
import { entitiesAcross, quotesBySpeaker, type Citation } from '../analyze/collection.js';
import { buildBrief, buildTimeline } from '../brief/brief.js';
import { briefHtml, briefMarkdown } from '../brief/render.js';
import { demoReport, SAMPLE_CORPUS } from './demo.js';
import { progressBar } from './progress.js';
import { articleMarkdown, csvLine, figureValue, table } from './render.js';

const pkg = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8'),
) as { version: string };

/** Set when some input failed, so the command exits 1 after doing all it could. */
let partialFailure = false;

const out = (s: string): void => {
  process.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
};
const warn = (s: string): void => {
  process.stderr.write(`sitrep: ${s}\n`);
};

class CliError extends Error {}

function formatOption(choices: string[], def: string): Option {
  return new Option('-f, --format <format>', 'output format').choices(choices).default(def);
}
const dbOption = (): Option =>
  new Option('--db <path>', 'database file (SQLite); also $SITREP_DB').default(undefined, defaultDbPath());

async function withStore<T>(db: string | undefined, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = openStore(db ?? defaultDbPath());
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('sitrep')
    .description(
      'News intelligence: who said what, which figures, when, and how each outlet tells it — every answer cited to its passage.',
    )
    .version(pkg.version)
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

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
    for await (const item of runPipeline(inputs, { meta: o.meta, ...fetchOpts(o) })) {
      if (!item.ok) {
        partialFailure = true;
        warn(item.error.message);
        continue;
      }
      n++;
      if (o.format === 'jsonl') out(JSON.stringify(item.article));
      else if (o.format === 'md') out(`${n > 1 ? '\n---\n\n' : ''}${articleMarkdown(item.article)}`);
      else docs.push(item.article);
    }
    if (o.format === 'json') out(JSON.stringify(docs, null, 2));
    if (n === 0) throw new CliError('no article could be read from the inputs');
  });

  addFetchOptions(
    program
      .command('ingest')
      .description('Read, analyze and store articles. Already stored articles (same content) are skipped.')
      .argument(
        '<inputs...>',
        'files, directories (searched recursively), http(s) URLs, or - for standard input',
      )
      .addOption(dbOption())
      .option('--meta <file...>', 'metadata sidecar(s) in meta.jsonl format')
      .option('--no-stories', 'do not place the new articles in stories now (sitrep stories will)')
      .addOption(formatOption(['text', 'json'], 'text')),
  ).action(
    async (
      inputs: string[],
      o: { db?: string; meta?: string[]; stories: boolean; format: string } & FetchFlags,
    ) => {
      await withStore(o.db, async (store) => {
        let bar: ReturnType<typeof progressBar> | null = null;
        const summary = await ingestIntoStore(store, inputs, {
          meta: o.meta,
          ...fetchOpts(o),
          onFile: (file, done, total) => {
            bar ??= progressBar(total, 'ingest');
            bar.tick(file);
          },
        });
        (bar as ReturnType<typeof progressBar> | null)?.done();
        const stories = o.stories ? await placeInStories(store, {}) : null;
        printIngestSummary(summary, store.location, o.format, stories);
        if (summary.failed.length) partialFailure = true;
      });
    },
  );

  addStoryOptions(
    program
      .command('stories')
      .description(
        'List the stories: stored articles grouped by situation, and inside each story by event. Articles not yet placed are placed first.',
      )
      .addOption(dbOption())
      .option('--limit <n>', 'at most this many stories', parsePositive)
      .addOption(formatOption(['table', 'md', 'json'], 'table')),
  ).action(async (o: StoryFlags & { db?: string; limit?: number; format: string }) => {
    await withStore(o.db, async (store) => {
      await placeInStories(store, o);
      const stories = (await storyOverviews(store)).slice(0, o.limit ?? Infinity);
      if (o.format === 'json') return out(JSON.stringify(stories, null, 2));
      if (!stories.length)
        return out(`No stories in ${store.location}. Add articles with: sitrep ingest <files>`);
      if (o.format === 'md') return out(stories.map(storyMarkdown).join('\n'));
      out(
        table(
          ['story', 'articles', 'events', 'from', 'to', 'outlets', 'label'],
          stories.map((s) => [
            s.id,
            s.articleCount,
            s.events.length,
            s.first?.slice(0, 10) ?? '',
            s.last?.slice(0, 10) ?? '',
            s.outlets.length,
            s.label,
          ]),
        ),
      );
    });
  });

  program
    .command('quotes')
    .description(
      'Who said what across the store (or one story), grouped by speaker, each quotation with its outlet, date and citation.',
    )
    .addOption(dbOption())
    .option('--speaker <name>', 'only speakers whose name contains this (any case)')
    .option('--story <id>', 'only articles of this story', parseStoryId)
    .option('--limit <n>', 'at most this many speakers', parsePositive)
    .addOption(formatOption(['md', 'json'], 'md'))
    .action(async (o: { db?: string; speaker?: string; story?: number; limit?: number; format: string }) => {
      await withStore(o.db, async (store) => {
        if (o.story !== undefined) await placeInStories(store, {});
        const rows = await store.annotations({ kind: 'quote', label: o.speaker, story: o.story });
        const entities = entitiesAcross(await store.annotations({ kind: 'entity', story: o.story }));
        const groups = quotesBySpeaker(
          rows.filter((r) => (r.item as { kind: string }).kind !== 'headline'),
          entities,
        ).slice(0, o.limit ?? Infinity);
        if (o.format === 'json') return out(JSON.stringify(groups, null, 2));
        if (!groups.length)
          return out(
            o.speaker
              ? `No quotations by a speaker matching ${JSON.stringify(o.speaker)}.`
              : `No quotations in ${store.location}.`,
          );
        const lines: string[] = [];
        for (const g of groups) {
          lines.push(
            `## ${g.speaker ?? 'Speaker not resolved'} — ${g.quotes.length} quotation${g.quotes.length === 1 ? '' : 's'}${g.outlets.length ? ` in ${g.outlets.join(', ')}` : ''}`,
            '',
          );
          for (const q of g.quotes)
            lines.push(
              `- (${q.kind}) “${q.text.replace(/\s+/g, ' ')}”${q.source ? ` — ${q.source}` : ''} ${citeText(q.cite)}`,
            );
          lines.push('');
        }
        out(lines.join('\n'));
      });
    });

  program
    .command('entities')
    .description(
      'People, organisations and places across the store (or one story), with their aliases and how often they are mentioned.',
    )
    .addOption(dbOption())
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
        type?: string;
        name?: string;
        story?: number;
        limit?: number;
        format: string;
      }) => {
        await withStore(o.db, async (store) => {
          if (o.story !== undefined) await placeInStories(store, {});
          const rows = await store.annotations({ kind: 'entity', label: o.name, story: o.story });
          const list = entitiesAcross(rows)
            .filter((e) => !o.type || e.type === o.type)
            .slice(0, o.limit ?? Infinity);
          if (o.format === 'json') return out(JSON.stringify(list, null, 2));
          if (!list.length) return out(`No entities found in ${store.location}.`);
          out(
            table(
              ['entity', 'type', 'articles', 'mentions', 'outlets', 'also called'],
              list.map((e) => [
                e.name,
                e.type,
                e.articles,
                e.mentions,
                e.outlets.length,
                e.aliases.join(', '),
              ]),
            ),
          );
        });
      },
    );

  program
    .command('brief')
    .description(
      'A cited briefing on one story: what happened, key actors, who said what, figures and disagreements, timeline, framing. Without --story, the biggest story.',
    )
    .addOption(dbOption())
    .option('--story <id>', 'story number (from sitrep stories)', parseStoryId)
    .option('--lexicon <file>', 'a framing lexicon added to the built-in one (see sitrep compare)')
    .addOption(formatOption(['md', 'html', 'json'], 'md'))
    .option('-o, --output <file>', 'write to this file instead of standard output')
    .action(async (o: { db?: string; story?: number; lexicon?: string; format: string; output?: string }) => {
      const lexicon = o.lexicon ? readLexicon(o.lexicon) : undefined;
      await withStore(o.db, async (store) => {
        await placeInStories(store, {});
        const stories = await storyOverviews(store, o.story);
        const story = stories[0];
        if (!story)
          throw new CliError(
            o.story === undefined
              ? `no stories in ${store.location}; add articles with: sitrep ingest <files>`
              : `no story "${o.story}" in ${store.location} (sitrep stories lists them)`,
          );
        const brief = buildBrief(story, await storyArticles(store, story.id), { lexicon });
        const text =
          o.format === 'json'
            ? JSON.stringify(brief, null, 2)
            : o.format === 'html'
              ? briefHtml(brief)
              : briefMarkdown(brief);
        if (o.output) {
          writeFileSync(o.output, text.endsWith('\n') ? text : `${text}\n`);
          warn(`briefing on story ${story.id} written to ${o.output}`);
        } else out(text);
      });
    });

  program
    .command('timeline')
    .description(
      'Dated events in the order they happened (not the order they were reported), each with its actors and a citation; the same event reported by several articles is listed once.',
    )
    .addOption(dbOption())
    .option('--story <id>', 'only articles of this story', parseStoryId)
    .option('--limit <n>', 'at most this many events', parsePositive)
    .addOption(formatOption(['md', 'json'], 'md'))
    .action(async (o: { db?: string; story?: number; limit?: number; format: string }) => {
      await withStore(o.db, async (store) => {
        let articles: AnalyzedArticle[] = [];
        if (o.story !== undefined) {
          await placeInStories(store, {});
          articles = await storyArticles(store, o.story);
        } else for await (const a of store.articles()) articles.push(a);
        const events = buildTimeline(articles).slice(0, o.limit ?? Infinity);
        if (o.format === 'json') return out(JSON.stringify(events, null, 2));
        if (!events.length) return out('No dated events.');
        out(
          events
            .map(
              (e) =>
                `- **${e.date}** ${e.text.replace(/\s+/g, ' ')} [${e.cite.outlet ?? 'unknown outlet'}, ${e.cite.published?.slice(0, 10) ?? 'undated'}, ¶${e.cite.paragraph}; ${e.cite.externalId ?? e.cite.articleId}:${e.cite.start}-${e.cite.end}]${e.actors.length ? ` — ${e.actors.join(', ')}` : ''}${e.alsoIn.length ? ` (also ${e.alsoIn.map((x) => x.outlet ?? x.articleId).join(', ')})` : ''}`,
            )
            .join('\n'),
        );
      });
    });

  program
    .command('compare')
    .description(
      'Compare how outlets tell one story: figures grouped by what they count (agree, differ with the dates that may explain it, or one outlet only) and framing, the hedging and loaded words each outlet uses in its own voice (per 1,000 words, every occurrence cited) and inside quotations.',
    )
    .argument('<story>', 'story number (from sitrep stories)', parseStoryId)
    .addOption(dbOption())
    .option(
      '--lexicon <file>',
      'a framing lexicon (JSON, the shape of data/framing.json) whose categories and terms are added to the built-in one',
    )
    .addOption(formatOption(['table', 'md', 'json'], 'table'))
    .action(async (n: number, o: { db?: string; lexicon?: string; format: string }) => {
      const lexicon = o.lexicon ? readLexicon(o.lexicon) : defaultFramingLexicon();
      await withStore(o.db, async (store) => {
        await placeInStories(store, {});
        const articles = await storyArticles(store, n);
        const report = framing(articles, lexicon);
        const figures = alignFigures(articles);
        const statements = compareStatements(articles);
        if (o.format === 'json')
          return out(JSON.stringify({ story: n, figures, statements, framing: report }, null, 2));
        out(
          [
            figuresText(figures, o.format),
            '',
            statementsText(statements, o.format),
            '',
            framingText(report, o.format),
          ].join('\n'),
        );
      });
    });

  program
    .command('story')
    .description('Show one story: its events in time order, each with its articles.')
    .argument('<id>', 'story number (from sitrep stories)', parseStoryId)
    .addOption(dbOption())
    .addOption(formatOption(['md', 'json'], 'md'))
    .action(async (n: number, o: { db?: string; format: string }) => {
      await withStore(o.db, async (store) => {
        await placeInStories(store, {});
        const story = (await storyOverviews(store, n))[0];
        if (!story) throw new CliError(`no story "${n}" in ${store.location} (sitrep stories lists them)`);
        out(o.format === 'json' ? JSON.stringify(story, null, 2) : storyMarkdown(story));
      });
    });

  program
    .command('list')
    .description('List stored articles, oldest publication first.')
    .addOption(dbOption())
    .option('--outlet <name>', 'only this outlet')
    .option('--limit <n>', 'at most this many', parsePositive)
    .addOption(formatOption(['table', 'json'], 'table'))
    .action(async (o: { db?: string; outlet?: string; limit?: number; format: string }) => {
      await withStore(o.db, async (store) => {
        const rows = await store.listArticles({ outlet: o.outlet, limit: o.limit });
        if (o.format === 'json') return out(JSON.stringify(rows, null, 2));
        if (!rows.length)
          return out(`No articles in ${store.location}. Add some with: sitrep ingest <files>`);
        out(
          table(
            ['id', 'published', 'outlet', 'title', 'quotes', 'figures', 'dates'],
            rows.map((r) => [
              r.id,
              r.published?.slice(0, 10) ?? '',
              r.outlet ?? '',
              r.title ?? r.source,
              r.counts.quotes,
              r.counts.figures,
              r.counts.dates,
            ]),
          ),
        );
      });
    });

  program
    .command('show')
    .description('Show one stored article with everything found in it.')
    .argument('<id>', 'article id or external id')
    .addOption(dbOption())
    .addOption(formatOption(['md', 'json'], 'md'))
    .action(async (id: string, o: { db?: string; format: string }) => {
      await withStore(o.db, async (store) => {
        const a = await store.getArticle(id);
        if (!a) throw new CliError(`no article with id "${id}" in ${store.location}`);
        const republished = await store.nearDuplicates(a.id);
        if (o.format === 'json') return out(JSON.stringify({ ...a, republished }, null, 2));
        out(articleMarkdown(a));
        if (republished.length) {
          out('\n## Also published as\n');
          for (const r of republished)
            out(
              `- ${r.outlet ?? '(unknown outlet)'}, ${r.published?.slice(0, 10) ?? 'undated'}: ${r.title ?? r.id} (${r.id}, ${Math.round(r.similarity * 100)}% the same text)`,
            );
        }
      });
    });

  program
    .command('search')
    .description(
      'Full-text search over stored titles and texts (BM25 ranking). Words must all occur; "quote" a phrase.',
    )
    .argument('<query>', 'words or "a phrase"')
    .addOption(dbOption())
    .option('--limit <n>', 'at most this many', parsePositive, 20)
    .addOption(formatOption(['table', 'json'], 'table'))
    .action(async (query: string, o: { db?: string; limit: number; format: string }) => {
      await withStore(o.db, async (store) => {
        const hits = await store.search(query, { limit: o.limit });
        if (o.format === 'json') return out(JSON.stringify(hits, null, 2));
        if (!hits.length) return out(`No matches for ${JSON.stringify(query)}.`);
        for (const h of hits) {
          out(
            `${h.id}  ${h.published?.slice(0, 10) ?? '----------'}  ${h.outlet ?? ''}  ${h.title ?? ''}\n    ${h.snippet.replace(/\s+/g, ' ')}`,
          );
        }
      });
    });

  program
    .command('export')
    .description(
      'Export the store: whole analysed articles (jsonl) or one row per article or annotation (csv).',
    )
    .addOption(dbOption())
    .addOption(formatOption(['jsonl', 'csv'], 'jsonl'))
    .addOption(
      new Option('--what <what>', 'csv rows: articles, or annotations (quotes, figures, dates, entities)')
        .choices(['articles', 'annotations'])
        .default('annotations'),
    )
    .option('-o, --output <file>', 'write to this file instead of standard output')
    .action(async (o: { db?: string; format: string; what: string; output?: string }) => {
      await withStore(o.db, async (store) => {
        const sink = o.output ? createWriteStream(o.output) : process.stdout;
        const write = (line: string): Promise<void> =>
          new Promise((resolve, reject) => {
            if (sink.write(`${line}\n`)) resolve();
            else sink.once('drain', resolve).once('error', reject);
          });
        if (o.format === 'csv') {
          await write(csvLine(o.what === 'articles' ? ARTICLE_COLUMNS : ANNOTATION_COLUMNS));
        }
        for await (const a of store.articles()) {
          if (o.format === 'jsonl') await write(JSON.stringify(a));
          else if (o.what === 'articles')
            await write(
              csvLine([
                a.id,
                a.externalId,
                a.source,
                a.url,
                a.title,
                a.outlet,
                a.published,
                a.language,
                a.text.length,
                a.quotes.length,
                a.figures.length,
                a.dates.length,
                a.entities.length,
              ]),
            );
          else for (const row of annotationRows(a)) await write(csvLine(row));
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
    .command('demo')
    .description(
      'Ingest the bundled sample corpus into a fresh database and print a short report of what sitrep found.',
    )
    .option('--db <path>', 'database file', '.sitrep/demo.db')
    .addOption(formatOption(['text', 'json'], 'text'))
    .action(async (o: { db: string; format: string }) => {
      await withStore(o.db, async (store) => {
        const summary = await ingestIntoStore(store, [SAMPLE_CORPUS]);
        if (summary.failed.length) partialFailure = true;
        await placeInStories(store, {});
        out(await demoReport(store, summary, await storyOverviews(store), o.format));
      });
    });

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

function addStoryOptions(cmd: Command): Command {
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

async function placeInStories(store: Store, o: StoryFlags): Promise<UpdateSummary> {
  const cluster: Partial<ClusterOptions> = {};
  if (o.storyThreshold !== undefined) cluster.storyThreshold = o.storyThreshold;
  if (o.eventThreshold !== undefined) cluster.eventThreshold = o.eventThreshold;
  if (o.mergeThreshold !== undefined) cluster.mergeThreshold = o.mergeThreshold;
  if (o.storyHalfLife !== undefined) cluster.storyHalfLifeDays = o.storyHalfLife;
  if (o.eventHalfLife !== undefined) cluster.eventHalfLifeDays = o.eventHalfLife;
  if (o.neighbourWeight !== undefined) cluster.neighbourWeight = o.neighbourWeight;
  let bar: ReturnType<typeof progressBar> | null = null;
  const summary = await updateStories(store, {
    cluster,
    rebuild: o.rebuild,
    onProgress: (done, total) => {
      if (total < 1000) return;
      bar ??= progressBar(total, 'stories');
      bar.tick(`${done} placed`);
    },
  });
  (bar as ReturnType<typeof progressBar> | null)?.done();
  return summary;
}

/** The stored articles of one story; a clear error when there is no such story. */
async function storyArticles(store: Store, story: number): Promise<AnalyzedArticle[]> {
  const members = await store.storyMembers(story);
  if (!members.length)
    throw new CliError(`no story "${story}" in ${store.location} (sitrep stories lists them)`);
  return (await Promise.all(members.map((m) => store.getArticle(m.articleId)))).filter(
    (a): a is AnalyzedArticle => a !== null,
  );
}

async function storyOverviews(store: Store, story?: number): Promise<StoryOverview[]> {
  return listStoryOverviews(store, story);
}

function storyMarkdown(s: StoryOverview): string {
  const lines = [
    `## Story ${s.id}: ${s.label}`,
    '',
    `${s.articleCount} articles, ${s.events.length} events, ${s.first?.slice(0, 10) ?? '?'} – ${s.last?.slice(0, 10) ?? '?'}; outlets: ${s.outlets.join(', ') || 'unknown'}`,
    '',
  ];
  for (const e of s.events) {
    lines.push(`### Event ${e.id} (${e.first?.slice(0, 10) ?? 'undated'}): ${e.label}`, '');
    for (const a of e.articles)
      lines.push(
        `- ${a.published?.slice(0, 10) ?? '----------'} ${a.outlet ?? 'unknown outlet'}: ${a.title ?? a.source} (${a.externalId ?? a.id})`,
      );
    lines.push('');
  }
  return lines.join('\n');
}

/** The built-in framing lexicon with a user's file added; a clear error naming the file when it is not one. */
function readLexicon(file: string): FramingLexicon {
  let extra: FramingLexicon;
  try {
    extra = JSON.parse(readFileSync(file, 'utf8')) as FramingLexicon;
  } catch (err) {
    throw new CliError(`${file}: not a readable JSON lexicon (${(err as Error).message})`);
  }
  try {
    return mergeLexicons(defaultFramingLexicon(), extra);
  } catch (err) {
    throw new CliError(`${file}: ${(err as Error).message}`);
  }
}

function citeText(c: Citation): string {
  return `(${c.outlet ?? 'unknown outlet'}, ${c.published?.slice(0, 10) ?? 'undated'}; ${c.externalId ?? c.articleId}:${c.start}-${c.end})`;
}

function parseStoryId(v: string): number {
  const n = Number(v.replace(/^s/i, ''));
  if (!Number.isInteger(n) || n <= 0) throw new CliError(`expected a story number, got "${v}"`);
  return n;
}

function figuresText(groups: FigureGroup[], format: string): string {
  const rows = groups
    .filter((g) => g.verdict !== 'single')
    .flatMap((g) =>
      g.figures.map((f, i) => [
        i ? '' : g.noun,
        i ? '' : g.verdict,
        f.text,
        f.claimant ?? '',
        `${f.outlet ?? 'unknown outlet'} ${f.published?.slice(0, 10) ?? ''}`,
        `${f.articleId}:${f.start}-${f.end}`,
      ]),
    );
  const reasons = groups.filter((g) => g.reason).map((g) => `${g.noun}: ${g.reason}`);
  const head =
    format === 'md'
      ? '## Figures across outlets\n'
      : 'Figures across outlets (reported by more than one outlet)';
  if (!rows.length) return `${head}\nNo figure is reported by more than one outlet.`;
  return [
    head,
    table(['counts', 'verdict', 'figure', 'claimed by', 'outlet', 'cite'], rows),
    ...(reasons.length ? ['', 'Why they may differ:', ...reasons.map((r) => `  ${r}`)] : []),
  ].join('\n');
}

function statementsText(s: StatementComparison, format: string): string {
  const md = format === 'md';
  const L = [md ? '## Statements reported by several outlets\n' : 'Statements reported by several outlets'];
  if (!s.shared.length) L.push('  none: no statement was found in more than one outlet');
  for (const g of s.shared) {
    L.push(`${md ? '### ' : '- '}${g.speaker}: ${g.outlets.length} outlets`);
    for (const v of g.versions)
      L.push(
        `    ${v.outlet ?? 'unknown outlet'} ${v.published?.slice(0, 10) ?? ''} (${v.kind}): “${v.text.replace(/\s+/g, ' ')}” [${v.articleId}:${v.start}-${v.end}]${v.onlyHere.length ? `  only here: ${v.onlyHere.join(', ')}` : ''}`,
      );
  }
  const byOutlet = new Map<string, number>();
  for (const g of s.single) byOutlet.set(g.outlets[0]!, (byOutlet.get(g.outlets[0]!) ?? 0) + 1);
  L.push(
    '',
    `Statements only one outlet reports: ${s.single.length}${byOutlet.size ? ` (${[...byOutlet].map(([o, k]) => `${o} ${k}`).join(', ')})` : ''}; --format json lists them.`,
  );
  return L.join('\n');
}

function framingText(r: FramingReport, format: string): string {
  const cats = [...new Set(r.outlets.flatMap((o) => Object.keys(o.categories)))];
  const head = table(
    ['outlet', 'articles', 'words', ...cats.map((c) => `${c} /1000w (quoted)`)],
    r.outlets.map((o) => [
      o.outlet,
      o.articles,
      o.words,
      ...cats.map((c) => {
        const x = o.categories[c];
        return x ? `${x.count} = ${x.per1000.toFixed(1)} (${x.quoted})` : '';
      }),
    ]),
  );
  const terms = r.outlets.map((o) => {
    const used = Object.entries(o.categories).flatMap(([c, x]) =>
      Object.entries(x.terms).map(([t, n]) => `${t} ${n} (${c})`),
    );
    return `${o.outlet}: ${used.join(', ') || 'none of the lexicon in its own words'}`;
  });
  if (format !== 'md')
    return [
      head,
      '',
      "Words used in the outlet's own voice (outside quotations):",
      ...terms.map((t) => `  ${t}`),
    ].join('\n');
  const cites = r.occurrences
    .filter((o) => !o.quoted)
    .map(
      (o) =>
        `- **${o.text}** (${o.category}), ${o.outlet} [${o.articleId}:${o.start}-${o.end}]: ${o.context.replace(/\s+/g, ' ')}`,
    );
  return [
    '## Framing',
    '',
    head,
    '',
    ...terms.map((t) => `- ${t}`),
    '',
    "### Occurrences in the outlets' own words",
    '',
    ...cites,
  ].join('\n');
}

const ARTICLE_COLUMNS = [
  'id',
  'external_id',
  'source',
  'url',
  'title',
  'outlet',
  'published',
  'language',
  'chars',
  'quotes',
  'figures',
  'dates',
  'entities',
];
const ANNOTATION_COLUMNS = [
  'article_id',
  'external_id',
  'outlet',
  'published',
  'kind',
  'start',
  'end',
  'text',
  'speaker_or_value',
  'detail',
  'confidence',
];

function annotationRows(a: AnalyzedArticle): unknown[][] {
  const base = [a.id, a.externalId, a.outlet, a.published];
  return [
    ...a.quotes.map((q) => [
      ...base,
      'quote',
      q.start,
      q.end,
      q.text,
      q.speaker,
      `${q.kind}${q.source ? `; source: ${q.source.text}` : ''}`,
      q.confidence,
    ]),
    ...a.figures.map((f) => [
      ...base,
      'figure',
      f.start,
      f.end,
      f.text,
      figureValue(f),
      [f.noun, f.claimant && `claimed by ${f.claimant}`].filter(Boolean).join('; '),
      f.confidence,
    ]),
    ...a.dates.map((d) => [...base, 'date', d.start, d.end, d.text, d.value, d.type, d.confidence]),
    ...a.entities.map((e) => [
      ...base,
      'entity',
      e.mentions[0]?.start,
      e.mentions[0]?.end,
      e.mentions[0]?.text,
      e.name,
      `${e.type}; ${e.mentions.length} mentions; aliases: ${e.aliases.join(' | ')}`,
      e.confidence,
    ]),
  ];
}

function printIngestSummary(
  s: IngestSummary,
  location: string,
  format: string,
  stories: UpdateSummary | null,
): void {
  if (format === 'json') {
    out(JSON.stringify({ database: location, ...s, stories }, null, 2));
    return;
  }
  const near = s.duplicates.filter((d) => d.kind === 'near').length;
  out(
    `ingested ${s.ingested.length}, skipped as duplicate ${s.duplicates.length}${near ? ` (${near} near-duplicates of the same outlet's article)` : ''}, failed ${s.failed.length} → ${location}`,
  );
  if (stories?.assigned)
    out(
      `stories: placed ${stories.assigned} articles, ${stories.opened} new stories${stories.merged ? `, ${stories.merged} merged` : ''} (sitrep stories)`,
    );
  for (const f of s.failed) warn(`failed: ${f.input}: ${f.reason}`);
  for (const w of s.warnings)
    warn(`incomplete: ${w.source} (${w.id}): ${w.warning.analyzer}: ${w.warning.message}`);
  if (s.links.length)
    warn(
      `not read: ${s.links.length} feed item${s.links.length === 1 ? '' : 's'} with no text, only a link (e.g. ${s.links[0]!.url}); --fetch-links fetches the pages`,
    );
}

function parseFraction(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new CliError(`expected a number from 0 to 1, got "${v}"`);
  return n;
}

function parsePositiveNumber(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new CliError(`expected a positive number, got "${v}"`);
  return n;
}

function parsePositive(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new CliError(`expected a positive whole number, got "${v}"`);
  return n;
}

interface FetchFlags {
  allowPrivate?: boolean;
  fetchLinks?: boolean;
  timeout?: number;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  program.exitOverride();
  for (const c of program.commands) c.exitOverride();
  try {
    await program.parseAsync(argv);
    return partialFailure ? 1 : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.code === 'commander.helpDisplayed' ||
        err.code === 'commander.version' ||
        err.code === 'commander.help'
        ? 0
        : 2;
    }
    if (err instanceof CliError) {
      warn(err.message);
      return err.message.startsWith('expected a ') ? 2 : 1;
    }
    warn((err as Error).message);
    return 1;
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
