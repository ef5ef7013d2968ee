import { StoreError } from '@agl/store-core';

/**
 * An error that ends the command with a given exit code and one line on
 * stderr (`agl <command>: <message>`). Exit codes follow the reference: 1 when
 * the command cannot run (e.g. port in use), 2 for invalid arguments. A member
 * of the store error family: exit code 2 carries the code `INVALID_ARGUMENT`,
 * any other the code `INVALID_STATE`.
 */
export class CliError extends StoreError {
  /** The process exit code. */
  readonly exitCode: number;

  /** @param message - the one-line explanation @param exitCode - 1 (cannot run) or 2 (bad arguments) */
  constructor(message: string, exitCode = 1) {
    super(exitCode === 2 ? 'INVALID_ARGUMENT' : 'INVALID_STATE', message);
    this.exitCode = exitCode;
  }
}
