import type { Attributes } from '@agl/types';
import { ExceptionAttributes } from './constants';

/** The class name of an error: its constructor's name, else its `name`. */
export function errorTypeName(error: Error): string {
  const ctor = (error as { constructor?: { name?: unknown } }).constructor;
  return typeof ctor?.name === 'string' && ctor.name !== '' ? ctor.name : error.name;
}

/**
 * The OpenTelemetry exception attributes of an error:
 * `exception.type`, `exception.message`, `exception.escaped` and, when the
 * error has a stack, `exception.stacktrace`.
 */
export function exceptionAttributes(error: Error): Attributes {
  const out: Attributes = {
    [ExceptionAttributes.TYPE]: errorTypeName(error),
    [ExceptionAttributes.MESSAGE]: error.message,
    [ExceptionAttributes.ESCAPED]: true,
  };
  if (typeof error.stack === 'string' && error.stack !== '') {
    out[ExceptionAttributes.STACKTRACE] = error.stack;
  }
  return out;
}

/** Coerces anything thrown into an `Error` (non-errors are wrapped with their text as message). */
export function toError(thrown: unknown): Error {
  return thrown instanceof Error ? thrown : new Error(String(thrown));
}
