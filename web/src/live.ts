/**
 * The live stream (GET /api/events, server-sent events): one EventSource for the whole dashboard. Pages
 * ask to be refreshed when events of the kinds they show arrive (`useLive`), and the header tells what
 * arrived. The browser reconnects by itself after a break; `hello` on reconnecting refreshes every page.
 */
import { useEffect, useState } from 'preact/hooks';
import { apiUrl, type ArticleNotice, type FiredAlert, type RevisionNotice } from './api';

export type LiveKind = 'article' | 'revision' | 'alert' | 'change';

export type LiveEvent =
  | { kind: 'article'; data: ArticleNotice }
  | { kind: 'revision'; data: RevisionNotice }
  | { kind: 'alert'; data: FiredAlert }
  | { kind: 'change'; data: { version: string } }
  | { kind: 'hello'; data: { version: string | null } };

type Listener = (e: LiveEvent) => void;

const listeners = new Set<Listener>();
let source: EventSource | null = null;
let connected = false;
const statusListeners = new Set<(on: boolean) => void>();

function connect(): void {
  if (source || typeof EventSource === 'undefined') return;
  source = new EventSource(apiUrl('/events'));
  const setStatus = (on: boolean): void => {
    connected = on;
    for (const l of statusListeners) l(on);
  };
  source.onerror = () => setStatus(false);
  for (const kind of ['article', 'revision', 'alert', 'change', 'hello'] as const)
    source.addEventListener(kind, (m) => {
      if (kind === 'hello') setStatus(true);
      let data: unknown;
      try {
        data = JSON.parse((m as MessageEvent<string>).data);
      } catch {
        return; // not ours: the stream only carries JSON
      }
      const event = { kind, data } as LiveEvent;
      for (const l of listeners) l(event);
    });
}

/** Call `on` for every live event while the component is shown. */
export function useLiveEvents(on: Listener): void {
  useEffect(() => {
    connect();
    listeners.add(on);
    return () => void listeners.delete(on);
  }, []);
}

/**
 * A number that grows when events of these kinds arrive (or the stream reconnects): put it in a load's
 * refresh so that the page asks again. Bursts (a watch cycle storing forty articles) are one refresh.
 */
export function useLive(kinds: LiveKind[]): number {
  const [n, setN] = useState(0);
  useEffect(() => {
    connect();
    let timer: ReturnType<typeof setTimeout> | null = null;
    const on: Listener = (e) => {
      if (e.kind !== 'hello' && !kinds.includes(e.kind)) return;
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        setN((x) => x + 1);
      }, 300);
    };
    listeners.add(on);
    return () => {
      listeners.delete(on);
      if (timer) clearTimeout(timer);
    };
  }, [kinds.join()]);
  return n;
}

/** Whether the stream is open. */
export function useLiveStatus(): boolean {
  const [on, setOn] = useState(connected);
  useEffect(() => {
    connect();
    statusListeners.add(setOn);
    return () => void statusListeners.delete(setOn);
  }, []);
  return on;
}
