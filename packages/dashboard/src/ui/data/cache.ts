import { useEffect, useReducer } from 'preact/hooks';
import { getJson, StoreRequestError } from './api';
import { getSettings } from './settings';

/**
 * A small fetch cache: one entry per request URL, refetched while a view
 * shows it (polling, live hints, Refresh), never two requests of one entry
 * at a time, with a per-entry error backoff. Data stays on screen while a
 * refresh fails.
 */
interface Entry {
  key: string;
  data: unknown;
  error: StoreRequestError | null;
  updatedAt: number;
  inFlight: AbortController | null;
  subscribers: number;
  listeners: Set<() => void>;
  nextAt: number;
  lastStart: number;
  failures: number;
  loader: (signal: AbortSignal) => Promise<unknown>;
  minGapMs: number;
}

const entries = new Map<string, Entry>();
const statusListeners = new Set<() => void>();

export interface SyncStatus {
  online: boolean | null;
  lastSuccess: number;
  retryAt: number;
  live: 'live' | 'polling' | 'paused' | 'reconnecting';
  busy: number;
}

export const syncStatus: SyncStatus = {
  online: null,
  lastSuccess: 0,
  retryAt: 0,
  live: 'polling',
  busy: 0,
};
let liveConnected = false;

export function onStatus(listener: () => void): () => void {
  statusListeners.add(listener);
  return () => statusListeners.delete(listener);
}
function emitStatus(): void {
  for (const listener of statusListeners) listener();
}

export function setLiveConnected(value: boolean, reconnecting = false): void {
  liveConnected = value;
  refreshLiveLabel(reconnecting);
}

export function refreshLiveLabel(reconnecting = false): void {
  const live = getSettings().live;
  syncStatus.live =
    live === 'paused'
      ? 'paused'
      : liveConnected
        ? 'live'
        : reconnecting
          ? 'reconnecting'
          : 'polling';
  emitStatus();
}

function intervalMs(entry: Entry): number {
  if (entry.failures > 0) return Math.min(60, 5 * 2 ** (entry.failures - 1)) * 1000;
  // While live, hints trigger refetches; a slow safety poll covers missed hints.
  return liveConnected ? 30_000 : getSettings().pollSeconds * 1000;
}

async function run(entry: Entry): Promise<void> {
  if (entry.inFlight) return;
  const controller = new AbortController();
  entry.inFlight = controller;
  entry.lastStart = Date.now();
  syncStatus.busy++;
  emitStatus();
  try {
    entry.data = await entry.loader(controller.signal);
    entry.error = null;
    entry.failures = 0;
    entry.updatedAt = Date.now();
    syncStatus.online = true;
    syncStatus.lastSuccess = entry.updatedAt;
    syncStatus.retryAt = 0;
  } catch (error) {
    if (controller.signal.aborted && entry.subscribers === 0) return;
    entry.error =
      error instanceof StoreRequestError
        ? error
        : new StoreRequestError(0, String(error), null, null);
    entry.failures++;
    if (entry.error.status === 0) syncStatus.online = false;
    else syncStatus.online = true;
    syncStatus.retryAt = Date.now() + intervalMs(entry);
  } finally {
    entry.inFlight = null;
    syncStatus.busy--;
    entry.nextAt = Date.now() + intervalMs(entry);
    for (const listener of entry.listeners) listener();
    emitStatus();
  }
}

setInterval(() => {
  if (document.hidden || getSettings().live === 'paused') return;
  const now = Date.now();
  for (const entry of entries.values()) {
    if (entry.subscribers > 0 && !entry.inFlight && now >= entry.nextAt) void run(entry);
  }
}, 250);

document.addEventListener('visibilitychange', () => {
  if (!document.hidden) refreshAll();
});

/** Refetches every visible query now (the Refresh button, a live reset). */
export function refreshAll(): void {
  for (const entry of entries.values()) if (entry.subscribers > 0) void run(entry);
}

/**
 * Marks visible queries whose key matches as due; each refetches at most
 * once per its minimum gap (1 s, 3 s for overview aggregates).
 */
export function invalidate(match: (key: string) => boolean): void {
  const now = Date.now();
  for (const entry of entries.values()) {
    if (entry.subscribers === 0 || !match(entry.key)) continue;
    entry.nextAt = Math.max(entry.lastStart + entry.minGapMs, now);
  }
}

export interface QueryResult<T> {
  data: T | undefined;
  error: StoreRequestError | null;
  loading: boolean;
  updatedAt: number;
  refresh: () => void;
}

export interface QueryOptions {
  /** Custom loader (several requests, paging); default GET of the key. */
  loader?: (signal: AbortSignal) => Promise<unknown>;
  /** Minimum gap between hint-triggered refetches (default 1000 ms). */
  minGapMs?: number;
}

/** Subscribes a component to a cached request; `null` key = nothing to load. */
export function useQuery<T>(key: string | null, options: QueryOptions = {}): QueryResult<T> {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    if (key === null) return;
    let entry = entries.get(key);
    if (!entry) {
      entry = {
        key,
        data: undefined,
        error: null,
        updatedAt: 0,
        inFlight: null,
        subscribers: 0,
        listeners: new Set(),
        nextAt: 0,
        lastStart: 0,
        failures: 0,
        loader: options.loader ?? ((signal) => getJson(key, signal)),
        minGapMs: options.minGapMs ?? 1000,
      };
      entries.set(key, entry);
    }
    const current = entry;
    current.subscribers++;
    const listener = () => rerender(0);
    current.listeners.add(listener);
    if (!current.inFlight && (current.updatedAt === 0 || current.error)) void run(current);
    rerender(0);
    return () => {
      current.subscribers--;
      current.listeners.delete(listener);
      if (current.subscribers === 0) {
        current.inFlight?.abort();
        // Keep a small cache of recent answers; drop entries that never loaded.
        if (current.updatedAt === 0) entries.delete(key);
        if (entries.size > 300) {
          for (const [k, e] of entries) if (e.subscribers === 0) entries.delete(k);
        }
      }
    };
  }, [key]);
  const entry = key === null ? undefined : entries.get(key);
  return {
    data: entry?.data as T | undefined,
    error: entry?.error ?? null,
    loading: entry !== undefined && entry.updatedAt === 0 && entry.error === null,
    updatedAt: entry?.updatedAt ?? 0,
    refresh: () => {
      if (entry) void run(entry);
    },
  };
}
