/**
 * The check between analysis and storage: every annotation must point into the article's text (integer
 * offsets, 0 <= start <= end <= text length) and carry exactly the text of its span. An annotation that
 * does not is dropped and reported as an `invalid-annotation` warning naming its layer and the bad span;
 * the article itself is always kept. One analyzer's slip must never cost the whole article.
 */
import type {
  AnalysisWarning,
  DateMention,
  Entity,
  Figure,
  Quote,
  Span,
  TextSpan,
} from '../model/document.js';

/** The layers analysis adds to an article, each named after the analyzer that fills it. */
export interface AnalysisLayers {
  sentences: Span[];
  entities: Entity[];
  quotes: Quote[];
  figures: Figure[];
  dates: DateMention[];
}

/** What is wrong with a span, or null when it is sound. */
export function spanProblem(text: string, s: Span | TextSpan): string | null {
  if (typeof s !== 'object' || s === null) return 'not an annotation';
  const { start, end } = s;
  if (!Number.isInteger(start) || !Number.isInteger(end)) return 'offsets are not integers';
  if (start < 0 || end > text.length) return `outside the text (length ${text.length})`;
  if (start > end) return 'start after end';
  if ('text' in s && s.text !== text.slice(start, end)) return 'text differs from the span';
  return null;
}

function describe(s: Span | TextSpan): string {
  if (typeof s !== 'object' || s === null) return String(s);
  const shown = 'text' in s && typeof s.text === 'string' ? ` "${s.text.slice(0, 60)}"` : '';
  return `${String(s.start)}-${String(s.end)}${shown}`;
}

/**
 * The layers with every invalid annotation removed, and a warning for each. Pure: the input is not changed.
 * `articleId` names the article in each message, so a warning read on its own still says where it is from.
 */
export function validateAnnotations(
  text: string,
  layers: AnalysisLayers,
  articleId: string,
): { layers: AnalysisLayers; warnings: AnalysisWarning[] } {
  const warnings: AnalysisWarning[] = [];
  const bad = (analyzer: string, what: string, s: Span | TextSpan, problem: string): void => {
    warnings.push({
      analyzer,
      code: 'invalid-annotation',
      message: `article ${articleId}: ${what} ${describe(s)} dropped: ${problem}`,
    });
  };
  const keep = <T extends Span>(analyzer: string, what: string, items: T[]): T[] =>
    items.filter((a) => {
      const problem = spanProblem(text, a);
      if (problem) bad(analyzer, what, a, problem);
      return !problem;
    });

  const sentences = keep('sentences', 'sentence', layers.sentences);
  const dropped = new Set<string>();
  const entities: Entity[] = [];
  for (const e of layers.entities) {
    const mentions = keep('entities', `mention of ${e.name}`, e.mentions);
    // An entity none of whose mentions fits the text has nothing to cite: it goes too.
    if (e.mentions.length && !mentions.length) {
      dropped.add(e.id);
      warnings.push({
        analyzer: 'entities',
        code: 'invalid-annotation',
        message: `article ${articleId}: entity ${e.id} "${e.name}" dropped: none of its mentions fits the text`,
      });
      continue;
    }
    entities.push(mentions.length === e.mentions.length ? e : { ...e, mentions });
  }
  const quotes = keep('quotes', 'quote', layers.quotes).map((q) => {
    // The quotation itself is verified text worth keeping; its cue and source are separate pointers, and a
    // broken pointer is cleared rather than costing the quotation. The resolved speaker name stays: it is
    // what the rest of the article (and figures' claimants) already agree on.
    let out = q;
    for (const part of ['cue', 'source'] as const) {
      const s = out[part];
      if (!s) continue;
      const problem = spanProblem(text, s);
      if (!problem) continue;
      bad('quotes', `${part} of quote ${q.start}-${q.end}`, s, `${problem} (set to null)`);
      out = { ...out, [part]: null };
    }
    if (out.speakerEntity && dropped.has(out.speakerEntity)) out = { ...out, speakerEntity: null };
    return out;
  });
  const figures = keep('figures', 'figure', layers.figures);
  const dates = keep('dates', 'date', layers.dates);
  return { layers: { sentences, entities, quotes, figures, dates }, warnings };
}
