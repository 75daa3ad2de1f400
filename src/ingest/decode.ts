import chardet from 'chardet';
import iconv from 'iconv-lite';
import { gunzipSync } from 'node:zlib';
import { InputError } from '../model/errors.js';

/** Upper bound for one input after decompression; larger inputs are refused with a clear error. */
export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;

const GZIP_MAGIC = [0x1f, 0x8b];

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1];
}

/** Decompress gzip input (bounded, so a gzip bomb fails fast) or return the bytes as they are. */
export function gunzipIfNeeded(source: string, bytes: Uint8Array, maxBytes = DEFAULT_MAX_BYTES): Uint8Array {
  if (!isGzip(bytes)) return bytes;
  try {
    return gunzipSync(bytes, { maxOutputLength: maxBytes });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || /too large|exceeds/i.test(String(err))) {
      throw new InputError(source, `decompressed size exceeds the limit of ${formatBytes(maxBytes)}`);
    }
    throw new InputError(source, `corrupt gzip data (${(err as Error).message})`);
  }
}

const META_CHARSET = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i;
const XML_ENCODING = /^<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)["']/i;

/**
 * Decode bytes to a string: a BOM wins, then a declared charset (HTML `<meta charset>`, XML declaration,
 * or the caller's, e.g. an HTTP header), then strict UTF-8, then windows-1252 as the last resort.
 */
export function decodeText(source: string, bytes: Uint8Array, declared?: string | null): string {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return new TextDecoder('utf-8').decode(bytes.subarray(3));
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe)
    return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff)
    return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
  const label = declared ?? XML_ENCODING.exec(head)?.[1] ?? META_CHARSET.exec(head)?.[1] ?? null;
  // A declared UTF-8 that does not decode is a lie; fall through to detection then.
  // iconv-lite rather than TextDecoder: Node's TextDecoder reads windows-1252 as plain Latin-1.
  if (label && !/^utf-?8$/i.test(label) && iconv.encodingExists(label)) {
    // Browsers read pages labelled ISO-8859-1 or US-ASCII as windows-1252, and so do we.
    const effective = /^(iso-?8859-1|latin-?1|us-ascii|ascii)$/i.test(label) ? 'windows-1252' : label;
    return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), effective);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), detectEncoding(bytes));
  }
}

/**
 * The encoding of undeclared, non-UTF-8 bytes, from their byte statistics (chardet: windows-1251,
 * ISO-8859-x, Shift_JIS, EUC-JP, GB18030, Big5, EUC-KR…); windows-1252 when nothing is confident.
 */
export function detectEncoding(bytes: Uint8Array): string {
  const sample = bytes.length > 65536 ? bytes.subarray(0, 65536) : bytes;
  for (const guess of chardet.analyse(sample)) {
    if (guess.confidence < 30) break;
    const name = /^ISO-8859-1$/i.test(guess.name) ? 'windows-1252' : guess.name;
    if (/^UTF-(8|16|32)/i.test(name)) continue; // not valid UTF-8, and UTF-16/32 would carry a BOM or NULs
    if (iconv.encodingExists(name)) return name;
  }
  return 'windows-1252';
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
