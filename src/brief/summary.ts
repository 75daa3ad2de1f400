/**
 * The extractive summary of a story: the sentences most central to the coverage (supported by other
 * outlets' sentences, early in their article), without repeating one another, in time order, each cited.
 * Pure. Also the centroid baseline the eval compares it with.
 */
import type { AnalyzedArticle, Span } from '../model/document.js';
import { termsOf } from '../stories/features.js';
import { loadData } from '../util/data.js';
import { baseLanguage } from '../util/language.js';
import { wordCount, words as wordsOf } from '../util/text.js';

/** Where a passage stands: article, outlet, date, paragraph (from 1) and character span. */
export interface Cite {
  articleId: string;
  externalId: string | null;
  outlet: string | null;
  published: string | null;
  paragraph: number;
  start: number;
  end: number;
}

export interface SummarySentence extends Cite {
  text: string;
  score: number;
}

export interface SummaryOptions {
  /** Length budget in words. */
  words: number;
  /** How much a sentence must differ from those already chosen (0 = no redundancy control). */
  redundancy: number;
  /** Weight of agreement from sentences of the same article, against 1 for other articles. */
  sameArticle: number;
  /** Weight of the lead bonus: the first sentence of an article counts 1 + lead, the k-th 1 + lead / k. */
  lead: number;
  /** Weight of a sentence's similarity to the articles' headlines (what the outlets chose as the news). */
  headline: number;
  /** Weight of reported facts in a sentence: entities, figures, dates, attributed statements. */
  facts: number;
  /** Factor for a sentence in the writer's own voice (first or second person outside quotations, or a question). */
  opinion: number;
}

export const DEFAULT_SUMMARY_OPTIONS: SummaryOptions = {
  words: 120,
  redundancy: 0.5,
  sameArticle: 0.3,
  lead: 1,
  headline: 2,
  facts: 1,
  opinion: 0.3,
};

interface Candidate extends SummarySentence {
  vec: Map<string, number>;
  words: number;
  order: number;
  /** Entities, figures, dates and attributed statements in the sentence. */
  facts: number;
  voice: boolean;
  headlineSim: number;
}

const voiceCache = new Map<string, Set<string>>();
function voiceWords(lang: string): Set<string> {
  let v = voiceCache.get(lang);
  if (!v) {
    v = new Set(loadData<Record<string, { voice: string[] }>>('summary.json')[lang]?.voice ?? []);
    voiceCache.set(lang, v);
  }
  return v;
}

/** Sentences of the articles with unit TF-IDF vectors over the story (IDF within the story's sentences). */
function candidates(articles: AnalyzedArticle[]): Candidate[] {
  const raw: { a: AnalyzedArticle; s: Span; terms: string[]; index: number }[] = [];
  const norm = (x: string): string => wordsOf(x.toLowerCase()).join(' ');
  for (const a of articles) {
    const title = norm(a.title ?? '');
    a.sentences.forEach((s, index) => {
      const text = a.text.slice(s.start, s.end);
      const words = wordCount(text);
      if (words < 5 || words > 80) return; // furniture, run-ons
      // The headline repeated as the text's first line is not a sentence of the report.
      if ((title && norm(text) === title) || (s.start === 0 && !/[.!?…"”»]\s*$/u.test(text))) return;
      raw.push({ a, s, terms: termsOf(text, a.language ?? 'en'), index });
    });
  }
  const df = new Map<string, number>();
  for (const r of raw) for (const t of new Set(r.terms)) df.set(t, (df.get(t) ?? 0) + 1);
  const n = raw.length;
  const headlineTerms = new Map<string, number>();
  for (const a of articles)
    for (const t of termsOf(a.title ?? '', a.language ?? 'en'))
      headlineTerms.set(t, (headlineTerms.get(t) ?? 0) + 1);
  return raw.map((r) => {
    const tf = new Map<string, number>();
    for (const t of r.terms) tf.set(t, (tf.get(t) ?? 0) + 1);
    const vec = new Map<string, number>();
    let norm = 0;
    for (const [t, c] of tf) {
      const w = (1 + Math.log(c)) * Math.log(1 + n / df.get(t)!);
      vec.set(t, w);
      norm += w * w;
    }
    norm = Math.sqrt(norm) || 1;
    for (const [t, w] of vec) vec.set(t, w / norm);
    const text = r.a.text.slice(r.s.start, r.s.end);
    const inside = (x: { start: number; end: number }): boolean => x.start >= r.s.start && x.end <= r.s.end;
    const facts =
      r.a.entities.reduce((k, e) => k + e.mentions.filter(inside).length, 0) +
      r.a.figures.filter(inside).length +
      r.a.dates.filter(inside).length +
      r.a.quotes.filter((q) => q.speaker && q.start < r.s.end && q.end > r.s.start).length;
    const quoted = r.a.quotes.filter(
      (q) => (q.kind === 'direct' || q.kind === 'mixed') && q.start < r.s.end && q.end > r.s.start,
    );
    const own = quoted.reduce(
      (t, q) =>
        t.slice(0, Math.max(0, q.start - r.s.start)) +
        ' '.repeat(Math.min(q.end, r.s.end) - Math.max(q.start, r.s.start)) +
        t.slice(Math.min(q.end, r.s.end) - r.s.start),
      text,
    );
    const voice =
      /\?\s*$/.test(own.trim()) ||
      (own.toLowerCase().match(/[\p{L}'’]+/gu) ?? []).some((w) =>
        voiceWords(baseLanguage(r.a.language)).has(w),
      );
    let hs = 0;
    for (const t of new Set(r.terms)) if (headlineTerms.has(t)) hs += vec.get(t) ?? 0;
    return {
      text,
      articleId: r.a.id,
      externalId: r.a.externalId,
      outlet: r.a.outlet,
      published: r.a.published,
      paragraph: paragraphOf(r.a.text, r.s.start),
      start: r.s.start,
      end: r.s.end,
      score: 0,
      vec,
      words: wordCount(text),
      order: r.index,
      facts,
      voice,
      headlineSim: hs,
    };
  });
}

function cosine(a: Map<string, number>, b: Map<string, number>): number {
  let dot = 0;
  const [small, big] = a.size < b.size ? [a, b] : [b, a];
  for (const [t, w] of small) {
    const v = big.get(t);
    if (v) dot += w * v;
  }
  return dot;
}

/**
 * Centrality: how much of the rest of the coverage a sentence agrees with, counting agreement from other
 * outlets (or other articles) more than from its own article, with a lead bonus (news puts what matters
 * first). Then greedy selection with a redundancy cut, until the word budget is spent.
 */
export function summarize(
  articles: AnalyzedArticle[],
  opts: Partial<SummaryOptions> = {},
): SummarySentence[] {
  const o = { ...DEFAULT_SUMMARY_OPTIONS, ...opts };
  const cands = candidates(articles);
  // The support of a sentence, the sum of its similarities to all the others (its own article's weighted by
  // `sameArticle`), is its dot product with sums of vectors: linear in the number of sentences, not quadratic.
  const total = new Map<string, number>();
  const perArticle = new Map<string, Map<string, number>>();
  for (const c of cands) {
    const own = perArticle.get(c.articleId) ?? new Map<string, number>();
    perArticle.set(c.articleId, own);
    for (const [t, w] of c.vec) {
      total.set(t, (total.get(t) ?? 0) + w);
      own.set(t, (own.get(t) ?? 0) + w);
    }
  }
  for (const c of cands) {
    const self = cosine(c.vec, c.vec);
    const inArticle = cosine(c.vec, perArticle.get(c.articleId)!);
    const support = cosine(c.vec, total) - inArticle + o.sameArticle * (inArticle - self);
    c.score =
      support *
      (1 + o.lead / (1 + c.order)) *
      (1 + o.headline * c.headlineSim) *
      (1 + o.facts * Math.min(1, c.facts / Math.max(1, c.words / 8))) *
      (c.voice ? o.opinion : 1);
  }
  return select(cands, o);
}

/** The centroid baseline: sentences by similarity to the centroid of all sentences, no lead bonus, no redundancy control. */
export function centroidSummary(articles: AnalyzedArticle[], words: number): SummarySentence[] {
  const cands = candidates(articles);
  const centroid = new Map<string, number>();
  for (const c of cands) for (const [t, w] of c.vec) centroid.set(t, (centroid.get(t) ?? 0) + w);
  for (const c of cands) c.score = cosine(c.vec, centroid);
  return select(cands, { ...DEFAULT_SUMMARY_OPTIONS, words, redundancy: 0 });
}

function select(cands: Candidate[], o: SummaryOptions): SummarySentence[] {
  const ranked = [...cands].sort((a, b) => b.score - a.score);
  const chosen: Candidate[] = [];
  let used = 0;
  for (const c of ranked) {
    if (used >= o.words) break;
    if (o.redundancy > 0 && chosen.some((d) => cosine(c.vec, d.vec) > o.redundancy)) continue;
    if (used + c.words > o.words * 1.2 && chosen.length) continue;
    chosen.push(c);
    used += c.words;
  }
  chosen.sort(
    (a, b) =>
      (a.published ?? '').localeCompare(b.published ?? '') ||
      a.articleId.localeCompare(b.articleId) ||
      a.start - b.start,
  );
  return chosen.map(({ vec: _v, words: _w, order: _o, facts: _f, voice: _vo, headlineSim: _h, ...s }) => s);
}

/** 1-based paragraph number of an offset in a text whose paragraphs are separated by blank lines. */
export function paragraphOf(text: string, offset: number): number {
  let n = 1;
  for (let i = text.indexOf('\n\n'); i >= 0 && i < offset; i = text.indexOf('\n\n', i + 2)) n++;
  return n;
}
