import type { JSX } from 'preact';
import { useEffect } from 'preact/hooks';
import { Link } from './components/basic';
import { useSettings } from './hooks';
import { OverviewPage } from './pages/overview';
import { ResourceDetailPage, ResourcesPage } from './pages/resources';
import { RolloutDetailPage } from './pages/rollout-detail';
import { RolloutsPage } from './pages/rollouts';
import { RunnerDetailPage, RunnersPage } from './pages/runners';
import { SettingsPage } from './pages/settings';
import { TracesPage } from './pages/traces';
import { match, navigate, useLocation } from './router';
import { Shell } from './shell';

function applyTheme(theme: string): void {
  const dark =
    theme === 'dark' || (theme === 'system' && matchMedia('(prefers-color-scheme: dark)').matches);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
}

function Redirect(props: { to: string }) {
  useEffect(() => navigate(props.to, { replace: true }), [props.to]);
  return null;
}

const PAGES: [string, (p: Record<string, string>, query: URLSearchParams) => JSX.Element | null][] =
  [
    [
      '/rollouts/:rid',
      (p, q) => <RolloutDetailPage key={p.rid} rolloutId={p.rid as string} query={q} />,
    ],
    [
      '/rollouts/:rid/attempts/:aid',
      (p, q) => (
        <RolloutDetailPage
          key={p.rid}
          rolloutId={p.rid as string}
          attemptId={p.aid as string}
          query={q}
        />
      ),
    ],
    [
      '/rollouts/:rid/attempts/:aid/spans/:sid',
      (p, q) => (
        <RolloutDetailPage
          key={p.rid}
          rolloutId={p.rid as string}
          attemptId={p.aid as string}
          spanId={p.sid as string}
          query={q}
        />
      ),
    ],
    [
      '/resources/:id',
      (p, q) => <ResourceDetailPage key={p.id} resourcesId={p.id as string} query={q} />,
    ],
    ['/runners/:id', (p) => <RunnerDetailPage key={p.id} workerId={p.id as string} />],
    ['/workers/:id', (p) => <Redirect to={`/runners/${encodeURIComponent(p.id as string)}`} />],
  ];

function route(path: string, query: URLSearchParams) {
  if (path === '/' || path === '') return <Redirect to="/overview" />;
  if (path === '/overview') return <OverviewPage />;
  if (path === '/rollouts') return <RolloutsPage query={query} />;
  if (path === '/traces') return <TracesPage query={query} />;
  if (path === '/resources') return <ResourcesPage query={query} />;
  if (path === '/runners') return <RunnersPage query={query} />;
  if (path === '/workers') return <Redirect to={`/runners${location.search}`} />;
  if (path === '/settings') return <SettingsPage />;
  for (const [pattern, render] of PAGES) {
    const params = match(pattern, path);
    if (params) return render(params, query);
  }
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        <Link to="/overview">Go to Overview</Link>
      </p>
    </section>
  );
}

export function App() {
  const { path, query } = useLocation();
  const settings = useSettings();
  useEffect(() => {
    applyTheme(settings.theme);
    if (settings.theme !== 'system') return;
    const media = matchMedia('(prefers-color-scheme: dark)');
    const listener = () => applyTheme('system');
    media.addEventListener('change', listener);
    return () => media.removeEventListener('change', listener);
  }, [settings.theme]);
  useEffect(() => {
    const title = path.split('/')[1] ?? '';
    document.title = `${title ? `${title[0]?.toUpperCase()}${title.slice(1)} · ` : ''}Agent-lightning Dashboard`;
  }, [path]);
  return <Shell path={path}>{route(path, query)}</Shell>;
}
