/**
 * OPML, the format feed readers export their subscriptions in: read with fast-xml-parser (entities are
 * not expanded, so an entity bomb is inert) and written with its builder. Only what a source needs is kept:
 * the feed URL (xmlUrl, or url for a page), the outlet name (title or text) and the language.
 */
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { InputError } from '../model/errors.js';

export interface OpmlEntry {
  url: string;
  outlet: string | null;
  language: string | null;
}

type Outline = Record<string, unknown>;

/** Every outline with a feed or page URL, at any depth (folders nest outlines), in document order. */
export function parseOpml(source: string, xml: string): OpmlEntry[] {
  let doc: Outline;
  try {
    const parser = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      processEntities: true,
      htmlEntities: false,
      isArray: (name) => name === 'outline',
    });
    doc = parser.parse(xml, true) as Outline;
  } catch (err) {
    throw new InputError(source, `not readable OPML (${(err as Error).message})`);
  }
  const opml = doc.opml as Outline | undefined;
  const body = opml?.body as Outline | undefined;
  if (!opml || body === undefined) throw new InputError(source, 'not OPML: no <opml> with a <body>');
  const entries: OpmlEntry[] = [];
  const walk = (outlines: unknown): void => {
    if (!Array.isArray(outlines)) return;
    for (const o of outlines as Outline[]) {
      const url = attr(o, 'xmlUrl') ?? (attr(o, 'type') === 'link' ? attr(o, 'url') : null);
      if (url) {
        entries.push({
          url,
          outlet: attr(o, 'title') ?? attr(o, 'text'),
          language: attr(o, 'language'),
        });
      }
      walk(o.outline);
    }
  };
  walk(typeof body === 'object' ? body.outline : undefined);
  return entries;
}

function attr(o: Outline, name: string): string | null {
  const v = o[name];
  return typeof v === 'string' && v.trim() ? v.trim() : null;
}

/** An OPML 2.0 document listing the sources, one outline each. */
export function writeOpml(entries: OpmlEntry[], title = 'sitrep sources'): string {
  const builder = new XMLBuilder({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    format: true,
    indentBy: '  ',
    suppressEmptyNode: true,
  });
  const outline = entries.map((e) => {
    const o: Record<string, string> = { '@type': 'rss', '@text': e.outlet ?? e.url, '@xmlUrl': e.url };
    if (e.outlet) o['@title'] = e.outlet;
    if (e.language) o['@language'] = e.language;
    return o;
  });
  const xml = builder.build({
    opml: { '@version': '2.0', head: { title }, body: { outline } },
  }) as string;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${xml}`;
}
