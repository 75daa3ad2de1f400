/** The demo: the bundled sample corpus, ingested and summed up in a short report. */
import { fileURLToPath } from 'node:url';
import type { IngestSummary } from '../ingest/into-store.js';
import type { Store } from '../store/store.js';
import type { StoryOverview } from '../stories/overview.js';
import { figureValue, table } from './render.js';

export const SAMPLE_CORPUS = fileURLToPath(new URL('../../fixtures/sample-corpus/', import.meta.url));

export async function demoReport(
  store: Store,
  summary: IngestSummary,
  stories: StoryOverview[],
  format: string,
): Promise<string> {
  const outlets = new Map<string, number>();
  const entities = new Map<string, { type: string; articles: Set<string>; aliases: Set<string> }>();
  const speakers = new Map<string, { n: number; example: string; where: string }>();
  const figures: { value: string; noun: string; claimant: string; outlet: string; text: string }[] = [];
  let articles = 0;
  for await (const a of store.articles()) {
    articles++;
    const outlet = a.outlet ?? 'unknown outlet';
    outlets.set(outlet, (outlets.get(outlet) ?? 0) + 1);
    for (const e of a.entities) {
      if (e.type === 'other') continue;
      const x = entities.get(e.name) ?? { type: e.type, articles: new Set(), aliases: new Set() };
      x.articles.add(a.id);
      e.aliases.forEach((al) => x.aliases.add(al));
      entities.set(e.name, x);
    }
    for (const q of a.quotes) {
      if (!q.speaker || q.kind === 'headline') continue;
      const s = speakers.get(q.speaker) ?? {
        n: 0,
        example: q.text,
        where: `${outlet}, ${a.published?.slice(0, 10) ?? 'undated'}`,
      };
      s.n++;
      speakers.set(q.speaker, s);
    }
    for (const f of a.figures) {
      if (f.noun)
        figures.push({
          value: figureValue(f),
          noun: f.noun,
          claimant: f.claimant ?? '',
          outlet,
          text: f.text,
        });
    }
  }
  const topEntities = [...entities].sort((a, b) => b[1].articles.size - a[1].articles.size).slice(0, 10);
  const topSpeakers = [...speakers].sort((a, b) => b[1].n - a[1].n).slice(0, 6);
  if (format === 'json') {
    return JSON.stringify(
      {
        database: store.location,
        summary: {
          ingested: summary.ingested.length,
          duplicates: summary.duplicates.length,
          failed: summary.failed,
        },
        articles,
        outlets: Object.fromEntries(outlets),
        stories: stories.map((st) => ({
          id: st.id,
          label: st.label,
          articles: st.articleCount,
          events: st.events.length,
          outlets: st.outlets,
          first: st.first,
          last: st.last,
        })),
        entities: topEntities.map(([name, e]) => ({
          name,
          type: e.type,
          articles: e.articles.size,
          aliases: [...e.aliases],
        })),
        speakers: topSpeakers.map(([name, s]) => ({ name, quotes: s.n, example: s.example, where: s.where })),
        figures,
      },
      null,
      2,
    );
  }
  const lines: string[] = [];
  lines.push(`sitrep demo — the bundled sample corpus (${SAMPLE_CORPUS})`);
  lines.push(
    `ingested ${summary.ingested.length}, already stored ${summary.duplicates.length}, failed ${summary.failed.length}`,
  );
  for (const f of summary.failed) lines.push(`  failed: ${f.input}: ${f.reason}`);
  lines.push(
    '',
    `${articles} articles from ${outlets.size} outlets: ${[...outlets].map(([o, n]) => `${o} (${n})`).join(', ')}`,
  );
  lines.push(
    '',
    'Stories',
    table(
      ['story', 'articles', 'events', 'outlets', 'label'],
      stories.map((st) => [st.id, st.articleCount, st.events.length, st.outlets.length, st.label]),
      90,
    ),
  );
  lines.push(
    '',
    'Who is involved',
    table(
      ['entity', 'type', 'articles', 'also called'],
      topEntities.map(([name, e]) => [
        name,
        e.type,
        e.articles.size,
        [...e.aliases].filter((x) => x !== name).join(', '),
      ]),
    ),
  );
  lines.push(
    '',
    'Who said what',
    table(
      ['speaker', 'quotes', 'for example'],
      topSpeakers.map(([name, s]) => [name, s.n, `“${s.example}” (${s.where})`]),
      90,
    ),
  );
  lines.push(
    '',
    'Figures claimed',
    table(
      ['figure', 'counts', 'claimed by', 'outlet'],
      figures.slice(0, 12).map((f) => [f.value, f.noun, f.claimant, f.outlet]),
    ),
  );
  lines.push('', `Database: ${store.location}`);
  lines.push(
    `Next: sitrep stories --db ${store.location}   ·   sitrep list --db ${store.location}   ·   sitrep search --db ${store.location} "ceasefire"   ·   sitrep show --db ${store.location} <id>`,
  );
  return lines.join('\n');
}
