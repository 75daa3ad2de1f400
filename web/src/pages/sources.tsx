/**
 * The watched feeds and pages: when each was polled, what it last brought, its error, when it is due, and
 * how many articles and revisions came from it; a form to add one and a button to stop watching one.
 * Refreshed whenever the store changes (every poll does).
 */
import { useState } from 'preact/hooks';
import { ApiError, get, send, type Page, type SourceStatus } from '../api';
import { ExternalLink, PageTitle, Show, useLoad } from '../components';
import { useLive } from '../live';

const when = (iso: string | null): string => (iso ? `${iso.slice(0, 16).replace('T', ' ')}` : '—');

function every(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds / 86_400} d`;
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

export function SourcesPage() {
  const live = useLive(['change']);
  const [mine, setMine] = useState(0);
  const loaded = useLoad(
    'sources',
    (signal) => get<Page<SourceStatus>>('/sources', { limit: 500 }, signal),
    live + mine,
  );
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const done = (ok: boolean, text: string): void => {
    setMessage({ ok, text });
    setMine((n) => n + 1);
  };
  const failed = (err: unknown): void =>
    setMessage({ ok: false, text: err instanceof ApiError ? err.detail : String(err) });
  return (
    <section aria-labelledby="sources-title">
      <div id="sources-title">
        <PageTitle>Sources</PageTitle>
      </div>
      <p class="muted">
        The feeds and pages <code>sitrep watch</code> (or <code>sitrep serve --watch</code>) polls. Times are
        UTC.
      </p>
      <AddSource
        onAdded={(url, added) => done(true, `${added ? 'Added' : 'Updated'} ${url}.`)}
        onFailed={failed}
      />
      {message && (
        <p class={message.ok ? 'notice' : 'error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
      <Show loaded={loaded}>
        {(page) =>
          page.items.length === 0 ? (
            <p class="muted">
              No sources yet: add a feed above, or import an OPML file with sitrep sources import.
            </p>
          ) : (
            <div class="table-wrap">
              <table class="sources">
                <caption class="sr-only">Watched sources</caption>
                <thead>
                  <tr>
                    <th scope="col">Source</th>
                    <th scope="col">Every</th>
                    <th scope="col">Last poll</th>
                    <th scope="col">Last new</th>
                    <th scope="col">Next due</th>
                    <th scope="col">Articles</th>
                    <th scope="col">Revisions</th>
                    <th scope="col">Status</th>
                    <th scope="col">
                      <span class="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((s) => (
                    <tr key={s.url}>
                      <th scope="row">
                        <ExternalLink url={s.url} />
                        {(s.outlet || s.language) && (
                          <div class="muted">{[s.outlet, s.language].filter(Boolean).join(' · ')}</div>
                        )}
                      </th>
                      <td>{every(s.everySeconds)}</td>
                      <td>{when(s.lastFetch)}</td>
                      <td>{when(s.lastNew)}</td>
                      <td>{when(s.nextDue)}</td>
                      <td class="num">{s.articles}</td>
                      <td class="num">{s.revisions}</td>
                      <td>
                        {s.lastError ? (
                          <span class="source-error">
                            failing{s.failures > 1 ? ` (${s.failures}×)` : ''}: {s.lastError}
                          </span>
                        ) : s.lastFetch ? (
                          'ok'
                        ) : (
                          'not polled yet'
                        )}
                      </td>
                      <td>
                        <button
                          type="button"
                          aria-label={`Stop watching ${s.url}`}
                          onClick={() =>
                            send('DELETE', '/sources', { query: { url: s.url } }).then(
                              () => done(true, `Stopped watching ${s.url}; its articles stay.`),
                              failed,
                            )
                          }
                        >
                          Remove
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Show>
    </section>
  );
}

function AddSource({
  onAdded,
  onFailed,
}: {
  onAdded: (url: string, added: boolean) => void;
  onFailed: (err: unknown) => void;
}) {
  const [url, setUrl] = useState('');
  const [outlet, setOutlet] = useState('');
  const [language, setLanguage] = useState('');
  const [interval, setEvery] = useState('15m');
  const [busy, setBusy] = useState(false);
  return (
    <form
      class="add-source"
      aria-label="Add a source"
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        send<{ added: boolean; source: SourceStatus }>('POST', '/sources', {
          body: {
            url: url.trim(),
            outlet: outlet.trim() || undefined,
            language: language.trim() || undefined,
            every: interval.trim() || undefined,
          },
        })
          .then((r) => {
            setUrl('');
            onAdded(r.source.url, r.added);
          }, onFailed)
          .finally(() => setBusy(false));
      }}
    >
      <label>
        Feed or page URL{' '}
        <input
          name="url"
          type="url"
          required
          placeholder="https://…/feed.xml"
          value={url}
          onInput={(e) => setUrl(e.currentTarget.value)}
        />
      </label>
      <label>
        Outlet <input name="outlet" value={outlet} onInput={(e) => setOutlet(e.currentTarget.value)} />
      </label>
      <label>
        Language{' '}
        <input
          name="language"
          size={6}
          placeholder="en"
          value={language}
          onInput={(e) => setLanguage(e.currentTarget.value)}
        />
      </label>
      <label>
        Every{' '}
        <input name="every" size={5} value={interval} onInput={(e) => setEvery(e.currentTarget.value)} />
      </label>
      <button type="submit" disabled={busy}>
        Add source
      </button>
    </form>
  );
}
