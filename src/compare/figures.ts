/**
 * Figures across outlets: figures grouped by what they count (the counted noun, stemmed), and for each
 * group whether the outlets agree or differ, with the dates that may explain a difference. Pure. A first
 * alignment: by noun only (the measure's verb and period come next).
 */
import { annotationRows, canonicalName, entitiesAcross } from '../analyze/collection.js';
import { isUnitOfMeasure } from '../analyze/figures.js';
import type { AnalyzedArticle, Figure } from '../model/document.js';
import { termsOf } from '../stories/features.js';
import { loadData } from '../util/data.js';
import { baseLanguage } from '../util/language.js';

function boundaryWords(lang: string): Set<string> {
  return new Set(
    loadData<Record<string, { dateBoundaries: string[] }>>('compare.json')[lang]?.dateBoundaries ?? [],
  );
}

export interface AlignedFigure {
  articleId: string;
  outlet: string | null;
  published: string | null;
  text: string;
  value: number | null;
  low: number | null;
  high: number | null;
  qualifier: Figure['qualifier'];
  /** What the figure measures, normalised ("tonne", "tonne per day", "resident"), when known. */
  unit: string | null;
  claimant: string | null;
  start: number;
  end: number;
  /**
   * Dates stated in the figure's sentence (TIMEX values) that say when it held ("on Saturday"): not
   * boundaries ("since 2011"), not dates more than a month before publication.
   */
  dates: string[];
  /** The period the figure covers when its sentence states one ("over the past 24 hours", "since September 30"). */
  period: string | null;
  sentence: string;
}

export interface FigureGroup {
  /** What is counted, as the first figure worded it. */
  noun: string;
  figures: AlignedFigure[];
  /**
   * `agree`: the same value everywhere; `differ`: values differ across outlets; `incomparable`: the outlets
   * measure it differently (a total and a rate, tonnes and kilograms); `single`: one outlet only.
   */
  verdict: 'agree' | 'differ' | 'incomparable' | 'single';
  /** Why they may differ, when the texts give a reason (different dates). */
  reason: string | null;
}

export function alignFigures(articles: AnalyzedArticle[]): FigureGroup[] {
  const groups = new Map<string, FigureGroup>();
  const claimantName = canonicalName(entitiesAcross(annotationRows(articles, 'entities')));
  for (const a of articles) {
    for (const f of a.figures) {
      if (!f.noun) continue;
      // The head of "tonnes of acid" is "tonnes"; of "oil refining facilities", "facilities".
      const head = f.noun.split(/\s+of\s+/i)[0]!;
      const key = termsOf(head, a.language ?? 'en').at(-1);
      if (!key) continue;
      const s = a.sentences.find((x) => x.start <= f.start && x.end >= f.end) ?? {
        start: f.start,
        end: f.end,
      };
      const boundaries = boundaryWords(baseLanguage(a.language));
      const dates = a.dates
        .filter(
          (d) =>
            d.value &&
            d.type === 'DATE' &&
            d.start >= s.start &&
            d.end <= s.end &&
            !boundaries.has(d.text.split(/\s+/)[0]!.toLowerCase()),
        )
        .map((d) => d.value!)
        // A date long before publication usually dates something else in the sentence ("the conflict, which
        // flared in March 2011, has claimed …"): the figure is then a total as of publication.
        .filter(
          (v) =>
            !a.published ||
            Date.parse(a.published) -
              Date.parse(v.length === 4 ? `${v}-12-31` : v.length === 7 ? `${v}-28` : v) <=
              31 * 86_400_000,
        );
      const g = groups.get(key) ?? { noun: f.noun, figures: [], verdict: 'single' as const, reason: null };
      groups.set(key, g);
      const sentence = a.text.slice(s.start, s.end);
      g.figures.push({
        articleId: a.id,
        outlet: a.outlet,
        published: a.published,
        text: f.text,
        value: f.value,
        low: f.low,
        high: f.high,
        qualifier: f.qualifier,
        unit: f.unit ?? null,
        claimant: claimantName(f.claimant),
        start: f.start,
        end: f.end,
        dates,
        period: periodOf(a, s, sentence, boundaries),
        sentence,
      });
    }
  }
  for (const g of groups.values()) {
    const outlets = new Set(g.figures.map((f) => f.outlet ?? f.articleId));
    const values = new Set(g.figures.map(valueKey));
    const measures = new Set(g.figures.map((f) => measureOf(f.unit)));
    g.verdict =
      outlets.size < 2
        ? 'single'
        : measures.size > 1
          ? 'incomparable'
          : values.size === 1
            ? 'agree'
            : 'differ';
    if (g.verdict === 'incomparable') {
      g.reason = `different measures: ${g.figures.map((f) => `${f.text} (${measureOf(f.unit)})`).join(' vs ')}`;
      continue;
    }
    if (g.verdict !== 'differ') continue;
    const reasons: string[] = [];
    if (new Set(g.figures.map(asOf)).size > 1)
      reasons.push(
        `different dates: ${g.figures.map((f) => `${f.text} (${f.dates[0] ?? `reported ${f.published?.slice(0, 10) ?? 'undated'}`})`).join(' vs ')}`,
      );
    if (new Set(g.figures.map((f) => f.period ?? '')).size > 1)
      reasons.push(
        `different periods: ${g.figures.map((f) => `${f.text} (${f.period ?? 'no period stated'})`).join(' vs ')}`,
      );
    g.reason = reasons.length ? reasons.join('; ') : null;
  }
  const order = { differ: 0, incomparable: 1, agree: 2, single: 3 };
  return [...groups.values()].sort(
    (a, b) => order[a.verdict] - order[b.verdict] || b.figures.length - a.figures.length,
  );
}

/**
 * The period a sentence gives its figures: a duration ("over the past 24 hours"), a boundary date ("since
 * September 30"), or a boundary phrase without a date ("Since the start of the operation").
 */
function periodOf(
  a: AnalyzedArticle,
  s: { start: number; end: number },
  sentence: string,
  boundaries: Set<string>,
): string | null {
  const inside = a.dates.filter((d) => d.start >= s.start && d.end <= s.end);
  const duration = inside.find((d) => d.type === 'DURATION');
  if (duration) return duration.text;
  const bounded = inside.find((d) => boundaries.has(d.text.split(/\s+/)[0]!.toLowerCase()));
  if (bounded) return bounded.text;
  for (const m of sentence.matchAll(/[\p{L}]+/gu)) {
    if (!boundaries.has(m[0].toLowerCase())) continue;
    const phrase = sentence
      .slice(m.index!)
      .split(/[,;:.!?]/)[0]!
      .trim();
    const words = phrase.split(/\s+/).length;
    if (words >= 3 && words <= 16) return phrase;
  }
  return null;
}

/**
 * What kind of measure a unit is, for comparing figures: a rate ("tonne per day"), a unit of measure or a
 * currency ("tonne", "dollar"), or a count of the noun, whatever its modifiers ("local resident").
 */
function measureOf(unit: string | null): string {
  if (!unit) return 'count';
  if (/ per /.test(unit)) return unit;
  return isUnitOfMeasure(unit) ? unit : 'count';
}

/** When a figure held: the date its sentence states, else the day it was published. */
function asOf(f: AlignedFigure): string {
  return f.dates[0] ?? f.published?.slice(0, 10) ?? '?';
}

function valueKey(f: AlignedFigure): string {
  return f.value !== null ? `${f.qualifier}${f.value}` : `${f.low}-${f.high}`;
}
