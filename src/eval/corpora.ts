/**
 * Runs sitrep over each development corpus in ../shared/corpus and scores it with the team's scorers in
 * ../shared/eval (imported, so the numbers are exactly theirs), or with the metric the corpus README
 * defines where no scorer exists (NewsQuant).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { analyze } from '../analyze/analyze.js';
import { createContext } from '../analyze/context.js';
import { findDates } from '../analyze/dates.js';
import { figuresAnalyzer } from '../analyze/figures.js';
import { datesAnalyzer } from '../analyze/dates.js';
import { sentencesAnalyzer } from '../analyze/sentences.js';
import { extract } from '../extract/extract.js';
import { readabilityExtract } from '../bench/readability.js';
import { decodeText } from '../ingest/decode.js';
import { contentId } from '../ingest/inputs.js';
import type { AnalyzedArticle, Article } from '../model/document.js';
import { toRawOffset } from '../model/document.js';
import { runPipeline } from '../pipeline.js';
import { loadSeedsGold, scoreSeeds } from './seeds.js';
import { words } from '../util/text.js';

export interface Row {
  corpus: string;
  measure: string;
  value: number | null;
  /** The target an issue sets, or a published reference point, for reading the table. */
  target?: string;
  note?: string;
}

type Scorer = Record<string, (...args: never[]) => unknown>;
const importScorer = async (shared: string, name: string): Promise<Scorer> =>
  (await import(pathToFileURL(join(shared, 'eval', name)).href)) as Scorer;

export async function evalSeeds(shared: string): Promise<Row[]> {
  const seeds = join(shared, 'corpus', 'seeds');
  const articles: AnalyzedArticle[] = [];
  for await (const item of runPipeline([seeds], { meta: [join(seeds, 'meta.jsonl')] }))
    if (item.ok) articles.push(item.article);
  const s = scoreSeeds(loadSeedsGold(join(shared, 'gold')), articles);
  const c = 'seeds';
  return [
    {
      corpus: c,
      measure: 'quotes detection F1',
      value: s.quotes.f1,
      target: '≥ 0.95 (#6)',
      note: `P ${s.quotes.precision.toFixed(3)} R ${s.quotes.recall.toFixed(3)}`,
    },
    { corpus: c, measure: 'quotes attribution accuracy', value: s.quotes.attribution, target: '≥ 0.95 (#6)' },
    { corpus: c, measure: 'quotes end-to-end F1', value: s.quotes.endToEnd.f1, target: '≥ 0.92 (#6)' },
    { corpus: c, measure: 'figures precision', value: s.figures.precision, target: '≥ 0.95 (#5)' },
    { corpus: c, measure: 'figures recall', value: s.figures.recall, target: '≥ 0.95 (#5)' },
    { corpus: c, measure: 'figures claimant = quote speaker', value: s.figures.claimant, target: 'all (#5)' },
    { corpus: c, measure: 'dates value accuracy', value: s.dates.valueAccuracy, target: '≥ 0.95 (#5)' },
    {
      corpus: c,
      measure: 'dates recall',
      value: s.dates.recall,
      target: '≥ 0.95 (#5)',
      note: `P ${s.dates.precision.toFixed(3)}`,
    },
    {
      corpus: c,
      measure: 'entities (doc, entity) precision',
      value: s.entities.precision,
      target: '≥ 0.92 (#6)',
    },
    { corpus: c, measure: 'entities (doc, entity) recall', value: s.entities.recall, target: '≥ 0.92 (#6)' },
    {
      corpus: c,
      measure: 'entity alias pairs merged',
      value: s.entities.aliasPairsMerged,
      target: '≥ 0.95 (#6)',
    },
  ];
}

type PageExtractor = (html: string, source: string) => { text: string; article?: Article };

const sitrepPage: PageExtractor = (html, source) => {
  const article = extract({ source, format: 'html', content: html, id: contentId(html), meta: {} });
  return { text: article.text, article };
};
const readabilityPage: PageExtractor = (html) => ({ text: readabilityExtract(html).text });

/** Extracted body text of every page of a folder of .html.gz files, keyed by the name without extension. */
function extractPages(dir: string, keyOf: (file: string) => string, fn: PageExtractor) {
  const texts: Record<string, string> = {};
  const articles: Record<string, Article> = {};
  let failed = 0;
  let seconds = 0;
  for (const f of readdirSync(dir).sort()) {
    if (!f.endsWith('.gz')) continue;
    const source = join(dir, f);
    const html = decodeText(source, gunzipSync(readFileSync(source)));
    const t0 = performance.now();
    try {
      const r = fn(html, source);
      texts[keyOf(f)] = r.text;
      if (r.article) articles[keyOf(f)] = r.article;
    } catch {
      texts[keyOf(f)] = '';
      failed++;
    }
    seconds += (performance.now() - t0) / 1000;
  }
  return { texts, articles, seconds, failed };
}

export async function evalZyte(shared: string): Promise<Row[]> {
  const dir = join(shared, 'corpus', 'extraction-dev', 'zyte-dev');
  const gt = JSON.parse(readFileSync(join(dir, 'ground-truth.json'), 'utf8'));
  const scorer = await importScorer(shared, 'score-extraction.mjs');
  const rows: Row[] = [];
  for (const [who, fn, target] of [
    ['sitrep', sitrepPage, '≥ 0.975 (#3)'],
    ['Readability', readabilityPage, '(reference)'],
  ] as const) {
    const { texts, seconds, failed } = extractPages(
      join(dir, 'html'),
      (f) => f.replace(/\.html\.gz$/, ''),
      fn,
    );
    const { metrics } = (
      scorer.evaluate as unknown as (
        g: unknown,
        p: unknown,
        o: unknown,
      ) => { metrics: Record<string, number> }
    )(gt, texts, { nBootstrap: 200, label: 'zyte-dev' });
    const n = Object.keys(texts).length;
    rows.push({
      corpus: 'zyte-dev',
      measure: `body F1, ${who}`,
      value: metrics.f1!,
      target,
      note: `P ${metrics.precision!.toFixed(3)} R ${metrics.recall!.toFixed(3)}; ${n} pages, ${failed} failed, ${(n / seconds).toFixed(0)} pages/s (extraction only)`,
    });
  }
  return rows;
}

interface TrafilaturaItem {
  file: string;
  with: string[];
  without: string[];
  title?: string;
  date?: string;
  author?: string | string[];
}

export async function evalTrafilatura(shared: string): Promise<Row[]> {
  const dir = join(shared, 'corpus', 'extraction-dev', 'trafilatura-eval');
  const evaldata = JSON.parse(readFileSync(join(dir, 'evaldata.json'), 'utf8')) as Record<
    string,
    TrafilaturaItem
  >;
  const scorer = await importScorer(shared, 'score-segments.mjs');
  const rows: Row[] = [];
  let ours: Record<string, Article> = {};
  for (const [who, fn, target] of [
    ['sitrep', sitrepPage, '≥ 0.93 (#3)'],
    ['Readability', readabilityPage, '(reference)'],
  ] as const) {
    const { texts, articles, seconds, failed } = extractPages(
      join(dir, 'html'),
      (f) => f.replace(/\.gz$/, ''),
      fn,
    );
    if (who === 'sitrep') ours = articles;
    const m = (scorer.scoreSegments as unknown as (e: unknown, p: unknown) => Record<string, number>)(
      evaldata,
      texts,
    );
    const n = Object.keys(texts).length;
    rows.push({
      corpus: 'trafilatura-eval',
      measure: `segments F1, ${who}`,
      value: m.f1!,
      target,
      note: `P ${m.precision!.toFixed(3)} R ${m.recall!.toFixed(3)}; ${n} pages, ${failed} failed, ${(n / seconds).toFixed(0)} pages/s (extraction only)`,
    });
  }
  rows.push(...metadataRows(Object.values(evaldata), ours));
  return rows;
}

/** Title, date and author found by sitrep against the values trafilatura's evaluation set records. */
function metadataRows(items: TrafilaturaItem[], articles: Record<string, Article>): Row[] {
  const norm = (s: string): string => words(s.toLowerCase()).join(' ');
  const tally = { title: [0, 0], date: [0, 0], author: [0, 0] };
  for (const it of items) {
    const a = articles[it.file];
    if (it.title) {
      tally.title[1]!++;
      if (a?.title && norm(a.title) === norm(it.title)) tally.title[0]!++;
    }
    if (it.date && /^\d{4}-\d{2}-\d{2}/.test(it.date)) {
      tally.date[1]!++;
      if (a?.published?.slice(0, 10) === it.date.slice(0, 10)) tally.date[0]!++;
    }
    const authors = (Array.isArray(it.author) ? it.author : it.author ? it.author.split(/;|,| and /) : [])
      .map(norm)
      .filter(Boolean);
    if (authors.length) {
      tally.author[1]!++;
      const found = (a?.authors ?? []).map((x: string) => norm(x));
      if (found.some((f) => authors.some((g) => g.includes(f) || f.includes(g)))) tally.author[0]!++;
    }
  }
  return (Object.entries(tally) as [string, number[]][]).map(([k, [ok, n]]) => ({
    corpus: 'trafilatura-eval',
    measure: `metadata ${k} accuracy`,
    value: n ? ok! / n! : 0,
    target: '',
    note: `${ok} of ${n} pages with a gold ${k}${k === 'title' ? ' (exact, case and punctuation aside)' : k === 'date' ? ' (same day)' : ' (one author matches)'}`,
  }));
}

interface PolnearDoc {
  id: string;
  date?: string;
  text: string;
}

export async function evalPolnear(shared: string): Promise<Row[]> {
  const dir = join(shared, 'corpus', 'quotes-dev');
  const scorer = await importScorer(shared, 'score-quotes.mjs');
  const readJsonl = scorer.readJsonl as unknown as (p: string) => PolnearDoc[];
  const evaluate = scorer.evaluate as unknown as QuoteEvaluate;
  const gold = readJsonl(join(dir, 'dev.jsonl'));
  const resolved = readJsonl(join(dir, 'dev.resolved.jsonl')) as unknown as (PolnearDoc & {
    quotes: { speaker: { name: string } | null }[];
  })[];
  const pred = new Map<string, unknown>();
  for (const doc of gold) {
    const a = analyze(
      extract({
        source: doc.id,
        format: 'text',
        content: doc.text,
        id: contentId(doc.text),
        meta: { published: doc.date },
      }),
    );
    const span = (s: { start: number; end: number }): { start: number; end: number } => ({
      start: toRawOffset(a, s.start),
      end: toRawOffset(a, s.end),
    });
    pred.set(doc.id, {
      id: doc.id,
      quotes: a.quotes
        .filter((q) => q.kind !== 'headline')
        .map((q) => ({
          content: span(q),
          source: q.source ? span(q.source) : null,
          speaker: q.speaker,
          cue: q.cue ? span(q.cue) : null,
        })),
    });
  }
  const direct = evaluate(gold, pred, { types: ['direct', 'mixed'] });
  const speech = evaluate(gold, pred, { speechCuesOnly: true });
  const all = evaluate(gold, pred, {});
  const entity = evaluate(resolved, pred, {});
  const directEntity = evaluate(resolved, pred, { types: ['direct'] });
  const directMixedEntity = evaluate(resolved, pred, { types: ['direct', 'mixed'] });
  const unresolved = unresolvedNamed(evaluate, resolved, pred);
  const c = 'polnear-dev';
  return [
    {
      corpus: c,
      measure: 'direct+mixed quotes lenient F1',
      value: direct.quotesLenient!.f1!,
      target: '≥ 0.92 (#16)',
    },
    {
      corpus: c,
      measure: 'speech-cue attributions lenient F1',
      value: speech.quotesLenient!.f1!,
      target: '≥ 0.82 (#16)',
    },
    {
      corpus: c,
      measure: 'direct: speaker entity given a matched quote',
      value: directEntity.speakerEntity!.accGivenMatch!,
      target: '≥ 0.90 (#16)',
      note: `${directEntity.speakerEntity!.tp} of ${directEntity.speakerEntity!.gold} in scope right`,
    },
    {
      corpus: c,
      measure: 'direct+mixed speaker entity F1',
      value: directMixedEntity.speakerEntity!.f1!,
      target: '≥ 0.80 (#16)',
      note: `P ${directMixedEntity.speakerEntity!.p} R ${directMixedEntity.speakerEntity!.r}`,
    },
    {
      corpus: c,
      measure: 'direct, named speaker left unresolved',
      value: unresolved.rate,
      target: '≤ 0.03 (#16)',
      note: `${unresolved.left} of ${unresolved.matched} matched`,
    },
    {
      corpus: c,
      measure: 'all attributions lenient F1',
      value: all.quotesLenient!.f1!,
      note: `P ${all.quotesLenient!.p} R ${all.quotesLenient!.r}`,
    },
    { corpus: c, measure: 'speaker-mention F1 (all)', value: all.speakerMention!.f1!, target: '≥ 0.88 (#6)' },
    {
      corpus: c,
      measure: 'speaker resolved to name F1',
      value: entity.speakerEntity!.f1!,
      target: '≥ 0.80 (#6)',
    },
  ];
}

type QuoteEvaluate = (
  g: unknown,
  p: Map<string, unknown>,
  o: unknown,
) => Record<string, Record<string, number>>;

/**
 * Of the direct quotes whose gold source span names the speaker and that sitrep found, the share it left without
 * a speaker. Measured with the scorer's own matching: every predicted speaker becomes one placeholder that the
 * alias table maps every gold name to, so "right" reads "resolved to anyone" and a null speaker stays wrong.
 */
function unresolvedNamed(
  evaluate: QuoteEvaluate,
  resolved: { quotes: { speaker: { name: string } | null }[] }[],
  pred: Map<string, unknown>,
): { rate: number; left: number; matched: number } {
  const anyone = 'resolved speaker';
  const aliases: Record<string, string> = { [anyone]: anyone };
  for (const d of resolved)
    for (const q of d.quotes) if (q.speaker) aliases[q.speaker.name.toLowerCase()] = anyone;
  const blind = new Map<string, unknown>();
  for (const [id, doc] of pred) {
    const d = doc as { id: string; quotes: { speaker: string | null }[] };
    blind.set(id, { ...d, quotes: d.quotes.map((q) => ({ ...q, speaker: q.speaker ? anyone : null })) });
  }
  const named = (
    evaluate(resolved, blind, { types: ['direct'], aliases }).byGoldSpeakerResolution as unknown as Record<
      string,
      { entityAcc: number | null; quoteRecall: number | null; gold: number }
    >
  )['named-in-span'];
  if (!named?.entityAcc) return { rate: 0, left: 0, matched: 0 };
  const matched = Math.round(named.gold * named.quoteRecall!);
  const left = Math.round(matched * (1 - named.entityAcc));
  return { rate: matched ? left / matched : 0, left, matched };
}

interface NewsQuantSentence {
  text: string;
  quantities: { value: string; normalized_unit: string }[];
}

/** One number as NewsQuant writes it: "6.0", "-5", "2.998E-08". */
const NQ_NUMBER = String.raw`-?\d[\d.]*(?:e[-+]?\d+)?`;
const NQ_RANGE = new RegExp(String.raw`^\s*(?<low>${NQ_NUMBER})\s*-\s*(?<high>${NQ_NUMBER})\s*$`, 'i');

/**
 * A NewsQuant range value ("3-4", "3.0 - 4.0") as its two bounds, or null for one number. A "-" that
 * signs a number or its exponent ("-5", "2.998e-8") makes no range.
 */
function rangeOf(value: string): { low: number; high: number } | null {
  const m = NQ_RANGE.exec(value);
  return m ? { low: Number(m.groups!.low), high: Number(m.groups!.high) } : null;
}

/** NewsQuant: the CQE paper's metric (match per sentence on value, ranges exact, relative tolerance 1e-5; then on unit). */
export async function evalNewsQuant(shared: string): Promise<Row[]> {
  const data = JSON.parse(
    readFileSync(join(shared, 'corpus', 'figures-dev', 'newsquant-dev.json'), 'utf8'),
  ) as NewsQuantSentence[];
  let predicted = 0,
    gold = 0,
    okValue = 0,
    okUnit = 0;
  // The sentences in two halves (even and odd positions): rules are designed on one and checked on the other.
  const halves = [0, 1].map(() => ({ predicted: 0, gold: 0, okValue: 0, okUnit: 0 }));
  const close = (a: number, b: number): boolean =>
    Math.abs(a - b) <= 1e-5 * Math.max(Math.abs(a), Math.abs(b), 1e-12);
  for (const [index, s] of data.entries()) {
    const half = halves[index % 2]!;
    const ctx = createContext({
      id: 'nq',
      externalId: null,
      source: 'nq',
      url: null,
      title: null,
      outlet: null,
      agency: null,
      authors: [],
      credit: null,
      published: null,
      language: 'en',
      format: 'text',
      text: s.text,
      meta: {},
      sourceMap: null,
      removed: [],
    });
    for (const a of [sentencesAnalyzer, datesAnalyzer, figuresAnalyzer]) a.run(ctx);
    const preds = ctx.figures
      .filter((f) => f.value !== null || f.low !== null)
      .map((f) => ({ value: f.low !== null ? `${f.low}-${f.high}` : String(f.value), unit: f.unit ?? '-' }));
    predicted += preds.length;
    gold += s.quantities.length;
    half.predicted += preds.length;
    half.gold += s.quantities.length;
    const usedV = new Set<number>(),
      usedU = new Set<number>();
    for (const p of preds) {
      const valueMatch = (g: { value: string }): boolean => {
        const [pr, gr] = [rangeOf(p.value), rangeOf(g.value)];
        if (pr || gr) return !!pr && !!gr && close(pr.low, gr.low) && close(pr.high, gr.high);
        return close(Number(p.value), Number(g.value));
      };
      const vi = s.quantities.findIndex((g, i) => !usedV.has(i) && valueMatch(g));
      if (vi >= 0) {
        usedV.add(vi);
        okValue++;
        half.okValue++;
      }
      const ui = s.quantities.findIndex(
        (g, i) => !usedU.has(i) && valueMatch(g) && g.normalized_unit.toLowerCase() === p.unit,
      );
      if (ui >= 0) {
        usedU.add(ui);
        okUnit++;
        half.okUnit++;
      }
    }
  }
  const f1 = (ok: number, p = predicted, g = gold): number =>
    p && g && ok ? (2 * (ok / p) * (ok / g)) / (ok / p + ok / g) : 0;
  const byHalf = (key: 'okValue' | 'okUnit'): string =>
    `even ${f1(halves[0]![key], halves[0]!.predicted, halves[0]!.gold).toFixed(3)}, odd ${f1(halves[1]![key], halves[1]!.predicted, halves[1]!.gold).toFixed(3)}`;
  return [
    {
      corpus: 'newsquant-dev',
      measure: 'value F1',
      value: f1(okValue),
      target: '≥ 0.93 (#5)',
      note: `P ${(okValue / predicted).toFixed(3)} R ${(okValue / gold).toFixed(3)}; ${byHalf('okValue')}`,
    },
    {
      corpus: 'newsquant-dev',
      measure: 'value+unit F1',
      value: f1(okUnit),
      target: '≥ 0.88 (#5)',
      note: byHalf('okUnit'),
    },
  ];
}

export async function evalTimeml(shared: string): Promise<Row[]> {
  const scorer = await importScorer(shared, 'score-timex.mjs');
  const loadDir = scorer.loadDir as unknown as (
    d: string,
  ) => { id: string; dct: string | null; text: string }[];
  const score = scorer.score as unknown as (
    docs: unknown,
    preds: Record<string, unknown[]>,
  ) => { valueF1: number; relaxed: { F1: number }; valueAcc: number };
  const rows: Row[] = [];
  for (const part of ['TimeBank', 'AQUAINT']) {
    const dir = join(shared, 'corpus', 'figures-dev', 'timeml', part);
    if (!existsSync(dir)) continue;
    const docs = loadDir(dir);
    const preds: Record<string, unknown[]> = {};
    for (const d of docs)
      preds[d.id] = findDates(d.text, d.dct ? d.dct.slice(0, 10) : null).map((x) => ({
        start: x.start,
        end: x.end,
        type: x.type,
        value: x.value ?? '',
      }));
    const r = score(docs, preds);
    rows.push({
      corpus: `timeml-${part.toLowerCase()}`,
      measure: 'value F1',
      value: r.valueF1 / 100,
      target: '≥ 0.80 (#5)',
      note: `relaxed F1 ${(r.relaxed.F1 / 100).toFixed(3)}, value accuracy ${(r.valueAcc / 100).toFixed(3)}`,
    });
  }
  return rows;
}
