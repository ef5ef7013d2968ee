import { useEffect, useReducer, useState } from 'preact/hooks';
import { onStatus } from './data/cache';
import { capabilitiesKnown, getCapabilities, onCapabilities } from './data/live';
import { getSettings, onSettings, type Settings } from './data/settings';

export function useSettings(): Settings {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  useEffect(() => onSettings(() => rerender(0)), []);
  return getSettings();
}

export function useCapabilities() {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  useEffect(() => onCapabilities(() => rerender(0)), []);
  return getCapabilities();
}

/** Whether the server filters rollouts by mode and resources id; `null` until its health was read. */
export function useRolloutFilters(): boolean | null {
  const caps = useCapabilities();
  return capabilitiesKnown() ? caps.rollout_filters : null;
}

export function useSyncStatus(): void {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  useEffect(() => onStatus(() => rerender(0)), []);
}

/** Re-renders every `ms` (relative times, running durations). */
export function useTick(ms = 1000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

/** A value that follows `value` after `ms` without changes. */
export function useDebounced<T>(value: T, ms: number): T {
  const [out, setOut] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setOut(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return out;
}

/** Windowing for long lists: which rows are in or near the viewport. */
export function useWindow(
  container: { current: HTMLElement | null },
  count: number,
  rowHeight: number,
  overscan = 20,
): { start: number; end: number } {
  const [range, setRange] = useState({ start: 0, end: Math.min(count, 60) });
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const update = () => {
      const first = Math.floor(element.scrollTop / rowHeight);
      const visible = Math.ceil(element.clientHeight / rowHeight);
      const start = Math.max(0, first - overscan);
      const end = Math.min(count, first + visible + overscan);
      setRange((r) => (r.start === start && r.end === end ? r : { start, end }));
    };
    update();
    element.addEventListener('scroll', update, { passive: true });
    const observer = new ResizeObserver(update);
    observer.observe(element);
    return () => {
      element.removeEventListener('scroll', update);
      observer.disconnect();
    };
  }, [container.current, count, rowHeight, overscan]);
  return range;
}
