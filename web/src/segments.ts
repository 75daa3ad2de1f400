/**
 * Highlighting without markup: an article's text cut at every annotation boundary into runs, each run
 * with the set of annotations covering it. The reader renders each run as a text node in a span with
 * those classes, so overlapping annotations (a figure inside a quotation) need no nesting, and the
 * article's own text never becomes HTML.
 */
export interface Mark {
  start: number;
  end: number;
  /** What it is: a CSS class and what the screen reader hears ("quote", "figure", "cited"…). */
  kind: string;
  /** A short description shown on hover ("quote by Lena Markovic"). */
  note?: string;
}

export interface Run {
  start: number;
  end: number;
  text: string;
  marks: Mark[];
}

/** Runs of `text` covering it whole, in order; marks outside the text or empty are ignored. */
export function segment(text: string, marks: readonly Mark[]): Run[] {
  const valid = marks.filter((m) => m.start >= 0 && m.end <= text.length && m.start < m.end);
  const cuts = new Set<number>([0, text.length]);
  for (const m of valid) {
    cuts.add(m.start);
    cuts.add(m.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const runs: Run[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i]!;
    const end = points[i + 1]!;
    runs.push({
      start,
      end,
      text: text.slice(start, end),
      marks: valid.filter((m) => m.start < end && m.end > start),
    });
  }
  return runs;
}

/** A search snippet with its matches between [ and ] as runs: [text, isMatch]. */
export function snippetParts(snippet: string): [string, boolean][] {
  const parts: [string, boolean][] = [];
  const re = /\[(?<match>[^\]]*)\]/g;
  let at = 0;
  for (let m = re.exec(snippet); m; m = re.exec(snippet)) {
    if (m.index > at) parts.push([snippet.slice(at, m.index), false]);
    parts.push([m.groups!.match!, true]);
    at = m.index + m[0].length;
  }
  if (at < snippet.length) parts.push([snippet.slice(at), false]);
  return parts;
}

/**
 * Counts per day (YYYY-MM-DD, any order, days left out when none) as a continuous series of days in
 * seconds since the epoch with 0 for missing days, for the small charts. Long-running stories keep their
 * last year: beyond that a sparkline would be a smear anyway.
 */
export function daySeries(perDay: readonly { day: string; articles: number }[]): {
  days: number[];
  counts: number[];
} {
  const byDay = new Map<number, number>();
  for (const { day, articles } of perDay) {
    const t = Date.parse(`${day.slice(0, 10)}T00:00:00Z`);
    if (Number.isNaN(t)) continue;
    const d = Math.round(t / 86_400_000);
    byDay.set(d, (byDay.get(d) ?? 0) + articles);
  }
  if (!byDay.size) return { days: [], counts: [] };
  const last = Math.max(...byDay.keys());
  const first = Math.max(Math.min(...byDay.keys()), last - 365);
  const days: number[] = [];
  const counts: number[] = [];
  for (let d = first; d <= last; d++) {
    days.push(d * 86_400);
    counts.push(byDay.get(d) ?? 0);
  }
  return { days, counts };
}
