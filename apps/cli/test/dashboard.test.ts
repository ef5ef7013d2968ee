import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { dashboardAssetsDir } from '@agl/dashboard';
import { afterEach, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../src/bin.ts', import.meta.url));
const CWD = fileURLToPath(new URL('..', import.meta.url));
// The dashboard's files come from its build (`pnpm build`); without them these tests cannot serve pages.
const built = existsSync(`${dashboardAssetsDir}/index.html`);
const children: ChildProcess[] = [];

function agl(...args: string[]) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=@agl/source', BIN, ...args],
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

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

describe.runIf(built)('agl store serves the dashboard', () => {
  it('at / by default, logging its URL, and not with --no-dashboard', async () => {
    const on = agl('store', '--port', '0', '--host', '127.0.0.1');
    const [, url] = await on.waitFor(/Dashboard available at (http:\/\/[^\s]+)/);
    const page = await fetch(url as string);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('agl-dashboard-config');
    const health = (await (await fetch(`${url}v1/agl/health`)).json()) as {
      capabilities: Record<string, boolean>;
    };
    expect(health.capabilities.events).toBe(true);
    on.child.kill('SIGTERM');
    expect(await on.exit).toBe(0);

    const off = agl('store', '--port', '0', '--host', '127.0.0.1', '--no-dashboard');
    const [, port] = await off.waitFor(/Starting server at http:\/\/127\.0\.0\.1:(\d+)/);
    await off.waitFor(/Health check/);
    const root = await fetch(`http://127.0.0.1:${port}/`);
    expect(root.status).toBe(404);
    expect(await root.json()).toEqual({ detail: 'Not Found' });
    expect(off.stderr()).not.toContain('Dashboard available');
    off.child.kill('SIGTERM');
    expect(await off.exit).toBe(0);
  });

  it('exits 2 for a base path that would hide the API', async () => {
    const run = agl('store', '--port', '0', '--dashboard-base-path', '/v1/x');
    expect(await run.exit).toBe(2);
  });
});

describe.runIf(built)('agl dashboard', () => {
  it('serves the dashboard in front of a store, read-only', async () => {
    const store = agl('store', '--port', '0', '--host', '127.0.0.1', '--no-dashboard');
    const [, port] = await store.waitFor(/Starting server at http:\/\/127\.0\.0\.1:(\d+)/);
    const dash = agl('dashboard', '--store', `http://127.0.0.1:${port}/v1/agl/`, '--port', '0');
    await dash.waitFor(/Using store URL http:\/\/127\.0\.0\.1:\d+ /);
    const [, url] = await dash.waitFor(/Dashboard available at (http:\/\/127\.0\.0\.1:\d+\/)/);
    expect((await fetch(url as string)).status).toBe(200);
    const health = await fetch(`${url}v1/agl/health`);
    expect(health.status).toBe(200);
    const write = await fetch(`${url}v1/agl/rollouts`, { method: 'POST', body: '{}' });
    expect(write.status).toBe(405);
    expect(await write.json()).toEqual({ detail: 'The dashboard proxy is read-only' });
    dash.child.kill('SIGTERM');
    store.child.kill('SIGTERM');
    expect(await dash.exit).toBe(0);
  });

  it('exits 1 with one line when its port is taken', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const { port } = holder.address() as AddressInfo;
    try {
      const dash = agl('dashboard', '--store', 'http://127.0.0.1:9', '--port', String(port));
      expect(await dash.exit).toBe(1);
      expect(dash.stderr()).toContain(
        `agl dashboard: port ${port} on 127.0.0.1 is already in use (address already in use)`,
      );
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });

  it('works with a store that requires an access key', async () => {
    const store = agl('store', '--port', '0', '--host', '127.0.0.1', '--api-key', 'k-dash');
    const [, port] = await store.waitFor(/Starting server at http:\/\/127\.0\.0\.1:(\d+)/);
    await store.waitFor(/Dashboard available at/);
    // Embedded: the page loads without the key (it asks for it); the API still needs it.
    const page = await fetch(`http://127.0.0.1:${port}/rollouts`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('agl-dashboard-config');
    expect((await fetch(`http://127.0.0.1:${port}/v1/agl/statistics`)).status).toBe(401);
    // Standalone: the proxy sends the key it was given.
    const dash = agl(
      'dashboard',
      '--store',
      `http://127.0.0.1:${port}`,
      '--port',
      '0',
      '--api-key',
      'k-dash',
    );
    const [, url] = await dash.waitFor(/Dashboard available at (http:\/\/127\.0\.0\.1:\d+\/)/);
    expect((await fetch(`${url}v1/agl/statistics`)).status).toBe(200);
    dash.child.kill('SIGTERM');
    store.child.kill('SIGTERM');
    expect(await dash.exit).toBe(0);
  });
});
