import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** A benchmark server process and the addresses it serves. */
export interface ServerChild {
  /** The store server's root URL. */
  readonly endpoint: string;
  /** URL of the constant JSON route on the same stack (the ceiling). */
  readonly ceiling: string;
  /** The server process's id (for its CPU time in `/proc`). */
  readonly pid: number;
  /** Resident memory of the server process in bytes (from /proc). */
  rss(): number;
  /** Stops the process and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * Starts `server-child.ts` in its own Node process with the same loader flags.
 *
 * @param args - backend name and its arguments
 * @param tree - the root of the checkout whose server to start (default this one)
 */
export async function startServerChild(
  args: readonly string[] = [],
  tree?: string,
): Promise<ServerChild> {
  const script = tree
    ? `${tree}/benchmarks/src/http/server-child.ts`
    : fileURLToPath(new URL('./server-child.ts', import.meta.url));
  const child: ChildProcess = spawn(process.execPath, [...process.execArgv, script, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    ...(tree ? { cwd: `${tree}/benchmarks` } : {}),
  });
  const lines = createInterface({ input: child.stdout as NonNullable<typeof child.stdout> });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`benchmark server exited with ${code}`)));
  });
  const { endpoint, ceiling } = JSON.parse(first) as { endpoint: string; ceiling: string };
  return {
    endpoint,
    ceiling,
    pid: child.pid as number,
    rss: () => {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      return kb * 1024;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
