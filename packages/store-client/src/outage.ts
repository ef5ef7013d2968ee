import { type Logger, maskCredentials } from '@agl/store-core';

/**
 * Turns an unreachable store into one clear line per outage instead of a
 * warning and a stack for every retry, probe and poll: the first failure to
 * reach the server logs where the client looked and what to check; while the
 * outage lasts, the client's other warnings and errors go to `debug`; the
 * first success logs that the server is back.
 */
export class OutageReporter {
  readonly #address: string;
  readonly #logger: Logger;
  #since: number | null = null;

  /**
   * @param address - the server root, as configured
   * @param logger - where the two lines go
   */
  constructor(address: string, logger: Logger) {
    this.#address = maskCredentials(address);
    this.#logger = logger;
  }

  /** Whether the server is currently unreachable. */
  get down(): boolean {
    return this.#since !== null;
  }

  /**
   * Records a failure to reach the server; logs the outage line the first time.
   *
   * @param reason - what the connection attempt answered (e.g. `connect ECONNREFUSED 127.0.0.1:4747`)
   */
  unreachable(reason: string): void {
    if (this.#since !== null) return;
    this.#since = Date.now();
    this.#logger.warn(
      `Cannot reach the store at ${this.#address} (${maskCredentials(reason)}). ` +
        "Is it running? Start one with 'agl store', or point this process at the right one " +
        '(AGL_SERVER_HOST and AGL_SERVER_PORT, or the URL given to the client). Retrying quietly until it answers.',
    );
  }

  /** Records an answer from the server; logs the recovery line when an outage ends. */
  reachable(): void {
    if (this.#since === null) return;
    const seconds = Math.round((Date.now() - this.#since) / 1000);
    this.#since = null;
    this.#logger.info(`The store at ${this.#address} answers again (unreachable for ${seconds}s).`);
  }

  /** A view of `logger` that sends warnings and errors to `debug` while the server is unreachable. */
  quiet(logger: Logger): Logger {
    const during =
      (level: 'warn' | 'error') =>
      (message: string, ...details: unknown[]): void => {
        if (this.down) logger.debug(message, ...details);
        else logger[level](message, ...details);
      };
    return {
      debug: (message, ...details) => logger.debug(message, ...details),
      info: (message, ...details) => (this.down ? logger.debug : logger.info)(message, ...details),
      warn: during('warn'),
      error: during('error'),
    };
  }
}
