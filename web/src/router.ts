/**
 * Where the dashboard is: the URL's hash names the page and its state, so every view is a link that can be
 * shared, bookmarked and opened again (and works behind any static server: the server only ever sees
 * "/"). `#/stories/3`, `#/articles/ab12?start=10&end=42`, `#/search?q=ceasefire&outlet=TASS`.
 */
import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { page: 'overview'; params: URLSearchParams }
  | { page: 'story'; id: string; params: URLSearchParams }
  | { page: 'article'; id: string; params: URLSearchParams }
  | { page: 'entity'; name: string; params: URLSearchParams }
  | { page: 'search'; params: URLSearchParams }
  | { page: 'sources'; params: URLSearchParams }
  | { page: 'alerts'; params: URLSearchParams }
  | { page: 'missing'; path: string; params: URLSearchParams };

const PATTERNS: { re: RegExp; make: (m: RegExpExecArray, params: URLSearchParams) => Route }[] = [
  { re: /^\/?$/, make: (_m, params) => ({ page: 'overview', params }) },
  { re: /^\/stories\/(?<id>[^/]+)$/, make: (m, params) => ({ page: 'story', id: m.groups!.id!, params }) },
  { re: /^\/articles\/(?<id>[^/]+)$/, make: (m, params) => ({ page: 'article', id: m.groups!.id!, params }) },
  {
    re: /^\/entities\/(?<name>[^/]+)$/,
    make: (m, params) => ({ page: 'entity', name: m.groups!.name!, params }),
  },
  { re: /^\/search$/, make: (_m, params) => ({ page: 'search', params }) },
  { re: /^\/sources$/, make: (_m, params) => ({ page: 'sources', params }) },
  { re: /^\/alerts$/, make: (_m, params) => ({ page: 'alerts', params }) },
];

/** The route a hash ("#/stories/3?x=1") stands for. */
export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  const params = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
  for (const { re, make } of PATTERNS) {
    const m = re.exec(path);
    if (m) {
      // Path parts are percent-encoded by `href`; a malformed one is a page that does not exist.
      try {
        if (m.groups) for (const k of Object.keys(m.groups)) m.groups[k] = decodeURIComponent(m.groups[k]!);
      } catch {
        return { page: 'missing', path, params };
      }
      return make(m, params);
    }
  }
  return { page: 'missing', path, params };
}

type Query = Record<string, string | number | null | undefined>;

/** A link to a page: path parts encoded, empty query values left out. */
export function href(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return `#${path}${qs ? `?${qs}` : ''}`;
}

export const storyHref = (id: number | string): string => href(`/stories/${encodeURIComponent(String(id))}`);
export const entityHref = (name: string): string => href(`/entities/${encodeURIComponent(name)}`);
export const articleHref = (id: string, span?: { start: number; end: number }): string =>
  href(`/articles/${encodeURIComponent(id)}`, { start: span?.start, end: span?.end });

/** Change the query of the current page in place (filters, a search as it is typed): no new history entry. */
export function replaceQuery(path: string, query: Query): void {
  history.replaceState(null, '', href(path, query));
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}

let moved = false;

/**
 * Whether the reader has moved within the dashboard since it loaded: then a new page takes the focus (and a
 * screen reader announces it); on the first load the focus stays at the top, where the skip link is.
 */
export const hasNavigated = (): boolean => moved;

/** The current route, updated as the hash changes. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const onChange = (): void => {
      moved = true;
      setRoute(parseHash(location.hash));
    };
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
