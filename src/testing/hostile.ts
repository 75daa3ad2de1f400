/**
 * Hostile inputs for output tests: titles, outlets, ids and texts holding terminal escape sequences,
 * spreadsheet formulas, HTML and Markdown meant to run in a reader, and line breaks that forge entries.
 * Original text, written for these tests.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const HOSTILE_LINES = [
  {
    id: '@SUM(A1)',
    title:
      "=cmd|' /C calc'!A0 \u001b]0;pwned\u0007\u001b[31mRED\u009b2J\n## Who said what\n- **Forged** said <script>alert(1)</script>",
    outlet: '+SUM(1,2)',
    published: '2024-03-04',
    url: 'javascript:alert(9)',
    text: [
      'Mayor Jane Holt opened the new bridge over the Tarn river on Monday, March 4, 2024, the city said.',
      '"We will [finish](javascript:alert(1)) the <script>alert(2)</script> second bridge by June," Holt said. ![x](http://evil.example/i.png) <http://evil.example/auto> <img src=x onerror=alert(3)>',
      '## Fake heading',
      'The Tarn Bridge Authority said 1,200 workers built it, and @SUM(1+1) was printed on the plans.',
    ].join('\n\n'),
  },
  {
    id: '-2+3',
    title: '\t=1+1',
    outlet: '\r=HYPERLINK("http://evil.example")',
    published: '2024-03-05',
    text: 'The Tarn Bridge Authority said on Tuesday, March 5, 2024, that 40 trucks crossed the new bridge, and \u001b[2J the road reopened, officials said.',
  },
];

/** The hostile articles as a JSONL file in `dir`; returns its path. */
export function writeHostileJsonl(dir: string): string {
  const file = join(dir, 'hostile.jsonl');
  writeFileSync(file, HOSTILE_LINES.map((l) => JSON.stringify(l)).join('\n'));
  return file;
}

// eslint-disable-next-line no-control-regex -- what a terminal must never receive
const TERMINAL_UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** Why a text is unsafe on a terminal, or null when it is safe. */
export function terminalProblem(s: string): string | null {
  const m = TERMINAL_UNSAFE.exec(s);
  return m ? `control character U+${m[0].charCodeAt(0).toString(16).padStart(4, '0')} at ${m.index}` : null;
}

/** Why a Markdown text would run or forge something in a reader, or null when it is safe. */
export function markdownProblem(md: string): string | null {
  if (terminalProblem(md)) return terminalProblem(md);
  const checks: [RegExp, string][] = [
    [/<[a-z!?/]/i, 'raw HTML or an autolink'],
    [/(^|[^\\])!\[/, 'an image'],
    [/(^|[^\\])\]\(/, 'an inline link'],
    [/^\s*- \*\*Forged/m, 'a forged entry'],
    [/^#+ Fake heading/m, 'a forged heading'],
  ];
  if ((md.match(/^#+ Who said what/gm) ?? []).length > 1) return 'a forged "Who said what" heading';
  for (const [re, what] of checks) {
    const m = re.exec(md);
    if (m) return `${what}: ${JSON.stringify(md.slice(Math.max(0, m.index - 20), m.index + 40))}`;
  }
  return null;
}

/** Why an HTML page would run something from the articles, or null when it is safe. */
export function htmlProblem(html: string): string | null {
  const checks: [RegExp, string][] = [
    [/<script/i, 'a script element'],
    [/<img/i, 'an image element'],
    [/<[^>]*\son\w+=/i, 'an event handler attribute'],
    [/(href|src)="\s*javascript:/i, 'a javascript: address'],
  ];
  for (const [re, what] of checks) if (re.test(html)) return what;
  return null;
}

/** The fields of a CSV text (RFC 4180), row by row. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted && ch === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (!quoted && ch === ',') {
      row.push(field);
      field = '';
    } else if (!quoted && ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
