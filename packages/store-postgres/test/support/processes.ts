import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const FIXTURE = fileURLToPath(new URL('../fixtures/serve.ts', import.meta.url));
const PACKAGE_DIR = fileURLToPath(new URL('../..', import.meta.url));

/** A store server running in a child process. */
export interface ServerProcess {
  /** `http://127.0.0.1:<port>`. */
  readonly endpoint: string;
  /** The port it listens on. */
  readonly port: number;
  /** The child process. */
  readonly child: ChildProcess;
  /** Kills it with SIGKILL (no clean-up at all) and waits for it to exit. */
  kill(): Promise<void>;
  /** Stops it with SIGTERM (graceful) and waits for it to exit. */
  stop(): Promise<void>;
}

/** Settings of one server process. */
export interface ServerProcessOptions {
  /** The PostgreSQL URL. */
  readonly databaseUrl: string;
  /** The store partition. */
  readonly partition: string;
  /** Port to bind (default 0: any free port). */
  readonly port?: number;
  /** Watchdog debounce of the lazy scans, in seconds (default 10). */
  readonly scanDebounceSeconds?: number;
  /** Seconds between timer scans (default 5). */
  readonly watchdogIntervalSeconds?: number;
  /** The store's claim timeout in seconds (default: the store's default). */
  readonly claimTimeoutSeconds?: number;
}

async function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await once(child, 'exit');
}

/**
 * Starts `test/fixtures/serve.ts` with `node --import tsx --conditions=@agl/source`
 * and waits for the line announcing its endpoint.
 *
 * @param options - database, partition, port and watchdog settings
 * @throws Error with the child's stderr when it exits before listening
 */
export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@agl/source', FIXTURE], {
    cwd: PACKAGE_DIR,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      AGL_DATABASE_URL: options.databaseUrl,
      AGL_PARTITION: options.partition,
      AGL_PORT: String(options.port ?? 0),
      AGL_SCAN_DEBOUNCE: String(options.scanDebounceSeconds ?? 10),
      AGL_WATCHDOG_INTERVAL: String(options.watchdogIntervalSeconds ?? 5),
      AGL_CLAIM_TIMEOUT: String(options.claimTimeoutSeconds ?? ''),
    },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const announced = await new Promise<{ endpoint: string }>((resolve, reject) => {
    let stdout = '';
    const onExit = (code: number | null) =>
      reject(new Error(`The server process exited (${code}) before listening:\n${stderr}`));
    child.once('exit', onExit);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n').find((text) => text.startsWith('{'));
      if (line === undefined) return;
      child.off('exit', onExit);
      resolve(JSON.parse(line) as { endpoint: string });
    });
  });
  return {
    endpoint: announced.endpoint,
    port: Number(new URL(announced.endpoint).port),
    child,
    async kill() {
      child.kill('SIGKILL');
      await exited(child);
    },
    async stop() {
      child.kill('SIGTERM');
      await exited(child);
    },
  };
}
