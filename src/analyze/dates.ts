/**
 * Temporal expressions, normalised against the article's publication date. chrono-node finds calendar
 * expressions; we keep only those with a calendar component (so "From 5,000 to 7,000" is not read as
 * clock times), resolve weekdays to the most recent such day on or before publication ("next" looks
 * ahead), and add what chrono lacks: bare years ("in 2011") and durations ("over the past 24 hours").
 * Without a publication date, relative expressions stay unresolved (value null).
 */
import * as chrono from 'chrono-node';
import type { DateMention, Span } from '../model/document.js';
import type { AnalysisContext, Analyzer } from './context.js';

const PREP_WORDS = String.raw`(?:on|in|since|until|till|by|from|before|after|during|as of|through|throughout|for|of)`;
const PREP = String.raw`(?:${PREP_WORDS}\s+)`;
const YEAR_RE = new RegExp(String.raw`\b(${PREP_WORDS}|the year|early|late|mid-?)?\s*\b((?:1[89]|20)\d{2})\b(?![\d,.:]\d|\s*(?:%|percent|per cent))`, 'giu');
const DURATION_RE = /\b(?:(?:over|for|in|during|within)\s+)?(?:the\s+)?(?:(past|last|next|coming)\s+)?(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a|an)\s+(hours?|days?|weeks?|months?|years?|decades?)\b/giu;
const WORD_NUM: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12 };
const UNIT: Record<string, string> = { hour: 'TH', day: 'D', week: 'W', month: 'M', year: 'Y', decade: 'DE' };

export function findDates(text: string, published: string | null): DateMention[] {
  const ref = published && /^\d{4}-\d{2}-\d{2}/.test(published) ? published.slice(0, 10) : null;
  const refDate = ref ? new Date(`${ref}T12:00:00Z`) : new Date(Date.UTC(2000, 0, 1, 12));
  const out: DateMention[] = [];
  const taken: Span[] = [];
  const free = (s: number, e: number): boolean => !taken.some((t) => s < t.end && t.start < e);
  const push = (start: number, end: number, value: string | null, type: DateMention['type'], confidence: number): void => {
    // Include a preceding preposition in the span: "on Sunday", "Since September 2014".
    const lead = new RegExp(`${PREP}$`, 'i').exec(text.slice(Math.max(0, start - 12), start));
    if (lead) start -= lead[0].length;
    if (!free(start, end)) return;
    taken.push({ start, end });
    out.push({ start, end, text: text.slice(start, end), value, type, confidence });
  };

  for (const m of text.matchAll(DURATION_RE)) {
    const n = /^\d+$/.test(m[2]!) ? Number(m[2]) : WORD_NUM[m[2]!.toLowerCase()];
    const unit = UNIT[m[3]!.toLowerCase().replace(/s$/, '')];
    if (!n || !unit || (!m[1] && !/^(over|for|during|within)\b/i.test(m[0]))) continue;
    const value = unit === 'TH' ? `PT${n}H` : unit === 'DE' ? `P${n * 10}Y` : `P${n}${unit}`;
    push(m.index!, m.index! + m[0].length, value, 'DURATION', 0.8);
  }

  for (const r of chrono.parse(text, { instant: refDate, timezone: 0 })) {
    const comp = (c: 'year' | 'month' | 'day' | 'weekday' | 'hour'): number | undefined => (r.start.isCertain(c) ? (r.start.get(c) ?? undefined) : undefined);
    const known = { year: comp('year'), month: comp('month'), day: comp('day'), weekday: comp('weekday'), hour: comp('hour') };
    const implied = { year: r.start.get('year') ?? undefined, month: r.start.get('month') ?? undefined, day: r.start.get('day') ?? undefined };
    const hasCalendar = known.year !== undefined || known.month !== undefined || known.day !== undefined || known.weekday !== undefined;
    const relative = /\b(today|yesterday|tomorrow|tonight|last|next|ago|this)\b/i.test(r.text);
    if (!hasCalendar && !relative) continue;
    if (/^\d+([,.]\d+)?$/.test(r.text.trim())) continue;
    let value: string | null = null;
    if (!hasCalendar && /^\s*(right\s+)?now\s*$/i.test(r.text)) continue; // "now" is the present, not a date
    const start = r.index;
    const end = r.index + r.text.replace(/[\s,.;:]+$/, '').length;
    if (known.weekday !== undefined && known.day === undefined) {
      const next = /\bnext\b/i.test(text.slice(Math.max(0, start - 6), end));
      value = ref ? weekdayDate(ref, known.weekday, next) : null;
    } else if (known.year !== undefined) {
      value = known.month !== undefined ? (known.day !== undefined ? ymd(known.year, known.month, known.day) : ym(known.year, known.month)) : String(known.year);
    } else if (known.month !== undefined) {
      value = ref ? (known.day !== undefined ? ymd(implied.year!, known.month, known.day) : ym(implied.year!, known.month)) : null;
    } else if (ref) {
      value = ymd(known.year ?? implied.year!, known.month ?? implied.month!, known.day ?? implied.day!);
    }
    if (value && !validDate(value)) value = null;
    push(start, end, value, known.hour !== undefined && known.day !== undefined ? 'TIME' : 'DATE', value ? 0.85 : 0.5);
  }

  for (const m of text.matchAll(YEAR_RE)) {
    const yearStart = m.index! + m[0].length - m[2]!.length;
    // A bare year only after a preposition or as part of a date phrase; otherwise it may be a figure.
    if (!m[1]) continue;
    push(yearStart, yearStart + 4, m[2]!, 'DATE', 0.8);
  }
  out.sort((a, b) => a.start - b.start);
  return out;
}

function weekdayDate(ref: string, weekday: number, next: boolean): string {
  const d = new Date(`${ref}T12:00:00Z`);
  const diff = next ? ((weekday - d.getUTCDay() + 7) % 7 || 7) : -((d.getUTCDay() - weekday + 7) % 7);
  d.setUTCDate(d.getUTCDate() + diff);
  return d.toISOString().slice(0, 10);
}

const pad = (n: number): string => String(n).padStart(2, '0');
const ym = (y: number, m: number): string => `${y}-${pad(m)}`;
const ymd = (y: number, m: number, d: number): string => `${y}-${pad(m)}-${pad(d)}`;

function validDate(v: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return true;
  const d = new Date(`${v}T00:00:00Z`);
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() + 1 === Number(m[2]) && d.getUTCDate() === Number(m[3]);
}

export const datesAnalyzer: Analyzer = {
  name: 'dates',
  run(ctx: AnalysisContext) {
    ctx.dates = findDates(ctx.text, ctx.article.published);
  },
};
