/**
 * Is it text? Checks on one input's bytes and decoded text that tell an article from binary data or
 * noise, and take out the control characters no article holds, saying so. Language-independent: they
 * look at how the bytes compress and which characters they decode to, never at words.
 */
import { deflateRawSync } from 'node:zlib';
import { formatBytes } from './decode.js';

/** Bytes in one window of the randomness check. */
const WINDOW = 8192;

/** Windows compressed at most per input: enough to see what most of it is, cheap for 50 MiB. */
const MAX_WINDOWS = 16;

/**
 * Deflate output per input byte above which a window is random data. Measured on 8 KiB windows: prose in
 * any script and legacy encoding (Japanese Shift_JIS and EUC-JP, Chinese GBK and Big5, Korean, Russian
 * windows-1251 and KOI8-R, Greek ISO-8859-7) 0.16–0.72, base64 (inline images) 0.76, random printable
 * ASCII 0.83, random bytes above 0x7F 0.88, random bytes 1.0.
 */
const RANDOM_RATIO = 0.85;

export interface RandomRegions {
  /** Windows compressed, and how many of them look random. */
  windows: number;
  random: number;
  /** Byte offset of the first random window. */
  firstOffset: number;
}

/**
 * How much of the input looks like random data (noise, encrypted or compressed binary): windows spread
 * evenly over it are compressed, and a window that does not compress as language does is random. Null
 * when none is, or the input is too short to tell (under one window).
 */
export function randomRegions(bytes: Uint8Array): RandomRegions | null {
  if (bytes.length < WINDOW) return null;
  const windows = Math.min(MAX_WINDOWS, Math.floor(bytes.length / WINDOW));
  const step = windows > 1 ? (bytes.length - WINDOW) / (windows - 1) : 0;
  let random = 0;
  let firstOffset = -1;
  for (let k = 0; k < windows; k++) {
    const offset = Math.round(k * step);
    const window = bytes.subarray(offset, offset + WINDOW);
    if (deflateRawSync(window, { level: 1 }).length / window.length <= RANDOM_RATIO) continue;
    random++;
    if (firstOffset < 0) firstOffset = offset;
  }
  return random ? { windows, random, firstOffset } : null;
}

export function describeRandom(r: RandomRegions): string {
  return `${r.random} of ${r.windows} samples of ${formatBytes(WINDOW)} look like random data, the first at byte ${r.firstOffset}`;
}

/**
 * Characters that no text holds once correctly decoded: the replacement character (bytes the encoding
 * could not map), private-use and unassigned code points, lone surrogates, and C1 control characters.
 */
const INVALID_CHARACTER = /[\uFFFD\p{Co}\p{Cn}\p{Cs}\u0080-\u009F]/gu;

/** Share of invalid characters among the non-space ones above which the input is not text. */
const INVALID_SHARE = 0.05;

/** The smallest count of invalid characters that can make an input "not text" (a few are damage, not noise). */
const INVALID_MIN = 32;

/** Characters of decoded text looked at, in slices spread over it (Unicode classes are slow on 50 MiB). */
const SAMPLE_SLICE = 16384;
const SAMPLE_SLICES = 16;

/**
 * When decoded text is mostly characters no text holds, their share (among the non-space characters):
 * bytes that decode to that are not text in the encoding they were read in. Null when the text is
 * plausible: a few stray replacement characters, as scraped pages often have, are kept. Long texts are
 * judged on slices spread over them.
 */
export function invalidCharacters(text: string): { share: number } | null {
  const sample =
    text.length <= SAMPLE_SLICE * SAMPLE_SLICES
      ? [text]
      : Array.from({ length: SAMPLE_SLICES }, (_, k) => {
          const at = Math.round((k * (text.length - SAMPLE_SLICE)) / (SAMPLE_SLICES - 1));
          return text.slice(at, at + SAMPLE_SLICE);
        });
  let invalid = 0;
  let visible = 0;
  for (const slice of sample) {
    for (const _ of slice.matchAll(INVALID_CHARACTER)) invalid++;
    visible += slice.length;
    for (const space of slice.matchAll(/\s+/g)) visible -= space[0].length;
  }
  if (invalid < INVALID_MIN) return null;
  const share = invalid / Math.max(1, visible);
  return share > INVALID_SHARE ? { share } : null;
}

/**
 * Control characters an article never holds: C0 controls other than tab, line feed, form feed and
 * carriage return, with whole terminal escape sequences (CSI, and OSC when terminated) taken as one.
 */
/* eslint-disable no-control-regex -- control characters are what these look for */
const CONTROL_RUN =
  /(?:\x1b\[[0-?]{0,32}[ -/]{0,8}[@-~]|\x1b\][^\x07\x1b\n]{0,512}(?:\x07|\x1b\\)|[\x00-\x08\x0b\x0e-\x1f])+/g;

/** Binary controls, as binary files are full of them: C0 without the white space and without ESC. */
const BINARY_CONTROL_RUN = /[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]+/g;
/* eslint-enable no-control-regex */

/**
 * Whether decoded text is binary data: separate runs of binary control characters at more than 1 in 100
 * characters (and at least two). A few stray NULs, or NUL padding at the end of a file, are one or two
 * runs in a long text: those are stripped instead.
 */
export function looksBinaryText(text: string): boolean {
  let runs = 0;
  const limit = Math.max(1, text.length / 100);
  for (const _ of text.matchAll(BINARY_CONTROL_RUN)) if (++runs > limit) return true;
  return false;
}

export interface StrippedControls {
  text: string;
  /** Control characters removed. */
  controls: number;
  /** Characters removed in all: the controls and the rest of the escape sequences they start. */
  removed: number;
  /** Offset (in the text before stripping) of the first removed run. */
  first: number;
  /** The distinct control characters removed, as U+XXXX. */
  kinds: string[];
}

/** Remove control characters and terminal escape sequences; null when there are none. */
export function stripControls(text: string): StrippedControls | null {
  let controls = 0;
  let removed = 0;
  let first = -1;
  const kinds = new Set<string>();
  const stripped = text.replace(CONTROL_RUN, (run: string, offset: number) => {
    if (first < 0) first = offset;
    removed += run.length;
    for (const ch of run) {
      if (ch >= ' ') continue;
      controls++;
      kinds.add(`U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
    }
    return '';
  });
  if (!removed) return null;
  return { text: stripped, controls, removed, first, kinds: [...kinds].sort() };
}

export function describeStripped(s: StrippedControls, where: string): string {
  const what = s.controls === 1 ? 'control character' : 'control characters';
  const sequences =
    s.removed > s.controls ? ` with the escape sequences they start, ${s.removed} characters in all,` : '';
  return `removed ${s.controls} ${what} (${s.kinds.join(', ')})${sequences} from ${where}, the first at character ${s.first}`;
}
