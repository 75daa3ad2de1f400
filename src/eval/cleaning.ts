/**
 * What plain-text cleaning takes out of texts known to be article: lines it removes as page furniture that
 * are article sentences (target 0). Two kinds of gold say a line is the article's:
 * - texts that are article body and nothing else (the Zyte set's `articleBody`, AllSides texts, PolNeAR
 *   texts): a removed line of running prose there (closing punctuation, 8 words or more, no handle, e-mail or
 *   link, which mark an author box) is an article sentence;
 * - gold annotations (the seeds' quotes, figures and dates; PolNeAR's attributions): a removed line holding
 *   one is an article sentence, save a line that is only a date and time (a dateline: its date goes to the
 *   article's metadata).
 * The measure is independent of the furniture rules it checks: it never asks them what a sentence is.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanPlainText } from '../extract/text.js';
import type { RemovedText, Span } from '../model/document.js';
import { wordCount } from '../util/text.js';
import type { Row } from './corpora.js';

interface Source {
  /** The corpus, for the note. */
  set: string;
  text: string;
  /** True when every line of the text is article body. */
  body: boolean;
  /** Gold annotation spans in the text, raw offsets, with the kind of annotation. */
  gold: (Span & { kind: string })[];
}

const readJsonl = <T>(path: string): T[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);

function sources(shared: string): Source[] {
  const corpus = join(shared, 'corpus');
  const out: Source[] = [];
  const zyte = JSON.parse(
    readFileSync(join(corpus, 'extraction-dev', 'zyte-dev', 'ground-truth.json'), 'utf8'),
  ) as Record<string, { articleBody?: string }>;
  for (const v of Object.values(zyte))
    if (v.articleBody) out.push({ set: 'zyte', text: v.articleBody, body: true, gold: [] });
  for (const a of readJsonl<{ text: string }>(join(corpus, 'stories-dev', 'allsides.jsonl')))
    out.push({ set: 'allsides', text: a.text, body: true, gold: [] });
  type Part = Span[] | undefined;
  for (const d of readJsonl<{ text: string; quotes: { cue: Part; sources: Part; contents: Part }[] }>(
    join(corpus, 'quotes-dev', 'dev.jsonl'),
  )) {
    const gold = d.quotes.flatMap((q) =>
      [...(q.cue ?? []), ...(q.sources ?? []), ...(q.contents ?? [])].map((s) => ({ ...s, kind: 'quote' })),
    );
    out.push({ set: 'polnear', text: d.text, body: true, gold });
  }
  const seeds = join(corpus, 'seeds');
  const gold = new Map<string, Source['gold']>();
  for (const kind of ['quotes', 'figures', 'dates'])
    for (const g of readJsonl<Span & { doc: string }>(join(shared, 'gold', `${kind}.jsonl`))) {
      const list = gold.get(g.doc) ?? [];
      list.push({ start: g.start, end: g.end, kind });
      gold.set(g.doc, list);
    }
  for (const f of readdirSync(seeds).sort()) {
    if (!f.endsWith('.txt')) continue;
    const text = readFileSync(join(seeds, f), 'utf8');
    out.push({ set: 'seeds', text, body: false, gold: gold.get(f.slice(0, 3)) ?? [] });
  }
  return out;
}

/** Running prose: a sentence's closing punctuation, 8 words or more, and no contact details. */
function prose(line: string): boolean {
  return /[.!?…]["”’»)]*$/u.test(line) && wordCount(line) >= 8 && !/@|https?:\/\/|www\./i.test(line);
}

/** Holds a gold annotation, unless it is a date alone on its line with only a clock time beside it. */
function holdsGold(r: RemovedText, gold: Source['gold']): boolean {
  return gold.some((g) => {
    if (g.end <= r.start || g.start >= r.end) return false;
    if (g.kind !== 'dates') return true;
    const rest = r.text.slice(0, Math.max(0, g.start - r.start)) + r.text.slice(Math.max(0, g.end - r.start));
    return /\p{L}/u.test(rest);
  });
}

export async function evalCleaning(shared: string): Promise<Row[]> {
  const counts = new Map<string, { removed: number; sentences: number }>();
  const examples: string[] = [];
  let texts = 0;
  for (const s of sources(shared)) {
    texts++;
    const c = counts.get(s.set) ?? { removed: 0, sentences: 0 };
    counts.set(s.set, c);
    for (const r of cleanPlainText(s.text).removed) {
      c.removed++;
      if ((s.body && prose(r.text)) || holdsGold(r, s.gold)) {
        c.sentences++;
        if (examples.length < 3) examples.push(`${r.rule}: "${r.text.slice(0, 50)}"`);
      }
    }
  }
  const total = [...counts.values()].reduce((n, c) => n + c.sentences, 0);
  const lines = [...counts.values()].reduce((n, c) => n + c.removed, 0);
  const per = [...counts].map(([k, c]) => `${k} ${c.sentences}/${c.removed}`).join(', ');
  return [
    {
      corpus: 'cleaning',
      measure: 'article sentences removed as furniture',
      value: total,
      target: '0 (#14)',
      note: `of ${lines} lines removed from ${texts} texts (${per})${examples.length ? `; e.g. ${examples.join('; ')}` : ''}`,
    },
  ];
}
