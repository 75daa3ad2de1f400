/**
 * An article's later versions (sitrep watch saw its text change): each with what was added, removed or
 * changed against the version before, a change inside a figure or a quotation named as such. Refreshed
 * when the live stream tells of a new revision.
 */
import { get, type Revisions as RevisionsT, type TextChange } from '../api';
import { Show, useLoad } from '../components';
import { useLive } from '../live';

const when = (iso: string): string => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

export function Revisions({ id }: { id: string }) {
  const refresh = useLive(['revision']);
  const loaded = useLoad(
    `revisions ${id}`,
    (signal) => get<RevisionsT>(`/articles/${encodeURIComponent(id)}/revisions`, {}, signal),
    refresh,
  );
  return (
    <Show loaded={loaded}>
      {(r) =>
        r.revisions.length === 0 ? null : (
          <section class="revisions" aria-labelledby="revisions-h">
            <h2 id="revisions-h">Revisions ({r.revisions.length})</h2>
            <p class="muted">
              The outlet changed this article after it was first stored; the text above is the first version.
            </p>
            <ol>
              {r.revisions.map((v) => (
                <li key={v.seq} class="revision">
                  <h3>
                    Revision {v.seq}, seen {when(v.seenAt)}
                  </h3>
                  {v.titleChanged && (
                    <p>
                      Title now: <q>{v.title ?? '(none)'}</q>
                    </p>
                  )}
                  {v.changes.length === 0 ? (
                    <p class="muted">No change in the words.</p>
                  ) : (
                    <ul class="changes">
                      {v.changes.map((c, i) => (
                        <Change key={i} c={c} />
                      ))}
                    </ul>
                  )}
                </li>
              ))}
            </ol>
          </section>
        )
      }
    </Show>
  );
}

function Change({ c }: { c: TextChange }) {
  const what = c.touches.length ? `${c.touches.join(' and ')} ${c.kind}` : c.kind;
  return (
    <li class={`change ${c.kind}`}>
      <span class={`tag${c.touches.length ? ' touches' : ''}`}>{what}</span>{' '}
      {c.before && <del aria-label={`removed: ${c.before}`}>{c.before}</del>}
      {c.before && c.after && ' → '}
      {c.after && <ins aria-label={`added: ${c.after}`}>{c.after}</ins>}
    </li>
  );
}
