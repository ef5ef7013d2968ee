import { InvalidArgumentError } from '@agl/store-core';
import type { ValidationErrorItem } from '@agl/types';

/**
 * A value does not match a legacy wire model: a server answered 200 with a
 * body of the wrong shape, or a caller passed an invalid task, rollout or
 * resources object. `issues` lists every problem in FastAPI's format.
 */
export class LegacyValidationError extends InvalidArgumentError {
  /** The problems, as `{type, loc, msg, input}` items. */
  readonly issues: ValidationErrorItem[];

  /**
   * @param what - the model that was expected, e.g. `TaskIfAny`
   * @param issues - the problems found
   */
  constructor(what: string, issues: ValidationErrorItem[]) {
    const summary = issues.map((issue) => `${issue.loc.join('.') || '(root)'}: ${issue.msg}`);
    super(`Invalid ${what}: ${summary.join('; ')}`, { pythonType: 'ValidationError' });
    this.issues = issues;
  }
}

/** The server could not listen because another process holds the address. */
export class PortInUseError extends Error {
  /** Node's error code for this situation. */
  readonly code = 'EADDRINUSE';
  /** The host the server tried to bind. */
  readonly host: string;
  /** The port the server tried to bind. */
  readonly port: number;

  /**
   * @param host - the host that was requested
   * @param port - the port that is taken
   * @param cause - the underlying socket error
   */
  constructor(host: string, port: number, cause?: unknown) {
    super(
      `Cannot start the legacy server: port ${port} on ${host} is already in use.`,
      cause === undefined ? undefined : { cause },
    );
    this.name = 'PortInUseError';
    this.host = host;
    this.port = port;
  }
}
