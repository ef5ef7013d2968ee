/**
 * An error that ends the command with a given exit code and one line on
 * stderr (`agl <command>: <message>`). Exit codes follow the reference: 1 when
 * the command cannot run (e.g. port in use), 2 for invalid arguments.
 */
export class CliError extends Error {
  /** The process exit code. */
  readonly exitCode: number;

  /** @param message - the one-line explanation @param exitCode - 1 (cannot run) or 2 (bad arguments) */
  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}
