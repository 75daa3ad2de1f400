/**
 * Figures across outlets, grouped by what they measure: the same thing (its head noun and qualifiers), the
 * same basis (a level, a change, an earlier level, a share, a record span), the same kind (a forecast is
 * never compared with a reading) and the same kind of unit; a figure whose sentence does not say what it
 * counts joins only an equal figure, and a percentage alone never groups. Each group agrees (equal within
 * rounding and approximation), differs (with why: dates, periods, claimants, kinds, or unexplained), or
 * is one outlet's. Pure.
 */
import { annotationRows, canonicalName, entitiesAcross } from '../analyze/collection.js';
import { isUnitOfMeasure, normalizeUnit } from '../analyze/figures.js';
import type { AnalyzedArticle, DateRole, Figure, FigureKind, Measure } from '../model/document.js';
import { termsOf } from '../stories/features.js';
import { loadData } from '../util/data.js';
import { baseLanguage } from '../util/language.js';

/** Date roles that never say when a figure is of. */
const NOT_OF_FIGURE: ReadonlySet<DateRole> = new Set(['benchmark', 'background', 'publication']);

function boundaryWords(lang: string): Set<string> {
  return new Set(
    loadData<Record<string, { dateBoundaries: string[] }>>('compare.json')[lang]?.dateBoundaries ?? [],
  );
}

export interface AlignedFigure {
  articleId: string;
  /** The article's id in its source (a feed's guid, a JSONL `id`), which citations show when there is one. */
  externalId: string | null;
  outlet: string | null;
  published: string | null;
  text: string;
  value: number | null;
  low: number | null;
  high: number | null;
  qualifier: Figure['qualifier'];
  /**
   * The unit, normalised, when known: a unit of measure or a currency ("tonne", "dollar", "percentage"), or
   * the counted noun with its synonyms named alike across outlets ("filings" and "applications" are "claim",
   * data/compare.json `sameThing`).
   */
  unit: string | null;
  /** What a rate is per ("month" for "$92 a month", "gallon", "1,000 women"); null when not a rate. */
  per: string | null;
  /** What the figure measures (see the analysed Figure's `measure`). */
  measure: Measure;
  kind: FigureKind;
  /** Who states it, by the entity's name when the story names it otherwise too; null: the outlet itself. */
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
  /** What is counted, as the first figure worded it ("sorties", "percent"); kept for older readers. */
  noun: string;
  /** What the group measures, in words: "jobless claims, change (week ended May 29)", "unemployment rate". */
  measure: string;
  figures: AlignedFigure[];
  /**
   * `agree`: every outlet gives the same value, within rounding and approximation ("about 4,000" and
   * 4,012; 22 1/2 years and 270 months); `differ`: the values differ (see `why`); `single`: one outlet
   * only. (`incomparable` is no longer produced: figures that measure differently are not grouped.)
   */
  verdict: 'agree' | 'differ' | 'incomparable' | 'single';
  /** Why they may differ, in words, when the texts give a reason (different dates, periods, claimants). */
  reason: string | null;
  /** Why they differ, structured: each code once, `unexplained` when the texts give no reason. */
  why: DifferReason[];
}

export interface DifferReason {
  code: 'dates' | 'periods' | 'claimants' | 'kinds' | 'unexplained';
  text: string;
}

/** Per figure, what decides whether two figures measure the same thing. */
interface Key {
  f: AlignedFigure;
  /** The figure's counted noun or unit as written ("people", "percent"). */
  noun: string | null;
  /** percentage, fraction, time, tally, a currency or rate unit, or count */
  unitClass: string;
  /** The thing's head word (singular) and its modifiers, when the sentence names it. */
  head: string | null;
  /** The head and the heads of figures that give the same distinctive amount (see `linkSameAmounts`). */
  heads: Set<string>;
  modifiers: string[];
  basis: Measure['basis'];
  /** actual and estimate are readings; a forecast and a target are each their own */
  kindClass: string;
  /**
   * The month or year the figure is of, when a date stands next to it with no other figure between ("188,829
   * in June", "in 2020 … fell 4%"): two months, or a month and a year, are two measures.
   */
  asOf: string | null;
  /** Whether the text calls it a revised figure ("from a revised 405,000"): the first report is another measure. */
  revised: boolean;
  canonicalClaimant: string | null;
}

export function alignFigures(articles: AnalyzedArticle[]): FigureGroup[] {
  const claimantName = canonicalName(entitiesAcross(annotationRows(articles, 'entities')));
  const keys: Key[] = [];
  for (const a of articles) {
    const lang = baseLanguage(a.language);
    const boundaries = boundaryWords(lang);
    for (const f of a.figures) {
      const measure = f.measure ?? { thing: null, scope: null, basis: 'level' as const, period: null };
      // A period is the time another figure covers ("over the past 8 weeks"), not a figure to compare.
      if (measure.basis === 'period') continue;
      if (f.value === null && f.low === null) continue;
      const s = a.sentences.find((x) => x.start <= f.start && x.end >= f.end) ?? {
        start: f.start,
        end: f.end,
      };
      const dates = a.dates
        .filter(
          (d) =>
            d.value &&
            d.type === 'DATE' &&
            // A benchmark ("the highest since 2008"), background or a dateline is not when the figure is of.
            !NOT_OF_FIGURE.has(d.role) &&
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
      const sentence = a.text.slice(s.start, s.end);
      const aligned: AlignedFigure = {
        articleId: a.id,
        externalId: a.externalId,
        outlet: a.outlet,
        published: a.published,
        text: f.text,
        value: f.value,
        low: f.low,
        high: f.high,
        qualifier: f.qualifier,
        ...storyUnit(f.unit),
        measure,
        kind: f.kind ?? 'actual',
        claimant: claimantName(f.claimant),
        start: f.start,
        end: f.end,
        dates,
        period: periodOf(a, s, sentence, boundaries),
        sentence,
      };
      const event = eventThing(a.text, f, lang);
      const thing = thingWords(
        event ?? measure.thing ?? (f.unit && !isUnitOfMeasure(f.unit) ? f.unit : null),
        lang,
      );
      keys.push({
        f: aligned,
        noun: f.noun,
        unitClass: unitClass(f.unit, f.qualifier),
        head: thing.at(-1) ?? null,
        heads: new Set(thing.slice(-1)),
        modifiers: thing.slice(0, -1),
        basis: measure.basis,
        kindClass: f.kind === 'forecast' || f.kind === 'target' ? f.kind : 'reading',
        asOf: ownDate(a, f, s, boundaries, measure.basis),
        revised: REVISED.test(a.text.slice(Math.max(s.start, f.start - 40), f.start)),
        canonicalClaimant: aligned.claimant,
      });
    }
  }
  linkSameAmounts(keys);
  // Greedy complete-linkage grouping: a figure joins the first group every member of which measures the
  // same thing; a group whose values agree is preferred.
  // same thing; a group whose values agree is preferred, else the one whose values are nearest.
  const groups: Group[] = [];
  for (const k of keys) {
    let best: Group | null = null;
    let bestAgrees = false;
    let bestGap = Infinity;
    const sig = signature(k);
    for (const g of groups) {
      // Members alike in every field the tests read answer alike: each kind is asked once, so a story of
      // thousands of articles repeating the same figures stays fast.
      const kinds = [...g.kinds.values()];
      if (!kinds.every((m) => sameMeasure(m, k))) continue;
      // one article's figures join one group only when they repeat the same value
      if (g.byArticle.get(k.f.articleId)?.some((m) => !valuesAgree(m.f, k.f))) continue;
      const agrees = kinds.every((m) => valuesAgree(m.f, k.f));
      const gap = Math.max(...kinds.map((m) => gapOf(m.f, k.f)));
      if (!best || (agrees && !bestAgrees) || (agrees === bestAgrees && gap < bestGap)) {
        best = g;
        bestAgrees = agrees;
        bestGap = gap;
      }
    }
    const g: Group = best ?? { members: [], kinds: new Map(), byArticle: new Map() };
    if (!best) groups.push(g);
    g.members.push(k);
    if (!g.kinds.has(sig)) g.kinds.set(sig, k);
    const ofArticle = g.byArticle.get(k.f.articleId);
    if (ofArticle) ofArticle.push(k);
    else g.byArticle.set(k.f.articleId, [k]);
  }
  const out = groups.map((g) => groupOf(g.members));
  const order = { agree: 0, differ: 0, incomparable: 1, single: 2 };
  const outlets = (g: FigureGroup): number => new Set(g.figures.map((f) => f.outlet ?? f.articleId)).size;
  return out.sort(
    (a, b) =>
      order[a.verdict] - order[b.verdict] || outlets(b) - outlets(a) || b.figures.length - a.figures.length,
  );
}

/** A group being built: its members, one member of each kind (see `signature`), its members by article. */
interface Group {
  members: Key[];
  kinds: Map<string, Key>;
  byArticle: Map<string, Key[]>;
}

/** Every field `sameMeasure`, `valuesAgree` and `gapOf` read of a key: two keys alike here answer alike. */
function signature(k: Key): string {
  const f = k.f;
  return JSON.stringify([
    k.unitClass,
    k.basis,
    k.asOf,
    k.revised,
    k.kindClass,
    k.head,
    [...k.heads].sort(),
    [...k.modifiers].sort(),
    f.value,
    f.low,
    f.high,
    f.qualifier,
    f.unit,
    interval(f),
  ]);
}

function groupOf(g: Key[]): FigureGroup {
  const figures = g.map((k) => k.f);
  const first = g[0]!;
  const outlets = new Set(figures.map((f) => f.outlet ?? f.articleId));
  const group: FigureGroup = {
    noun: g.find((k) => k.noun)?.noun ?? first.f.unit ?? 'number',
    measure: measureWords(g),
    figures,
    verdict: 'single',
    reason: null,
    why: [],
  };
  if (outlets.size < 2) return group;
  const agree = g.every((a) => g.every((b) => a === b || valuesAgree(a.f, b.f)));
  const dated = new Set(figures.map((f) => f.dates[0] ?? f.published?.slice(0, 10) ?? '?'));
  if (agree) {
    group.verdict = 'agree';
    return group;
  }
  group.verdict = 'differ';
  const why: DifferReason[] = [];
  if (dated.size > 1)
    why.push({
      code: 'dates',
      text: `different dates: ${figures.map((f) => `${f.text} (${f.dates[0] ?? `reported ${f.published?.slice(0, 10) ?? 'undated'}`})`).join(' vs ')}`,
    });
  if (new Set(figures.map((f) => f.period ?? '')).size > 1)
    why.push({
      code: 'periods',
      text: `different periods: ${figures.map((f) => `${f.text} (${f.period ?? 'no period stated'})`).join(' vs ')}`,
    });
  if (new Set(g.map((k) => k.canonicalClaimant ?? '')).size > 1)
    why.push({
      code: 'claimants',
      text: `different claimants: ${figures.map((f) => `${f.text} (${f.claimant ?? outletName(f.outlet)})`).join(' vs ')}`,
    });
  if (new Set(figures.map((f) => f.kind)).size > 1)
    why.push({
      code: 'kinds',
      text: `different kinds: ${figures.map((f) => `${f.text} (${f.kind})`).join(' vs ')}`,
    });
  if (!why.length) why.push({ code: 'unexplained', text: 'the texts give no reason' });
  group.why = why;
  group.reason = why.map((w) => w.text).join('; ');
  return group;
}

const outletName = (o: string | null): string => o ?? 'the outlet';

/** The measure in words: the thing, its basis, its kind and its time ("jobless claims, change, week ended May 29"). */
function measureWords(g: Key[]): string {
  const k = g.find((x) => x.f.measure.thing) ?? g[0]!;
  const m = k.f.measure;
  const thing = m.thing ?? (k.f.unit && !isUnitOfMeasure(k.f.unit) ? k.f.unit : null) ?? unitWords(k.f.unit);
  const parts = [thing];
  // A scope that restates the thing ("of the population with antibodies" for "population with antibodies")
  const restates = (scope: string): boolean => thing.includes(scope) || scope.includes(thing);
  if (m.scope && !restates(m.scope)) parts[0] = `${thing} ${m.scope}`;
  const basis: Record<Measure['basis'], string | null> = {
    level: null,
    change: 'change',
    previous: 'earlier level',
    record: 'years since a comparable level (record)',
    share: 'share',
    period: 'period',
  };
  if (basis[m.basis]) parts.push(basis[m.basis]!);
  if (k.f.kind === 'forecast' || k.f.kind === 'target') parts.push(k.f.kind);
  const unit = unitWords(k.f.unit);
  // A count's unit is its noun: said once, in the plural ("cases", not "cases, in case"; "population, in people")
  const counted = k.f.unit !== null && unit === k.f.unit && !isUnitOfMeasure(unit) && !/ per /.test(unit);
  const named =
    counted &&
    (thing.includes(unit.slice(0, Math.max(3, unit.length - 1))) || thing.includes(pluralOf(unit)));
  // (a bare count of a named thing has no unit to say: "number of available jobs", not "…, in a number")
  const bare = k.f.unit === null && thing !== unit;
  if (unit !== thing && !named && !bare)
    parts.push(`in ${counted ? pluralOf(unit) : unit}${k.f.per ? ` per ${k.f.per}` : ''}`);
  const period = g.find((x) => x.f.measure.period)?.f.measure.period;
  if (period) parts.push(period);
  return parts.join(', ');
}

/** The plural of a counted noun, for the measure in words ("person" -> "people", "case" -> "cases"). */
function pluralOf(noun: string): string {
  if (noun === 'person') return 'people';
  if (/(?:s|x|ch|sh)$/.test(noun)) return `${noun}es`;
  if (/[^aeiou]y$/.test(noun)) return `${noun.slice(0, -1)}ies`;
  return `${noun}s`;
}

function unitWords(unit: string | null): string {
  if (!unit) return 'a number';
  if (unit === 'percentage') return 'percent';
  if (unit === 'fraction') return 'share';
  if (unit === 'vote') return 'votes for-against';
  return isUnitOfMeasure(unit) || / per /.test(unit)
    ? `${unit}s`.replace(/ss$/, 's').replace(/(\w+)s( per .*)$/, '$1s$2')
    : unit;
}

/** The content words of a measure's thing, singular, stop words left out ("new jobless claims" -> new, jobless, claim). */
function thingWords(thing: string | null, lang: string): string[] {
  if (!thing) return [];
  const head = thing
    .replace(/^(?:the\s+)?(?:(?:number|amount|total|count|tally)\s+)?of\s+/i, '')
    .split(/\s+(?:of|in|for|at|among|on)\s+/i)[0]!;
  // synonyms mapped word by word before stemming ("immigrants" -> migrant)
  const mapped = head
    .split(/\s+/)
    .map((w) => SAME_THING[normalizeUnit(w.toLowerCase()) ?? w.toLowerCase()] ?? w)
    .join(' ');
  // "poorer" and "poorest" qualify alike
  const words = termsOf(mapped, lang).map((w) => w.replace(/^(\p{L}{3,}?)(?:er|est)$/u, '$1'));
  const lastWord = mapped.split(/\s+/).at(-1)!;
  // a head that story terms leave out as too common ("bill") still names the thing
  if (!words.length && !/^\p{L}{3,}$/u.test(lastWord)) return [];
  const last = normalizeUnit(lastWord) ?? words.at(-1)!;
  return [...words.slice(0, -1).map((w) => SAME_THING[w] ?? w), SAME_THING[last] ?? last];
}

/** Nouns that count the same thing (data/compare.json `sameThing`), each mapped to one. */
const SAME_THING: Record<string, string> = Object.fromEntries(
  Object.entries(
    loadData<Record<string, { sameThing?: Record<string, string[]> }>>('compare.json').en?.sameThing ?? {},
  ).flatMap(([k, vs]) => [[k, k], ...vs.map((v) => [v, k])]),
);

/** Heads that name a rate or a ratio of something, not the thing itself (data/compare.json `rateWords`). */
const RATE_WORDS = new Set(
  loadData<Record<string, { rateWords?: string[] }>>('compare.json').en?.rateWords ?? [],
);

function unitClass(unit: string | null, q: Figure['qualifier']): string {
  if (q === 'tally') return 'tally';
  if (!unit) return 'count';
  if (unit === 'percentage' || unit === 'fraction') return unit;
  if (/^(?:year|month)$/.test(unit)) return 'time';
  if (/ per /.test(unit) || isUnitOfMeasure(unit)) return unit;
  return 'count';
}

/**
 * Whether two figures measure the same thing: the same kind of unit, basis (a change is not a level),
 * kind (a forecast is never a reading), month where both sentences name one, and a compatible thing. Equal
 * values need only things that do not conflict (sharing a word, or one unnamed); different values need
 * the same head noun, so that a difference is one of value, not of what is counted. A percentage or share
 * whose sentence names nothing it measures groups with nothing: "percent" alone is not a measure.
 */
function sameMeasure(a: Key, b: Key): boolean {
  if (a.unitClass !== b.unitClass || a.basis !== b.basis) return false;
  if (a.asOf && b.asOf && a.asOf !== b.asOf) return false;
  // a first report and its revision are two measures when the revision changed it (406,000 vs a revised 405,000)
  if (a.revised !== b.revised && !valuesAgree(a.f, b.f)) return false;
  const forecast = (k: Key): boolean => k.kindClass === 'forecast';
  if (forecast(a) !== forecast(b)) return false;
  const share = a.unitClass === 'percentage' || a.unitClass === 'fraction';
  // A distinctive amount (exact, in the thousands or more) that two outlets give alike is one figure,
  // whatever words each sentence puts around it.
  if (!share && distinctive(a.f) && distinctive(b.f) && valuesAgree(a.f, b.f)) return true;
  // so is one tally ("a 69-30 vote", "the final vote was 69 to 30")
  if (a.unitClass === 'tally' && valuesAgree(a.f, b.f)) return true;
  if (a.kindClass !== b.kindClass) return false;
  // A record span ("the biggest in four decades", "in 39 years") is the story's record, however each
  // sentence words what is biggest: equal spans are one measure.
  if (a.basis === 'record') return valuesAgree(a.f, b.f);
  if (a.head && b.head) {
    if (RATE_WORDS.has(a.head) !== RATE_WORDS.has(b.head)) return false; // "murder rate" is not "murders"
    const sameHead =
      (a.head === b.head || a.heads.has(b.head) || b.heads.has(a.head)) &&
      // both qualified and sharing no qualifier: another thing of the same name ("used car prices", "consumer prices")
      !(a.modifiers.length && b.modifiers.length && !a.modifiers.some((m) => b.modifiers.includes(m)));
    // Two exact statistics of one measure differ by a share, not a multiple: a weekly 218,000 is not the
    // record 6.87 million. Estimates and bounds may ("more than 40,000 fled" against "as many as 90,000").
    if (sameHead)
      return valuesAgree(a.f, b.f) || a.f.qualifier !== '=' || b.f.qualifier !== '=' || gapOf(a.f, b.f) < 0.4;
    const shared = [a.head, ...a.modifiers].some((w) => w === b.head || b.modifiers.includes(w));
    return shared && valuesAgree(a.f, b.f);
  }
  if (share) return false;
  return valuesAgree(a.f, b.f) && (exactlyStated(a.f) || exactlyStated(b.f) || share);
}

/**
 * Two outlets that give one distinctive amount (188,829) name one count, whatever each calls it: "border
 * crossers" in one and "migrants encountered" in another are then one thing for the whole story, so that a
 * third outlet's "178,000 arrests" can be compared with both.
 */
function linkSameAmounts(keys: Key[]): void {
  // only figures of one value can be the same amount: compare within each value
  const byValue = new Map<number, Key[]>();
  for (const k of keys) {
    if (k.f.value === null) continue;
    const same = byValue.get(k.f.value);
    if (same) same.push(k);
    else byValue.set(k.f.value, [k]);
  }
  for (const same of byValue.values()) linkWithin(same);
}

function linkWithin(keys: Key[]): void {
  for (const a of keys) {
    for (const b of keys) {
      if (a === b || !a.head || !b.head || a.f.articleId === b.f.articleId) continue;
      if (a.unitClass !== b.unitClass || a.basis !== b.basis || a.kindClass !== b.kindClass) continue;
      if (a.asOf && b.asOf && a.asOf !== b.asOf) continue;
      if (!exactSame(a.f, b.f)) continue;
      a.heads.add(b.head);
      for (const m of b.modifiers) if (!a.modifiers.includes(m)) a.modifiers.push(m);
    }
  }
}

/** The same exact distinctive amount, digit for digit. */
function exactSame(a: AlignedFigure, b: AlignedFigure): boolean {
  return (
    a.qualifier === '=' &&
    b.qualifier === '=' &&
    a.value === b.value &&
    distinctive(a) &&
    a.value! % 1000 !== 0
  );
}

/** An exact amount of at least a thousand, not a round count of tens or hundreds: unlikely to recur by chance. */
function distinctive(f: AlignedFigure): boolean {
  return f.value !== null && (f.qualifier === '=' || f.qualifier === '~') && Math.abs(f.value) >= 1000;
}

/** A figure written with its digits and no vagueness: one that can stand for its measure by value alone. */
function exactlyStated(f: AlignedFigure): boolean {
  return f.value !== null && f.qualifier === '=' && Math.abs(f.value) >= 100;
}

/** In months for times in years and months, so that 22 1/2 years and 270 months compare. */
function scaleOf(f: AlignedFigure): number {
  return f.unit === 'year' ? 12 : 1;
}

/** The interval a figure allows: its rounding, its approximation, its bound, its range. */
function interval(f: AlignedFigure): [number, number] {
  let known = INTERVALS.get(f);
  if (!known) INTERVALS.set(f, (known = intervalOf(f)));
  return known;
}

/** Each figure's interval, worked out once: grouping asks for it again and again. */
const INTERVALS = new WeakMap<AlignedFigure, [number, number]>();

function intervalOf(f: AlignedFigure): [number, number] {
  const k = scaleOf(f);
  if (f.value === null) {
    const lo = Math.min(f.low ?? 0, f.high ?? f.low ?? 0);
    const hi = Math.max(f.low ?? 0, f.high ?? f.low ?? 0);
    return [lo * k, hi * k];
  }
  const v = f.value * k;
  const r = roundingOf(f.value, f.text) * k;
  switch (f.qualifier) {
    // A bound is close to its number, within its next rounding step or 5%: "more than 900,000" is 904,000, and
    // "more than 178,000" is not 188,829 (a writer with 188,829 would say "more than 188,000").
    case '>':
      return [v, v + Math.max(2 * r, 0.05 * Math.abs(v))];
    case '<':
      return [v - Math.max(2 * r, 0.05 * Math.abs(v)), v];
    case '~':
      return [Math.min(v * 0.95, v - r), Math.max(v * 1.05, v + r)];
    default:
      return [v - r, v + r];
  }
}

/**
 * Half the place of a number's last significant digit (360,000 -> 5,000; 5.9 -> 0.05; 385 -> 0.5), but at
 * most 2% of it: "$1 trillion" is not "$550 billion" rounded.
 */
function roundingOf(v: number, written: string): number {
  const a = Math.abs(v);
  // the decimals as written: "6.0%" is precise to a tenth, "$1.2 trillion" to a tenth of a trillion
  const digits = /\d[\d,]*\.(\d+)/.exec(written);
  if (digits) {
    const shown = Number(digits[0].replace(/,/g, ''));
    return shown ? 0.5 * 10 ** -digits[1]!.length * (a / shown) : 0.5 * 10 ** -digits[1]!.length;
  }
  if (!a) return 0.5;
  const text = String(a);
  if (text.includes('.')) return 0.5 * 10 ** -text.split('.')[1]!.length;
  const zeros = /0*$/.exec(text)![0].length;
  return Math.min(0.5 * 10 ** zeros, Math.max(0.5, 0.02 * a));
}

function valuesAgree(a: AlignedFigure, b: AlignedFigure): boolean {
  if (a.qualifier === 'tally' || b.qualifier === 'tally')
    return a.qualifier === b.qualifier && a.low === b.low && a.high === b.high;
  const [a0, a1] = interval(a);
  const [b0, b1] = interval(b);
  // equal values, or intervals that overlap by more than a point (405,000 and 406,000 only touch)
  return (a0 === b0 && a1 === b1) || (a0 < b1 && b0 < a1);
}

/** A figure's unit split from its rate ("dollar per month": dollar, per month), a counted noun's synonyms named alike. */
function storyUnit(unit: string | null): { unit: string | null; per: string | null } {
  if (!unit) return { unit: null, per: null };
  // a rate's base with its number is the unit itself ("birth per 1,000 women")
  if (/ per \d/.test(unit)) return { unit, per: null };
  const [base, per] = unit.split(' per ') as [string, string | undefined];
  if (isUnitOfMeasure(base) || /^(?:percentage|fraction|vote)$/.test(base))
    return { unit: base, per: per ?? null };
  const words = base.split(' ');
  const head = SAME_THING[words.at(-1)!];
  return { unit: head ? [...words.slice(0, -1), head].join(' ') : base, per: per ?? null };
}

/** How far apart two figures' values are, relative to the larger (0: their intervals meet). */
function gapOf(a: AlignedFigure, b: AlignedFigure): number {
  const [a0, a1] = interval(a);
  const [b0, b1] = interval(b);
  const gap = Math.max(0, a0 - b1, b0 - a1);
  return gap / Math.max(Math.abs(a1), Math.abs(b1), 1e-9);
}

const REVISED = /\b(?:revised|revision)\b[^,;.]*$/i;

/**
 * The month or year a figure is of: the nearest date of its sentence that is not a boundary ("since 2019"),
 * a benchmark or background, with no other figure between them, at most 60 characters away.
 */
function ownDate(
  a: AnalyzedArticle,
  f: Figure,
  s: { start: number; end: number },
  boundaries: Set<string>,
  basis: Measure['basis'],
): string | null {
  let best: string | null = null;
  let bestDistance = 61;
  for (const d of a.dates) {
    // a benchmark's date is the time of the figure beside it ("from 590,000 in late April"); a dateline is not
    if (!d.value || d.type !== 'DATE' || d.role === 'publication') continue;
    if (d.start < s.start || d.end > s.end || !/^\d{4}(?:-(?:\d{2}|W\d{2}))?$/.test(d.value)) continue;
    // "a month earlier" counts from another time of the sentence, which its value may not
    if (/\b(?:earlier|before|later|prior)$/i.test(d.text)) continue;
    // a reading is not of a time after its report (a date resolved forward by mistake would split a measure)
    const reading = f.kind !== 'forecast' && f.kind !== 'target';
    if (reading && a.published && startOf(d.value) > Date.parse(a.published)) continue;
    const [from, to] = d.start >= f.end ? [f.end, d.start] : [d.end, f.start];
    // "since 2019" bounds a period, except the level a change started from ("from last week's 406,000") and a
    // figure of that time ("since March 2000, when more than 223,000 …")
    const when = d.end <= f.start && /^\s*,?\s*when\b/i.test(a.text.slice(d.end, f.start));
    if (boundaries.has(d.text.split(/\s+/)[0]!.toLowerCase()) && basis !== 'previous' && !when) continue;
    if (to - from >= bestDistance) continue;
    if (a.figures.some((g) => g !== f && g.start >= from && g.end <= to)) continue;
    best = d.value;
    bestDistance = to - from;
  }
  return best;
}

/** When a TIMEX value of a year, a month or an ISO week begins (ms since the epoch). */
function startOf(value: string): number {
  const week = /^(?<y>\d{4})-W(?<w>\d{2})$/.exec(value);
  if (week) return Date.UTC(Number(week.groups!.y), 0, 1 + (Number(week.groups!.w) - 1) * 7);
  return Date.parse(value.length === 4 ? `${value}-01-01` : `${value}-01`);
}

/**
 * The event a count of people or things counts, from the verb beside it: "apprehended 212,672 people" and
 * "188,829 migrants were encountered" count apprehensions and encounters (data/compare.json `eventVerbs`).
 */
function eventThing(text: string, f: Figure, lang: string): string | null {
  if (!f.unit || isUnitOfMeasure(f.unit) || f.unit === 'percentage' || f.unit === 'fraction') return null;
  const verbs = eventVerbs(lang);
  if (!verbs.size) return null;
  const before = /(?:^|\s)(\p{L}+)\s+$/u.exec(text.slice(Math.max(0, f.start - 30), f.start))?.[1];
  const after =
    /^\s+(?:who\s+|that\s+)?(?:(?:were|was|have|has|had|been|being|are|is)\s+){0,2}(\p{L}+)/u.exec(
      text.slice(f.end, f.end + 40),
    )?.[1];
  for (const w of [before, after]) {
    const event = w ? verbs.get(w.toLowerCase()) : undefined;
    // who or what it happened to stays a qualifier ("two women killed" are not "two dozen Gazans killed")
    if (event) return GENERIC_COUNTED.has(f.unit) ? event : `${f.unit} ${event}`;
  }
  return null;
}

/** Counted nouns that say nothing of who was counted. */
const GENERIC_COUNTED = new Set(['people', 'person', 'individual']);

const eventVerbCache = new Map<string, Map<string, string>>();

function eventVerbs(lang: string): Map<string, string> {
  let m = eventVerbCache.get(lang);
  if (!m) {
    const data =
      loadData<Record<string, { eventVerbs?: Record<string, string[]> }>>('compare.json')[lang]?.eventVerbs ??
      {};
    m = new Map(
      Object.entries(data).flatMap(([event, forms]) => forms.map((v) => [v, event] as [string, string])),
    );
    eventVerbCache.set(lang, m);
  }
  return m;
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
