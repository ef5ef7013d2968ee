import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { formatAge } from '../core/format';
import { ApiKeyPrompt } from './api-key-prompt';
import { config } from './config';
import { clockSkew } from './data/api';
import { refreshAll, refreshLiveLabel, syncStatus } from './data/cache';
import { getSettings, updateSettings } from './data/settings';
import { useCapabilities, useSettings, useSyncStatus, useTick } from './hooks';
import { Palette } from './palette';
import { href, navigate } from './router';

const NAV = [
  ['/overview', 'Overview'],
  ['/rollouts', 'Rollouts'],
  ['/traces', 'Traces'],
  ['/resources', 'Resources'],
  ['/runners', 'Runners'],
  ['/settings', 'Settings'],
] as const;

const GO: Record<string, string> = {
  o: '/overview',
  r: '/rollouts',
  t: '/traces',
  e: '/resources',
  w: '/runners',
  ',': '/settings',
};

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return (
    !!el &&
    (el.tagName === 'INPUT' ||
      el.tagName === 'TEXTAREA' ||
      el.tagName === 'SELECT' ||
      el.isContentEditable)
  );
}

function StatusArea() {
  useSyncStatus();
  useTick(1000);
  const settings = useSettings();
  const caps = useCapabilities();
  const s = syncStatus;
  const mode =
    s.live === 'live'
      ? 'Live'
      : s.live === 'paused'
        ? 'Paused'
        : s.live === 'reconnecting'
          ? 'Reconnecting…'
          : `Polling every ${settings.pollSeconds} s`;
  const retry = s.retryAt > Date.now() ? Math.ceil((s.retryAt - Date.now()) / 1000) : 0;
  const skew =
    Math.abs(clockSkew()) > 2 ? ` · Server clock differs by ${Math.round(clockSkew())} s` : '';
  const capList =
    Object.entries(caps)
      .filter(([, v]) => v)
      .map(([k]) => k)
      .join(', ') || 'none (plain server)';
  return (
    <div
      class="status-area"
      title={`Store ${config.storeLabel || location.origin} · capabilities: ${capList}${skew}`}
    >
      <span
        class={`dot ${s.online === false ? 'offline' : s.online ? 'online' : ''}`}
        aria-hidden="true"
      />
      <span data-testid="connection">
        {s.online === false
          ? config.mode === 'proxy'
            ? `Store unreachable at ${config.storeLabel} — retrying`
            : `Offline${retry ? ` — retrying in ${retry} s` : ''}`
          : s.online
            ? 'Online'
            : 'Connecting…'}
      </span>
      <span class="sep">·</span>
      <span data-testid="refresh-mode">{mode}</span>
      {s.lastSuccess > 0 && (
        <>
          <span class="sep">·</span>
          <span>Updated {formatAge((Date.now() - s.lastSuccess) / 1000)}</span>
        </>
      )}
      {s.busy > 0 && <span class="spinner" role="status" aria-label="Refreshing" />}
      <button type="button" onClick={() => refreshAll()}>
        Refresh
      </button>
      <button
        type="button"
        onClick={() => {
          updateSettings({ live: getSettings().live === 'paused' ? 'auto' : 'paused' });
          refreshLiveLabel();
        }}
      >
        {settings.live === 'paused' ? 'Resume' : 'Pause'}
      </button>
    </div>
  );
}

export function Shell(props: { path: string; children: ComponentChildren }) {
  const [palette, setPalette] = useState(false);
  const [help, setHelp] = useState(false);
  const settings = useSettings();
  useEffect(() => {
    let pendingG = false;
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        setPalette(true);
        return;
      }
      if (typing(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
      if (pendingG) {
        pendingG = false;
        const to = GO[event.key];
        if (to) navigate(to);
        return;
      }
      if (event.key === 'g') pendingG = true;
      else if (event.key === '/') {
        const box = document.querySelector<HTMLInputElement>('main input[type="search"]');
        if (box) {
          event.preventDefault();
          box.focus();
        }
      } else if (event.key === 'r') refreshAll();
      else if (event.key === 'p')
        updateSettings({ live: getSettings().live === 'paused' ? 'auto' : 'paused' });
      else if (event.key === '?') setHelp((h) => !h);
      else if (event.key === 'Escape') setHelp(false);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  const dark = settings.theme === 'dark';
  return (
    <div class="app">
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="topbar">
        <span class="brand">Agent-lightning Dashboard</span>
        <StatusArea />
        <span class="spacer" />
        <button type="button" onClick={() => setPalette(true)} aria-keyshortcuts="Control+K">
          Search… <kbd>Ctrl K</kbd>
        </button>
        <button
          type="button"
          aria-label={dark ? 'Switch to light theme' : 'Switch to dark theme'}
          onClick={() =>
            updateSettings({
              theme: document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark',
            })
          }
        >
          {dark ? '☀' : '☾'}
        </button>
      </header>
      <nav class="sidebar" aria-label="Main">
        <ul>
          {NAV.map(([to, label]) => (
            <li key={to}>
              <a
                href={href(to)}
                aria-current={
                  props.path === to || props.path.startsWith(`${to}/`) ? 'page' : undefined
                }
                onClick={(e) => {
                  e.preventDefault();
                  navigate(to);
                }}
              >
                {label}
              </a>
            </li>
          ))}
        </ul>
        <p class="muted small">Store: {config.storeLabel || location.origin}</p>
      </nav>
      <main id="main">{props.children}</main>
      {palette && <Palette onClose={() => setPalette(false)} />}
      <ApiKeyPrompt />
      {help && (
        <div class="drawer-backdrop" onClick={() => setHelp(false)}>
          <div class="help" role="dialog" aria-label="Keyboard shortcuts">
            <h2>Keyboard shortcuts</h2>
            <ul>
              <li>
                <kbd>Ctrl/⌘ K</kbd> command palette
              </li>
              <li>
                <kbd>/</kbd> focus the page search
              </li>
              <li>
                <kbd>g o/r/t/e/w/,</kbd> go to Overview, Rollouts, Traces, Resources, Runners,
                Settings
              </li>
              <li>
                <kbd>r</kbd> refresh · <kbd>p</kbd> pause/resume · <kbd>?</kbd> this list
              </li>
              <li>
                Trace views: <kbd>↑</kbd>/<kbd>↓</kbd> move, <kbd>→</kbd>/<kbd>←</kbd>{' '}
                expand/collapse, <kbd>e</kbd>/<kbd>c</kbd> expand/collapse all, <kbd>n</kbd>/
                <kbd>N</kbd> next/previous match, <kbd>l</kbd> next LLM call, <kbd>w</kbd> next
                reward
              </li>
            </ul>
          </div>
        </div>
      )}
    </div>
  );
}
