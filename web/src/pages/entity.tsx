/** One entity: its aliases, how often it is mentioned over time, what it said, the figures it claims, its stories. */
import { useState } from 'preact/hooks';
import { get, total, type EntityDetail } from '../api';
import { ALL, CiteLink, DayChart, LeftOut, PageTitle, Show, day, useLoad } from '../components';
import { storyHref } from '../router';
import { daySeries } from '../segments';

export function EntityPage({ name }: { name: string }) {
  // Each list comes cut (a widely reported name has a citation per article); all on request.
  const [each, setEach] = useState<number | undefined>(undefined);
  const loaded = useLoad(`entity ${name} ${each ?? ''}`, (signal) =>
    get<EntityDetail>(`/entities/${encodeURIComponent(name)}`, each ? { each } : {}, signal),
  );
  return (
    <article class="entity" aria-labelledby="entity-title">
      <header id="entity-title">
        <PageTitle>{loaded.state === 'done' ? loaded.data.entity.name : name}</PageTitle>
      </header>
      <Show loaded={loaded}>{(d) => <Entity detail={d} onMore={() => setEach(ALL)} />}</Show>
    </article>
  );
}

function Entity({ detail: d, onMore }: { detail: EntityDetail; onMore: () => void }) {
  const e = d.entity;
  const { days, counts } = daySeries(d.perDay);
  const others = e.aliases.filter((x) => x !== e.name);
  return (
    <>
      <p class="muted">
        {e.type} · {e.mentions} mentions in {e.articles} articles · {total(e, 'outlets')} outlets
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
          <summary>First mention in each article ({total(e, 'cites')})</summary>
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
          <LeftOut n={e.omitted?.cites} what="articles" onMore={onMore} />
        </details>
      </section>
      <section class="panel" aria-labelledby="statements-h">
        <h2 id="statements-h">Statements ({total(d, 'quotes')})</h2>
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
        <LeftOut n={d.omitted?.quotes} what="quotations" onMore={onMore} />
      </section>
      <section class="panel" aria-labelledby="claims-h">
        <h2 id="claims-h">Figures claimed ({total(d, 'figures')})</h2>
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
        <LeftOut n={d.omitted?.figures} what="figures" onMore={onMore} />
      </section>
      <section class="panel" aria-labelledby="entity-stories-h">
        <h2 id="entity-stories-h">Stories ({total(d, 'stories')})</h2>
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
        <LeftOut n={d.omitted?.stories} what="stories" onMore={onMore} />
      </section>
    </>
  );
}
