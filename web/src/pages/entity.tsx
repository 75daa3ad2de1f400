/** One entity: its aliases, how often it is mentioned over time, what it said, the figures it claims, its stories. */
import { get, type EntityDetail } from '../api';
import { CiteLink, DayChart, PageTitle, Show, day, useLoad } from '../components';
import { storyHref } from '../router';
import { daySeries } from '../segments';

export function EntityPage({ name }: { name: string }) {
  const loaded = useLoad(`entity ${name}`, (signal) =>
    get<EntityDetail>(`/entities/${encodeURIComponent(name)}`, {}, signal),
  );
  return (
    <article class="entity" aria-labelledby="entity-title">
      <header id="entity-title">
        <PageTitle>{loaded.state === 'done' ? loaded.data.entity.name : name}</PageTitle>
      </header>
      <Show loaded={loaded}>{(d) => <Entity detail={d} />}</Show>
    </article>
  );
}

function Entity({ detail: d }: { detail: EntityDetail }) {
  const e = d.entity;
  const { days, counts } = daySeries(d.perDay);
  const others = e.aliases.filter((x) => x !== e.name);
  return (
    <>
      <p class="muted">
        {e.type} · {e.mentions} mentions in {e.articles} articles · {e.outlets.length} outlets
      </p>
      <p>
        <span class="muted">Also called: </span>
        {others.length ? others.join(' · ') : 'no other names'}
      </p>
      <section class="panel" aria-labelledby="mentions-h">
        <h2 id="mentions-h">Mentions over time</h2>
        <DayChart
          days={days}
          counts={counts}
          width={Math.max(280, Math.min(720, window.innerWidth - 48))}
          height={160}
          bars
          label={`Articles mentioning ${e.name} per day: ${d.perDay.map((p) => `${p.day}: ${p.articles}`).join(', ')}`}
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
      <section class="panel" aria-labelledby="statements-h">
        <h2 id="statements-h">Statements ({d.quotes.length})</h2>
        {d.quotes.length ? (
          <ul>
            {d.quotes.map((q, i) => (
              <li key={i} class={`quote ${q.kind}`}>
                <q>{q.text}</q> <CiteLink cite={q.cite} />
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">No quotations attributed to {e.name}.</p>
        )}
      </section>
      <section class="panel" aria-labelledby="claims-h">
        <h2 id="claims-h">Figures claimed ({d.figures.length})</h2>
        {d.figures.length ? (
          <ul>
            {d.figures.map((f, i) => (
              <li key={i}>
                <strong>{f.cite.text}</strong> {f.unit && <span class="muted">({f.unit})</span>}{' '}
                <CiteLink cite={f.cite} />
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">No figures claimed by {e.name}.</p>
        )}
      </section>
      <section class="panel" aria-labelledby="entity-stories-h">
        <h2 id="entity-stories-h">Stories ({d.stories.length})</h2>
        {d.stories.length ? (
          <ul>
            {d.stories.map((s) => (
              <li key={s.id}>
                <a href={storyHref(s.id)}>{s.label}</a>{' '}
                <span class="muted">
                  {s.articles} {s.articles === 1 ? 'article mentions' : 'articles mention'} {e.name}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">In no story yet.</p>
        )}
      </section>
    </>
  );
}
