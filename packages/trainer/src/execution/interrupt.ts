/**
 * Ctrl+C handling while a strategy executes: the first SIGINT (or another
 * handled signal) sets the stop event (cooperative shutdown); a second one
 * exits the process at once.
 *
 * @module
 */
import { getLogger } from '../logging';
import type { ExecutionEvent } from './event';

const log = getLogger('agl.execution');

/** The state of an installed interrupt handler. */
export interface InterruptGuard {
  /** Whether SIGINT was received. */
  readonly interrupted: boolean;
  /** Resolves when the first interrupt arrives (never otherwise). */
  readonly whenInterrupted: Promise<void>;
  /** Removes the handler. */
  dispose(): void;
}

/**
 * Installs a SIGINT (and optionally SIGTERM) handler that sets the event.
 *
 * @param event - the stop event to set
 * @param signals - the signals to handle (default SIGINT)
 */
export function installInterruptHandler(
  event: ExecutionEvent,
  signals: readonly NodeJS.Signals[] = ['SIGINT'],
): InterruptGuard {
  let interrupted = false;
  let notify: () => void = () => {};
  const whenInterrupted = new Promise<void>((resolve) => {
    notify = resolve;
  });
  const handler = (signal: NodeJS.Signals): void => {
    if (interrupted) {
      log.error('Second interrupt received; exiting immediately.');
      process.exit(130);
    }
    interrupted = true;
    notify();
    log.warn(
      `${signal === 'SIGINT' ? 'KeyboardInterrupt' : signal} received; initiating cooperative shutdown...`,
    );
    event.set();
  };
  for (const signal of signals) process.on(signal, handler);
  return {
    get interrupted() {
      return interrupted;
    },
    whenInterrupted,
    dispose: () => {
      for (const signal of signals) process.off(signal, handler);
    },
  };
}
