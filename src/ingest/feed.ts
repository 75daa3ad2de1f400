/**
 * Feeds (RSS 2.0, Atom, RDF/RSS 1.0, JSON Feed) through feedsmith. feedsmith does not expand DTD
 * entities, so entity bombs and external entities neither blow up nor leak files.
 */
import { parseFeed } from 'feedsmith';
import { InputError } from './errors.js';
import type { RawDocument } from './inputs.js';
import type { SourceMeta } from './sidecar.js';

type Loose = Record<string, unknown>;

/** A feed item that carries no text, only a link to the article. */
export interface FeedLink {
  source: string;
  url: string;
  meta: SourceMeta;
}

/**
 * A feed's items as raw documents (ids are filled in by the caller). Items without text are links; with
 * `links`, they are handed to the caller (who may fetch them) instead of being skipped.
 */
export function parseFeedDocuments(
  source: string,
  content: string,
  links?: FeedLink[],
): Omit<RawDocument, 'id'>[] {
  let parsed: { format: string; feed: unknown };
  try {
    parsed = parseFeed(content) as { format: string; feed: unknown };
  } catch (err) {
    throw new InputError(source, `not a readable RSS, Atom, RDF or JSON feed (${(err as Error).message})`);
  }
  const feed = (parsed.feed ?? {}) as Loose;
  const outlet = textOf(feed.title);
  const language = textOf(feed.language) ?? textOf((feed.dc as Loose | undefined)?.language);
  const items = ((feed.items ?? feed.entries ?? []) as Loose[]).filter(Boolean);
  const docs: Omit<RawDocument, 'id'>[] = [];
  items.forEach((item, i) => {
    const body =
      textOf((item.content as Loose | undefined)?.encoded) ??
      textOf(item.content_html) ??
      textOf(item.content) ??
      textOf(item.content_text) ??
      textOf(item.description) ??
      textOf(item.summary);
    const meta: SourceMeta = { origin: 'feed' };
    const title = textOf(item.title);
    if (title) meta.title = title;
    if (outlet) meta.outlet = outlet;
    if (language) meta.language = language;
    const url = textOf(item.link) ?? textOf(item.url) ?? linkHref(item.links);
    if (url) meta.url = url;
    const date =
      textOf(item.pubDate) ??
      textOf(item.published) ??
      textOf(item.date_published) ??
      textOf(((item.dc as Loose | undefined)?.dates as unknown[] | undefined)?.[0]) ??
      textOf(item.updated);
    const published = date ? normalizeFeedDate(date) : null;
    if (published) meta.published = published;
    const guid = textOf(item.guid) ?? textOf(item.id);
    if (guid) meta.externalId = guid;
    if (!body || !body.trim()) {
      // An item with no text is a link, not an article: the caller may fetch it.
      if (url && links) links.push({ source: `${source}#${i + 1}`, url, meta });
      return;
    }
    const isHtml = /<\/?[a-z][\s\S]*?>/i.test(body);
    docs.push({ source: `${source}#${i + 1}`, format: isHtml ? 'html' : 'text', content: body, meta });
  });
  if (docs.length === 0 && !links?.length) throw new InputError(source, 'feed has no items with text');
  return docs;
}

function textOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && 'value' in v && typeof (v as Loose).value === 'string')
    return (v as Loose).value as string;
  return undefined;
}

function linkHref(links: unknown): string | undefined {
  if (!Array.isArray(links)) return undefined;
  const alt = links.find((l: Loose) => !l.rel || l.rel === 'alternate') as Loose | undefined;
  return typeof alt?.href === 'string' ? alt.href : undefined;
}

const MONTHS: Record<string, string> = {
  jan: '01',
  feb: '02',
  mar: '03',
  apr: '04',
  may: '05',
  jun: '06',
  jul: '07',
  aug: '08',
  sep: '09',
  oct: '10',
  nov: '11',
  dec: '12',
};

/**
 * Feed dates to ISO 8601, keeping the publisher's own local date and offset (converting to UTC could move
 * an article to the previous or next day).
 */
export function normalizeFeedDate(s: string): string | null {
  const t = s.trim();
  if (/^\d{4}-\d{2}-\d{2}/.test(t)) return t;
  const m =
    /^(?:\w{3},\s*)?(\d{1,2})\s+(\w{3})\w*\s+(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([+-]\d{4}|[A-Z]{1,4})?)?/i.exec(
      t,
    );
  if (m) {
    const month = MONTHS[m[2]!.toLowerCase()];
    if (!month) return null;
    const date = `${m[3]}-${month}-${m[1]!.padStart(2, '0')}`;
    if (!m[4]) return date;
    const time = `${m[4].padStart(2, '0')}:${m[5]}:${m[6] ?? '00'}`;
    const zone = m[7];
    const offset =
      !zone || /^(GMT|UTC?|Z)$/i.test(zone)
        ? 'Z'
        : /^[+-]\d{4}$/.test(zone)
          ? `${zone.slice(0, 3)}:${zone.slice(3)}`
          : '';
    return `${date}T${time}${offset}`;
  }
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}
