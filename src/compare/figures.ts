/**
 * Figures across outlets: figures grouped by what they count (the counted noun, stemmed), and for each
 * group whether the outlets agree or differ, with the dates that may explain a difference. Pure. A first
 * alignment: by noun only (the measure's verb and period come next).
 */
import type { AnalyzedArticle, Figure } from '../model/document.js';
import { termsOf } from '../stories/features.js';
import { loadData } from '../util/data.js';
import { baseLanguage } from '../util/language.js';

function boundaryWords(lang: string): Set<string> {
  return new Set(loadData<Record<string, { dateBoundaries: string[] }>>('compare.json')[lang]?.dateBoundaries ?? []);
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
  claimant: string | null;
  start: number;
  end: number;
  /**
   * Dates stated in the figure's sentence (TIMEX values) that say when it held ("on Saturday"): not
   * boundaries ("since 2011"), not dates more than a month before publication.
   */
  dates: string[];
  sentence: string;
}

export interface FigureGroup {
  /** What is counted, as the first figure worded it. */
  noun: string;
  figures: AlignedFigure[];
  /** `agree`: the same value everywhere; `differ`: values differ across outlets; `single`: one outlet only. */
  verdict: 'agree' | 'differ' | 'single';
  /** Why they may differ, when the texts give a reason (different dates). */
  reason: string | null;
}

export function alignFigures(articles: AnalyzedArticle[]): FigureGroup[] {
  const groups = new Map<string, FigureGroup>();
  for (const a of articles) {
    for (const f of a.figures) {
      if (!f.noun) continue;
      // The head of "tonnes of acid" is "tonnes"; of "oil refining facilities", "facilities".
      const head = f.noun.split(/\s+of\s+/i)[0]!;
      const key = termsOf(head, a.language ?? 'en').at(-1);
      if (!key) continue;
      const s = a.sentences.find((x) => x.start <= f.start && x.end >= f.end) ?? { start: f.start, end: f.end };
      const boundaries = boundaryWords(baseLanguage(a.language));
      const dates = a.dates
        .filter((d) => d.value && d.type === 'DATE' && d.start >= s.start && d.end <= s.end && !boundaries.has(d.text.split(/\s+/)[0]!.toLowerCase()))
        .map((d) => d.value!)
        // A date long before publication usually dates something else in the sentence ("the conflict, which
        // flared in March 2011, has claimed …"): the figure is then a total as of publication.
        .filter((v) => !a.published || Date.parse(a.published) - Date.parse(v.length === 4 ? `${v}-12-31` : v.length === 7 ? `${v}-28` : v) <= 31 * 86_400_000);
      const g = groups.get(key) ?? { noun: f.noun, figures: [], verdict: 'single' as const, reason: null };
      groups.set(key, g);
      g.figures.push({ articleId: a.id, outlet: a.outlet, published: a.published, text: f.text, value: f.value, low: f.low, high: f.high, qualifier: f.qualifier, claimant: f.claimant, start: f.start, end: f.end, dates, sentence: a.text.slice(s.start, s.end) });
    }
  }
  for (const g of groups.values()) {
    const outlets = new Set(g.figures.map((f) => f.outlet ?? f.articleId));
    const values = new Set(g.figures.map(valueKey));
    g.verdict = outlets.size < 2 ? 'single' : values.size === 1 ? 'agree' : 'differ';
    if (g.verdict === 'differ') {
      const when = new Set(g.figures.map((f) => f.dates[0] ?? f.published?.slice(0, 10) ?? '?'));
      if (when.size > 1) g.reason = `different dates: ${g.figures.map((f) => `${f.text} (${f.dates[0] ?? `reported ${f.published?.slice(0, 10) ?? 'undated'}`})`).join(' vs ')}`;
    }
  }
  const order = { differ: 0, agree: 1, single: 2 };
  return [...groups.values()].sort((a, b) => order[a.verdict] - order[b.verdict] || b.figures.length - a.figures.length);
}

function valueKey(f: AlignedFigure): string {
  return f.value !== null ? `${f.qualifier}${f.value}` : `${f.low}-${f.high}`;
}
