/** Search as you type: ranked articles with marked snippets, narrowed by outlet, date and entity facets. */
import { useEffect, useState } from 'preact/hooks';
import { get, type Facet, type SearchResult } from '../api';
import { PageTitle, Show, Snippet, day, outletName, useLoad } from '../components';
import { articleHref, replaceQuery } from '../router';

const FACETS = ['outlet', 'date', 'entity'] as const;

export function SearchPage({ params }: { params: URLSearchParams }) {
  const q = params.get('q') ?? '';
  const picked = Object.fromEntries(FACETS.map((f) => [f, params.get(f) ?? '']));
  const [typed, setTyped] = useState(q);
  useEffect(() => setTyped(q), [q]);
  // Ask once typing pauses: every key would otherwise be a request.
  useEffect(() => {
    if (typed === q) return;
    const t = setTimeout(() => replaceQuery('/search', { ...picked, q: typed }), 150);
    return () => clearTimeout(t);
  }, [typed]);
  const key = `search ${params.toString()}`;
  const loaded = useLoad(key, (signal) =>
    q.trim() ? get<SearchResult>('/search', { q, ...picked, limit: 30 }, signal) : Promise.resolve(null),
  );
  return (
    <section aria-labelledby="search-title">
      <div id="search-title">
        <PageTitle>Search</PageTitle>
      </div>
      <form
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          replaceQuery('/search', { ...picked, q: typed });
        }}
      >
        <label for="q" class="sr-only">
          Search the articles
        </label>
        <input
          id="q"
          type="search"
          value={typed}
          placeholder='words or "a phrase"'
          autoComplete="off"
          onInput={(e) => setTyped(e.currentTarget.value)}
        />
      </form>
      <Show loaded={loaded}>
        {(result) =>
          !result ? (
            <p class="muted">Type words to search every stored article; quotes keep a phrase together.</p>
          ) : (
            <div class="search-grid">
              <aside class="facets" aria-label="Narrow the results">
                {FACETS.map((f) => (
                  <FacetList
                    key={f}
                    name={f}
                    facets={result.facets[f] ?? []}
                    picked={picked[f]!}
                    onPick={(v) => replaceQuery('/search', { ...picked, q, [f]: v })}
                  />
                ))}
              </aside>
              <div>
                <p class="muted" role="status">
                  {result.items.length
                    ? `${result.items.length}${result.nextCursor ? '+' : ''} results`
                    : 'No articles match.'}
                </p>
                <ol class="hits">
                  {result.items.map((h) => (
                    <li key={h.id}>
                      <a href={articleHref(h.id)}>{h.title ?? h.id}</a>{' '}
                      <span class="muted">
                        {outletName(h.outlet)}, {day(h.published)}
                      </span>
                      <p>
                        <Snippet text={h.snippet} />
                      </p>
                    </li>
                  ))}
                </ol>
              </div>
            </div>
          )
        }
      </Show>
    </section>
  );
}

function FacetList({
  name,
  facets,
  picked,
  onPick,
}: {
  name: string;
  facets: Facet[];
  picked: string;
  onPick: (v: string) => void;
}) {
  if (!facets.length && !picked) return null;
  return (
    <fieldset>
      <legend>{name}</legend>
      <ul>
        {picked && (
          <li>
            <button type="button" onClick={() => onPick('')}>
              any {name}
            </button>
          </li>
        )}
        {facets.slice(0, 12).map((f) => (
          <li key={f.value}>
            <button
              type="button"
              aria-pressed={f.value === picked}
              onClick={() => onPick(f.value === picked ? '' : f.value)}
            >
              {f.value} <span class="muted">{f.count}</span>
            </button>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
