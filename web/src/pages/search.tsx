/**
 * Search as you type: ranked articles with their matches marked in a snippet, narrowed by the facets of the
 * best matches (outlet, day, entity). Everything chosen is in the URL.
 */
import { useEffect, useState } from 'preact/hooks';
import { get, type Facet, type SearchResult } from '../api';
import { PageTitle, Show, Snippet, day, outletName, useLoad } from '../components';
import { articleHref, entityHref, replaceQuery } from '../router';

export function SearchPage({ params }: { params: URLSearchParams }) {
  const q = params.get('q') ?? '';
  const filters = {
    outlet: params.get('outlet') ?? '',
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
    entity: params.get('entity') ?? '',
  };
  const [typed, setTyped] = useState(q);
  // Ask once typing pauses: every key would otherwise be a request.
  useEffect(() => {
    if (typed === q) return;
    const t = setTimeout(() => replaceQuery('/search', { ...filters, q: typed }), 150);
    return () => clearTimeout(t);
  }, [typed]);
  const loaded = useLoad(`search ${params.toString()}`, (signal) =>
    q.trim() ? get<SearchResult>('/search', { q, ...filters, limit: 30 }, signal) : Promise.resolve(null),
  );
  const narrow = (change: Partial<typeof filters>): void =>
    replaceQuery('/search', { ...filters, ...change, q });
  return (
    <section aria-labelledby="search-title">
      <div id="search-title">
        <PageTitle>Search</PageTitle>
      </div>
      <form
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          replaceQuery('/search', { ...filters, q: typed });
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
                <FacetList
                  name="Outlet"
                  facets={result.facets.outlets}
                  picked={filters.outlet}
                  onPick={(v) => narrow({ outlet: v })}
                />
                <FacetList
                  name="Day"
                  facets={[...result.facets.days].sort((a, b) => b.value.localeCompare(a.value))}
                  picked={filters.from && filters.from === filters.to ? filters.from : ''}
                  onPick={(v) => narrow({ from: v, to: v })}
                />
                <FacetList
                  name="Entity"
                  facets={result.facets.entities}
                  picked={filters.entity}
                  onPick={(v) => narrow({ entity: v })}
                />
                {filters.entity && (
                  <p>
                    <a href={entityHref(filters.entity)}>About {filters.entity}</a>
                  </p>
                )}
              </aside>
              <div>
                <p class="muted" role="status">
                  {result.items.length
                    ? `${result.items.length}${result.next ? '+' : ''} results (facets over the best ${result.facets.over})`
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
              any {name.toLowerCase()}
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
