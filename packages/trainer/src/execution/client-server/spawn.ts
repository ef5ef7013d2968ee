/**
 * How the client-server strategy starts its workers: runner child
 * processes, an algorithm child process, or runner tasks in this process.
 *
 * @module
 */
import { InvalidStateError } from '@agl/store-core';
import { getLogger } from '../../logging';
import {
  type ChildHandle,
  currentEntryCommand,
  type EntryCommand,
  spawnRoleProcess,
} from '../child-process';
import { ENV_CHILD_ROLE, ENV_CHILD_SERVER_ADDRESS } from '../child-runtime';
import { ENV_CURRENT_ROLE, ENV_RUNNER_WORKER_ID } from '../env';
import type { ExecutionEvent } from '../event';
import { superviseBundle } from '../supervise';

const log = getLogger('agl.execution.cs');

/** What spawning needs to know. */
export interface SpawnSettings {
  /** Overrides of the re-executed command. */
  entry?: Partial<EntryCommand> | undefined;
  /** Extra environment for children. */
  childEnv?: Readonly<Record<string, string>> | undefined;
  /** Called with each child's label and pid. */
  onSpawn?: ((name: string, pid: number | undefined) => void) | undefined;
  /** The stop event of this process. */
  event: ExecutionEvent;
}

function spawnWith(
  name: string,
  settings: SpawnSettings,
  env: Record<string, string>,
): ChildHandle {
  const entry: EntryCommand = { ...currentEntryCommand(), ...settings.entry };
  const child = spawnRoleProcess(name, entry, { ...process.env, ...settings.childEnv, ...env });
  settings.onSpawn?.(child.name, child.process.pid);
  return child;
}

/**
 * Spawns `count` runner processes (worker ids `0..count-1`) that re-execute
 * the entry script with `AGL_CURRENT_ROLE=runner` and the server address.
 *
 * @param count - number of runners
 * @param address - the store server root
 * @param settings - entry overrides, extra env, spawn callback and the stop event
 * @param allowedExitCodes - codes that are not reported as early failures
 */
export function spawnRunnerProcesses(
  count: number,
  address: string,
  settings: SpawnSettings,
  allowedExitCodes: readonly number[],
): ChildHandle[] {
  return Array.from({ length: count }, (_, i) => {
    const child = spawnWith(`runner-${i}`, settings, {
      [ENV_CURRENT_ROLE]: 'runner',
      [ENV_CHILD_ROLE]: 'runner',
      [ENV_RUNNER_WORKER_ID]: String(i),
      [ENV_CHILD_SERVER_ADDRESS]: address,
    });
    void child.exited.then((code) => {
      if (!settings.event.isSet() && !allowedExitCodes.includes(code)) {
        log.error(`${child.name} exited early with code ${code}.`);
      }
    });
    return child;
  });
}

/**
 * Spawns the algorithm process (role `both` with the runner in this process).
 * Its `agl-stop` message, or its exit, sets the stop event here.
 *
 * @param settings - entry overrides, extra env, spawn callback and the stop event
 * @param fallbackAddress - the address to use when the child reports none
 * @returns the child and a promise of the server address it reports once ready
 */
export function spawnAlgorithmProcess(
  settings: SpawnSettings,
  fallbackAddress: string,
): { child: ChildHandle; ready: Promise<string> } {
  const child = spawnWith('algorithm', settings, {
    [ENV_CURRENT_ROLE]: 'algorithm',
    [ENV_CHILD_ROLE]: 'algorithm',
  });
  const ready = new Promise<string>((resolve, reject) => {
    child.process.on('message', (message: { type?: string; serverAddress?: string }) => {
      if (message?.type === 'agl-ready') resolve(message.serverAddress || fallbackAddress);
      if (message?.type === 'agl-stop') settings.event.set();
    });
    void child.exited.then((code) => {
      settings.event.set();
      reject(
        new InvalidStateError(
          `The algorithm process exited (code ${code}) before its store server was ready.`,
        ),
      );
    });
  });
  return { child, ready };
}

/**
 * Runs `count` runner tasks in this process under stop supervision.
 *
 * @param count - number of runners
 * @param start - starts worker `i`
 * @param event - the stop event
 * @param gracefulDelay - seconds a task gets after the event, and again after cancellation
 * @throws InvalidStateError when any task failed
 */
export async function runInProcessRunners(
  count: number,
  start: (workerId: number) => Promise<void>,
  event: ExecutionEvent,
  gracefulDelay: number,
): Promise<void> {
  const outcomes = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      superviseBundle(`Runner ${i}`, () => start(i), event, gracefulDelay),
    ),
  );
  const failed = outcomes.filter((o) => o.status === 'failed');
  if (failed.length > 0) {
    throw new InvalidStateError(`${failed.length} runner task(s) failed.`, {
      cause: (failed[0] as { error: unknown }).error,
    });
  }
}
