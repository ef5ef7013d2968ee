import { describeStoreError, isEvictedError } from '../../core/errors';
import { config } from '../config';
import { getSettings } from './settings';

/** A failed store request, with what the server said. */
export class StoreRequestError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly errorType: string | null,
    readonly traceback: string | null,
  ) {
    super(status === 0 ? detail : `status: ${status}`);
    this.name = 'StoreRequestError';
  }

  /** Spans evicted from the store's memory (409 INVALID_STATE on ours, 500 RuntimeError on Python). */
  get evicted(): boolean {
    return isEvictedError(this.status, {
      detail: this.detail,
      errorType: this.errorType,
      traceback: this.traceback,
    });
  }
}

/** The API origin ('' = same origin). */
export function apiBase(): string {
  if (config.mode === 'direct' && getSettings().storeUrl) return getSettings().storeUrl;
  return config.apiBase;
}

// The store's access key (`agl store --api-key`), asked for once per browser tab: it lives in
// sessionStorage (gone with the tab) and is never written to localStorage or the console.
const KEY_STORAGE = 'agl-dashboard-api-key';
const keyListeners = new Set<() => void>();
const neededListeners = new Set<() => void>();
let keyNeeded = false;

/** The access key entered in this tab, if any. */
export function getApiKey(): string | null {
  try {
    return sessionStorage.getItem(KEY_STORAGE);
  } catch {
    return null;
  }
}

/** Stores (or, with null, forgets) the access key for this tab. */
export function setApiKey(key: string | null): void {
  try {
    if (key) sessionStorage.setItem(KEY_STORAGE, key);
    else sessionStorage.removeItem(KEY_STORAGE);
  } catch {
    // Storage disabled: the key is then asked again on the next refusal.
  }
  keyNeeded = false;
  for (const listener of neededListeners) listener();
  for (const listener of keyListeners) listener();
}

/** Whether the store refused a request for a missing or wrong key. */
export function apiKeyNeeded(): boolean {
  return keyNeeded;
}

/** Called when a key is entered or forgotten. */
export function onApiKey(listener: () => void): () => void {
  keyListeners.add(listener);
  return () => keyListeners.delete(listener);
}

/** Called when `apiKeyNeeded` changes. */
export function onApiKeyNeeded(listener: () => void): () => void {
  neededListeners.add(listener);
  return () => neededListeners.delete(listener);
}

/** Headers of every store request: the access key, when one was entered. */
export function requestHeaders(): Record<string, string> {
  const key = getApiKey();
  return key ? { authorization: `Bearer ${key}` } : {};
}

/** Notes a 401 from the store so the shell asks for the key. */
export function noteUnauthorized(status: number): void {
  if (status !== 401 || keyNeeded) return;
  keyNeeded = true;
  for (const listener of neededListeners) listener();
}

/** Server clock offset in seconds (server − browser), from `Date` headers. */
let clockOffset = 0;
export function serverNow(): number {
  return Date.now() / 1000 + (Math.abs(clockOffset) > 2 ? clockOffset : 0);
}
export function clockSkew(): number {
  return clockOffset;
}

/** How the read-only proxy's 502 answer starts when the store does not answer. */
const UNREACHABLE = 'Store unreachable at ';

/** GET a store path (under /v1/agl) and parse JSON; 30 s timeout. */
export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 30_000);
  signal?.addEventListener('abort', () => controller.abort(), { once: true });
  const base = apiBase();
  let response: Response;
  try {
    response = await fetch(`${base}${path}`, {
      method: 'GET',
      headers: requestHeaders(),
      signal: controller.signal,
      credentials: base ? 'omit' : 'same-origin',
    });
  } catch (error) {
    const reason = controller.signal.aborted && !signal?.aborted ? 'Timeout' : 'Network error';
    const hint = base
      ? ' (cross-origin: start the store with --cors-origin, or use agl dashboard)'
      : '';
    throw new StoreRequestError(0, `${reason}${hint}`, null, String((error as Error).message));
  } finally {
    clearTimeout(timer);
  }
  const date = response.headers.get('date');
  if (date) {
    const server = Date.parse(date);
    if (Number.isFinite(server)) clockOffset = (server - Date.now()) / 1000;
  }
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = text;
  }
  if (!response.ok) {
    noteUnauthorized(response.status);
    const { detail, errorType, traceback } = describeStoreError(body);
    // `agl dashboard`'s proxy answers 502 when it cannot reach the store: for the page that is
    // the same as a network error (status 0), so the status area says the store is unreachable.
    if (config.mode === 'proxy' && response.status === 502 && detail.startsWith(UNREACHABLE))
      throw new StoreRequestError(0, detail, null, null);
    throw new StoreRequestError(response.status, detail, errorType, traceback);
  }
  return body as T;
}
