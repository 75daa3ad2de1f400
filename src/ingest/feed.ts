/**
 * Feeds (RSS 2.0, Atom, RDF/RSS 1.0, JSON Feed) through feedsmith. feedsmith does not expand DTD
 * entities, so entity bombs and external entities neither blow up nor leak files.
 */
import { parseFeed } from 'feedsmith';
import { InputError } from '../model/errors.js';
import type { RawDocument, SourceMeta } from '../model/raw.js';

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
    // Kept as written: ingest validates every supplied date in one place and reports an invalid one.
    if (date?.trim()) meta.published = date.trim();
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
