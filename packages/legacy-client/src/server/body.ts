import { isJsonContentType } from '@agl/store-core/backend';
import { toValidationDetails, type ValidationErrorItem } from '@agl/types';
import * as v from 'valibot';

/** The outcome of reading a request body against a model. */
export type BodyResult<T> = { ok: true; value: T } | { ok: false; detail: ValidationErrorItem[] };

const missingBody = (): ValidationErrorItem[] => [
  { type: 'missing', loc: ['body'], msg: 'Field required', input: null },
];

const notAnObject = (input: unknown): { ok: false; detail: ValidationErrorItem[] } => {
  const msg = 'Input should be a valid dictionary or object to extract fields from';
  return { ok: false, detail: [{ type: 'model_attributes_type', loc: ['body'], msg, input }] };
};

function jsonErrorOffset(message: string, text: string): number {
  const position = /position (\d+)/.exec(message);
  if (position?.[1] !== undefined) return Number(position[1]);
  return /end of JSON input/i.test(message) ? text.length : 0;
}

/**
 * Parses a raw request body as JSON and validates it the way FastAPI does:
 * an empty body or JSON `null` is `missing`, malformed JSON is `json_invalid`
 * (its `loc` ends with the character offset), a non-JSON content type is
 * `model_attributes_type`, and schema problems are located under `body`.
 *
 * @param text - the raw body
 * @param contentType - the request's `Content-Type` header, if any (absent = JSON)
 * @param schema - the model to validate against
 */
export function parseJsonBody<TSchema extends v.GenericSchema>(
  text: string,
  contentType: string | undefined,
  schema: TSchema,
): BodyResult<v.InferOutput<TSchema>> {
  if (text.trim() === '') return { ok: false, detail: missingBody() };
  if (contentType !== undefined && !isJsonContentType(contentType)) return notAnObject(text);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const loc = ['body', jsonErrorOffset(message, text)];
    const item = {
      type: 'json_invalid',
      loc,
      msg: 'JSON decode error',
      input: {},
      ctx: { error: message },
    };
    return { ok: false, detail: [item] };
  }
  if (value === null) return { ok: false, detail: missingBody() };
  if (typeof value !== 'object' || Array.isArray(value)) return notAnObject(value);
  const result = v.safeParse(schema, value);
  return result.success
    ? { ok: true, value: result.output }
    : {
        ok: false,
        detail: toValidationDetails(result.issues, { schema, input: value, source: 'body' }),
      };
}
