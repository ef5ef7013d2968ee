import type { ServerResponse } from 'node:http';

/** `Content-Type` of every JSON answer. */
const JSON_CONTENT_TYPE = 'application/json';

/**
 * An HTTP answer as plain data: what a store route produces before it is
 * sent. Cheaper than a platform `Response` (no header object, no body
 * stream), and what the idempotency memory keeps.
 */
export interface Answer {
  /** HTTP status. */
  readonly status: number;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body text; `''` for no body. */
  readonly body: string;
  /** The UTF-8 length of `body`, when already known (else counted when written). */
  readonly bodyBytes?: number | undefined;
}

/** A value already serialised as JSON, answered as this text. */
export class JsonText {
  /**
   * @param text - the JSON text
   * @param utf8Bytes - its UTF-8 length, when already counted
   */
  constructor(
    readonly text: string,
    readonly utf8Bytes?: number,
  ) {}
}

/**
 * A JSON answer: any value (including `null`) serialised with
 * `Content-Type: application/json`. Non-finite numbers become `null`.
 *
 * @param status - HTTP status
 * @param value - the value to send (a `JsonText` is sent as its text)
 * @param headers - extra headers (lower-case names)
 */
export function jsonAnswer(
  status: number,
  value: unknown,
  headers?: Readonly<Record<string, string>>,
): Answer {
  const allHeaders = headers ? { 'content-type': JSON_CONTENT_TYPE, ...headers } : JSON_ONLY;
  if (value instanceof JsonText)
    return { status, headers: allHeaders, body: value.text, bodyBytes: value.utf8Bytes };
  return { status, headers: allHeaders, body: JSON.stringify(value === undefined ? null : value) };
}

const JSON_ONLY: Readonly<Record<string, string>> = Object.freeze({
  'content-type': JSON_CONTENT_TYPE,
});

/**
 * The answer as a platform `Response` (for hono middleware and `app.request`).
 *
 * @param answer - the answer
 */
export function answerToResponse(answer: Answer): Response {
  // A fresh header object each time: answers share theirs (and replays share
  // the answer), and @hono/node-server's own Response class, when it has
  // replaced the global one, keeps the object given and adds Content-Length to it.
  return new Response(answer.body === '' ? null : answer.body, {
    status: answer.status,
    headers: { ...answer.headers },
  });
}

/**
 * Reads a `Response` into an answer (its body as text).
 *
 * @param response - the response
 */
export async function responseToAnswer(response: Response): Promise<Answer> {
  return {
    status: response.status,
    headers: Object.fromEntries(response.headers.entries()),
    body: await response.text(),
  };
}

/**
 * Writes an answer to a Node response in one go. The header lines are the
 * ones `@hono/node-server` writes for the same answer given as a platform
 * `Response`: names in lower case and sorted (as a `Headers` object lists
 * them), then `content-length`, so the bytes on the wire do not depend on
 * which of the two paths served the request.
 *
 * @param outgoing - the Node response (headers not sent yet)
 * @param answer - the answer
 */
export function writeAnswer(outgoing: ServerResponse, answer: Answer): void {
  const record: Record<string, string | number> = {};
  const names = Object.keys(answer.headers);
  if (names.length > 1) names.sort();
  for (const name of names) record[name.toLowerCase()] = answer.headers[name] as string;
  if (record['content-length'] === undefined)
    record['content-length'] = answer.bodyBytes ?? Buffer.byteLength(answer.body);
  outgoing.writeHead(answer.status, record);
  if (answer.body === '') outgoing.end();
  else outgoing.end(answer.body);
}
