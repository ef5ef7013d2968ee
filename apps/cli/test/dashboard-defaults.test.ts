import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { dashboardAssetsDir } from '@agl/dashboard';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type DashboardCommandOptions, runDashboardCommand } from '../src/commands/dashboard';
import { buildProgram } from '../src/program';
import { aglWith, killLeftovers, startedStore, startedStoreWith } from './helpers/agl';

// The dashboard package's built Node entry (lib/) and its browser files (dist/).
const LIB = path.join(dashboardAssetsDir, '..', 'lib');
const built = existsSync(`${dashboardAssetsDir}/index.html`) && existsSync(`${LIB}/index.js`);

afterEach(killLeftovers);

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
    const run = aglWith(
      { imports: [hook] },
      'store',
      '--dashboard',
      '--port',
      '0',
      '--host',
      '127.0.0.1',
    );
    expect(await run.exit).toEqual({ code: 1, signal: null });
    expect(run.stderr()).toContain(
      'agl store: dashboard assets not found (is @agl/dashboard installed?)',
    );
    expect(run.stderr()).not.toContain('Starting server');
  });

  it('serves the API alone with one warning when the dashboard is only on by default', async () => {
    const { run, base } = await startedStoreWith({ imports: [hook] });
    await run.waitFor(/Health check/);
    expect(run.stderr().match(/Dashboard assets not found/g)).toHaveLength(1);
    expect(run.stderr()).not.toContain('Dashboard available');
    expect((await fetch(`${base}/v1/agl/health`)).status).toBe(200);
    const root = await fetch(`${base}/`);
    expect(root.status).toBe(404);
    expect(await root.json()).toEqual({ detail: 'Not Found' });
    run.child.kill('SIGTERM');
    expect(await run.exit).toEqual({ code: 0, signal: null });
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
    const store = await startedStore('--no-dashboard');
    const created = await fetch(`${store.base}/v1/agl/queues/rollouts/enqueue`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rollouts: [{ input: { task: 'via the default proxy' } }] }),
    });
    const [rollout] = (await created.json()) as { rollout_id: string }[];
    let stop: (signal: string) => void = () => {};
    const lines: string[] = [];
    const running = runDashboardCommand(
      { ...(parsed as DashboardCommandOptions), store: store.base, port: 0 },
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
    store.run.child.kill('SIGTERM');
    expect(await store.run.exit).toEqual({ code: 0, signal: null });
  });
});
