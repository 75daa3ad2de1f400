/**
 * The situation overview: stories ranked by recent activity, each with its articles per day, its outlets
 * and its latest development; filtered by date range and outlet (kept in the URL).
 */
import { get, type Page, type Story, type StoryArticle } from '../api';
import { DayChart, PageTitle, Show, day, outletName, useLoad } from '../components';
import { articleHref, replaceQuery, storyHref } from '../router';
import { perDay } from '../segments';

interface Filters {
  from: string;
  to: string;
  outlet: string;
}

const inRange = (published: string | null, f: Filters): boolean => {
  const d = published?.slice(0, 10);
  if (!d) return !f.from && !f.to;
  return (!f.from || d >= f.from) && (!f.to || d <= f.to);
};

/** The articles of a story that pass the filters. */
function articlesOf(story: Story, f: Filters): StoryArticle[] {
  return story.events
    .flatMap((e) => e.articles)
    .filter((a) => inRange(a.published, f) && (!f.outlet || a.outlet === f.outlet));
}

/** Most recent activity first: the day of the newest article, then the number of articles. */
function byActivity(a: { last: string; count: number }, b: { last: string; count: number }): number {
  return b.last.localeCompare(a.last) || b.count - a.count;
}

export function Overview({ params }: { params: URLSearchParams }) {
  const f: Filters = {
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
    outlet: params.get('outlet') ?? '',
  };
  const loaded = useLoad(`stories`, (signal) => get<Page<Story>>('/stories', { limit: 200 }, signal));
  const set = (k: keyof Filters, v: string): void => replaceQuery('/', { ...f, [k]: v });
  return (
    <section aria-labelledby="overview-title">
      <div id="overview-title">
        <PageTitle>Situation overview</PageTitle>
      </div>
      <Show loaded={loaded}>
        {(page) => {
          const outlets = [...new Set(page.items.flatMap((s) => s.outlets))].sort();
          const rows = page.items
            .map((story) => {
              const articles = articlesOf(story, f);
              const dates = articles.map((a) => a.published);
              const last = dates.reduce<string>((m, d) => (d && d > m ? d : m), '');
              return { story, articles, last, count: articles.length };
            })
            .filter((r) => r.count > 0)
            .sort(byActivity);
          return (
            <>
              <form class="filters" aria-label="Filter stories" onSubmit={(e) => e.preventDefault()}>
                <label>
                  From{' '}
                  <input type="date" value={f.from} onInput={(e) => set('from', e.currentTarget.value)} />
                </label>
                <label>
                  To <input type="date" value={f.to} onInput={(e) => set('to', e.currentTarget.value)} />
                </label>
                <label>
                  Outlet{' '}
                  <select value={f.outlet} onChange={(e) => set('outlet', e.currentTarget.value)}>
                    <option value="">all outlets</option>
                    {outlets.map((o) => (
                      <option key={o} value={o}>
                        {o}
                      </option>
                    ))}
                  </select>
                </label>
                {(f.from || f.to || f.outlet) && (
                  <button type="button" onClick={() => replaceQuery('/', {})}>
                    Clear filters
                  </button>
                )}
              </form>
              <p class="muted" role="status">
                {rows.length} of {page.items.length} {page.items.length === 1 ? 'story' : 'stories'}
                {page.nextCursor ? ' (the most active 200)' : ''}
              </p>
              <ol class="stories">
                {rows.map((r) => (
                  <StoryRow key={r.story.id} {...r} />
                ))}
              </ol>
            </>
          );
        }}
      </Show>
    </section>
  );
}

function StoryRow({ story, articles, last }: { story: Story; articles: StoryArticle[]; last: string }) {
  const { days, counts } = perDay(articles.map((a) => a.published));
  const outlets = [...new Set(articles.map((a) => outletName(a.outlet)))];
  const newest = [...articles].sort((a, b) => (b.published ?? '').localeCompare(a.published ?? ''))[0];
  const latestEvent = story.events.find((e) => e.articles.some((a) => a.id === newest?.id));
  const perDayText = days.length
    ? `Articles per day from ${day(new Date(days[0]! * 1000).toISOString())}: ${counts.join(', ')}`
    : 'No dated articles';
  return (
    <li class="story-row">
      <div class="story-main">
        <h2>
          <a href={storyHref(story.id)}>{story.label}</a>
        </h2>
        <p class="muted">
          {articles.length} {articles.length === 1 ? 'article' : 'articles'} · {outlets.length}{' '}
          {outlets.length === 1 ? 'outlet' : 'outlets'} · last {day(last || null)}
        </p>
        <p class="outlets">{outlets.join(' · ')}</p>
        {newest && (
          <p class="latest">
            <span class="muted">Latest: </span>
            <a href={articleHref(newest.id)}>{latestEvent?.label ?? newest.title ?? newest.id}</a>{' '}
            <span class="muted">
              ({outletName(newest.outlet)}, {day(newest.published)})
            </span>
          </p>
        )}
      </div>
      <DayChart days={days} counts={counts} width={160} height={40} label={perDayText} />
    </li>
  );
}
