/**
 * Making text taken from articles safe to show. Titles, quotations and texts come from the web: they can
 * hold terminal escape sequences, Markdown and HTML meant to run in a reader, or line breaks that forge a
 * list entry. Every renderer passes such fields through one of these helpers.
 */

/* eslint-disable no-control-regex -- matching control characters is the point of these three */
// Terminal escape sequences, whole (CSI `ESC [ … final` or its one-byte C1 form, OSC `ESC ] … BEL|ST`, and
// two-byte `ESC x`), so that no "[31m" is left behind once the ESC is gone.
const ESCAPE_SEQUENCE =
  /(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]|(?:\u001b\]|\u009d)[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?|\u001b[@-_]/g;
// C0 and C1 controls but tab and line feed, and the bidirectional embeddings, overrides and isolates that
// reorder what is shown (the plain direction marks LRM and RLM are kept: right-to-left text needs them).
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
// Same, keeping carriage returns too (a CSV cell may hold CRLF line breaks).
const CONTROL_BUT_CR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
/* eslint-enable no-control-regex */

/** Text a terminal shows as text: escape sequences and control characters removed (line breaks and tabs kept). */
export function printable(s: string): string {
  return s.replace(ESCAPE_SEQUENCE, '').replace(CONTROL, '');
}

/** Like `printable`, keeping carriage returns (for CSV cells). */
export function withoutControls(s: string): string {
  return s.replace(ESCAPE_SEQUENCE, '').replace(CONTROL_BUT_CR, '');
}

/** A field shown on one line (a title, a name, a quotation): printable, every run of white space one space. */
export function oneLine(s: string | null | undefined): string {
  return printable(s ?? '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Markdown and HTML special characters made literal: `<` and `&` as entities (no raw HTML, no autolinks),
 * the punctuation that starts links, images, emphasis, code and tables backslash-escaped.
 */
function escapeMarkdownChars(s: string): string {
  return s.replace(/[\\`*_[\]<>&!|~]/g, (ch) =>
    ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : ch === '&' ? '&amp;' : `\\${ch}`,
  );
}

// What makes a line a block of its own: a heading, list item, thematic break or setext underline ("-", "+",
// "#", "=" first), or an ordered list item ("1." or "1)"). Quotes (">") and "*" are escaped everywhere.
const BLOCK_MARKER = /^(?<indent>\s*)(?<marker>[#+\-=])/;
const ORDERED_MARKER = /^(?<indent>\s*)(?<number>\d{1,9})(?<dot>[.)])/;

/** A text field placed inline in Markdown: one line, nothing in it read as Markdown or HTML. */
export function mdInline(s: string | null | undefined): string {
  return escapeMarkdownChars(oneLine(s));
}

/** A multi-line text (an article's text) in Markdown: paragraphs kept, no line read as markup. */
export function mdBlock(s: string): string {
  return printable(s.replace(/\r\n?/g, '\n'))
    .split('\n')
    .map((line) =>
      escapeMarkdownChars(line)
        .replace(BLOCK_MARKER, '$<indent>\\$<marker>')
        .replace(ORDERED_MARKER, '$<indent>$<number>\\$<dot>'),
    )
    .join('\n');
}

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text in HTML (content or a quoted attribute value): every markup character as an entity. */
export function html(s: string | null | undefined): string {
  return printable(s ?? '').replace(/[&<>"']/g, (ch) => HTML_ENTITIES[ch]!);
}

// Characters JSON.stringify leaves raw that a terminal or a bidi-aware viewer may act on.
const JSON_UNSAFE = /[\u007f-\u009f\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069]/g;

/** JSON that is safe on a terminal: C1 controls and bidi overrides as \u escapes (the same data). */
export function json(value: unknown): string {
  return safeJson(JSON.stringify(value, null, 2));
}

/** One JSON document on one line (JSONL), safe on a terminal like `json`. */
export function jsonLine(value: unknown): string {
  return safeJson(JSON.stringify(value));
}

function safeJson(text: string): string {
  return text.replace(JSON_UNSAFE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
