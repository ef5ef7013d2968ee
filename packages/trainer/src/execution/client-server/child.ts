/**
 * What a role process spawned by the client-server strategy does: run one
 * bundle, relay the stop event, report to the parent, then end the process.
 *
 * @module
 */
import type { LightningStore } from '@agl/store-core';
import { getLogger } from '../../logging';
import { finishChildProcess, relayStopToEvent, sendToParent } from '../child-runtime';
import { ExecutionEvent } from '../event';

const log = getLogger('agl.execution.cs');

/**
 * Runs the runner side in a spawned runner process and exits (0, or 1 when the bundle failed).
 *
 * @param run - runs the runner side with the given store and event
 * @param store - the store the child's trainer was built with
 */
export async function runRunnerChild(
  run: (store: LightningStore, event: ExecutionEvent) => Promise<void>,
  store: LightningStore,
): Promise<never> {
  const event = new ExecutionEvent();
  const release = relayStopToEvent(event);
  let code = 0;
  try {
    await run(store, event);
  } catch (error) {
    log.error('Runner process failed.', error);
    code = 1;
  } finally {
    release();
  }
  return finishChildProcess(code);
}

/**
 * Runs the algorithm side in a spawned algorithm process, tells the parent
 * the server address once it is up and that it finished, then exits.
 *
 * @param run - runs the algorithm side; calls `ready(address)` before the algorithm starts
 */
export async function runAlgorithmChild(
  run: (event: ExecutionEvent, ready: (address: string) => Promise<void>) => Promise<void>,
): Promise<never> {
  const event = new ExecutionEvent();
  const release = relayStopToEvent(event);
  let code = 0;
  try {
    await run(event, (serverAddress) => sendToParent({ type: 'agl-ready', serverAddress }));
  } catch (error) {
    log.error('Algorithm process failed.', error);
    code = 1;
  } finally {
    await sendToParent({ type: 'agl-stop' });
    release();
  }
  return finishChildProcess(code);
}
