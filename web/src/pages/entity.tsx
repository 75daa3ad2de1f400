/** One entity: its aliases, how often it is mentioned over time, what it said, the figures it claims, its stories. */
import { get, type Entity, type FigureRow, type Page, type SpeakerQuotes, type Story } from '../api';
import { CiteLink, DayChart, PageTitle, Show, day, useLoad } from '../components';
import { storyHref } from '../router';
import { perDay } from '../segments';

const fold = (s: string): string => s.normalize('NFKC').toLowerCase();

export function EntityPage({ name }: { name: string }) {
  const entities = useLoad(`entity ${name}`, (signal) =>
    get<Page<Entity>>('/entities', { name, limit: 50 }, signal),
  );
  const quotes = useLoad(`entity quotes ${name}`, (signal) =>
    get<Page<SpeakerQuotes>>('/quotes', { speaker: name, limit: 20 }, signal),
  );
  const figures = useLoad(`entity figures ${name}`, (signal) =>
    get<Page<FigureRow>>('/figures', { claimant: name, limit: 200 }, signal),
  );
  const stories = useLoad('stories', (signal) => get<Page<Story>>('/stories', { limit: 200 }, signal));
  return (
    <article class="entity" aria-labelledby="entity-title">
      <header id="entity-title">
        <PageTitle>{name}</PageTitle>
      </header>
      <Show loaded={entities}>
        {(page) => {
          const e = page.items.find((x) => fold(x.name) === fold(name)) ?? page.items[0];
          if (!e) return <p class="muted">No entity of that name is mentioned in the stored articles.</p>;
          const { days, counts } = perDay(e.cites.map((c) => c.published));
          const ids = new Set(e.cites.map((c) => c.articleId));
          return (
            <>
              <p class="muted">
                {e.type} · {e.mentions} mentions in {e.articles} articles · {e.outlets.length} outlets
              </p>
              {e.aliases.length > 0 && (
                <p>
                  <span class="muted">Also called: </span>
                  {e.aliases.filter((x) => x !== e.name).join(' · ') || 'no other names'}
                </p>
              )}
              <section class="panel" aria-labelledby="mentions-h">
                <h2 id="mentions-h">Mentions over time</h2>
                <DayChart
                  days={days}
                  counts={counts}
                  width={Math.min(720, window.innerWidth - 48)}
                  height={160}
                  bars
                  label={`Articles mentioning ${e.name} per day: ${counts.join(', ')}`}
                />
                <details>
                  <summary>First mention in each article ({e.cites.length})</summary>
                  <ul>
                    {e.cites.map((c, i) => (
                      <li key={i}>
                        <CiteLink cite={c}>{c.title ?? c.articleId}</CiteLink>{' '}
                        <span class="muted">
                          {c.outlet}, {day(c.published)}
                        </span>
                      </li>
                    ))}
                  </ul>
                </details>
              </section>
              <section class="panel" aria-labelledby="entity-stories-h">
                <h2 id="entity-stories-h">Stories</h2>
                <Show loaded={stories}>
                  {(s) => {
                    const found = s.items.filter((st) =>
                      st.events.some((ev) => ev.articles.some((a) => ids.has(a.id))),
                    );
                    return found.length ? (
                      <ul>
                        {found.map((st) => (
                          <li key={st.id}>
                            <a href={storyHref(st.id)}>{st.label}</a>{' '}
                            <span class="muted">{st.articleCount} articles</span>
                          </li>
                        ))}
                      </ul>
                    ) : (
                      <p class="muted">In no story yet.</p>
                    );
                  }}
                </Show>
              </section>
            </>
          );
        }}
      </Show>
      <section class="panel" aria-labelledby="statements-h">
        <h2 id="statements-h">Statements</h2>
        <Show loaded={quotes}>
          {(page) => {
            const mine = page.items.filter((s) => s.speaker && fold(s.speaker) === fold(name));
            const qs = (mine.length ? mine : page.items).flatMap((s) => s.quotes);
            return qs.length ? (
              <ul>
                {qs.map((q, i) => (
                  <li key={i}>
                    <q>{q.text}</q> <CiteLink cite={q.cite} />
                  </li>
                ))}
              </ul>
            ) : (
              <p class="muted">No quotations attributed to {name}.</p>
            );
          }}
        </Show>
      </section>
      <section class="panel" aria-labelledby="claims-h">
        <h2 id="claims-h">Figures claimed</h2>
        <Show loaded={figures}>
          {(page) => {
            const mine = page.items.filter(
              (r) => r.figure.claimant && fold(r.figure.claimant) === fold(name),
            );
            return mine.length ? (
              <ul>
                {mine.map((r, i) => (
                  <li key={i}>
                    <strong>{r.figure.text}</strong>{' '}
                    {r.figure.unit && <span class="muted">({r.figure.unit})</span>}{' '}
                    <CiteLink
                      cite={{
                        articleId: r.article.id,
                        outlet: r.article.outlet,
                        published: r.article.published,
                        start: r.figure.start,
                        end: r.figure.end,
                      }}
                    />
                  </li>
                ))}
              </ul>
            ) : (
              <p class="muted">No figures claimed by {name}.</p>
            );
          }}
        </Show>
      </section>
    </article>
  );
}
