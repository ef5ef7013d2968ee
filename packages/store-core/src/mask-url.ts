/**
 * Hides credentials in URLs before they reach a log line or an error message:
 * `postgres://agl:secret@db:5432/agl` becomes `postgres://agl:***@db:5432/agl`.
 *
 * @module
 */

/** Matches the `user:password@` part of every URL in a text. */
const CREDENTIALS = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]*):[^\s/@]*@/gi;
/** Matches `password=...` in a libpq key/value string or a URL query. */
const PASSWORD_PARAM = /(\bpassword=)[^\s&]*/gi;

/**
 * Replaces the password of every URL (and every `password=` parameter) in a text with `***`.
 *
 * @param text - a URL, or a message that may contain URLs
 * @returns the text with passwords masked
 */
export function maskCredentials(text: string): string {
  return text.replace(CREDENTIALS, '$1:***@').replace(PASSWORD_PARAM, '$1***');
}
