/**
 * Fetch one URL for ingest, defensively: http(s) only, a clear User-Agent, a time limit for the whole
 * exchange, a size cap enforced while reading (also after decompression), a redirect cap, a content-type
 * check, and no connection to private, loopback or link-local addresses unless the caller opts in. The
 * address check runs inside the connection's own DNS lookup, so a name cannot resolve to a public address
 * when checked and a private one when connected.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import zlib from 'node:zlib';
import ipaddr from 'ipaddr.js';
import { DEFAULT_MAX_BYTES, formatBytes } from './decode.js';
import { InputError } from './errors.js';

export const USER_AGENT = 'sitrep/0.1 (news-intelligence engine; +https://github.com/sitrep-news/sitrep)';

export interface FetchOptions {
  /** Milliseconds for the whole exchange, redirects included (default 20 s). */
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  /** Allow private, loopback and link-local addresses (a local test server, an intranet). */
  allowPrivate?: boolean;
}

export interface Fetched {
  /** The URL the content finally came from, after redirects. */
  url: string;
  bytes: Uint8Array;
  /** Media type without parameters, lower case ("text/html"). */
  contentType: string;
  /** The charset parameter of Content-Type, when the server sent one. */
  charset: string | null;
}

/** Media types that can hold an article or a feed. */
const ACCEPTED =
  /^(text\/(html|plain|xml)|application\/(xhtml\+xml|xml|rss\+xml|atom\+xml|rdf\+xml|feed\+json|json))$/;

export function isUrl(input: string): boolean {
  return /^https?:\/\//i.test(input);
}

/** Why an address may not be fetched, or null when it may. */
export function refusedAddress(address: string): string | null {
  if (!ipaddr.isValid(address)) return 'not an IP address';
  let ip = ipaddr.parse(address);
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress())
    ip = (ip as ipaddr.IPv6).toIPv4Address();
  const range = ip.range();
  return range === 'unicast' ? null : `${range} address ${address}`;
}

function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list = addresses as LookupAddress[];
      const ok = allowPrivate ? list : list.filter((a) => !refusedAddress(a.address));
      if (!ok.length) {
        const why = refusedAddress(list[0]?.address ?? '') ?? 'no address';
        const e = Object.assign(
          new Error(`refused: ${hostname} resolves to a ${why} (use --allow-private to fetch it)`),
          { code: 'EREFUSEDADDRESS' },
        );
        return callback(e, '', 0);
      }
      if ((options as { all?: boolean }).all)
        return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, ok);
      callback(null, ok[0]!.address, ok[0]!.family);
    });
  };
}

export async function fetchUrl(url: string, opts: FetchOptions = {}): Promise<Fetched> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxRedirects = opts.maxRedirects ?? 5;
  const deadline = Date.now() + (opts.timeoutMs ?? 20_000);
  let current = url;
  for (let hop = 0; ; hop++) {
    let parsed: URL;
    try {
      parsed = new URL(current);
    } catch {
      throw new InputError(url, `not a valid URL: ${current}`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
      throw new InputError(url, `only http and https URLs are fetched, not ${parsed.protocol}`);
    if (!opts.allowPrivate && ipaddr.isValid(parsed.hostname.replace(/^\[|\]$/g, ''))) {
      const why = refusedAddress(parsed.hostname.replace(/^\[|\]$/g, ''));
      if (why) throw new InputError(url, `refused: ${why} (use --allow-private to fetch it)`);
    }
    const res = await request(parsed, deadline, opts.allowPrivate ?? false, url);
    if (res.status >= 300 && res.status < 400 && res.location) {
      res.body.destroy();
      if (hop >= maxRedirects) throw new InputError(url, `too many redirects (more than ${maxRedirects})`);
      current = new URL(res.location, parsed).href;
      continue;
    }
    if (res.status !== 200) {
      res.body.destroy();
      throw new InputError(url, `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`);
    }
    const [type = '', ...params] = (res.contentType ?? '').split(';').map((s) => s.trim());
    const contentType = type.toLowerCase();
    if (contentType && !ACCEPTED.test(contentType)) {
      res.body.destroy();
      throw new InputError(url, `content type ${contentType} is not an article or a feed`);
    }
    const declared = Number(res.contentLength);
    if (declared > maxBytes) {
      res.body.destroy();
      throw new InputError(
        url,
        `larger than the limit of ${formatBytes(maxBytes)} (Content-Length ${declared})`,
      );
    }
    const bytes = await readCapped(res.body, res.encoding, maxBytes, deadline, url);
    const charset = params.map((p) => /^charset\s*=\s*"?([^";]+)"?/i.exec(p)?.[1]).find(Boolean) ?? null;
    return { url: parsed.href, bytes, contentType: contentType || 'text/html', charset };
  }
}

interface RawResponse {
  status: number;
  statusText: string;
  location: string | undefined;
  contentType: string | undefined;
  contentLength: string | undefined;
  encoding: string | undefined;
  body: http.IncomingMessage;
}

function request(url: URL, deadline: number, allowPrivate: boolean, input: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const remaining = deadline - Date.now();
    if (remaining <= 0) return reject(new InputError(input, 'timed out'));
    const lib = url.protocol === 'https:' ? https : http;
    const req = lib.request(
      url,
      {
        method: 'GET',
        headers: {
          'user-agent': USER_AGENT,
          accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.1',
          'accept-encoding': 'gzip, deflate, br',
        },
        lookup: guardedLookup(allowPrivate),
        timeout: remaining,
        signal: AbortSignal.timeout(remaining),
      },
      (res) =>
        resolve({
          status: res.statusCode ?? 0,
          statusText: res.statusMessage ?? '',
          location: res.headers.location,
          contentType: res.headers['content-type'],
          contentLength: res.headers['content-length'],
          encoding: res.headers['content-encoding'],
          body: res,
        }),
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (err) => {
      const e = err as NodeJS.ErrnoException;
      const msg =
        e.code === 'EREFUSEDADDRESS'
          ? e.message
          : e.name === 'AbortError' || /timed out|aborted/i.test(e.message)
            ? 'timed out'
            : `could not be fetched (${e.code ?? e.message})`;
      reject(new InputError(input, msg));
    });
    req.end();
  });
}

async function readCapped(
  body: http.IncomingMessage,
  encoding: string | undefined,
  maxBytes: number,
  deadline: number,
  input: string,
): Promise<Uint8Array> {
  const enc = (encoding ?? '').toLowerCase().trim();
  const stream =
    enc === 'gzip' || enc === 'x-gzip'
      ? body.pipe(zlib.createGunzip())
      : enc === 'deflate'
        ? body.pipe(zlib.createInflate())
        : enc === 'br'
          ? body.pipe(zlib.createBrotliDecompress())
          : body;
  const chunks: Buffer[] = [];
  let size = 0;
  const timer = setTimeout(() => body.destroy(new Error('timed out')), Math.max(0, deadline - Date.now()));
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBytes) {
        body.destroy();
        throw new InputError(input, `larger than the limit of ${formatBytes(maxBytes)}`);
      }
      chunks.push(chunk);
    }
  } catch (err) {
    if (err instanceof InputError) throw err;
    // The deadline is enforced twice (the request's abort signal and the timer above); whichever fires first,
    // the reader sees "timed out".
    const late = Date.now() >= deadline || /timed out/.test((err as Error).message);
    throw new InputError(input, late ? 'timed out' : `could not be read (${(err as Error).message})`);
  } finally {
    clearTimeout(timer);
  }
  return Buffer.concat(chunks);
}
