/** The sitrep dashboard: one page per view, chosen by the URL's hash (router.ts). */
import { render } from 'preact';
import { useState } from 'preact/hooks';
import { PageTitle } from './components';
import { ArticlePage } from './pages/article';
import { EntityPage } from './pages/entity';
import { Overview } from './pages/overview';
import { AlertsPage } from './pages/alerts';
import { SearchPage } from './pages/search';
import { SourcesPage } from './pages/sources';
import { LiveNews } from './live-news';
import { StoryPage } from './pages/story';
import { href, useRoute, type Route } from './router';
import './style.css';

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'overview':
      return <Overview params={route.params} />;
    case 'story':
      return <StoryPage key={route.id} id={route.id} />;
    case 'article':
      return <ArticlePage key={route.id} id={route.id} params={route.params} />;
    case 'entity':
      return <EntityPage key={route.name} name={route.name} />;
    case 'search':
      return <SearchPage params={route.params} />;
    case 'sources':
      return <SourcesPage />;
    case 'alerts':
      return <AlertsPage />;
    case 'missing':
      return (
        <section>
          <PageTitle>No such page</PageTitle>
          <p>
            Nothing lives at <code>{route.path}</code>. <a href="#/">Back to the overview</a>.
          </p>
        </section>
      );
  }
}

function App() {
  const route = useRoute();
  const [q, setQ] = useState('');
  return (
    <>
      <a
        class="skip"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          document.querySelector<HTMLElement>('main h1')?.focus();
        }}
      >
        Skip to content
      </a>
      <header class="top">
        <a class="brand" href="#/">
          sitrep
        </a>
        <nav aria-label="Main">
          <a href="#/" aria-current={route.page === 'overview' ? 'page' : undefined}>
            Overview
          </a>
          <a href="#/search" aria-current={route.page === 'search' ? 'page' : undefined}>
            Search
          </a>
          <a href="#/sources" aria-current={route.page === 'sources' ? 'page' : undefined}>
            Sources
          </a>
          <a href="#/alerts" aria-current={route.page === 'alerts' ? 'page' : undefined}>
            Alerts
          </a>
        </nav>
        {route.page !== 'search' && (
          <form
            role="search"
            class="quick-search"
            onSubmit={(e) => {
              e.preventDefault();
              location.hash = href('/search', { q });
            }}
          >
            <label for="quick-q" class="sr-only">
              Search the articles
            </label>
            <input
              id="quick-q"
              type="search"
              placeholder="Search…"
              value={q}
              onInput={(e) => setQ(e.currentTarget.value)}
            />
          </form>
        )}
      </header>
      <LiveNews />
      <main id="main">
        <Page route={route} />
      </main>
    </>
  );
}

render(<App />, document.getElementById('app')!);
