/**
 * Secret masking: applied to every value before it is rendered, searched,
 * copied or downloaded, so no API key or token leaves the store's JSON.
 *
 * @module
 */

/** What a masked value is replaced with. */
export const HIDDEN = '[hidden]';

const SECRET_KEYS = new Set([
  'api_key',
  'api-key',
  'apikey',
  'x-api-key',
  'authorization',
  'proxy-authorization',
  'password',
  'passwd',
  'secret',
  'client_secret',
  'access_token',
  'refresh_token',
  'id_token',
  'bearer',
  'cookie',
  'set-cookie',
  'private_key',
]);

const AUTH_VALUE = /^(Bearer|Basic)\s+\S+/i;
const OPENAI_KEY = /sk-[A-Za-z0-9_-]{16,}/g;
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:@/]+):([^\s@/]+)@/gi;

/**
 * Whether a key names a secret (case-insensitive; for dotted attribute keys, the last segment).
 *
 * @param key - an object key or attribute key
 */
export function isSecretKey(key: string): boolean {
  const last = key.split('.').pop() ?? key;
  return SECRET_KEYS.has(last.toLowerCase());
}

/**
 * Masks secrets inside a string: `Bearer …`/`Basic …` values, OpenAI-style
 * keys, and passwords in URLs.
 *
 * @param value - any text from the store
 */
export function maskString(value: string): string {
  if (AUTH_VALUE.test(value)) return HIDDEN;
  return value.replace(OPENAI_KEY, HIDDEN).replace(URL_PASSWORD, `$1:${HIDDEN}@`);
}

/**
 * A deep copy of a JSON value with every secret replaced by `"[hidden]"`.
 *
 * @param value - a wire JSON value
 */
export function maskJson(value: unknown): unknown {
  if (typeof value === 'string') return maskString(value);
  if (Array.isArray(value)) return value.map(maskJson);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] = isSecretKey(key) && item !== null && item !== '' ? HIDDEN : maskJson(item);
    }
    return out;
  }
  return value;
}

/**
 * How an `api_key` field is summarised: "set (hidden)" or "not set".
 *
 * @param value - the raw value
 */
export function apiKeyLabel(value: unknown): string {
  return value === undefined || value === null || value === '' ? 'not set' : 'set (hidden)';
}
