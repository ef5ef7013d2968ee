/**
 * Test helpers for the examples that run as several processes: start a
 * TypeScript entry point the way the README does (`tsx`, here against the
 * packages' sources), watch its output, stop it, and check that nothing
 * (process or port) is left behind.
 *
 * @module
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/** The examples folder (`apps/examples`). */
export const EXAMPLES_DIR = fileURLToPath(new URL('..', import.meta.url));

/** The `agl` command's entry point, run from source. */
const AGL_BIN = fileURLToPath(new URL('../../cli/src/bin.ts', import.meta.url));

/** A started process with its collected output. */
export interface RunningProcess {
  /** The child process. */
  child: ChildProcess;
  /** stdout and stderr so far, interleaved. */
  output(): string;
  /** Resolves with the exit code, or with the signal name when a signal ended the process. */
  exited: Promise<number | string>;
  /** Resolves with the first match of `pattern` in the output (rejects after `timeoutMs`). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
}

/**
 * Starts `node --import tsx --conditions=@agl/source <script> ...args` in the examples folder.
 *
 * @param script - path relative to `apps/examples`, or absolute
 * @param args - command-line arguments
 * @param env - extra environment variables
 */
export function startTs(
  script: string,
  args: readonly string[] = [],
  env: Record<string, string> = {},
): RunningProcess {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=@agl/source', script, ...args],
    { cwd: EXAMPLES_DIR, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const listeners = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | string>((resolve) =>
    child.on('close', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  const waitFor = (pattern: RegExp, timeoutMs = 60_000) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        const match = output.match(pattern);
        if (!match) return;
        done();
        resolve(match);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`${script}: no ${pattern} within ${timeoutMs} ms. Output:\n${output}`));
      }, timeoutMs);
      const gone = () => {
        if (output.match(pattern)) return;
        done();
        reject(new Error(`${script} exited before printing ${pattern}. Output:\n${output}`));
      };
      const done = () => {
        clearTimeout(timer);
        listeners.delete(check);
      };
      listeners.add(check);
      void exited.then(gone);
      check();
    });
  return { child, output: () => output, exited, waitFor };
}

/**
 * Starts `agl store` from source on a free local port and waits until it serves.
 *
 * @returns the process and the store URL it announced
 */
export async function startAglStore(): Promise<{ store: RunningProcess; url: string }> {
  // `--log-level info` wins over the quiet AGL_LOG_LEVEL of the tests: the start-up lines are read below.
  const store = startTs(AGL_BIN, [
    'store',
    '--host',
    '127.0.0.1',
    '--port',
    '0',
    '--log-level',
    'info',
  ]);
  const [, url] = await store.waitFor(/Starting server at (http:\/\/127\.0\.0\.1:\d+)/);
  await store.waitFor(/Health check passed/);
  return { store, url: url as string };
}

/**
 * Sends `signal` to a process unless it already exited, and resolves with its exit code.
 *
 * @param proc - the process
 * @param signal - the signal (default SIGINT, like Ctrl+C)
 */
export async function stopProcess(
  proc: RunningProcess,
  signal: NodeJS.Signals = 'SIGINT',
): Promise<number | string> {
  if (proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill(signal);
  return proc.exited;
}

/**
 * Whether a TCP port can be bound again (nothing listens on it any more).
 *
 * @param port - the port
 */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}
