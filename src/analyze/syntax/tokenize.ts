/**
 * Rule-based English tokenizer after the UD English (EWT) conventions: punctuation and hyphens are split
 * off, clitics too ("do|n't", "John|'s", "we|'re", "ca|n't", "gon|na"), while abbreviations ("Mr.",
 * "U.S."), numbers ("3.5", "1,000", "10:30"), URLs and e-mail addresses stay whole. Every token keeps
 * its character offsets, so `text.slice(start, end) === token.text` always holds.
 */
import type { Span } from '../../model/document.js';
import { loadData } from '../../util/data.js';

export interface Token extends Span {
  text: string;
}

interface SyntaxData {
  abbreviations: string[];
  hyphenPrefixes: string[];
  clitics: string[];
  splits: Record<string, string[]>;
}

let data: {
  abbr: Set<string>;
  prefixes: Set<string>;
  clitics: string[];
  splits: Map<string, string[]>;
} | null = null;

function tables(): NonNullable<typeof data> {
  if (!data) {
    const raw = loadData<SyntaxData>('syntax.en.json');
    data = {
      abbr: new Set(raw.abbreviations),
      prefixes: new Set(raw.hyphenPrefixes),
      // Longest first, so "n't" is tried before "'t"-like shorter endings.
      clitics: [...raw.clitics].sort((a, b) => b.length - a.length),
      splits: new Map(Object.entries(raw.splits)),
    };
  }
  return data;
}

const TOKEN =
  /(?<url>(?:https?:\/\/|www\.)[^\s<>"“”]+[^\s<>"“”.,;:!?)\]'’]|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|edu|gov)\b)|(?<initials>(?:\p{L}\.){2,})|(?<number>\p{N}+(?:\/\p{N}+){2}(?![\p{L}\p{N}])|\p{N}{3}-\p{N}{4}(?![\p{L}\p{N}])|\p{N}+(?:-\p{N}+){2,}(?![\p{L}\p{N}])|\p{N}+(?:[.,:]\p{N}+)*(?![\p{L}\p{N}]))|(?<word>[\p{L}\p{M}\p{N}_]+(?:['’][\p{L}\p{M}]+)*)|(?<dots>\.{2,}|…)|(?<run>(?<mark>[-*!?=~_#])\k<mark>+)|(?<other>\S)/gu;

/** Tokens of `text` between `start` and `end` (a sentence span), in order. */
export function tokenize(text: string, start = 0, end = text.length): Token[] {
  const { abbr, prefixes, clitics, splits } = tables();
  const out: Token[] = [];
  const slice = text.slice(start, end);
  const push = (s: number, e: number): void => {
    if (e > s) out.push({ start: start + s, end: start + e, text: slice.slice(s, e) });
  };
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN.exec(slice))) {
    const g = m.groups!;
    const s = m.index;
    let e = s + m[0].length;
    if (g.word === undefined) {
      push(s, e);
      continue;
    }
    const lower = m[0].toLowerCase().replace(/’/g, "'");
    // A known abbreviation or an initial ("J. Smith") keeps its full stop.
    const initial = /^\p{Lu}$/u.test(m[0]) && /^\.\s+\p{Lu}/u.test(slice.slice(e, e + 3));
    if (slice[e] === '.' && (abbr.has(lower) || initial)) {
      push(s, e + 1);
      TOKEN.lastIndex = e + 1;
      continue;
    }
    // A bound prefix keeps its hyphen and the word after it ("non-Microsoft", "re-elected").
    const joined = prefixes.has(lower) && slice[e] === '-' ? /^-[\p{L}\p{M}]+/u.exec(slice.slice(e)) : null;
    if (joined) {
      e += joined[0].length;
      TOKEN.lastIndex = e;
      push(s, e);
      continue;
    }
    const parts = splits.get(lower);
    if (parts) {
      let at = s;
      for (const p of parts) {
        push(at, at + p.length);
        at += p.length;
      }
      continue;
    }
    for (const c of clitics) {
      if (lower.length > c.length && lower.endsWith(c)) {
        push(s, e - c.length);
        push(e - c.length, e);
        e = -1;
        break;
      }
    }
    if (e >= 0) push(s, e);
  }
  return out;
}
