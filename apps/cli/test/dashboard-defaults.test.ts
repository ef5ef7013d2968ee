import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dashboardAssetsDir } from '@agl/dashboard';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type DashboardCommandOptions, runDashboardCommand } from '../src/commands/dashboard';
import { buildProgram } from '../src/program';

const BIN = fileURLToPath(new URL('../src/bin.ts', import.meta.url));
const CWD = fileURLToPath(new URL('..', import.meta.url));
// The dashboard package's built Node entry (lib/) and its browser files (dist/).
const LIB = path.join(dashboardAssetsDir, '..', 'lib');
const built = existsSync(`${dashboardAssetsDir}/index.html`) && existsSync(`${LIB}/index.js`);
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

/** Runs `agl` with extra `--import` hooks; resolves its exit code and output. */
function agl(imports: string[], ...args: string[]) {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      ...imports.flatMap((file) => ['--import', pathToFileURL(file).href]),
      '--conditions=@agl/source',
      BIN,
      ...args,
    ],
    { cwd: CWD, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.push(child);
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
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
  return { child, exit, waitFor, stderr: () => err };
}

describe.runIf(built)('agl store with @agl/dashboard installed but its files missing', () => {
  // A copy of the package's built entry without `dist/` next to it: what an install
  // without the browser build looks like. A resolve hook points `@agl/dashboard` at it.
  let dir = '';
  let hook = '';
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'agl-no-assets-'));
    const lib = path.join(dir, 'dashboard', 'lib');
    cpSync(LIB, lib, { recursive: true, filter: (file) => !file.endsWith('.map') });
    writeFileSync(path.join(dir, 'dashboard', 'package.json'), '{"type":"module"}');
    expect(readdirSync(path.join(dir, 'dashboard'))).not.toContain('dist');
    hook = path.join(dir, 'hook.mjs');
    const entry = pathToFileURL(path.join(lib, 'index.js')).href;
    writeFileSync(
      hook,
      `import { registerHooks } from 'node:module';
registerHooks({
  resolve: (specifier, context, next) =>
    specifier === '@agl/dashboard' ? { url: ${JSON.stringify(entry)}, shortCircuit: true } : next(specifier, context),
});
`,
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 1 with the install hint when --dashboard is given', async () => {
    const run = agl([hook], 'store', '--dashboard', '--port', '0', '--host', '127.0.0.1');
    expect(await run.exit).toBe(1);
    expect(run.stderr()).toContain(
      'agl store: dashboard assets not found (is @agl/dashboard installed?)',
    );
    expect(run.stderr()).not.toContain('Starting server');
  });

  it('serves the API alone with one warning when the dashboard is only on by default', async () => {
    const run = agl([hook], 'store', '--port', '0', '--host', '127.0.0.1');
    const [, port] = await run.waitFor(/Starting server at http:\/\/127\.0\.0\.1:(\d+)/);
    await run.waitFor(/Health check/);
    expect(run.stderr().match(/Dashboard assets not found/g)).toHaveLength(1);
    expect(run.stderr()).not.toContain('Dashboard available');
    expect((await fetch(`http://127.0.0.1:${port}/v1/agl/health`)).status).toBe(200);
    const root = await fetch(`http://127.0.0.1:${port}/`);
    expect(root.status).toBe(404);
    expect(await root.json()).toEqual({ detail: 'Not Found' });
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
  });
});

describe.runIf(built)('agl dashboard defaults', () => {
  it('resolves to 127.0.0.1:4748 in proxy mode and shows the store data through the proxy', async () => {
    const io = { out: () => {}, err: () => {}, waitForStop: () => new Promise<string>(() => {}) };
    const { program } = buildProgram(io);
    const command = program.commands.find((c) => c.name() === 'dashboard');
    // Capture the parsed flags instead of running: the real default port may be in use here.
    let parsed: DashboardCommandOptions | undefined;
    command?.action((options: DashboardCommandOptions) => {
      parsed = options;
    });
    await program.parseAsync(['node', 'agl', 'dashboard']);
    expect(parsed).toMatchObject({
      store: 'http://127.0.0.1:4747',
      host: '127.0.0.1',
      port: 4748,
      basePath: '/',
      proxy: true,
    });

    // The same flags against a real store (on a free port, so is the dashboard).
    const store = agl([], 'store', '--port', '0', '--host', '127.0.0.1', '--no-dashboard');
    const [, storePort] = await store.waitFor(/Starting server at http:\/\/127\.0\.0\.1:(\d+)/);
    const storeUrl = `http://127.0.0.1:${storePort}`;
    const created = await fetch(`${storeUrl}/v1/agl/queues/rollouts/enqueue`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rollouts: [{ input: { task: 'via the default proxy' } }] }),
    });
    const [rollout] = (await created.json()) as { rollout_id: string }[];
    let stop: (signal: string) => void = () => {};
    const lines: string[] = [];
    const running = runDashboardCommand(
      { ...(parsed as DashboardCommandOptions), store: storeUrl, port: 0 },
      {
        out: () => {},
        err: (line) => lines.push(line),
        waitForStop: () => new Promise((resolve) => (stop = resolve)),
      },
    );
    let url: string | undefined;
    while (!url) {
      url = lines.join('\n').match(/Dashboard available at (http:\/\/127\.0\.0\.1:\d+\/)/)?.[1];
      if (!url) await new Promise((r) => setTimeout(r, 20));
    }
    const page = await fetch(url);
    expect(await page.text()).toContain('"mode":"proxy"');
    const listed = (await (await fetch(`${url}v1/agl/rollouts?limit=10&offset=0`)).json()) as {
      items: { rollout_id: string; input: unknown }[];
    };
    expect(listed.items.map((r) => [r.rollout_id, r.input])).toEqual([
      [rollout?.rollout_id, { task: 'via the default proxy' }],
    ]);
    stop('SIGTERM');
    expect(await running).toBe(0);
    store.child.kill('SIGTERM');
    expect(await store.exit).toBe(0);
  });
});
