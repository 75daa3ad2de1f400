/**
 * The one document model every stage reads and writes.
 *
 * All offsets are UTF-16 code-unit offsets (JavaScript string indices) into `Article.text`, the cleaned
 * text. Every annotation carries its span and the exact text of that span, so a claim can always be shown
 * in context and checked: `article.text.slice(a.start, a.end) === a.text`.
 */

/** A half-open range `[start, end)` in an article's cleaned text. */
export interface Span {
  start: number;
  end: number;
}

/** A span together with the exact text it covers. */
export interface TextSpan extends Span {
  text: string;
}

/** Where a metadata value came from, most trusted first. */
export type MetaOrigin =
  | 'sidecar' // a meta.jsonl beside the input (or named with --meta)
  | 'feed' // the RSS/Atom/RDF/JSON feed item and channel
  | 'jsonl' // the fields of a JSONL line
  | 'fetch' // the address the page was fetched from (after redirects)
  | 'html-meta' // <meta>, JSON-LD, <title> and the like, found by the extractor
  | 'text' // guessed from the text itself (first line as headline, a dateline, a credit line)
  | 'path' // guessed from the file name
  | 'outlet'; // the outlet's usual language, from its other articles

/** How a metadata field was obtained and how sure we are of it (0–1). */
export interface MetaProvenance {
  origin: MetaOrigin;
  confidence: number;
  /** For a guess, the exact evidence: 'json-ld datePublished', 'meta og:site_name', 'dateline', 'credit line', 'url'… */
  via?: string;
  /**
   * A value found only in part, kept here rather than completed by guesswork: a dateline's date without a
   * year, as ISO 8601 `--MM-DD` (then `published` stays null).
   */
  partial?: string;
}

export type MetaField =
  'title' | 'outlet' | 'agency' | 'authors' | 'credit' | 'published' | 'language' | 'url';

export type InputFormat = 'text' | 'html';

/** A cleaned article with its metadata: the output of extract, the input of analyze. */
export interface Article {
  /** Stable id: the first 16 hex digits of the SHA-256 of the raw input content. */
  id: string;
  /** The id the input itself gave the article (a JSONL line's `id`), kept in every output. */
  externalId: string | null;
  /** The input path or URL as given (for a JSONL line: `path#line`). */
  source: string;
  url: string | null;
  title: string | null;
  outlet: string | null;
  /** The news agency whose copy the article is ("/TASS/" in a dateline, "First published by Reuters"). */
  agency: string | null;
  /** Authors from the byline or the page's metadata; empty when unknown. */
  authors: string[];
  /** The copyright or credit line cut from the text ("All rights reserved by Rossiyskaya Gazeta."). */
  credit: string | null;
  /** ISO 8601 date (YYYY-MM-DD) or date-time. */
  published: string | null;
  /** BCP 47 language tag, or null when unknown. */
  language: string | null;
  format: InputFormat;
  /** Cleaned article text; every span points into it. */
  text: string;
  /** For each metadata field that has a value, where it came from. */
  meta: Partial<Record<MetaField, MetaProvenance>>;
  /**
   * Map from cleaned-text offsets back to offsets in the raw input text, for plain-text inputs whose
   * cleaning dropped lines. Each segment says: `length` characters starting at `text` offset `at` were
   * copied from raw offset `raw`. Null when the text is not a copy of the input (HTML).
   */
  sourceMap: SourceSegment[] | null;
  /**
   * What cleaning took out of a plain-text input (page furniture), each with the rule that removed it,
   * so a reader can audit it (`sitrep show --removed`). Empty for HTML, whose markup is not text.
   */
  removed: RemovedText[];
}

/** A stretch of the raw input that cleaning removed, with the rule that removed it. */
export interface RemovedText {
  /** The cleaning rule ('photo-credit', 'share-prompt', …). */
  rule: string;
  /** Offsets in the raw input text, not in the cleaned text. */
  start: number;
  end: number;
  text: string;
}

export interface SourceSegment {
  at: number;
  raw: number;
  length: number;
}

// ---------------------------------------------------------------------------------------------------
// Annotations. Every one has a span, its text and a confidence in [0, 1].

export interface Annotation extends TextSpan {
  confidence: number;
}

export type EntityType = 'person' | 'organization' | 'place' | 'other';

export type EntityMention = TextSpan;

export interface Entity {
  /** Id unique within the document, e.g. `e3`. */
  id: string;
  /** Canonical name: the longest full form the text uses, or the alias table's canonical name. */
  name: string;
  type: EntityType;
  /** Distinct surface forms under which the entity occurs. */
  aliases: string[];
  /** Roles the text gives the entity ("russian president", "spokesman"), lower case. */
  roles: string[];
  mentions: EntityMention[];
  /** Confidence in the entity and its type. */
  confidence: number;
  /** True when the type rests on weak or no evidence (no title, given name, head word or gazetteer entry):
   * a name typed `other` with `uncertain` may be anything ("Consumer Price Index"). */
  uncertain: boolean;
}

export type QuoteKind = 'direct' | 'indirect' | 'mixed' | 'headline';

export interface Quote extends Annotation {
  kind: QuoteKind;
  /** The speech verb or phrase ("said", "according to", ":"), or null. */
  cue: TextSpan | null;
  /** The span that names the speaker at this point ("he", "the Russian leader", "Putin"), or null. */
  source: TextSpan | null;
  /** Resolved canonical speaker name, or null when it cannot be resolved. */
  speaker: string | null;
  /** Id of the speaker's entity in this document, when there is one. */
  speakerEntity: string | null;
}

/** `tally`: a vote or score, `low` for and `high` against as written ("confirmed 134-46"). */
export type Qualifier = '=' | '>' | '<' | '~' | 'range' | 'tally';

/** What a figure states: a reading, an estimate, a forecast ("economists had expected"), or a target or pledge. */
export type FigureKind = 'actual' | 'estimate' | 'forecast' | 'target';

/** What a figure measures, in the text's words; each part null when the text does not say. */
export interface Measure {
  /** The counted or measured thing: "jobless claims", "unemployment rate", "deaths", "prison sentence". */
  thing: string | null;
  /** What or where it is of, its scope: "in regular state programs", "of Republican-led states". */
  scope: string | null;
  /**
   * How it is measured: `level` (an amount or count), `change` (a rise or fall by it: "fell 20,000"),
   * `previous` (the level a change started from: "from 405,000"), `record` (years since last so high or
   * low: "a 21-year high"), `share` (a part of a whole: "59% of respondents"), `period` (the time
   * another figure covers: "over the past 8 weeks").
   */
  basis: 'level' | 'change' | 'previous' | 'record' | 'share' | 'period';
  /** The period or reference time the sentence gives ("the week ended May 29", "12-month", "in June"). */
  period: string | null;
}

export interface Figure extends Annotation {
  /** The value of an exact or approximate figure; null for ranges and vague amounts ("hundreds of"). */
  value: number | null;
  low: number | null;
  high: number | null;
  qualifier: Qualifier;
  /** Unit or counted noun (its head word): "sorties", "people", "percent", "USD". */
  noun: string | null;
  /** What the figure counts or measures, normalised: a unit's name ("kilogram", "dollar per barrel",
   * "percentage"), or the counted noun phrase with its head in the singular ("heart transplant"). */
  unit: string | null;
  /**
   * Who claims the figure: the speaker of the enclosing quote, else the source its sentence names
   * ("…, the Labor Department said", "according to AAA", "Economists surveyed by Refinitiv had expected");
   * null when the outlet states it in its own voice.
   */
  claimant: string | null;
  /** What the figure measures (absent on articles stored before figures carried it). */
  measure?: Measure;
  /** Whether it is a reading, an estimate, a forecast or a target (absent on older stored articles). */
  kind?: FigureKind;
}

export type TimexType = 'DATE' | 'TIME' | 'DURATION' | 'SET';

/**
 * What a date does in its sentence: `event`, when the reported event happened or happens; `planned`, when the
 * sentence tells of it as to come ("will vote on Friday", "payments start in July"); `background`,
 * an earlier state or circumstance ("in office since 2014", "had served in 2010", "now"); `benchmark`, a
 * point of comparison ("the highest since 2008", "up 3% from a year earlier"); `range`, an end of a span
 * ("from 2017 to 2021"); `period`, a duration or a recurring time ("for three years", "every Monday");
 * `publication`, metadata about the article (a dateline, "Updated March 3").
 */
export type DateRole = 'event' | 'planned' | 'background' | 'benchmark' | 'range' | 'period' | 'publication';

export interface DateMention extends Annotation {
  /** TIMEX3-style value: YYYY, YYYY-MM, YYYY-MM-DD, or null when it cannot be resolved. */
  value: string | null;
  type: TimexType;
  role: DateRole;
}

/** Why part of an analysis is missing. Programs match on the code, never on the message. */
export type WarningCode =
  | 'analyzer-failed' // an analyzer threw; its layer is empty and the article is kept
  | 'invalid-annotation' // an annotation whose span did not fit the text was dropped
  | 'unsupported-language' // an analyzer has no data for the article's language and did not run
  | 'language-undetermined' // no language declared or clearly shown: analysed with the default (English) rules
  | 'over-budget' // analysis stopped at its time or size budget; later layers are missing
  | 'invalid-metadata' // a supplied value (a feed's date) was not valid and was left out, not guessed
  | 'control-characters' // control characters (NUL, terminal escapes) were removed from the input
  | 'random-data'; // part of the input looks like random or binary data; it was kept

/** Something analysis could not do for an article, kept with the article so nothing is lost silently. */
export interface AnalysisWarning {
  /** The analyzer or step concerned ('quotes', 'dates', 'validate', 'budget'…; 'ingest' for reading). */
  analyzer: string;
  code: WarningCode;
  message: string;
}

/** An article with everything analyze found in it. */
export interface AnalyzedArticle extends Article {
  sentences: Span[];
  entities: Entity[];
  quotes: Quote[];
  figures: Figure[];
  dates: DateMention[];
  /**
   * What the analysis could not do for this article, and what reading its input had to remove or leave
   * out (analyzer 'ingest'); empty when everything ran.
   */
  warnings: AnalysisWarning[];
}

/** Build a TextSpan from a text and offsets. */
export function textSpan(text: string, start: number, end: number): TextSpan {
  return { start, end, text: text.slice(start, end) };
}

/** Map a cleaned-text offset back to the raw input, through the article's source map. */
export function toRawOffset(article: Pick<Article, 'sourceMap'>, offset: number): number {
  const map = article.sourceMap;
  if (!map || map.length === 0) return offset;
  let lo = 0;
  let hi = map.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (map[mid]!.at <= offset) lo = mid;
    else hi = mid - 1;
  }
  const seg = map[lo]!;
  return seg.raw + Math.min(offset - seg.at, seg.length);
}
