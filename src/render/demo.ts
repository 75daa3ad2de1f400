/** The demo's report: terminal text, or JSON with the same numbers. */
import type { DemoReport } from '../app/demo.js';
import { figureValue } from '../app/export.js';
import { citeSource, outletName } from './cite.js';
import { table } from './table.js';
import { oneLine } from './text.js';

/** The demo report as plain data (what `sitrep demo --format json` prints). */
export function demoData(r: DemoReport): unknown {
  return {
    database: r.database,
    summary: {
      ingested: r.ingest.ingested.length,
      duplicates: r.ingest.duplicates.length,
      failed: r.ingest.failed,
      warnings: r.ingest.warnings,
    },
    articles: r.articles,
    outlets: Object.fromEntries(r.outlets.map((o) => [o.outlet, o.articles])),
    stories: r.stories.map((st) => ({
      id: st.id,
      label: st.label,
      articles: st.articleCount,
      events: st.events.length,
      outlets: st.outlets,
      first: st.first,
      last: st.last,
    })),
    entities: r.entities.map((e) => ({
      name: e.name,
      type: e.type,
      articles: e.articles,
      mentions: e.mentions,
      aliases: e.aliases,
    })),
    speakers: r.speakers.map((s) => ({
      name: s.speaker,
      quotes: s.quotes.length,
      example: s.quotes[0]?.text ?? '',
      where: where(s.quotes[0]?.cite),
    })),
    figures: r.figures.map((f) => ({
      value: figureValue(f.figure),
      noun: f.figure.noun,
      claimant: f.figure.claimant ?? '',
      outlet: outletName(f.article.outlet),
      text: f.figure.text,
    })),
  };
}

const where = (c: { outlet: string | null; published: string | null } | undefined): string =>
  c ? citeSource(c) : '';

export function demoText(r: DemoReport): string {
  const lines: string[] = [];
  const s = r.ingest;
  lines.push(`sitrep demo — the bundled sample corpus (${oneLine(r.corpus)})`);
  lines.push(
    `ingested ${s.ingested.length}, already stored ${s.duplicates.length}, failed ${s.failed.length}`,
  );
  for (const f of s.failed) lines.push(`  failed: ${oneLine(f.input)}: ${oneLine(f.reason)}`);
  lines.push(
    '',
    `${r.articles} articles from ${r.outlets.length} outlets: ${oneLine(r.outlets.map((o) => `${o.outlet} (${o.articles})`).join(', '))}`,
  );
  lines.push(
    '',
    'Stories',
    table(
      ['story', 'articles', 'events', 'outlets', 'label'],
      r.stories.map((st) => [st.id, st.articleCount, st.events.length, st.outlets.length, st.label]),
      90,
    ),
  );
  lines.push(
    '',
    'Who is involved',
    table(
      ['entity', 'type', 'articles', 'also called'],
      r.entities.map((e) => [e.name, e.type, e.articles, e.aliases.join(', ')]),
    ),
  );
  lines.push(
    '',
    'Who said what',
    table(
      ['speaker', 'quotes', 'for example'],
      r.speakers.map((g) => [
        g.speaker,
        g.quotes.length,
        `“${g.quotes[0]?.text ?? ''}” (${where(g.quotes[0]?.cite)})`,
      ]),
      90,
    ),
  );
  lines.push(
    '',
    'Figures claimed',
    table(
      ['figure', 'counts', 'claimed by', 'outlet'],
      r.figures
        .slice(0, 12)
        .map((f) => [
          figureValue(f.figure),
          f.figure.noun,
          f.figure.claimant ?? '',
          outletName(f.article.outlet),
        ]),
    ),
  );
  const db = oneLine(r.database);
  lines.push('', `Database: ${db}`);
  lines.push(
    `Next: sitrep stories --db ${db}   ·   sitrep list --db ${db}   ·   sitrep search --db ${db} "ceasefire"   ·   sitrep show --db ${db} <id>`,
  );
  return lines.join('\n');
}
