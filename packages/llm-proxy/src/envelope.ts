/**
 * Error answers in the OpenAI envelope.
 */

/** `{"error": {message, type, param, code}}` with `code` the status as a string. */
function openaiError(
  status: number,
  message: string,
  type = 'invalid_request_error',
): Record<string, unknown> {
  return { error: { message, type, param: null, code: String(status) } };
}

/** A JSON `Response`. */
export function jsonResponse(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/** An OpenAI-envelope error `Response`. */
export function errorResponse(
  status: number,
  message: string,
  type?: string,
  headers: Record<string, string> = {},
): Response {
  return jsonResponse(status, openaiError(status, message, type), headers);
}
