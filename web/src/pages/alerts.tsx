/**
 * The alerts the watch rules fired, newest first, each with the passage that triggered it (a link opens
 * the article at that span). New alerts appear as the live stream tells of them.
 */
import { useState } from 'preact/hooks';
import { get, type FiredAlert, type Page } from '../api';
import { PageTitle, Show, outletName, useLoad } from '../components';
import { useLive } from '../live';
import { articleHref, storyHref } from '../router';

const RULES: Record<FiredAlert['rule'], string> = {
  'story-outlets': 'Story widely covered',
  'entity-statement': 'New statement',
  'figure-disagrees': 'Figure disagrees',
  'outlet-joins': 'Outlet joins a story',
};

export function AlertsPage() {
  const refresh = useLive(['alert']);
  const [more, setMore] = useState<FiredAlert[]>([]);
  const [next, setNext] = useState<string | null | undefined>(undefined);
  const loaded = useLoad(
    'alerts',
    (signal) => get<Page<FiredAlert>>('/alerts', { limit: 50 }, signal),
    refresh,
  );
  return (
    <section aria-labelledby="alerts-title">
      <div id="alerts-title">
        <PageTitle>Alerts</PageTitle>
      </div>
      <p class="muted">
        What the rules of <code>--alerts</code> matched in new articles (sitrep watch, or sitrep serve
        --watch).
      </p>
      <Show loaded={loaded}>
        {(page) => {
          const items = [...page.items, ...more.filter((m) => !page.items.some((p) => p.id === m.id))];
          const cursor = next === undefined ? page.next : next;
          return items.length === 0 ? (
            <p class="muted">No alerts yet.</p>
          ) : (
            <>
              <ol class="alerts" aria-live="polite">
                {items.map((a) => (
                  <AlertItem key={a.id} a={a} />
                ))}
              </ol>
              {cursor && (
                <button
                  type="button"
                  onClick={() =>
                    get<Page<FiredAlert>>('/alerts', { limit: 50, cursor }).then((p) => {
                      setMore((m) => [...m, ...p.items]);
                      setNext(p.next);
                    })
                  }
                >
                  Older alerts
                </button>
              )}
            </>
          );
        }}
      </Show>
    </section>
  );
}

function AlertItem({ a }: { a: FiredAlert }) {
  return (
    <li class={`alert-item ${a.rule}`}>
      <p>
        <strong>{RULES[a.rule] ?? a.rule}</strong>: {a.message}{' '}
        <span class="muted">
          {a.firedAt.slice(0, 16).replace('T', ' ')} UTC
          {a.story !== null && (
            <>
              {' · '}
              <a href={storyHref(a.story)}>story {a.story}</a>
            </>
          )}
        </span>
      </p>
      <blockquote>
        {a.cite.text ? <q>{a.cite.text}</q> : <span class="muted">(no text)</span>}{' '}
        <a
          class="cite"
          href={articleHref(a.cite.articleId, a.cite)}
          aria-label={`Source: ${outletName(a.outlet)}, ${a.title ?? a.articleId}, characters ${a.cite.start} to ${a.cite.end}`}
        >
          {outletName(a.outlet)}
          {a.title ? `: ${a.title}` : ''}
        </a>
      </blockquote>
    </li>
  );
}
