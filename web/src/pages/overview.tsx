/**
 * The situation overview: stories ranked by recent activity (the server's order), each with its articles
 * per day, its outlets and its latest development; filtered by date range and outlet (kept in the URL).
 */
import { useLayoutEffect } from 'preact/hooks';
import { get, type Page, type StoryCard } from '../api';
import { DayChart, PageTitle, Show, day, outletName, useLoad, type Loaded } from '../components';
import { articleHref, replaceQuery, storyHref } from '../router';
import { daySeries } from '../segments';
import { useLive } from '../live';

interface Filters {
  from: string;
  to: string;
  outlet: string;
}

export function Overview({ params }: { params: URLSearchParams }) {
  const f: Filters = {
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
    outlet: params.get('outlet') ?? '',
  };
  // The outlets to choose from are those of all stories, whatever is chosen now; unfiltered, one call
  // serves both (index.html asks for it before the script has even run).
  // New articles are placed in stories after they are stored: a change after them refreshes the ranking.
  const live = useLive(['article', 'change']);
  const all = useLoad('stories', (signal) => get<Page<StoryCard>>('/stories', { limit: 100 }, signal), live);
  const filtered = useLoad(
    `stories ${f.from} ${f.to} ${f.outlet}`,
    (signal) =>
      f.from || f.to || f.outlet
        ? get<Page<StoryCard>>('/stories', { ...f, limit: 100 }, signal)
        : Promise.resolve(null),
    live,
  );
  const chosen: Loaded<Page<StoryCard>> =
    filtered.state !== 'done'
      ? filtered
      : filtered.data === null
        ? all
        : { state: 'done', data: filtered.data };
  useLayoutEffect(() => {
    // The moment the stories are in the page, for `npm run bench` (render time of the overview).
    if (chosen.state === 'done') performance.mark('sitrep:overview-rendered');
  }, [chosen.state]);
  const set = (k: keyof Filters, v: string): void => replaceQuery('/', { ...f, [k]: v });
  const outlets = all.state === 'done' ? [...new Set(all.data.items.flatMap((s) => s.outlets))].sort() : [];
  return (
    <section aria-labelledby="overview-title">
      <div id="overview-title">
        <PageTitle>Situation overview</PageTitle>
      </div>
      <form class="filters" aria-label="Filter stories" onSubmit={(e) => e.preventDefault()}>
        <label>
          From{' '}
          <input
            type="date"
            name="from"
            value={f.from}
            onChange={(e) => set('from', e.currentTarget.value)}
          />
        </label>
        <label>
          To <input type="date" name="to" value={f.to} onChange={(e) => set('to', e.currentTarget.value)} />
        </label>
        <label>
          Outlet{' '}
          <select name="outlet" value={f.outlet} onChange={(e) => set('outlet', e.currentTarget.value)}>
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
      <Show loaded={chosen}>
        {(page) => (
          <>
            <p class="muted" role="status">
              {page.items.length
                ? `${page.items.length}${page.next ? '+' : ''} ${page.items.length === 1 ? 'story' : 'stories'}, most active first`
                : 'No stories match.'}
            </p>
            <ol class="stories" aria-label="Stories">
              {page.items.map((s) => (
                <StoryRow key={s.id} story={s} />
              ))}
            </ol>
          </>
        )}
      </Show>
    </section>
  );
}

function StoryRow({ story }: { story: StoryCard }) {
  const { days, counts } = daySeries(story.perDay);
  const perDayText = story.perDay.length
    ? `Articles per day${story.omitted?.perDay ? ` (the ${story.perDay.length} latest days with articles)` : ''}: ${story.perDay.map((d) => `${d.day}: ${d.articles}`).join(', ')}`
    : 'No dated articles';
  const latest = story.latest;
  return (
    <li class="story-row">
      <div class="story-main">
        <h2>
          <a href={storyHref(story.id)}>{story.label}</a>
        </h2>
        <p class="muted">
          {story.articleCount} {story.articleCount === 1 ? 'article' : 'articles'}
          {story.recentArticles > 0 && ` (${story.recentArticles} in the last week)`} · {story.eventCount}{' '}
          {story.eventCount === 1 ? 'event' : 'events'} · {day(story.first)} to {day(story.last)}
        </p>
        <p class="outlets">{story.outlets.join(' · ')}</p>
        {latest && (
          <p class="latest">
            <span class="muted">Latest: </span>
            <a href={articleHref(latest.articleId)}>{latest.title ?? latest.articleId}</a>{' '}
            <span class="muted">
              ({outletName(latest.outlet)}, {day(latest.published)})
            </span>
          </p>
        )}
      </div>
      <DayChart days={days} counts={counts} width={160} height={40} bars label={perDayText} />
    </li>
  );
}
