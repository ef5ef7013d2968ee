import { useEffect, useReducer } from 'preact/hooks';
import { config } from './config';

/**
 * A tiny history router: app paths are relative to the base path; list
 * filters live in the query string (replace), page changes push.
 */
const listeners = new Set<() => void>();
window.addEventListener('popstate', () => {
  for (const listener of listeners) listener();
});

const base = config.basePath.replace(/\/$/, '');

/** The app path (`/rollouts/x`) of the current location, decoded per segment by callers. */
function currentPath(): string {
  const path = location.pathname.startsWith(base)
    ? location.pathname.slice(base.length)
    : location.pathname;
  return path === '' ? '/' : path;
}

/** Full URL path for an app path. */
export function href(path: string): string {
  return `${base}${path}`;
}

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  const target = href(path);
  if (target === `${location.pathname}${location.search}`) return;
  if (options.replace) history.replaceState(null, '', target);
  else history.pushState(null, '', target);
  for (const listener of listeners) listener();
}

/** Re-renders on navigation; returns the current app path and query. */
export function useLocation(): { path: string; query: URLSearchParams } {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    const listener = () => rerender(0);
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }, []);
  return { path: currentPath(), query: new URLSearchParams(location.search) };
}

/** Matches `/rollouts/:id/attempts/:aid` style patterns; params are decoded. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/');
  const s = path.replace(/\/$/, '').split('/');
  if (p.length !== s.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const part = p[i] as string;
    const value = s[i] as string;
    if (part.startsWith(':')) {
      try {
        params[part.slice(1)] = decodeURIComponent(value);
      } catch {
        return null;
      }
    } else if (part !== value) return null;
  }
  return params;
}

/** Encodes one path segment. */
export const seg = (id: string): string => encodeURIComponent(id);
