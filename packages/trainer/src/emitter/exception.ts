import { InvalidArgumentError } from '@agl/store-core';
import { AGL_EXCEPTION } from '../semconv/constants';
import { exceptionAttributes } from '../semconv/exception';
import { flattenAttributes } from '../semconv/flatten';
import { sanitizeAttributes } from '../semconv/sanitize';
import type { EmitWithAttributesOptions } from './message';
import { resolveTracer } from './resolve';

/**
 * Records an exception span (`agentlightning.exception`, status `OK`: the
 * span itself succeeded) with `exception.type`, `exception.message`,
 * `exception.escaped` and `exception.stacktrace`.
 *
 * @param error - the error
 * @param options - extra `attributes`, `propagate`
 * @throws InvalidArgumentError when `error` is not an `Error`
 */
export function emitException(error: Error, options: EmitWithAttributesOptions = {}): void {
  if (!(error instanceof Error)) {
    throw new InvalidArgumentError(`emitException expects an Error, got ${typeof error}`, {
      pythonType: 'TypeError',
    });
  }
  const attributes = {
    ...exceptionAttributes(error),
    ...sanitizeAttributes(flattenAttributes(options.attributes ?? {})),
  };
  resolveTracer(options.propagate ?? true, 'emit exception span').createSpan(
    AGL_EXCEPTION,
    attributes,
    null,
    { status_code: 'OK', description: null },
  );
}
