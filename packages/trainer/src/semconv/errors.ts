/**
 * Error classes named after the Python exceptions the reference raises,
 * so callers and tests can branch on the class. `TypeError`
 * is JavaScript's own.
 *
 * @module
 */

/** An argument has the right type but an invalid value (Python `ValueError`). */
export class ValueError extends Error {
  /** @param message - what is wrong @param options - the underlying cause */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** An operation is not possible in the current state (Python `RuntimeError`). */
export class RuntimeError extends Error {
  /** @param message - what is wrong @param options - the underlying cause */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A member that a subclass must provide was not provided (Python `NotImplementedError`). */
export class NotImplementedError extends Error {
  /** @param message - what is missing @param options - the underlying cause */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}
