/** The pieces every page uses: loading a call's answer, citations, snippets and the small charts. */
import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type uPlot from 'uplot';
import { ApiError, type Cite } from './api';
import { articleHref, hasNavigated } from './router';
import { snippetParts } from './segments';

export type Loaded<T> =
  { state: 'loading' } | { state: 'error'; error: ApiError } | { state: 'done'; data: T };

/**
 * Run `load` when `key` changes, abandoning the previous call; the latest answer wins. The call starts as
 * soon as the page is in the DOM (a layout effect), not a frame later. When only `refresh` changes (the
 * live stream told of new data), the answer shown stays until the new one replaces it: no flash, no jump.
 */
export function useLoad<T>(key: string, load: (signal: AbortSignal) => Promise<T>, refresh = 0): Loaded<T> {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const shownKey = useRef<string | null>(null);
  useLayoutEffect(() => {
    const ctl = new AbortController();
    if (shownKey.current !== key) setLoaded({ state: 'loading' });
    shownKey.current = key;
    load(ctl.signal).then(
      (data) => {
        if (!ctl.signal.aborted) setLoaded({ state: 'done', data });
      },
      (err: unknown) => {
        if (ctl.signal.aborted) return;
        setLoaded({
          state: 'error',
          error:
            err instanceof ApiError
              ? err
              : new ApiError(0, 'failed', err instanceof Error ? err.message : String(err)),
        });
      },
    );
    return () => ctl.abort();
    // `load` is a fresh closure on every render; the key says when it asks for something else.
  }, [key, refresh]);
  return loaded;
}

/** Show a call's answer, or that it is on its way, or what went wrong. */
export function Show<T>({
  loaded,
  children,
}: {
  loaded: Loaded<T>;
  children: (data: T) => ComponentChildren;
}) {
  if (loaded.state === 'loading')
    return (
      <p class="loading" role="status">
        Loading…
      </p>
    );
  if (loaded.state === 'error')
    return (
      <div class="error" role="alert">
        <strong>{loaded.error.status === 404 ? 'Not found' : 'Something went wrong'}</strong>
        <p>{loaded.error.detail}</p>
      </div>
    );
  return <>{children(loaded.data)}</>;
}

/** The page title: focused when the reader moves to another page, so a screen reader announces it. */
export function PageTitle({ children }: { children: ComponentChildren }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (hasNavigated()) ref.current?.focus({ preventScroll: true });
  }, []);
  return (
    <h1 tabIndex={-1} ref={ref}>
      {children}
    </h1>
  );
}

export const day = (published: string | null | undefined): string => published?.slice(0, 10) ?? 'undated';
export const outletName = (outlet: string | null | undefined): string => outlet ?? 'unknown outlet';

/** A citation: "(outlet, date)" linking to the article scrolled to the span, highlighted. */
export function CiteLink({ cite, children }: { cite: Cite; children?: ComponentChildren }) {
  const where = `${outletName(cite.outlet)}, ${day(cite.published)}`;
  return (
    <a
      class="cite"
      href={articleHref(cite.articleId, cite)}
      aria-label={`Source: ${where}, characters ${cite.start} to ${cite.end}`}
      title={`article ${cite.articleId}:${cite.start}-${cite.end}`}
    >
      {children ?? where}
    </a>
  );
}

/** A search snippet with its matches marked (text nodes only). */
export function Snippet({ text }: { text: string }) {
  return (
    <span class="snippet">
      {snippetParts(text).map(([part, match], i) => (match ? <mark key={i}>{part}</mark> : part))}
    </span>
  );
}

/** A link out of the dashboard, only for web addresses (an article's `javascript:` URL stays text). */
export function ExternalLink({ url }: { url: string }) {
  let safe = false;
  try {
    safe = ['http:', 'https:'].includes(new URL(url).protocol);
  } catch {
    safe = false;
  }
  if (!safe) return <span class="url">{url}</span>;
  return (
    <a href={url} rel="noopener noreferrer nofollow" target="_blank">
      {url}
    </a>
  );
}

let plotModule: Promise<typeof uPlot> | null = null;

/** uPlot and its style sheet, fetched once on first use. */
function loadPlot(): Promise<typeof uPlot> {
  plotModule ??= Promise.all([import('uplot'), import('uplot/dist/uPlot.min.css')]).then(([m]) => m.default);
  return plotModule;
}

/**
 * A small chart of counts over days (uPlot). The chart is a picture for the eye; its numbers are in the
 * label for a screen reader.
 */
export function DayChart({
  days,
  counts,
  width,
  height,
  label,
  bars = false,
}: {
  days: number[];
  counts: number[];
  width: number;
  height: number;
  label: string;
  bars?: boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el || !days.length) return;
    let plot: { destroy: () => void } | null = null;
    let gone = false;
    // uPlot is loaded after the page's text is on screen: the charts follow, the reading does not wait.
    void loadPlot().then((Plot) => {
      if (gone) return;
      const small = height < 60;
      plot = new Plot(
        {
          width,
          height,
          legend: { show: false },
          cursor: { show: !small },
          scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
          axes: small ? [{ show: false }, { show: false }] : [{}, { size: 40 }],
          series: [
            {},
            {
              label: 'articles',
              stroke: '#1d5fa8',
              fill: 'rgba(29,95,168,0.15)',
              width: 1.5,
              paths: bars ? Plot.paths.bars!({ size: [0.8, 12, 2] }) : undefined,
              points: { show: days.length === 1 },
            },
          ],
        },
        [days, counts],
        el,
      );
    });
    return () => {
      gone = true;
      plot?.destroy();
    };
  }, [days, counts, width, height, bars]);
  // Sized before uPlot arrives, so nothing on the page moves when it draws.
  return <div class="chart" ref={ref} role="img" aria-label={label} style={{ width, height }} />;
}

/** The most items of each list the dashboard asks for when the reader wants them all. */
export const ALL = 500;

/**
 * What the server left out of a list (an answer carries at most `each` items of each list), with a button
 * that asks for them when the page can.
 */
export function LeftOut({ n, what, onMore }: { n: number | undefined; what: string; onMore?: () => void }) {
  if (!n) return null;
  return (
    <p class="muted left-out">
      {n} more {what} not shown here.{' '}
      {onMore && (
        <button type="button" class="more" onClick={onMore}>
          Load them
        </button>
      )}
    </p>
  );
}
