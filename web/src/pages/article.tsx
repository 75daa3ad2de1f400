/**
 * The article reader: the cleaned text with its quotations, speakers, figures, dates and entities marked,
 * and the cited span (`?start=&end=` in the URL) highlighted and scrolled to. Text is rendered as text
 * nodes only: an article's markup, scripts and links are shown as the characters they are.
 */
import { useEffect, useState } from 'preact/hooks';
import { get, type Article, type ArticleDetail } from '../api';
import { ExternalLink, PageTitle, Show, day, outletName, useLoad } from '../components';
import { Revisions } from './revisions';
import { articleHref, entityHref, storyHref } from '../router';
import { segment, type Mark } from '../segments';

const LAYERS = [
  ['quote', 'Quotations'],
  ['speaker', 'Speakers'],
  ['figure', 'Figures'],
  ['date', 'Dates'],
  ['entity', 'Entities'],
] as const;
type Layer = (typeof LAYERS)[number][0];

/** The marks of an article, by layer. */
function marksOf(a: Article): Mark[] {
  const marks: Mark[] = [];
  for (const q of a.quotes) {
    marks.push({
      start: q.start,
      end: q.end,
      kind: 'quote',
      note: `quotation${q.speaker ? ` by ${q.speaker}` : ''}`,
    });
    if (q.source)
      marks.push({
        start: q.source.start,
        end: q.source.end,
        kind: 'speaker',
        note: `speaker: ${q.speaker ?? q.source.text}`,
      });
  }
  for (const f of a.figures)
    marks.push({
      start: f.start,
      end: f.end,
      kind: 'figure',
      note: `figure${f.unit ? `: ${f.unit}` : ''}${f.claimant ? `, claimed by ${f.claimant}` : ''}`,
    });
  for (const d of a.dates)
    marks.push({ start: d.start, end: d.end, kind: 'date', note: `date${d.value ? `: ${d.value}` : ''}` });
  for (const e of a.entities)
    for (const m of e.mentions)
      marks.push({ start: m.start, end: m.end, kind: 'entity', note: `${e.type}: ${e.name}` });
  return marks;
}

function cited(params: URLSearchParams, length: number): Mark | null {
  const start = Number(params.get('start'));
  const end = Number(params.get('end'));
  if (!params.has('start') || !params.has('end') || !Number.isInteger(start) || !Number.isInteger(end))
    return null;
  if (start < 0 || end > length || start >= end) return null;
  return { start, end, kind: 'cited', note: 'cited passage' };
}

export function ArticlePage({ id, params }: { id: string; params: URLSearchParams }) {
  const loaded = useLoad(`article ${id}`, (signal) =>
    get<ArticleDetail>(`/articles/${encodeURIComponent(id)}`, {}, signal),
  );
  if (loaded.state === 'error')
    return (
      <article aria-labelledby="article-title">
        <header id="article-title">
          <PageTitle>Article {id}</PageTitle>
        </header>
        <Show loaded={loaded}>{() => null}</Show>
      </article>
    );
  return <Show loaded={loaded}>{(view) => <Reader view={view} params={params} />}</Show>;
}

function Reader({ view, params }: { view: ArticleDetail; params: URLSearchParams }) {
  const a: Article = view.article;
  const [shown, setShown] = useState<Set<Layer>>(() => new Set(LAYERS.map(([k]) => k)));
  const target = cited(params, a.text.length);
  const marks = marksOf(a).filter((m) => shown.has(m.kind as Layer));
  if (target) marks.push(target);
  const runs = segment(a.text, marks);
  const key = target ? `${target.start}-${target.end}` : '';
  useEffect(() => {
    // Bring the cited passage into view once it is on the page (and again when another is chosen).
    const first = document.querySelector('.text .cited');
    if (first instanceof HTMLElement) first.scrollIntoView({ block: 'center' });
  }, [a.id, key]);
  const toggle = (k: Layer): void => {
    const next = new Set(shown);
    if (next.has(k)) next.delete(k);
    else next.add(k);
    setShown(next);
  };
  const citedText = target ? a.text.slice(target.start, target.end) : null;
  return (
    <article class="reader" aria-labelledby="article-title">
      <header id="article-title">
        <PageTitle>{a.title ?? a.externalId ?? a.id}</PageTitle>
        <p class="muted">
          {outletName(a.outlet)} · {day(a.published)}
          {a.authors.length > 0 && ` · ${a.authors.join(', ')}`}
          {a.language && ` · ${a.language}`} · article {a.id}
        </p>
        {a.url && (
          <p class="muted">
            Source: <ExternalLink url={a.url} />
          </p>
        )}
        {view.story && (
          <p>
            In <a href={storyHref(view.story.id)}>story {view.story.id}</a>
          </p>
        )}
        {view.republished.length > 0 && (
          <p class="muted">
            Also published by:{' '}
            {view.republished.map((r, i) => (
              <span key={r.id}>
                {i > 0 && ', '}
                <a href={articleHref(r.id)}>{outletName(r.outlet)}</a> ({day(r.published)})
              </span>
            ))}
          </p>
        )}
      </header>
      {citedText !== null && (
        <p class="cited-note" role="note">
          Cited passage (characters {target!.start}–{target!.end}): <q>{citedText}</q>
        </p>
      )}
      {a.warnings.length > 0 && (
        <details class="warnings">
          <summary>{a.warnings.length} analysis warnings</summary>
          <ul>
            {a.warnings.map((w, i) => (
              <li key={i}>
                <code>{w.code}</code> ({w.analyzer}): {w.message}
              </li>
            ))}
          </ul>
        </details>
      )}
      <div class="reader-grid">
        <div class="text" lang={a.language ?? undefined} tabIndex={0} aria-label="Article text">
          {runs.map((r) => {
            if (!r.marks.length) return r.text;
            const kinds = [...new Set(r.marks.map((m) => m.kind))];
            const title = r.marks.map((m) => m.note ?? m.kind).join('; ');
            const cls = kinds.join(' ');
            return kinds.includes('cited') ? (
              <mark key={r.start} class={cls} title={title}>
                {r.text}
              </mark>
            ) : (
              <span key={r.start} class={cls} title={title}>
                {r.text}
              </span>
            );
          })}
        </div>
        <aside class="annotations" aria-label="What the analysis found">
          <fieldset class="layers">
            <legend>Highlight</legend>
            {LAYERS.map(([k, label]) => (
              <label key={k} class={`legend ${k}`}>
                <input type="checkbox" checked={shown.has(k)} onChange={() => toggle(k)} /> {label}
              </label>
            ))}
          </fieldset>
          <AnnotationList
            title="Quotations"
            items={a.quotes.map((q) => ({ ...q, label: q.text, extra: q.speaker ?? 'speaker not resolved' }))}
            id={a.id}
          />
          <AnnotationList
            title="Figures"
            items={a.figures.map((f) => ({
              ...f,
              label: f.text,
              extra: [f.unit, f.claimant].filter(Boolean).join(', '),
            }))}
            id={a.id}
          />
          <AnnotationList
            title="Dates"
            items={a.dates.map((d) => ({ ...d, label: d.text, extra: d.value ?? 'not resolved' }))}
            id={a.id}
          />
          <section>
            <h2>Entities ({a.entities.length})</h2>
            <ul>
              {a.entities.map((e) => (
                <li key={e.id}>
                  <a href={entityHref(e.name)}>{e.name}</a>{' '}
                  <span class="muted">
                    {e.type} · {e.mentions.length}×
                  </span>
                </li>
              ))}
            </ul>
          </section>
        </aside>
      </div>
      <Revisions id={a.id} />
    </article>
  );
}

function AnnotationList({
  title,
  items,
  id,
}: {
  title: string;
  items: { start: number; end: number; label: string; extra: string }[];
  id: string;
}) {
  return (
    <section>
      <h2>
        {title} ({items.length})
      </h2>
      <ul>
        {items.map((it, i) => (
          <li key={i}>
            <a href={articleHref(id, it)} aria-label={`Show in the text: ${it.label}`}>
              {it.label}
            </a>{' '}
            {it.extra && <span class="muted">{it.extra}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
