/**
 * What changed between two versions of an article, word by word (the `diff` library's word diff, which
 * keeps whitespace as tokens so that offsets stay exact), each change with its spans in both texts and
 * named as a figure or quote change when it touches one (by the analysis' own spans, in any language).
 */
import { diffWordsWithSpace } from 'diff';
import type { RevisionMark } from '../store/store.js';

export interface TextChange {
  kind: 'added' | 'removed' | 'changed';
  /** What the change touches: a figure, a quote, or only text. */
  touches: ('figure' | 'quote')[];
  /** The words before and after ('' for an addition or a removal). */
  before: string;
  after: string;
  /** Spans in the earlier and the later text. */
  beforeSpan: { start: number; end: number };
  afterSpan: { start: number; end: number };
}

/** The changes from `before` to `after`, in text order; marks say where each text has figures and quotes. */
export function textChanges(
  before: { text: string; marks: RevisionMark[] },
  after: { text: string; marks: RevisionMark[] },
): TextChange[] {
  const changes: TextChange[] = [];
  let oldPos = 0;
  let newPos = 0;
  let open: TextChange | null = null;
  const close = (): void => {
    if (!open) return;
    open.before = before.text.slice(open.beforeSpan.start, open.beforeSpan.end);
    open.after = after.text.slice(open.afterSpan.start, open.afterSpan.end);
    // A change of whitespace alone is no change a reader sees.
    if (open.before.trim() || open.after.trim()) {
      open.kind = !open.before.trim() ? 'added' : !open.after.trim() ? 'removed' : 'changed';
      open.touches = touched(open, before.marks, after.marks);
      changes.push(open);
    }
    open = null;
  };
  for (const part of diffWordsWithSpace(before.text, after.text)) {
    const length = part.value.length;
    // Whitespace between two changed words belongs to one change ("nine days" → "eleven weeks").
    if (!part.added && !part.removed && !(open && !part.value.trim())) {
      close();
      oldPos += length;
      newPos += length;
      continue;
    }
    open ??= {
      kind: 'changed',
      touches: [],
      before: '',
      after: '',
      beforeSpan: { start: oldPos, end: oldPos },
      afterSpan: { start: newPos, end: newPos },
    };
    if (!part.added) oldPos += length;
    if (!part.removed) newPos += length;
    open.beforeSpan.end = oldPos;
    open.afterSpan.end = newPos;
  }
  close();
  return changes.map(trimmed);
}

/** Spans without the whitespace at their edges (kept inside while the change was open). */
function trimmed(c: TextChange): TextChange {
  const cut = (text: string, span: { start: number; end: number }): { start: number; end: number } => {
    const lead = text.length - text.trimStart().length;
    const trail = text.length - text.trimEnd().length;
    return text.trim() ? { start: span.start + lead, end: span.end - trail } : span;
  };
  return {
    ...c,
    before: c.before.trim(),
    after: c.after.trim(),
    beforeSpan: cut(c.before, c.beforeSpan),
    afterSpan: cut(c.after, c.afterSpan),
  };
}

function touched(c: TextChange, old: RevisionMark[], now: RevisionMark[]): ('figure' | 'quote')[] {
  const hits = (marks: RevisionMark[], span: { start: number; end: number }): RevisionMark[] =>
    marks.filter((m) =>
      span.start === span.end
        ? m.start < span.start && span.start < m.end
        : m.start < span.end && span.start < m.end,
    );
  const kinds = new Set([...hits(old, c.beforeSpan), ...hits(now, c.afterSpan)].map((m) => m.kind));
  return (['figure', 'quote'] as const).filter((k) => kinds.has(k));
}
