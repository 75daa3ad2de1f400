/**
 * Fetch one URL for ingest, defensively: http(s) only, a clear User-Agent, a time limit for the whole
 * exchange, a size cap enforced while reading (also after decompression), a redirect cap, a content-type
 * check, and no connection to private or loopback addresses unless the caller opts in, nor ever to
 * link-local or cloud metadata addresses. The address check runs on every redirect hop, for address
 * literals before the request and for names inside the connection's own DNS lookup, so a name cannot
 * resolve to a public address when checked and a private one when connected.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import zlib from 'node:zlib';
import ipaddr from 'ipaddr.js';
import { DEFAULT_MAX_BYTES, formatBytes } from './decode.js';
import { InputError } from '../model/errors.js';
import { AddressRefusedError } from './errors.js';

export const USER_AGENT = 'sitrep/0.1 (news-intelligence engine; +https://github.com/sitrep-news/sitrep)';

export interface FetchOptions {
  /**
   * Milliseconds for the whole exchange, redirects included (default 20 s). One longer than Node's timers
   * hold (MAX_TIMEOUT_MS, about 24.8 days) is clamped to it; zero or negative is refused.
   */
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  /**
   * Allow loopback and private addresses (a local test server, an intranet). Link-local addresses and
   * cloud metadata endpoints stay refused whatever this says.
   */
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
  /** The validators the server sent (ETag, Last-Modified), for a conditional request next time. */
  etag?: string | null;
  lastModified?: string | null;
}

/** What a conditional request sends back: the server's validators from the last fetch. */
export interface Validators {
  etag: string | null;
  lastModified: string | null;
}

/** Media types that can hold an article or a feed. */
const ACCEPTED =
  /^(text\/(html|plain|xml)|application\/(xhtml\+xml|xml|rss\+xml|atom\+xml|rdf\+xml|feed\+json|json))$/;

export function isUrl(input: string): boolean {
  return /^https?:\/\//i.test(input);
}

/** Ranges that `--allow-private` opens: a local test server, an intranet. */
const PRIVATE_RANGES = new Set(['loopback', 'private', 'uniqueLocal', 'carrierGradeNat']);

/**
 * Cloud metadata endpoints outside the link-local range (AWS's IPv6 one, Alibaba's), which hand out
 * credentials to whoever asks from inside the machine: never fetched.
 */
const METADATA_ADDRESSES = new Set(['fd00:ec2::254', '100.100.100.200']);

/**
 * What may be done with an address: `public` is fetched, `private` only with `allowPrivate`, `never` not
 * at all (link-local, where cloud metadata lives; metadata endpoints; IPv6 forms that embed an IPv4
 * address; multicast, broadcast, unspecified and reserved addresses), with a description for messages.
 */
export function classifyAddress(address: string): { verdict: 'public' | 'private' | 'never'; why: string } {
  if (!ipaddr.isValid(address)) return { verdict: 'never', why: 'not an IP address' };
  let ip = ipaddr.parse(address);
  if (ip.kind() === 'ipv6') {
    const v6 = ip as ipaddr.IPv6;
    // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (the deprecated compatible form) reach the IPv4 address.
    if (v6.isIPv4MappedAddress()) ip = v6.toIPv4Address();
    else if (isIpv4Compatible(v6)) ip = embeddedIpv4(v6);
  }
  const range = ip.range();
  const why = `${range} address ${address}`;
  if (METADATA_ADDRESSES.has(ip.toString()))
    return { verdict: 'never', why: `cloud metadata address ${address}` };
  if (range === 'unicast') return { verdict: 'public', why };
  if (PRIVATE_RANGES.has(range)) return { verdict: 'private', why };
  return { verdict: 'never', why };
}

function isIpv4Compatible(ip: ipaddr.IPv6): boolean {
  const parts = ip.parts;
  return parts.slice(0, 6).every((p) => p === 0) && (parts[6] !== 0 || parts[7]! > 1);
}

/** The IPv4 address in the last 32 bits of an IPv6 address. */
function embeddedIpv4(ip: ipaddr.IPv6): ipaddr.IPv4 {
  const [high, low] = [ip.parts[6]!, ip.parts[7]!];
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}

/**
 * Why an address may not be fetched, or null when it may. With `allowPrivate`, loopback and private
 * ranges may be fetched; link-local and cloud metadata addresses never are.
 */
export function refusedAddress(address: string, allowPrivate = false): string | null {
  const { verdict, why } = classifyAddress(address);
  if (verdict === 'public' || (verdict === 'private' && allowPrivate)) return null;
  return why;
}

/** The hint that follows a refusal: whether --allow-private would change anything. */
function refusalHint(address: string): string {
  return classifyAddress(address).verdict === 'never'
    ? 'never fetched, even with --allow-private'
    : 'use --allow-private to fetch it';
}

/** A refusal raised inside the connection's DNS lookup; the request turns it into an AddressRefusedError. */
class LookupRefused extends Error {
  constructor(
    readonly reason: string,
    readonly always: boolean,
  ) {
    super(reason);
  }
}

type Resolver = (
  hostname: string,
  options: LookupAllOptions,
  callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

/**
 * A DNS lookup for the connection that drops every address the policy refuses, so a name is checked after
 * resolution and on every redirect hop, before any connection is made. `resolve` is the real resolver
 * unless a test supplies one.
 */
export function guardedLookup(
  allowPrivate: boolean,
  resolve: Resolver = dnsLookup as Resolver,
): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (err, list) => {
      if (err) return callback(err, '', 0);
      const ok = list.filter((a) => !refusedAddress(a.address, allowPrivate));
      if (!ok.length) {
        const first = list[0]?.address ?? '';
        const why = refusedAddress(first, allowPrivate) ?? 'no address';
        const always = classifyAddress(first).verdict === 'never';
        const e = new LookupRefused(
          `refused: ${hostname} resolves to a ${why} (${refusalHint(first)})`,
          always,
        );
        return callback(e, '', 0);
      }
      if ((options as { all?: boolean }).all)
        return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, ok);
      callback(null, ok[0]!.address, ok[0]!.family);
    });
  };
}

/** The longest delay Node's timers hold (2^31 - 1 ms, about 24.8 days); a longer one fires at once. */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * The time limit to use: 20 s by default; one beyond what a timer can hold is clamped to it (it means "no
 * practical limit", not "time out now"); zero, negative or not a number is refused.
 */
export function timeLimit(input: string, timeoutMs: number | undefined): number {
  if (timeoutMs === undefined) return 20_000;
  if (Number.isNaN(timeoutMs) || timeoutMs <= 0)
    throw new InputError(input, `invalid time limit ${timeoutMs} ms (it must be a positive number)`);
  return Math.min(timeoutMs, MAX_TIMEOUT_MS);
}

export async function fetchUrl(url: string, opts: FetchOptions = {}): Promise<Fetched> {
  const got = await fetchWith(url, opts, {});
  // Without validators no server may answer 304; one that does anyway sent nothing to read.
  if (!got) throw new InputError(url, 'HTTP 304 Not Modified to an unconditional request');
  return got;
}

/**
 * A conditional GET (If-None-Match / If-Modified-Since from the last fetch's validators): 'not-modified'
 * when the server answers 304, so an unchanged feed costs one request and no body.
 */
export async function fetchIfChanged(
  url: string,
  validators: Validators,
  opts: FetchOptions = {},
): Promise<Fetched | 'not-modified'> {
  const headers: Record<string, string> = {};
  if (validators.etag) headers['if-none-match'] = validators.etag;
  if (validators.lastModified) headers['if-modified-since'] = validators.lastModified;
  return (await fetchWith(url, opts, headers)) ?? 'not-modified';
}

/** Fetch with extra request headers; null for a 304 answer. */
async function fetchWith(
  url: string,
  opts: FetchOptions,
  headers: Record<string, string>,
): Promise<Fetched | null> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxRedirects = opts.maxRedirects ?? 5;
  const deadline = Date.now() + timeLimit(url, opts.timeoutMs);
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
    // Names under localhost are loopback whatever a resolver says (RFC 6761), trailing dot or not.
    if (!opts.allowPrivate && /^(?:.+\.)?localhost\.*$/i.test(parsed.hostname))
      throw new AddressRefusedError(
        url,
        `refused: ${parsed.hostname} resolves to a loopback address (use --allow-private to fetch it)`,
        false,
      );
    // Node connects to an address literal without a DNS lookup, so the guard in the lookup never sees it:
    // check it here, on every hop.
    const literal = parsed.hostname.replace(/^\[|\]$/g, '');
    if (ipaddr.isValid(literal)) {
      const why = refusedAddress(literal, opts.allowPrivate ?? false);
      if (why) {
        const where = hop === 0 ? '' : ` (redirected to ${parsed.href})`;
        const always = classifyAddress(literal).verdict === 'never';
        throw new AddressRefusedError(url, `refused: ${why}${where} (${refusalHint(literal)})`, always);
      }
    }
    const res = await request(parsed, deadline, opts.allowPrivate ?? false, url, hop > 0, headers);
    if (res.status >= 300 && res.status < 400 && res.location) {
      res.body.destroy();
      if (hop >= maxRedirects) throw new InputError(url, `too many redirects (more than ${maxRedirects})`);
      try {
        current = new URL(res.location, parsed).href;
      } catch {
        throw new InputError(url, `redirected to an invalid URL: ${res.location}`);
      }
      continue;
    }
    if (res.status === 304) {
      res.body.destroy();
      return null;
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
    return {
      url: parsed.href,
      bytes,
      contentType: contentType || 'text/html',
      charset,
      etag: res.etag ?? null,
      lastModified: res.lastModified ?? null,
    };
  }
}

interface RawResponse {
  status: number;
  statusText: string;
  location: string | undefined;
  contentType: string | undefined;
  contentLength: string | undefined;
  encoding: string | undefined;
  etag: string | undefined;
  lastModified: string | undefined;
  body: http.IncomingMessage;
}

function request(
  url: URL,
  deadline: number,
  allowPrivate: boolean,
  input: string,
  redirected: boolean,
  extra: Record<string, string> = {},
): Promise<RawResponse> {
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
          ...extra,
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
          etag: res.headers.etag,
          lastModified: res.headers['last-modified'],
          body: res,
        }),
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (err) => {
      if (err instanceof LookupRefused) {
        const where = redirected ? ` (redirected to ${url.href})` : '';
        return reject(new AddressRefusedError(input, `${err.reason}${where}`, err.always));
      }
      const e = err as NodeJS.ErrnoException;
      const msg =
        e.name === 'AbortError' || /timed out|aborted/i.test(e.message)
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
