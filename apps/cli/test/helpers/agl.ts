import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

// The CLI from its TypeScript sources, as a user would run it: a process of its own,
// so signals, exit codes and what it prints are the real ones.
const BIN = fileURLToPath(new URL('../../src/bin.ts', import.meta.url));
const CWD = fileURLToPath(new URL('../..', import.meta.url));
const children: ChildProcess[] = [];

/** One `agl` process started by a test. */
export interface AglRun {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Settles on 'close', not 'exit': only then has everything the process wrote reached stdout() and stderr(). */
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Waits until stderr matches `pattern` and returns the match; fails if `agl` exits first. */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray>;
}

/** What a test may change about how `agl` is started. */
export interface AglOptions {
  /** Variables added to the test's own environment. */
  env?: Record<string, string>;
  /** Modules loaded with `--import` before the CLI (module hooks, for one). */
  imports?: string[];
}

/** Starts `agl` with `args`. */
export function agl(...args: string[]): AglRun {
  return aglWith({}, ...args);
}

/** Starts `agl` with `args`, extra environment variables and `--import` modules. */
export function aglWith(options: AglOptions, ...args: string[]): AglRun {
  const imports = (options.imports ?? []).flatMap((file) => ['--import', pathToFileURL(file).href]);
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', ...imports, '--conditions=@agl/source', BIN, ...args],
    {
      cwd: CWD,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.push(child);
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  const waitFor = async (pattern: RegExp): Promise<RegExpMatchArray> => {
    for (;;) {
      const match = err.match(pattern);
      if (match) return match;
      const ended = await Promise.race([
        exit.then(() => true),
        new Promise((r) => setTimeout(() => r(false), 50)),
      ]);
      if (ended) throw new Error(`agl exited before printing ${pattern}:\n${err}`);
    }
  };
  return { child, stdout: () => out, stderr: () => err, exit, waitFor };
}

/**
 * Starts `agl store` on a free port of 127.0.0.1 with `args` and resolves once
 * it says where it listens.
 */
export async function startedStore(...args: string[]) {
  return startedStoreWith({}, ...args);
}

/** `startedStore` with extra environment variables and `--import` modules. */
export async function startedStoreWith(options: AglOptions, ...args: string[]) {
  const run = aglWith(options, 'store', '--port', '0', '--host', '127.0.0.1', ...args);
  const [, port] = await run.waitFor(/Starting server at http:\/\/127\.0\.0\.1:(\d+)/);
  return { run, base: `http://127.0.0.1:${port}` };
}

/** Kills every `agl` process a test left running; for `afterEach`. */
export function killLeftovers(): void {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
}
