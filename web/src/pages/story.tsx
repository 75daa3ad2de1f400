/**
 * One story: the cited briefing, the timeline, who said what (by speaker), the figures with their
 * disagreements explained, how each outlet frames it, and its articles. Every claim links to its passage.
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import {
  get,
  type Brief,
  type Comparison,
  type FigureGroup,
  type FramingOccurrence,
  type OutletFraming,
  type Page,
  type SpeakerQuotes,
  type StoryDetail,
  type TimelineItem,
  total,
} from '../api';
import { ALL, CiteLink, LeftOut, PageTitle, Show, day, outletName, useLoad } from '../components';
import { useLive } from '../live';
import { articleHref, entityHref } from '../router';

const SECTIONS = [
  ['briefing', 'Briefing'],
  ['timeline', 'Timeline'],
  ['quotes', 'Who said what'],
  ['figures', 'Figures'],
  ['framing', 'Framing'],
  ['articles', 'Articles'],
] as const;

function Section({ id, title, children }: { id: string; title: string; children: ComponentChildren }) {
  return (
    <section class="panel" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`} tabIndex={-1}>
        {title}
      </h2>
      {children}
    </section>
  );
}

export function StoryPage({ id }: { id: string }) {
  const path = `/stories/${encodeURIComponent(id)}`;
  // A story changes when articles join it or are revised: every view of it is asked again then.
  const live = useLive(['article', 'revision']);
  const story = useLoad(`story ${id}`, (signal) => get<StoryDetail>(path, {}, signal), live);
  const brief = useLoad(
    `brief ${id}`,
    (signal) => get<Brief>(`${path}/brief`, { format: 'json' }, signal),
    live,
  );
  // The comparison's lists come cut (figure groups ranked, those across outlets first); all on request.
  const [compareEach, setCompareEach] = useState<number | undefined>(undefined);
  const comparison = useLoad(
    `compare ${id} ${compareEach ?? ''}`,
    (signal) => get<Comparison>(`${path}/compare`, compareEach ? { each: compareEach } : {}, signal),
    live,
  );
  const quotes = useLoad(
    `quotes ${id}`,
    (signal) => get<Page<SpeakerQuotes>>('/quotes', { story: id, limit: 100 }, signal),
    live,
  );
  const timeline = useLoad(
    `timeline ${id}`,
    (signal) => get<Page<TimelineItem>>('/timeline', { story: id, limit: 500 }, signal),
    live,
  );
  if (story.state === 'error')
    return (
      <article class="story" aria-labelledby="story-title">
        <header id="story-title">
          <PageTitle>Story {id}</PageTitle>
        </header>
        <Show loaded={story}>{() => null}</Show>
      </article>
    );
  return (
    <article class="story" aria-labelledby="story-title">
      <Show loaded={story}>
        {(s) => (
          <header id="story-title">
            <PageTitle>{s.label}</PageTitle>
            <p class="muted">
              Story {s.id} · {s.articleCount} articles · {total(s, 'outlets')} outlets · {day(s.first)} to{' '}
              {day(s.last)}
            </p>
          </header>
        )}
      </Show>
      <nav class="on-page" aria-label="Sections of this story">
        {SECTIONS.map(([key, title]) => (
          <button
            key={key}
            type="button"
            onClick={() => {
              const h = document.getElementById(`${key}-h`);
              h?.scrollIntoView({ block: 'start' });
              h?.focus({ preventScroll: true });
            }}
          >
            {title}
          </button>
        ))}
      </nav>
      <Section id="briefing" title="Briefing">
        <Show loaded={brief}>{(b) => <Briefing brief={b} />}</Show>
      </Section>
      <Section id="timeline" title="Timeline">
        <Show loaded={timeline}>{(t) => <Timeline entries={t.items} />}</Show>
      </Section>
      <Section id="quotes" title="Who said what">
        <Show loaded={quotes}>{(q) => <WhoSaidWhat speakers={q.items} />}</Show>
        <Show loaded={comparison}>
          {(c) => <SharedStatements groups={c.statements.shared} count={total(c.statements, 'shared')} />}
        </Show>
      </Section>
      <Section id="figures" title="Figures">
        <Show loaded={comparison}>
          {(c) => (
            <>
              <Figures groups={c.figures} onMore={() => setCompareEach(ALL)} />
              <LeftOut n={c.omitted?.figures} what="figure groups" onMore={() => setCompareEach(ALL)} />
            </>
          )}
        </Show>
      </Section>
      <Section id="framing" title="Framing by outlet">
        <Show loaded={brief}>
          {(b) => (
            <>
              <Framing
                outlets={b.framing.outlets}
                occurrences={b.framing.occurrences}
                occurrenceCount={total(b.framing, 'occurrences')}
              />
              <LeftOut n={b.framing.omitted?.outlets} what="outlets" />
            </>
          )}
        </Show>
      </Section>
      <Section id="articles" title="Articles">
        <Show loaded={story}>{(s) => <Articles story={s} />}</Show>
      </Section>
    </article>
  );
}

function Briefing({ brief }: { brief: Brief }) {
  if (!brief.summary.length)
    return <p class="muted">No summary: the story's articles have no sentences to draw on.</p>;
  return (
    <>
      <ul class="summary">
        {brief.summary.map((s, i) => (
          <li key={i}>
            {s.text} <CiteLink cite={s.cite} />
          </li>
        ))}
      </ul>
      {brief.actors.length > 0 && (
        <p>
          <span class="muted">Key actors: </span>
          {brief.actors.map((a, i) => (
            <span key={a.name}>
              {i > 0 && ', '}
              <a href={entityHref(a.name)}>{a.name}</a>
            </span>
          ))}
        </p>
      )}
    </>
  );
}

/** The first `n` of a long list, and a button for the rest (the page stays scannable). */
function useFirst<T>(items: T[], n: number): { shown: T[]; more: ComponentChildren } {
  const [all, setAll] = useState(false);
  if (all || items.length <= n) return { shown: items, more: null };
  return {
    shown: items.slice(0, n),
    more: (
      <button type="button" class="more" onClick={() => setAll(true)}>
        Show all {items.length}
      </button>
    ),
  };
}

function Timeline({ entries }: { entries: TimelineItem[] }) {
  const { shown, more } = useFirst(entries, 8);
  if (!entries.length) return <p class="muted">No dated events found in this story's articles.</p>;
  return (
    <>
      <ol class="timeline">
        {shown.map((e, i) => (
          <li key={i}>
            <time dateTime={e.date}>{e.date}</time>
            <span>
              {e.cite.text} <CiteLink cite={e.cite} />
              {e.alsoIn.length > 0 && (
                <span class="muted">
                  {' '}
                  also in{' '}
                  {e.alsoIn.map((c, j) => (
                    <span key={j}>
                      {j > 0 && ', '}
                      <CiteLink cite={c} />
                    </span>
                  ))}
                </span>
              )}
            </span>
          </li>
        ))}
      </ol>
      {more}
    </>
  );
}

function WhoSaidWhat({ speakers }: { speakers: SpeakerQuotes[] }) {
  const { shown, more } = useFirst(speakers, 6);
  if (!speakers.length) return <p class="muted">No quotations found in this story.</p>;
  return (
    <div class="speakers">
      {more && (
        <p class="muted">
          The {shown.length} most quoted of {speakers.length} speakers.
        </p>
      )}
      {shown.map((s) => (
        <Speaker key={s.speaker ?? '?'} group={s} />
      ))}
      {more}
    </div>
  );
}

function Speaker({ group: s }: { group: SpeakerQuotes }) {
  const { shown, more } = useFirst(s.quotes, 4);
  return (
    <section class="speaker" aria-label={`Quotations of ${s.speaker ?? 'unresolved speakers'}`}>
      <h3>
        {s.speaker ? <a href={entityHref(s.speaker)}>{s.speaker}</a> : 'Speaker not resolved'}{' '}
        <span class="muted">
          {total(s, 'quotes')} {total(s, 'quotes') === 1 ? 'quotation' : 'quotations'} ·{' '}
          {s.outlets.join(', ')}
          {s.omitted?.outlets ? ` and ${s.omitted.outlets} more` : ''}
        </span>
      </h3>
      <ul>
        {shown.map((q, i) => (
          <li key={i} class={`quote ${q.kind}`}>
            <q>{q.text}</q> <CiteLink cite={q.cite} />
          </li>
        ))}
      </ul>
      {more}
      <LeftOut n={s.omitted?.quotes} what="quotations" />
    </section>
  );
}

/**
 * One statement as several outlets report it: each wording with its citation, and the words only that
 * version has (a different translation, an edit) called out.
 */
function SharedStatements({ groups, count }: { groups: Comparison['statements']['shared']; count: number }) {
  const { shown, more } = useFirst(groups, 5);
  if (!groups.length) return null;
  return (
    <section class="shared" aria-labelledby="shared-h">
      <h3 id="shared-h">Reported by several outlets ({count})</h3>
      {shown.map((g, i) => (
        <div key={i} class="statement">
          <p>
            <strong>{g.speaker ?? 'Speaker not resolved'}</strong>{' '}
            <span class="muted">in {g.outlets.join(', ')}</span>
          </p>
          <ul>
            {g.versions.map((v, j) => (
              <li key={j}>
                <q>{v.text}</q>{' '}
                <CiteLink
                  cite={{
                    articleId: v.articleId,
                    outlet: v.outlet,
                    published: v.published,
                    start: v.start,
                    end: v.end,
                  }}
                />
                {v.onlyHere.length > 0 && (
                  <span class="muted"> — only this version: {v.onlyHere.join(', ')}</span>
                )}
              </li>
            ))}
          </ul>
          <LeftOut n={g.omitted?.versions} what="versions" />
        </div>
      ))}
      {more}
      <LeftOut n={count - groups.length} what="shared statements" />
    </section>
  );
}

const VERDICT: Record<FigureGroup['verdict'], string> = {
  agree: 'outlets agree',
  differ: 'outlets differ',
  incomparable: 'measured differently',
  single: 'one outlet only',
};

function Figures({ groups, onMore }: { groups: FigureGroup[]; onMore: () => void }) {
  if (!groups.length) return <p class="muted">No figures found in this story.</p>;
  return (
    <div class="table-wrap">
      <table class="figures">
        <caption class="sr-only">Figures claimed, grouped by what they count</caption>
        <thead>
          <tr>
            <th scope="col">counts</th>
            <th scope="col">figure</th>
            <th scope="col">claimed by</th>
            <th scope="col">source</th>
          </tr>
        </thead>
        {groups.map((g, gi) => (
          <tbody key={gi} class={`verdict-${g.verdict}`}>
            <tr class="group">
              <th scope="rowgroup" colSpan={4}>
                {g.noun} <span class={`badge ${g.verdict}`}>{VERDICT[g.verdict]}</span>
                {g.reason && <span class="reason"> — {g.reason}</span>}
              </th>
            </tr>
            {g.figures.map((f, i) => (
              <tr key={i}>
                <td>{f.unit ?? g.noun}</td>
                <td>
                  <strong>{f.text}</strong>
                  {f.period && <span class="muted"> ({f.period})</span>}
                  {f.dates.length > 0 && <span class="muted"> as of {f.dates.join(', ')}</span>}
                </td>
                <td>
                  {f.claimant ? (
                    <a href={entityHref(f.claimant)}>{f.claimant}</a>
                  ) : (
                    <span class="muted">the outlet</span>
                  )}
                </td>
                <td>
                  <CiteLink
                    cite={{
                      articleId: f.articleId,
                      outlet: f.outlet,
                      published: f.published,
                      start: f.start,
                      end: f.end,
                    }}
                  />
                </td>
              </tr>
            ))}
            {g.omitted?.figures ? (
              <tr>
                <td colSpan={4} class="muted">
                  {g.omitted.figures} more figures not shown here.{' '}
                  <button type="button" class="more" onClick={onMore}>
                    Load them
                  </button>
                </td>
              </tr>
            ) : null}
          </tbody>
        ))}
      </table>
    </div>
  );
}

function Framing({
  outlets,
  occurrences,
  occurrenceCount,
}: {
  outlets: OutletFraming[];
  occurrences: FramingOccurrence[];
  occurrenceCount: number;
}) {
  if (!outlets.length) return <p class="muted">No framing measured for this story.</p>;
  const categories = [...new Set(outlets.flatMap((o) => Object.keys(o.categories)))].sort();
  return (
    <>
      <div class="table-wrap">
        <table class="framing">
          <caption class="sr-only">
            Framing words per 1,000 words in each outlet's own voice (inside quotations in brackets)
          </caption>
          <thead>
            <tr>
              <th scope="col">outlet</th>
              <th scope="col">words</th>
              {categories.map((c) => (
                <th key={c} scope="col">
                  {c} <span class="muted">/1,000</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {outlets.map((o) => (
              <tr key={o.outlet}>
                <th scope="row">{o.outlet}</th>
                <td>{o.words}</td>
                {categories.map((c) => {
                  const v = o.categories[c];
                  return (
                    <td
                      key={c}
                      title={
                        v
                          ? Object.entries(v.terms)
                              .map(([t, n]) => `${t} ×${n}`)
                              .join(', ')
                          : ''
                      }
                    >
                      {v ? v.per1000.toFixed(1) : '0.0'}
                      {v && v.quoted > 0 && <span class="muted"> ({v.quoted} quoted)</span>}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {occurrences.length > 0 && (
        <details>
          <summary>
            {occurrenceCount > occurrences.length
              ? `The first ${occurrences.length} of ${occurrenceCount} occurrences`
              : `Every occurrence (${occurrences.length})`}
          </summary>
          <ul class="occurrences">
            {occurrences.map((o, i) => (
              <li key={i}>
                <span class="badge">{o.category}</span> <strong>{o.text}</strong>
                {o.quoted && <span class="muted"> (in a quotation)</span>} — {o.context}{' '}
                <CiteLink
                  cite={{
                    articleId: o.articleId,
                    outlet: o.outlet,
                    published: null,
                    start: o.start,
                    end: o.end,
                  }}
                >
                  {o.outlet}
                </CiteLink>
              </li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}

function Articles({ story }: { story: StoryDetail }) {
  return (
    <>
      {story.events.map((e) => (
        <section key={e.id} class="event" aria-label={`Event: ${e.label}`}>
          <h3>
            {e.label}{' '}
            <span class="muted">
              {day(e.first)}
              {e.last && e.last !== e.first ? ` to ${day(e.last)}` : ''}
            </span>
          </h3>
          <ul>
            {e.articles.map((a) => (
              <li key={a.id}>
                <a href={articleHref(a.id)}>{a.title ?? a.externalId ?? a.id}</a>{' '}
                <span class="muted">
                  {outletName(a.outlet)}, {day(a.published)}
                </span>
              </li>
            ))}
          </ul>
          <LeftOut n={e.omitted?.articles} what="articles of this event" />
        </section>
      ))}
      <LeftOut n={story.omitted?.events} what="events" />
    </>
  );
}
