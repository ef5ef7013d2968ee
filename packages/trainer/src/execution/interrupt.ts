/**
 * Ctrl+C handling while a strategy executes: the first SIGINT or SIGTERM sets
 * the stop event (cooperative shutdown); a second one, given deliberately,
 * exits the process at once.
 *
 * A single Ctrl+C in a terminal reaches every process of the foreground
 * group, and wrappers such as `tsx` or `pnpm exec` also forward it to their
 * child, so one key press can arrive twice within milliseconds. Signals that
 * arrive within `repeatWindowSeconds` of the first count as the same press.
 *
 * @module
 */
import { getLogger } from '../logging';
import type { ExecutionEvent } from './event';

const log = getLogger('agl.execution');

/** Seconds during which repeated signals count as the one that started the stop. */
const INTERRUPT_REPEAT_WINDOW_SECONDS = 1.5;

/** The state of an installed interrupt handler. */
export interface InterruptGuard {
  /** Whether a handled signal was received. */
  readonly interrupted: boolean;
  /** Resolves when the first interrupt arrives (never otherwise). */
  readonly whenInterrupted: Promise<void>;
  /** Removes the handler. */
  dispose(): void;
}

/** Options of `installInterruptHandler`. */
export interface InterruptOptions {
  /** The signals to handle (default SIGINT and SIGTERM). */
  signals?: readonly NodeJS.Signals[];
  /** Seconds during which a repeated signal is ignored (default 1.5). */
  repeatWindowSeconds?: number;
}

/**
 * Installs a SIGINT/SIGTERM handler that sets the event; a second signal after
 * the repeat window exits with 130 (SIGINT) or 143 (SIGTERM).
 *
 * @param event - the stop event to set
 * @param options - the signals and the repeat window
 */
export function installInterruptHandler(
  event: ExecutionEvent,
  options: InterruptOptions = {},
): InterruptGuard {
  const signals = options.signals ?? ['SIGINT', 'SIGTERM'];
  const windowMs = (options.repeatWindowSeconds ?? INTERRUPT_REPEAT_WINDOW_SECONDS) * 1000;
  let firstAt: number | null = null;
  let notify: () => void = () => {};
  const whenInterrupted = new Promise<void>((resolve) => {
    notify = resolve;
  });
  const handler = (signal: NodeJS.Signals): void => {
    if (firstAt !== null) {
      if (Date.now() - firstAt < windowMs) return;
      log.error(`${signal} received again; exiting immediately.`);
      process.exit(signal === 'SIGTERM' ? 143 : 130);
    }
    firstAt = Date.now();
    notify();
    log.warn(`${signal} received; stopping (send it again to exit immediately).`);
    event.set();
  };
  for (const signal of signals) process.on(signal, handler);
  return {
    get interrupted() {
      return firstAt !== null;
    },
    whenInterrupted,
    dispose: () => {
      for (const signal of signals) process.off(signal, handler);
    },
  };
}
