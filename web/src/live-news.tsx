/**
 * What the live stream brought while the dashboard was open: the newest arrivals (articles, revisions,
 * alerts), each linking to its article (an alert to the passage it cites), announced politely to screen
 * readers. Titles and messages are text, never HTML.
 */
import { useState } from 'preact/hooks';
import { day, outletName } from './components';
import { type LiveEvent, useLiveEvents, useLiveStatus } from './live';
import { articleHref } from './router';

interface Arrival {
  key: string;
  label: string;
  text: string;
  href: string;
  where: string;
}

const SHOWN = 4;

function arrival(e: LiveEvent): Arrival | null {
  if (e.kind === 'article')
    return {
      key: `a${e.data.id}`,
      label: 'New article',
      text: e.data.title ?? e.data.id,
      href: articleHref(e.data.id),
      where: `${outletName(e.data.outlet)}, ${day(e.data.published)}`,
    };
  if (e.kind === 'revision')
    return {
      key: `r${e.data.articleId}.${e.data.seq}`,
      label: 'Revised',
      text: e.data.title ?? e.data.articleId,
      href: articleHref(e.data.articleId),
      where: `revision ${e.data.seq}`,
    };
  if (e.kind === 'alert')
    return {
      key: `x${e.data.id}`,
      label: 'Alert',
      text: e.data.message,
      href: articleHref(e.data.cite.articleId, e.data.cite),
      where: outletName(e.data.outlet),
    };
  return null;
}

export function LiveNews() {
  const on = useLiveStatus();
  const [items, setItems] = useState<Arrival[]>([]);
  const [count, setCount] = useState(0);
  useLiveEvents((e) => {
    const a = arrival(e);
    if (!a) return;
    setItems((old) => [a, ...old.filter((o) => o.key !== a.key)].slice(0, SHOWN));
    setCount((n) => n + 1);
  });
  return (
    <aside class="live" aria-label="Live updates">
      <span class={`live-dot${on ? ' on' : ''}`} title={on ? 'receiving live updates' : 'not connected'}>
        {on ? 'Live' : 'Offline'}
      </span>
      <div aria-live="polite" class="arrivals">
        {items.length > 0 && (
          <>
            <span class="muted">{count} new since this page opened:</span>
            <ul>
              {items.map((a) => (
                <li key={a.key}>
                  <strong>{a.label}</strong>: <a href={a.href}>{a.text}</a>{' '}
                  <span class="muted">({a.where})</span>
                </li>
              ))}
            </ul>
            <button
              type="button"
              onClick={() => {
                setItems([]);
                setCount(0);
              }}
            >
              Clear
            </button>
          </>
        )}
      </div>
    </aside>
  );
}
