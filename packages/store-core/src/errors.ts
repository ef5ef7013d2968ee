/**
 * The store's error family. Every backend, the HTTP server and the HTTP client
 * raise these classes, so callers can branch on `instanceof` or on the stable
 * `code` whichever side of the wire the error came from.
 *
 * @module
 */

/**
 * Stable error codes with the HTTP status the server answers and the Python
 * exception class name it reports as `error_type` (what the reference raises
 * for the same situation).
 */
export const STORE_ERROR_CODES = {
  /** An unknown rollout, attempt, resources snapshot or worker. */
  NOT_FOUND: { status: 404, pythonType: 'ValueError' },
  /** The entity's state forbids the operation (for example spans that were evicted). */
  INVALID_STATE: { status: 409, pythonType: 'RuntimeError' },
  /** An argument has an invalid value. */
  INVALID_ARGUMENT: { status: 400, pythonType: 'ValueError' },
  /** The operation is not supported by this store. */
  NOT_IMPLEMENTED: { status: 501, pythonType: 'NotImplementedError' },
  /** The store cannot be reached or is shutting down (transient). */
  UNAVAILABLE: { status: 503, pythonType: 'ConnectionError' },
  /** An unexpected failure inside the store. */
  INTERNAL: { status: 500, pythonType: 'RuntimeError' },
} as const;

/** A stable store error code. */
export type StoreErrorCode = keyof typeof STORE_ERROR_CODES;

/** Options every store error accepts. */
export interface StoreErrorOptions {
  /** The underlying error. */
  cause?: unknown;
  /** Overrides the Python class name reported as `error_type`. */
  pythonType?: string;
}

/** Base class of every store error. */
export class StoreError extends Error {
  /** Stable machine-readable code. */
  readonly code: StoreErrorCode;
  /** HTTP status the server answers with. */
  readonly status: number;
  /** Python exception class name reported on the wire as `error_type`. */
  readonly pythonType: string;

  /**
   * @param code - the stable code
   * @param message - what went wrong, for humans
   * @param options - cause and `error_type` override
   */
  constructor(code: StoreErrorCode, message: string, options: StoreErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.status = STORE_ERROR_CODES[code].status;
    this.pythonType = options.pythonType ?? STORE_ERROR_CODES[code].pythonType;
    // Wire data only: kept out of printed errors so log lines show no Python class names.
    Object.defineProperty(this, 'pythonType', { enumerable: false });
  }
}

/** An unknown rollout, attempt, resources snapshot or worker (HTTP 404). */
export class NotFoundError extends StoreError {
  /** @param message - what was not found @param options - cause */
  constructor(message: string, options: StoreErrorOptions = {}) {
    super('NOT_FOUND', message, options);
  }
}

/** The entity's current state forbids the operation (HTTP 409). */
export class InvalidStateError extends StoreError {
  /** @param message - why the state forbids it @param options - cause */
  constructor(message: string, options: StoreErrorOptions = {}) {
    super('INVALID_STATE', message, options);
  }
}

/** The spans of a rollout were evicted from memory and can no longer be queried (HTTP 409). */
export class SpansEvictedError extends InvalidStateError {
  /** The rollout whose spans were evicted. */
  readonly rolloutId: string;

  /** @param rolloutId - the rollout whose spans were evicted */
  constructor(rolloutId: string) {
    super(`Spans for rollout ${rolloutId} have been evicted`);
    this.rolloutId = rolloutId;
  }
}

/** An argument has an invalid value (HTTP 400). */
export class InvalidArgumentError extends StoreError {
  /** @param message - what is invalid @param options - cause and `error_type` */
  constructor(message: string, options: StoreErrorOptions = {}) {
    super('INVALID_ARGUMENT', message, options);
  }
}

/** The store does not support the operation (HTTP 501). */
export class NotImplementedStoreError extends StoreError {
  /** @param message - what is not supported @param options - cause */
  constructor(message: string, options: StoreErrorOptions = {}) {
    super('NOT_IMPLEMENTED', message, options);
  }
}

/** The store cannot be reached or is shutting down (HTTP 503, transient). */
export class UnavailableError extends StoreError {
  /** @param message - why it is unavailable @param options - cause */
  constructor(message: string, options: StoreErrorOptions = {}) {
    super('UNAVAILABLE', message, options);
  }
}

/** Options of {@link AddressInUseError}. */
export interface AddressInUseErrorOptions extends StoreErrorOptions {
  /** Replaces the default message (`Cannot listen on <host>:<port>: address already in use`). */
  message?: string;
}

/**
 * A server could not listen because another process holds the address
 * (transient: the port may free up). The operating system's code is kept as
 * `osCode`; `code` is the family's `UNAVAILABLE`.
 */
export class AddressInUseError extends UnavailableError {
  /** The operating system's error code, always `EADDRINUSE`. */
  readonly osCode = 'EADDRINUSE';
  /** The host the server tried to bind. */
  readonly host: string;
  /** The port the server tried to bind. */
  readonly port: number;

  /**
   * @param host - the host that was asked for
   * @param port - the port that is taken
   * @param options - the socket error as `cause`, and a message naming the server
   */
  constructor(host: string, port: number, options: AddressInUseErrorOptions = {}) {
    const { message, ...rest } = options;
    super(message ?? `Cannot listen on ${host}:${port}: address already in use`, rest);
    this.host = host;
    this.port = port;
  }
}

/** An unexpected failure inside the store (HTTP 500). */
export class InternalStoreError extends StoreError {
  /** @param message - what failed @param options - cause */
  constructor(message: string, options: StoreErrorOptions = {}) {
    super('INTERNAL', message, options);
  }
}

const CLASSES: Record<
  StoreErrorCode,
  new (
    message: string,
    options?: StoreErrorOptions,
  ) => StoreError
> = {
  NOT_FOUND: NotFoundError,
  INVALID_STATE: InvalidStateError,
  INVALID_ARGUMENT: InvalidArgumentError,
  NOT_IMPLEMENTED: NotImplementedStoreError,
  UNAVAILABLE: UnavailableError,
  INTERNAL: InternalStoreError,
};

/**
 * Rebuilds a store error from its wire form: the `code` our server sends, or
 * failing that the HTTP status.
 *
 * @param status - HTTP status of the answer
 * @param body - the parsed JSON body, `{detail, error_type, code}`
 * @returns the matching error class instance
 */
export function storeErrorFromWire(status: number, body: unknown): StoreError {
  const record = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const detail =
    typeof record.detail === 'string' ? record.detail : JSON.stringify(record.detail ?? body);
  const pythonType = typeof record.error_type === 'string' ? record.error_type : undefined;
  const options: StoreErrorOptions = pythonType ? { pythonType } : {};
  const code =
    typeof record.code === 'string' && record.code in STORE_ERROR_CODES
      ? (record.code as StoreErrorCode)
      : undefined;
  if (code === 'INVALID_STATE' && /have been evicted/.test(detail)) {
    const match = /Spans for rollout (\S+) have been evicted/.exec(detail);
    if (match?.[1]) return new SpansEvictedError(match[1]);
  }
  if (code) return new CLASSES[code](detail, options);
  const byStatus = (Object.keys(STORE_ERROR_CODES) as StoreErrorCode[]).find(
    (key) => STORE_ERROR_CODES[key].status === status,
  );
  if (byStatus) return new CLASSES[byStatus](detail, options);
  if (status >= 400 && status < 500) return new InvalidArgumentError(detail, options);
  return new InternalStoreError(detail, options);
}

/**
 * The JSON body the server sends for a store error:
 * `{"detail": message, "error_type": pythonType, "code": code}`.
 *
 * @param error - the store error
 * @returns the wire body
 */
export function storeErrorToWire(error: StoreError): {
  detail: string;
  error_type: string;
  code: StoreErrorCode;
} {
  return { detail: error.message, error_type: error.pythonType, code: error.code };
}
