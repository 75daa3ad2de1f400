/** Aligned plain-text tables for a terminal. */
import { printable } from './text.js';

/** Columns padded to their widest cell; long cells are cut with an ellipsis; control characters removed. */
export function table(headers: string[], rows: (string | number | null)[][], maxWidth = 60): string {
  const cell = (v: string | number | null): string => {
    const s = v === null ? '' : printable(String(v)).replace(/\s+/g, ' ');
    return s.length > maxWidth ? `${s.slice(0, maxWidth - 1)}…` : s;
  };
  const cells = [headers, ...rows.map((r) => r.map(cell))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]): string =>
    r
      .map((c, i) => (typeof rows[0]?.[i] === 'number' ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join(
    '\n',
  );
}
