/**
 * The briefing on one story: what happened (the extractive summary), key actors, who said what, figures
 * and where outlets disagree, a timeline, and each outlet's framing. Every item carries a citation
 * (outlet, date, paragraph, article id and span) that resolves to the exact passage. Pure.
 */
import {
  annotationRows,
  entitiesAcross,
  quotesBySpeaker,
  type CollectionEntity,
  type SpeakerQuotes,
} from '../analyze/collection.js';
import { alignFigures, type FigureGroup } from '../compare/figures.js';
import {
  defaultFramingLexicon,
  framing,
  type FramingLexicon,
  type FramingReport,
} from '../compare/framing.js';
import { isWhenSaid } from '../analyze/dates.js';
import type { AnalyzedArticle, DateMention } from '../model/document.js';
import type { StoryOverview } from '../stories/overview.js';
import { words as wordsOf } from '../util/text.js';
import { paragraphOf, summarize, type Cite, type SummaryOptions, type SummarySentence } from './summary.js';

export type { Cite };

export interface TimelineEntry {
  /** When the sentence's reported event happened or will happen: YYYY, YYYY-MM or YYYY-MM-DD. */
  date: string;
  /** The sentence. */
  text: string;
  actors: string[];
  cite: Cite;
  /** The date mention in the sentence that anchors the event: its span, exact text, value and confidence. */
  anchor: { start: number; end: number; text: string; value: string; confidence: number };
  /** Other articles that report the same dated event. */
  alsoIn: Cite[];
  /** The sentence tells of the event as to come ("will vote on Friday"): a plan, not yet a fact. */
  planned: boolean;
}

/** A timeline cut to a size: the entries kept, in date order, and how many were left out. */
export interface Timeline {
  entries: TimelineEntry[];
  omitted: number;
}

export interface Brief {
  story: Pick<StoryOverview, 'id' | 'label' | 'first' | 'last' | 'outlets' | 'articleCount'>;
  summary: (SummarySentence & { cite: Cite })[];
  actors: CollectionEntity[];
  /** The most quoted speakers, each with their most telling quotations. */
  quotes: {
    speaker: string;
    outlets: string[];
    quotes: (Omit<SpeakerQuotes['quotes'][number], 'cite'> & { cite: Cite })[];
  }[];
  /**
   * Quotations whose speaker was not resolved, each with the words that name the speaker in the text (the
   * mention, null when the text names none): shown apart rather than dropped.
   */
  unresolved: (Omit<SpeakerQuotes['quotes'][number], 'cite'> & { mention: string | null; cite: Cite })[];
  figures: FigureGroup[];
  /** The most reported and most recent dated events, in date order. */
  timeline: TimelineEntry[];
  /** How many timeline entries were left out to keep it short. */
  timelineOmitted: number;
  framing: FramingReport;
  sources: {
    id: string;
    externalId: string | null;
    outlet: string | null;
    published: string | null;
    title: string | null;
    url: string | null;
    source: string;
  }[];
}

export interface BriefOptions {
  summary?: Partial<SummaryOptions>;
  lexicon?: FramingLexicon;
  /** How many actors, speakers, quotes per speaker and timeline entries to keep. */
  actors?: number;
  speakers?: number;
  quotesPerSpeaker?: number;
  /** How many quotations whose speaker is not resolved to keep. */
  unresolved?: number;
  timeline?: number;
}

export function buildBrief(
  story: StoryOverview,
  articles: AnalyzedArticle[],
  opts: BriefOptions = {},
): Brief {
  const byId = new Map(articles.map((a) => [a.id, a]));

  const summary = summarize(articles, opts.summary).map((s) => ({
    ...s,
    cite: cite(byId.get(s.articleId)!, s.start, s.end),
  }));
  const entities = entitiesAcross(annotationRows(articles, 'entities'));
  const actors = entities
    .filter((e) => e.type === 'person' || e.type === 'organization')
    .slice(0, opts.actors ?? 10);
  const groups = quotesBySpeaker(
    annotationRows(articles, 'quotes').filter((r) => r.item.kind !== 'headline'),
    entities,
  );
  // Those with a mention first ("the spokeswoman said"): the reader can resolve them from the passage.
  const unresolved = salientQuotes(
    groups.find((g) => g.speaker === null)?.quotes ?? [],
    opts.unresolved ?? 10,
    (q) => (q.source ? 1 : 0),
  ).map((q) => ({
    ...q,
    mention: q.source,
    cite: cite(byId.get(q.cite.articleId)!, q.cite.start, q.cite.end),
  }));
  const quotes = groups
    .filter((g) => g.speaker !== null)
    .slice(0, opts.speakers ?? 6)
    .map((g) => ({
      speaker: g.speaker!,
      outlets: g.outlets,
      quotes: salientQuotes(g.quotes, opts.quotesPerSpeaker ?? 3).map((q) => ({
        ...q,
        cite: cite(byId.get(q.cite.articleId)!, q.cite.start, q.cite.end),
      })),
    }));
  return {
    story: {
      id: story.id,
      label: story.label,
      first: story.first,
      last: story.last,
      outlets: story.outlets,
      articleCount: story.articleCount,
    },
    summary,
    actors,
    quotes,
    unresolved,
    figures: alignFigures(articles),
    ...(({ entries, omitted }) => ({ timeline: entries, timelineOmitted: omitted }))(
      cutTimeline(buildTimeline(articles), opts.timeline ?? 25),
    ),
    framing: framing(articles, opts.lexicon ?? defaultFramingLexicon()),
    sources: articles.map((a) => ({
      id: a.id,
      externalId: a.externalId,
      outlet: a.outlet,
      published: a.published,
      title: a.title,
      url: a.url,
      source: a.source,
    })),
  };
}

/** The most telling quotations of a speaker: direct ones first, then the longest, one per distinct wording. */
function salientQuotes(
  qs: SpeakerQuotes['quotes'],
  n: number,
  first: (q: SpeakerQuotes['quotes'][number]) => number = () => 0,
): SpeakerQuotes['quotes'] {
  const rank = (q: SpeakerQuotes['quotes'][number]): number =>
    first(q) * 10_000 +
    (q.kind === 'direct' ? 2 : q.kind === 'mixed' ? 1 : 0) * 1000 +
    Math.min(q.text.length, 400) * q.confidence;
  const seen = new Set<string>();
  return [...qs]
    .sort((a, b) => rank(b) - rank(a))
    .filter((q) => {
      const k = wordsOf(q.text.toLowerCase()).join(' ').slice(0, 60);
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .slice(0, n);
}

/** A citation of a span of an article: which article, where it was published, which paragraph. */
function cite(a: AnalyzedArticle, start: number, end: number): Cite {
  return {
    articleId: a.id,
    externalId: a.externalId,
    outlet: a.outlet,
    published: a.published,
    paragraph: paragraphOf(a.text, start),
    start,
    end,
  };
}

/** A calendar day, month or year, possibly with a time of day: what a timeline can place. */
const CALENDAR_VALUE = /^(?<date>\d{4}(?:-\d{2}){0,2})(?:T.*)?$/;

/**
 * The reported events of a story, one entry per event, ordered by when they happened (not when they were
 * reported). An entry is a sentence with the date that anchors its event: only dates whose role is `event`
 * count (not benchmarks such as "the highest since 2008", background, ranges, datelines); where a sentence
 * has several, a date that is not merely when something was said ("said Friday") and the most precise one
 * anchor it. The same event reported by several articles (the same date and most of the same words) is
 * one entry, the others listed in `alsoIn`.
 */
export function buildTimeline(articles: AnalyzedArticle[]): TimelineEntry[] {
  const entries: (TimelineEntry & { words: Set<string> })[] = [];
  for (const a of articles) {
    for (const s of a.sentences) {
      const anchor = anchorOf(a, s);
      if (!anchor) continue;
      const date = CALENDAR_VALUE.exec(anchor.value!)!.groups!.date!;
      const text = a.text.slice(s.start, s.end);
      const words = new Set(text.toLowerCase().match(/[\p{L}\p{N}]{4,}/gu) ?? []);
      const actors = [
        ...new Set(
          a.entities
            .filter(
              (e) =>
                (e.type === 'person' || e.type === 'organization') &&
                e.mentions.some((m) => m.start >= s.start && m.end <= s.end),
            )
            .map((e) => e.name),
        ),
      ];
      const c = cite(a, s.start, s.end);
      const same = entries.find((e) => e.date === date && overlap(e.words, words) >= 0.4);
      if (same) {
        if (same.cite.articleId !== a.id && !same.alsoIn.some((x) => x.articleId === a.id))
          same.alsoIn.push(c);
        continue;
      }
      entries.push({
        date,
        text,
        actors,
        cite: c,
        anchor: {
          start: anchor.start,
          end: anchor.end,
          text: anchor.text,
          value: anchor.value!,
          confidence: anchor.confidence,
        },
        alsoIn: [],
        planned: anchor.role === 'planned',
        words,
      });
    }
  }
  return entries
    .sort(
      (x, y) =>
        x.date.localeCompare(y.date) || (x.cite.published ?? '').localeCompare(y.cite.published ?? ''),
    )
    .map(({ words: _w, ...e }) => e);
}

/** The date that anchors a sentence's event, or none when the sentence reports no dated event. */
function anchorOf(a: AnalyzedArticle, s: { start: number; end: number }): DateMention | null {
  // A date inside a direct quotation is the speaker's, told in their own frame ("the Fourth of July" of a
  // speech from 1852, "January 6th" as a name): it dates no event the article reports.
  const quoted = (d: DateMention): boolean =>
    a.quotes.some((q) => q.kind === 'direct' && q.start <= d.start && d.end <= q.end);
  const events = a.dates.filter(
    (d) =>
      d.start >= s.start &&
      d.end <= s.end &&
      !quoted(d) &&
      (d.role === 'event' || d.role === 'planned') &&
      (d.type === 'DATE' || d.type === 'TIME') &&
      d.value !== null &&
      CALENDAR_VALUE.test(d.value),
  );
  if (events.length <= 1) return events[0] ?? null;
  const precision = (d: DateMention): number => CALENDAR_VALUE.exec(d.value!)!.groups!.date!.length;
  const said = new Set(events.filter((d) => isWhenSaid(a.text, d, a.language ?? 'en')));
  return events.reduce((best, d) => {
    const rank = (x: DateMention): number => (said.has(x) ? 0 : 100) + precision(x);
    return rank(d) > rank(best) ? d : best;
  });
}

/**
 * A timeline of at most `limit` entries: when it must be cut, the events reported by the most articles
 * and then the most recent ones are kept, shown in date order, and the number left out is told.
 */
export function cutTimeline(entries: TimelineEntry[], limit: number): Timeline {
  if (entries.length <= limit) return { entries, omitted: 0 };
  const kept = new Set(
    [...entries]
      .sort((x, y) => y.alsoIn.length - x.alsoIn.length || y.date.localeCompare(x.date))
      .slice(0, limit),
  );
  return { entries: entries.filter((e) => kept.has(e)), omitted: entries.length - limit };
}

function overlap(a: Set<string>, b: Set<string>): number {
  let n = 0;
  for (const x of a) if (b.has(x)) n++;
  return n / Math.max(1, Math.min(a.size, b.size));
}
