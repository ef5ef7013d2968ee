/**
 * Child processes of the client-server strategy: spawning a role process
 * that re-executes the entry script, exit-code mapping, and the 4-step
 * shutdown escalation.
 *
 * @module
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { constants } from 'node:os';
import { InvalidStateError } from '@agl/store-core';
import { getLogger } from '../logging';

const log = getLogger('agl.execution.cs');

/** An IPC message between the strategy's processes. */
export type IpcMessage = { type: 'agl-stop' } | { type: 'agl-ready'; serverAddress: string };

/** How to re-execute the entry script. */
export interface EntryCommand {
  /** The Node executable (default `process.execPath`). */
  execPath: string;
  /** Node options, e.g. `--import tsx` (default `process.execArgv`). */
  execArgv: readonly string[];
  /** The entry script (default `process.argv[1]`). */
  script: string;
  /** The script's arguments (default `process.argv.slice(2)`). */
  args: readonly string[];
}

/** The entry command of the current process. */
export function currentEntryCommand(): EntryCommand {
  const script = process.argv[1];
  if (!script)
    throw new InvalidStateError('Cannot re-execute the entry script: process.argv[1] is empty.');
  return {
    execPath: process.execPath,
    execArgv: process.execArgv,
    script,
    args: process.argv.slice(2),
  };
}

/**
 * Maps a child's exit to the reference's convention: the exit code, or the
 * negated signal number when a signal ended it (SIGTERM → -15).
 *
 * @param code - the exit code, or `null`
 * @param signal - the terminating signal, or `null`
 */
export function exitCodeOf(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  if (signal) return -(constants.signals[signal] ?? 0);
  return 0;
}

/** A spawned role process. */
export class ChildHandle {
  /** A label such as `runner-0`. */
  readonly name: string;
  /** The Node child process. */
  readonly process: ChildProcess;
  /** Resolves with the mapped exit code when the process exits. */
  readonly exited: Promise<number>;
  /** The mapped exit code once exited, else `null` (still running). */
  exitCode: number | null = null;

  /**
   * @param name - a label
   * @param child - the spawned process
   */
  constructor(name: string, child: ChildProcess) {
    this.name = name;
    this.process = child;
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitCode = exitCodeOf(code, signal);
        resolve(this.exitCode);
      });
      child.once('error', (error) => {
        log.error(`${name} could not be started: ${error.message}`);
        if (this.exitCode === null) {
          this.exitCode = 1;
          resolve(1);
        }
      });
    });
  }

  /** Whether the process is still running. */
  get alive(): boolean {
    return this.exitCode === null;
  }

  /** Sends an IPC message if the channel is open. */
  send(message: IpcMessage): void {
    if (this.process.connected)
      this.process.send(message, (error) => error && log.debug(`IPC to ${this.name} failed`));
  }
}

/**
 * Spawns the entry script again with extra environment variables and an IPC channel.
 *
 * @param name - a label for logs
 * @param entry - how to re-execute the script
 * @param env - the full environment of the child
 */
export function spawnRoleProcess(
  name: string,
  entry: EntryCommand,
  env: NodeJS.ProcessEnv,
): ChildHandle {
  const child = spawn(entry.execPath, [...entry.execArgv, entry.script, ...entry.args], {
    env,
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
  });
  log.debug(`Started ${name} (pid ${child.pid}).`);
  return new ChildHandle(name, child);
}

async function waitAll(children: readonly ChildHandle[], seconds: number): Promise<void> {
  const alive = children.filter((c) => c.alive);
  if (alive.length === 0) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.all(alive.map((c) => c.exited)),
    new Promise((resolve) => {
      timer = setTimeout(resolve, seconds * 1000);
    }),
  ]);
  clearTimeout(timer);
}

/** Timeouts of the shutdown escalation. */
export interface ShutdownTimeouts {
  /** Seconds allowed after the stop message (default 10). */
  gracefulTimeout: number;
  /** Seconds allowed after each signal (default 10). */
  terminateTimeout: number;
}

/**
 * Stops child processes: (1) stop message, wait `gracefulTimeout`; (2)
 * SIGINT, wait `terminateTimeout`; (3) SIGTERM, wait; (4) SIGKILL, wait.
 * Survivors are logged.
 *
 * @param children - the processes
 * @param timeouts - the escalation timeouts
 */
export async function shutdownChildren(
  children: readonly ChildHandle[],
  timeouts: ShutdownTimeouts,
): Promise<void> {
  for (const child of children) if (child.alive) child.send({ type: 'agl-stop' });
  await waitAll(children, timeouts.gracefulTimeout);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGKILL'] as const) {
    const alive = children.filter((c) => c.alive);
    if (alive.length === 0) return;
    log.warn(
      `Sending ${signal} to ${alive.map((c) => `${c.name} (pid ${c.process.pid})`).join(', ')}.`,
    );
    for (const child of alive) child.process.kill(signal);
    await waitAll(alive, timeouts.terminateTimeout);
  }
  for (const child of children) {
    if (child.alive)
      log.error(`${child.name} (pid ${child.process.pid}) is still alive after SIGKILL.`);
  }
}
