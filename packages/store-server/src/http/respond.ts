/** `Content-Type` of every JSON answer. */
const JSON_CONTENT_TYPE = 'application/json';

/**
 * A JSON response: any value (including `null`) serialised with
 * `Content-Type: application/json`. Non-finite numbers become `null`.
 *
 * @param status - HTTP status
 * @param body - the value to send
 * @param headers - extra headers
 */
export function jsonResponse(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Response {
  const text = JSON.stringify(body === undefined ? null : body);
  return new Response(text, {
    status,
    headers: { 'content-type': JSON_CONTENT_TYPE, ...headers },
  });
}
