import { answerToResponse, jsonAnswer } from './answer';

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
  return answerToResponse(jsonAnswer(status, body, headers));
}
