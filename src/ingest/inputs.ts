/**
 * Ingest: turn what the user names (files, directories, gzip, stdin, JSONL, feeds) into raw documents.
 * This is the only stage that reads files. Every failure is reported per input, naming it, and never stops
 * the other inputs.
 */
import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { AnalysisWarning, InputFormat } from '../model/document.js';
import type { RawDocument, SourceMeta } from '../model/raw.js';
import { normalizeFeedDate } from '../util/feed-date.js';
import { DEFAULT_MAX_BYTES, decodeText, formatBytes, gunzipIfNeeded } from './decode.js';
import { InputError } from '../model/errors.js';
import { type FeedLink, parseFeedDocuments } from './feed.js';
import { type Fetched, type FetchOptions, fetchUrl, isUrl } from './fetch.js';
import { describeFsError, fileKind, readRegularFile } from './files.js';
import {
  describeRandom,
  describeStripped,
  invalidCharacters,
  looksBinaryText,
  randomRegions,
  stripControls,
} from './hygiene.js';
import { loadSidecar, SIDECAR_NAME, SidecarMissingError } from './sidecar.js';

export type IngestItem = { ok: true; doc: RawDocument } | { ok: false; error: InputError };

export interface ReadOptions {
  /** Extra sidecar files (meta.jsonl format); a `meta.jsonl` beside the inputs is always read. */
  meta?: string[];
  maxBytes?: number;
  /** Where `-` reads from; defaults to process.stdin. */
  stdin?: () => Promise<Uint8Array>;
  /** Called after each file's documents have been yielded. */
  onFile?: (file: string) => void;
  /** How URLs are fetched (time limit, size cap, redirects, private addresses). */
  fetch?: FetchOptions;
  /** How a URL is fetched (`fetchUrl` unless given: the watcher passes a polite, robots-aware one). */
  fetcher?: (url: string, opts: FetchOptions) => Promise<Fetched>;
  /** Fetch the page a feed item links to when the item carries no text (off unless asked). */
  fetchLinks?: boolean;
  /** Called for each feed item that has no text and is not fetched (no `fetchLinks`). */
  onLink?: (link: FeedLink) => void;
}

const ARTICLE_EXTENSIONS = new Set([
  '.txt',
  '.text',
  '.html',
  '.htm',
  '.xhtml',
  '.jsonl',
  '.ndjson',
  '.xml',
  '.rss',
  '.atom',
  '.rdf',
  '.json',
]);

export function contentId(content: string): string {
  return createHash('sha256').update(content).digest('hex').slice(0, 16);
}

/** List the files an input names: itself, or every article file below a directory (sorted). */
export async function expandInput(input: string): Promise<string[]> {
  if (input === '-' || isUrl(input)) return [input];
  let info;
  try {
    info = await stat(input);
  } catch (err) {
    throw new InputError(input, describeFsError(err));
  }
  if (info.isFile()) return [input];
  if (!info.isDirectory())
    throw new InputError(input, `${fileKind(info)}, not a regular file or directory: not read`);
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      // An article-named entry that is not a regular file (a FIFO, a socket, a device, a link) is listed
      // too: reading refuses it by name rather than skipping it unseen. Links to directories are not walked.
      else if (e.name !== SIDECAR_NAME && ARTICLE_EXTENSIONS.has(articleExtension(e.name))) out.push(p);
    }
  };
  await walk(input);
  return out;
}

/** The extension that says what a file holds, looking through `.gz`. */
export function articleExtension(name: string): string {
  const lower = name.toLowerCase();
  const base = lower.endsWith('.gz') ? lower.slice(0, -3) : lower;
  return extname(base);
}

/** Read every input and yield its documents, or an error naming the input that failed. */
export async function* readInputs(inputs: string[], opts: ReadOptions = {}): AsyncGenerator<IngestItem> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const sidecars = new Map<string, Map<string, SourceMeta>>(); // dir -> file -> meta
  const explicit = new Map<string, SourceMeta>(); // absolute path -> meta
  for (const m of opts.meta ?? []) {
    try {
      for (const [file, meta] of await loadSidecar(m)) explicit.set(file, meta);
    } catch (err) {
      yield { ok: false, error: asInputError(m, err) };
    }
  }
  // A meta.jsonl in the file's folder or any folder above it may describe the file. One that is there but
  // cannot be read (a FIFO, a device, invalid JSON) is reported once and skipped.
  const unreadSidecars: InputError[] = [];
  const sidecarFor = async (file: string): Promise<SourceMeta | undefined> => {
    const abs = resolve(file);
    if (explicit.has(abs)) return explicit.get(abs);
    for (let dir = dirname(abs), depth = 0; depth < 8; depth++) {
      if (!sidecars.has(dir)) {
        try {
          sidecars.set(dir, await loadSidecar(join(dir, SIDECAR_NAME)));
        } catch (err) {
          sidecars.set(dir, new Map());
          if (!(err instanceof SidecarMissingError))
            unreadSidecars.push(asInputError(join(dir, SIDECAR_NAME), err));
        }
      }
      const meta = sidecars.get(dir)!.get(abs);
      if (meta) return meta;
      const up = dirname(dir);
      if (up === dir) break;
      dir = up;
    }
    return undefined;
  };

  for (const input of inputs) {
    let files: string[];
    try {
      files = await expandInput(input);
    } catch (err) {
      yield { ok: false, error: asInputError(input, err) };
      continue;
    }
    if (files.length === 0) {
      yield {
        ok: false,
        error: new InputError(input, 'no article files (.txt, .html, .jsonl, feeds; optionally .gz) found'),
      };
      continue;
    }
    for (const file of files) {
      const links: FeedLink[] = [];
      try {
        if (isUrl(file)) {
          const got = await (opts.fetcher ?? fetchUrl)(file, { maxBytes, ...opts.fetch });
          yield* documentsFromBytes(
            file,
            got.bytes,
            { url: got.url, origin: 'fetch' },
            maxBytes,
            got.charset,
            links,
          );
        } else {
          const bytes = file === '-' ? await (opts.stdin ?? readStdin)() : await readBounded(file, maxBytes);
          const meta = file === '-' ? undefined : await sidecarFor(file);
          for (const error of unreadSidecars.splice(0)) yield { ok: false, error };
          yield* documentsFromBytes(file, bytes, meta ?? {}, maxBytes, null, links);
        }
      } catch (err) {
        yield { ok: false, error: asInputError(file, err) };
      }
      for (const link of links) {
        if (!opts.fetchLinks) {
          opts.onLink?.(link);
          continue;
        }
        try {
          const got = await (opts.fetcher ?? fetchUrl)(link.url, { maxBytes, ...opts.fetch });
          yield* documentsFromBytes(
            link.source,
            got.bytes,
            { ...link.meta, url: got.url },
            maxBytes,
            got.charset,
          );
        } catch (err) {
          yield {
            ok: false,
            error: new InputError(`${link.source} (${link.url})`, asInputError(link.url, err).reason),
          };
        }
      }
      opts.onFile?.(file);
    }
  }
}

/** Split one input's bytes into documents according to what it holds. */
export function* documentsFromBytes(
  source: string,
  raw: Uint8Array,
  meta: SourceMeta,
  maxBytes = DEFAULT_MAX_BYTES,
  charset: string | null = null,
  feedLinks?: FeedLink[],
): Generator<IngestItem> {
  const bytes = gunzipIfNeeded(source, raw, maxBytes);
  if (bytes.length > maxBytes)
    throw new InputError(source, `larger than the limit of ${formatBytes(maxBytes)}`);
  if (bytes.length === 0) throw new InputError(source, 'empty input');
  const random = randomRegions(bytes);
  if (random && random.random * 2 >= random.windows)
    throw new InputError(source, `random or binary data, not text (${describeRandom(random)})`);
  const decoded = decodeText(source, bytes, charset);
  if (looksBinaryText(decoded))
    throw new InputError(source, 'binary data, not text (expected .txt, .html, .jsonl or a feed)');
  const invalid = invalidCharacters(decoded);
  if (invalid)
    throw new InputError(
      source,
      `not text: ${Math.round(invalid.share * 100)}% of its characters are invalid or unassigned once decoded (noise, or bytes in an encoding other than the one declared)`,
    );
  const warnings: AnalysisWarning[] = [];
  if (random)
    warnings.push(
      ingestWarning(
        'random-data',
        `part of the input looks like random data and was kept: ${describeRandom(random)}`,
      ),
    );
  const stripped = stripControls(decoded);
  if (stripped)
    warnings.push(ingestWarning('control-characters', describeStripped(stripped, `the input ${source}`)));
  const content = stripped?.text ?? decoded;
  if (!content.trim())
    throw new InputError(
      source,
      stripped ? 'binary data, not text (nothing but control characters)' : 'empty input (only white space)',
    );
  const kind = sniffKind(source, content);
  if (kind === 'jsonl') {
    for (const item of jsonlDocuments(source, content))
      yield item.ok ? { ok: true, doc: finishDocument(item.doc, warnings) } : item;
    return;
  }
  if (kind === 'feed') {
    for (const doc of parseFeedDocuments(source, content, feedLinks))
      yield { ok: true, doc: finishDocument({ ...doc, id: contentId(doc.content) }, warnings) };
    return;
  }
  yield {
    ok: true,
    doc: finishDocument({ source, format: kind, content, id: contentId(content), meta }, warnings),
  };
}

function ingestWarning(code: AnalysisWarning['code'], message: string): AnalysisWarning {
  return { analyzer: 'ingest', code, message };
}

/**
 * The checks every document gets, whatever it came from: control characters in its text and supplied
 * title or outlet (a JSONL "\u0000", a feed's character reference) are removed, and a supplied date that
 * is not a real date is left out; each is reported on the document, together with the input's own
 * warnings.
 */
function finishDocument(doc: RawDocument, inherited: AnalysisWarning[]): RawDocument {
  const warnings = [...inherited, ...(doc.warnings ?? [])];
  let content = doc.content;
  const inText = stripControls(content);
  if (inText) {
    content = inText.text;
    warnings.push(ingestWarning('control-characters', describeStripped(inText, 'the article text')));
  }
  const meta = { ...doc.meta };
  for (const field of ['title', 'outlet'] as const) {
    const found = meta[field] ? stripControls(meta[field]) : null;
    if (!found) continue;
    meta[field] = found.text;
    warnings.push(ingestWarning('control-characters', describeStripped(found, `the ${field}`)));
  }
  if (meta.published !== undefined) {
    const published = normalizeFeedDate(meta.published);
    if (published) meta.published = published;
    else {
      warnings.push(
        ingestWarning(
          'invalid-metadata',
          `${meta.origin ?? 'supplied'} date ${JSON.stringify(meta.published)} is not a valid date: publication date left unknown`,
        ),
      );
      delete meta.published;
    }
  }
  return { ...doc, content, meta, ...(warnings.length ? { warnings } : {}) };
}

type Kind = InputFormat | 'jsonl' | 'feed';

export function sniffKind(source: string, content: string): Kind {
  const ext = articleExtension(basename(source));
  const head = content.slice(0, 2048).trimStart().toLowerCase();
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  if (['.rss', '.atom', '.rdf'].includes(ext)) return 'feed';
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<(rss|feed|rdf:rdf)\b/.test(head)) return 'feed';
  if (ext === '.json' && /"version"\s*:\s*"https:\/\/jsonfeed\.org/.test(head)) return 'feed';
  if (ext === '.json' || (ext !== '.txt' && head.startsWith('{'))) return 'jsonl';
  if (ext === '.html' || ext === '.htm' || ext === '.xhtml') return 'html';
  if (/^(<!doctype html|<html\b|<head\b|<body\b|<article\b|<p\b|<div\b)/.test(head)) return 'html';
  return 'text';
}

function* jsonlDocuments(source: string, content: string): Generator<IngestItem> {
  const lines = content.split(/\r?\n/);
  let any = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    any = true;
    const where = `${source}#${i + 1}`;
    let rec: unknown;
    try {
      rec = JSON.parse(line);
    } catch (err) {
      yield { ok: false, error: new InputError(where, `invalid JSON (${(err as Error).message})`) };
      continue;
    }
    try {
      yield { ok: true, doc: jsonlRecord(where, rec) };
    } catch (err) {
      yield { ok: false, error: asInputError(where, err) };
    }
  }
  if (!any) throw new InputError(source, 'empty input (no JSON lines)');
}

function jsonlRecord(where: string, rec: unknown): RawDocument {
  if (!rec || typeof rec !== 'object' || Array.isArray(rec))
    throw new InputError(where, 'each line must be a JSON object');
  const r = rec as Record<string, unknown>;
  const str = (k: string): string | undefined => {
    const v = r[k];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string') return v;
    if (typeof v === 'number' && k === 'id') return String(v);
    throw new InputError(where, `field "${k}" must be a string`);
  };
  const html = str('html');
  const text = str('text');
  const meta: SourceMeta = { origin: 'jsonl' };
  for (const k of ['url', 'title', 'outlet', 'published', 'language'] as const) {
    const v = str(k);
    if (v) meta[k] = v;
  }
  const externalId = str('id');
  if (externalId) meta.externalId = externalId;
  const content = html ?? text;
  if (!content?.trim() && meta.title?.trim()) {
    // A headline-only item (as news aggregators list them): its text is its headline. Outlets share
    // headlines word for word, so its URL (or outlet) is part of what identifies it.
    const headline = meta.title.trim();
    return {
      source: where,
      format: 'text',
      content: headline,
      id: contentId(`${headline}\n${meta.url ?? meta.outlet ?? ''}`),
      meta,
    };
  }
  if (content === undefined)
    throw new InputError(where, 'needs a "text" or "html" field, or at least a "title"');
  if (!content.trim()) throw new InputError(where, `empty "${html !== undefined ? 'html' : 'text'}" field`);
  return {
    source: where,
    format: html !== undefined ? 'html' : 'text',
    content,
    id: contentId(content),
    meta,
  };
}

function readBounded(file: string, maxBytes: number): Promise<Uint8Array> {
  // Compressed files are bounded again after decompression; gzip never makes data much smaller than it
  // was, so a compressed file over the limit would be over it decompressed too.
  return readRegularFile(file, maxBytes);
}

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    size += (chunk as Buffer).length;
    if (size > DEFAULT_MAX_BYTES)
      throw new InputError('-', `standard input is larger than ${formatBytes(DEFAULT_MAX_BYTES)}`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function asInputError(input: string, err: unknown): InputError {
  if (err instanceof InputError) return err;
  return new InputError(input, describeFsError(err));
}
