import { STORE_ERROR_CODES, StoreError } from '@agl/store-core';
import type { Attributes } from '@agl/types';
import { ExceptionAttributes } from './constants';

/**
 * The Python class name a store error names on purpose: its `pythonType` when
 * it differs from its code's default (an argument check the reference raises
 * as `TypeError`), else `undefined`. Recorded spans and attempt metadata carry
 * that name, so they read the same as the reference's and as before those
 * checks joined the error family.
 */
export function referenceTypeName(error: Error): string | undefined {
  if (!(error instanceof StoreError)) return undefined;
  return error.pythonType === STORE_ERROR_CODES[error.code].pythonType
    ? undefined
    : error.pythonType;
}

/** The class name of an error: its {@link referenceTypeName}, its constructor's name, else its `name`. */
export function errorTypeName(error: Error): string {
  const reference = referenceTypeName(error);
  if (reference) return reference;
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
