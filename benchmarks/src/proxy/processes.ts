/** Starts the benchmark's child processes (fake model server, gateways, store) and talks to them. */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const FAKE_MAIN = fileURLToPath(
  new URL('../../../packages/llm-proxy/src/testing/fake-upstream-main.ts', import.meta.url),
);
const GATEWAY_MAIN = fileURLToPath(new URL('./gateway-child.ts', import.meta.url));
const STORE_MAIN = fileURLToPath(new URL('../http/server-child.ts', import.meta.url));

/** A child process and the first line it printed. */
export interface Child {
  process: ChildProcess;
  line: string;
  /** Its further stdout lines. */
  lines: Interface;
}

function start(script: string, args: string[], nodeFlags: string[] = []): Promise<Child> {
  const child = spawn(
    process.execPath,
    [...nodeFlags, '--conditions=@agl/source', '--import', 'tsx', script, ...args],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
    lines.once('line', (line) => resolve({ process: child, line, lines }));
  });
}

/** The fake model server with optional flags (e.g. `--chunk-delay-ms 20`). */
export const startFake = (flags: string[] = []): Promise<Child> =>
  start(FAKE_MAIN, ['--port', '0', ...flags]);

/** The gateway in front of `upstream` (flags: `--no-record`, `--store-url <url>`, `--discard`). */
export const startGateway = (
  upstream: string,
  flags: string[] = [],
  nodeFlags: string[] = [],
): Promise<Child> => start(GATEWAY_MAIN, [upstream, ...flags], nodeFlags);

/** An HTTP store (`LightningStoreServer` over the memory backend); its line holds `endpoint`. */
export const startStore = (): Promise<Child> => start(STORE_MAIN, ['memory']);

/** Asks a gateway started with `--expose-gc` for its RSS, used and committed heap after garbage collection. */
export function memoryAfterGc(
  child: Child,
): Promise<{ rss: number; heapUsed: number; heapTotal: number }> {
  return new Promise((resolve) => {
    child.lines.once('line', (line) =>
      resolve(JSON.parse(line) as { rss: number; heapUsed: number; heapTotal: number }),
    );
    child.process.stdin?.write('rss\n');
  });
}

/** Stops a child and waits for it. */
export function stop(child: Child): Promise<void> {
  return new Promise((resolve) => {
    if (child.process.exitCode !== null) return resolve();
    child.process.removeAllListeners('exit');
    child.process.once('exit', () => resolve());
    child.process.kill('SIGTERM');
  });
}
