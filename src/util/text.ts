/** Text helpers every layer shares, each defined once: words, word counts, regex escaping. */

const WORD = /[\p{L}\p{N}]+/gu;
const REGEX_SPECIAL = /[.*+?^${}()|[\]\\]/g;

/** The words of a text: runs of letters and digits in any script (punctuation and spaces split them). */
export function words(text: string): string[] {
  return text.match(WORD) ?? [];
}

/** How many words a text has, by the same rule as `words`. */
export function wordCount(text: string): number {
  return words(text).length;
}

/** A string as a regular expression that matches it literally. */
export function escapeRegExp(s: string): string {
  return s.replace(REGEX_SPECIAL, '\\$&');
}
