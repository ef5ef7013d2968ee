/** Starts the fake model server and the gateway as child processes and reads their first line. */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const FAKE_MAIN = fileURLToPath(
  new URL('../../../packages/llm-proxy/src/testing/fake-upstream-main.ts', import.meta.url),
);
const GATEWAY_MAIN = fileURLToPath(new URL('./gateway-child.ts', import.meta.url));

/** A child process and the first line it printed. */
export interface Child {
  process: ChildProcess;
  line: string;
}

function start(script: string, args: string[]): Promise<Child> {
  const child = spawn(
    process.execPath,
    ['--conditions=@agl/source', '--import', 'tsx', script, ...args],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
    lines.once('line', (line) => resolve({ process: child, line }));
  });
}

/** The fake model server with optional flags (e.g. `--chunk-delay-ms 20`). */
export const startFake = (flags: string[] = []): Promise<Child> =>
  start(FAKE_MAIN, ['--port', '0', ...flags]);

/** The gateway in front of `upstream`. */
export const startGateway = (upstream: string, flags: string[] = []): Promise<Child> =>
  start(GATEWAY_MAIN, [upstream, ...flags]);

/** Stops a child and waits for it. */
export function stop(child: Child): Promise<void> {
  return new Promise((resolve) => {
    if (child.process.exitCode !== null) return resolve();
    child.process.removeAllListeners('exit');
    child.process.once('exit', () => resolve());
    child.process.kill('SIGTERM');
  });
}
