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

/** Server clock offset in seconds (server − browser), from `Date` headers. */
let clockOffset = 0;
export function serverNow(): number {
  return Date.now() / 1000 + (Math.abs(clockOffset) > 2 ? clockOffset : 0);
}
export function clockSkew(): number {
  return clockOffset;
}

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
    const { detail, errorType, traceback } = describeStoreError(body);
    throw new StoreRequestError(response.status, detail, errorType, traceback);
  }
  return body as T;
}
