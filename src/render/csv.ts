/**
 * CSV (RFC 4180) that a spreadsheet cannot run: a text cell starting with = + - @, a tab or a carriage
 * return gets a leading single quote and is quoted, as the OWASP CSV-injection guidance says, so that
 * `=cmd|' /C calc'!A0` is shown as text instead of being evaluated. Numbers are written as they are.
 */
import { withoutControls } from './text.js';

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  let s = withoutControls(String(v));
  if (FORMULA_START.test(s)) s = `'${s}`;
  return /^'|[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(values: unknown[]): string {
  return values.map(csvField).join(',');
}
