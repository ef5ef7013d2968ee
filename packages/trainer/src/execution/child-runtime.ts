/**
 * The child side of the client-server strategy: detecting that this process
 * was spawned as a role process, relaying the stop event from the parent
 * (IPC message, SIGINT, SIGTERM) and ending the process when its bundle is done.
 *
 * @module
 */
import { getLogger } from '../logging';
import type { IpcMessage } from './child-process';
import type { ExecutionEvent } from './event';

const log = getLogger('agl.execution.cs');

/** Internal variable marking a spawned role process: `runner` or `algorithm`. */
export const ENV_CHILD_ROLE = 'AGL_CHILD_ROLE';
/** Internal variable carrying the store server address to a spawned runner. */
export const ENV_CHILD_SERVER_ADDRESS = 'AGL_CHILD_SERVER_ADDRESS';

/** The role this process was spawned for by a parent trainer, or `null`. */
export function childRole(
  env: Readonly<Record<string, string | undefined>> = process.env,
): 'runner' | 'algorithm' | null {
  const role = env[ENV_CHILD_ROLE];
  return role === 'runner' || role === 'algorithm' ? role : null;
}

/**
 * Sets the event when the parent sends `agl-stop`, the IPC channel closes
 * (the parent is gone), or the process gets SIGINT/SIGTERM.
 *
 * @param event - the stop event
 * @returns a function removing the listeners
 */
export function relayStopToEvent(event: ExecutionEvent): () => void {
  const onMessage = (message: unknown): void => {
    if ((message as IpcMessage | null)?.type === 'agl-stop') event.set();
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    // A terminal Ctrl+C reaches this process and its parent, which then asks it to stop too.
    if (!event.isSet()) log.info(`${signal} received; stopping.`);
    event.set();
  };
  const onDisconnect = (): void => {
    log.warn('The parent process is gone; stopping.');
    event.set();
  };
  process.on('message', onMessage);
  process.channel?.unref();
  if (process.connected) process.once('disconnect', onDisconnect);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('message', onMessage);
    process.off('disconnect', onDisconnect);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}

/** Sends a message to the parent process when there is an IPC channel. */
export function sendToParent(message: IpcMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send || !process.connected) {
      resolve();
      return;
    }
    process.send(message, undefined, {}, () => resolve());
  });
}

/**
 * Ends a role process after its bundle: sets the exit code, closes the IPC
 * channel, lets the event loop drain, and forces the exit after `graceMs` if
 * something keeps it alive. Never resolves, so the user's code after
 * `fit()` does not run in a role process.
 *
 * @param code - the exit code
 * @param graceMs - how long to let pending work drain (default 2000)
 */
export function finishChildProcess(code: number, graceMs = 2000): Promise<never> {
  process.exitCode = code;
  // The stop is under way: a late Ctrl+C (or the parent's escalation) must not turn
  // a clean exit into death by signal, which the parent would report as a failure.
  const ignore = (): void => {};
  process.on('SIGINT', ignore);
  process.on('SIGTERM', ignore);
  // The returned promise never settles, so when the event loop drains the
  // caller's top-level await is still pending: Node 22+ then exits with 13
  // whatever `exitCode` says. Exiting from `beforeExit` keeps our code.
  process.once('beforeExit', () => process.exit(code));
  if (process.connected) process.disconnect();
  setTimeout(() => process.exit(code), graceMs).unref();
  return new Promise<never>(() => {});
}
