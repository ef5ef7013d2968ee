import { InvalidArgumentError } from '@agl/store-core';
import type { Span } from '@agl/types';
import { AGL_MESSAGE, LightningSpanAttributes } from '../semconv/constants';
import { flattenAttributes } from '../semconv/flatten';
import { sanitizeAttributes } from '../semconv/sanitize';
import type { EmitOptions } from './annotation';
import { resolveTracer } from './resolve';

/** Options of `emitMessage`, `emitObject` and `emitException`. */
export interface EmitWithAttributesOptions extends EmitOptions {
  /** Extra attributes, flattened (leaf arrays kept) and sanitised. */
  attributes?: Record<string, unknown>;
}

/**
 * Records a message span (`agentlightning.message`) with the text under
 * `agentlightning.message.body`. No status is set (`UNSET` under `OtelTracer`).
 *
 * @param message - the text
 * @param options - extra `attributes`, `propagate`
 * @throws InvalidArgumentError when `message` is not a string
 */
export function emitMessage(message: string, options: EmitWithAttributesOptions = {}): void {
  if (typeof message !== 'string') {
    throw new InvalidArgumentError(`Message must be a string, got ${typeof message}`, {
      pythonType: 'TypeError',
    });
  }
  const attributes = {
    [LightningSpanAttributes.MESSAGE_BODY]: message,
    ...sanitizeAttributes(flattenAttributes(options.attributes ?? {})),
  };
  resolveTracer(options.propagate ?? true, 'emit message span').createSpan(AGL_MESSAGE, attributes);
}

/**
 * The text of a message span, or `null` when it has none.
 *
 * @throws InvalidArgumentError when `agentlightning.message.body` is not a string
 */
export function getMessageValue(span: Pick<Span, 'attributes'>): string | null {
  const body: unknown = span.attributes[LightningSpanAttributes.MESSAGE_BODY];
  if (body === undefined || body === null) return null;
  if (typeof body !== 'string') {
    throw new InvalidArgumentError(`Message body must be a string, got ${typeof body}`, {
      pythonType: 'TypeError',
    });
  }
  return body;
}
