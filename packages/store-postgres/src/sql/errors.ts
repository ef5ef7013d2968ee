import {
  InternalStoreError,
  InvalidArgumentError,
  StoreError,
  UnavailableError,
} from '@agl/store-core';

/** SQLSTATE codes after which a whole transaction may simply be run again. */
const RETRYABLE = new Set(['40001', '40P01']);

/**
 * The unique constraint of attempt ids within a rollout: a new attempt's
 * random id that is already taken (a 1 in 2^32 event) fails the transaction,
 * which is then run again with fresh ids.
 */
const ATTEMPT_ID_CONSTRAINT = 'agl_attempts_partition_rollout_id_attempt_id_key';

/** SQLSTATE classes and codes caused by a value the caller sent. */
const BAD_VALUE = new Set(['22001', '22003', '22021', '22P02', '22P05', '54000']);

/** Node socket errors and driver messages that mean the database is unreachable. */
const NETWORK = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
]);

function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Whether a failed transaction can be retried as a whole (serialisation
 * failure, deadlock, or a new attempt id already taken: PostgreSQL rolled it
 * back and nothing was applied).
 *
 * @param error - what the transaction threw
 */
export function isRetryableSqlError(error: unknown): boolean {
  const code = sqlState(error);
  if (code === '23505') {
    return (error as { constraint?: unknown }).constraint === ATTEMPT_ID_CONSTRAINT;
  }
  return code !== undefined && RETRYABLE.has(code);
}

/**
 * Turns any failure of a database call into a `StoreError`: store errors pass
 * through; connection failures become `UnavailableError` (transient, 503);
 * values PostgreSQL cannot store (NUL characters, out-of-range numbers,
 * oversized keys) become `InvalidArgumentError`; anything else is an
 * `InternalStoreError` carrying the original as `cause`.
 *
 * @param error - the failure
 */
export function toStoreError(error: unknown): StoreError {
  if (error instanceof StoreError) return error;
  const code = sqlState(error);
  const message = error instanceof Error ? error.message : String(error);
  if (code !== undefined && BAD_VALUE.has(code)) {
    return new InvalidArgumentError(`PostgreSQL cannot store this value: ${message}`, {
      cause: error,
    });
  }
  const connectionLost =
    (code !== undefined &&
      (NETWORK.has(code) || code.startsWith('08') || code.startsWith('57P'))) ||
    /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
      message,
    );
  if (connectionLost) {
    return new UnavailableError(`The database is unreachable: ${message}`, { cause: error });
  }
  return new InternalStoreError(`Database failure: ${message}`, { cause: error });
}
