import { existsSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { dashboardAssetsDir } from '@agl/dashboard';
import { afterEach, describe, expect, it } from 'vitest';
import { agl, killLeftovers, startedStore } from './helpers/agl';

// The dashboard's files come from its build (`pnpm build`); without them these tests cannot serve pages.
const built = existsSync(`${dashboardAssetsDir}/index.html`);

afterEach(killLeftovers);

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
    expect(await on.exit).toEqual({ code: 0, signal: null });

    const off = await startedStore('--no-dashboard');
    await off.run.waitFor(/Health check/);
    const root = await fetch(`${off.base}/`);
    expect(root.status).toBe(404);
    expect(await root.json()).toEqual({ detail: 'Not Found' });
    expect(off.run.stderr()).not.toContain('Dashboard available');
    off.run.child.kill('SIGTERM');
    expect(await off.run.exit).toEqual({ code: 0, signal: null });
  });

  it('exits 2 for a base path that would hide the API', async () => {
    const run = agl('store', '--port', '0', '--dashboard-base-path', '/v1/x');
    expect(await run.exit).toEqual({ code: 2, signal: null });
  });
});

describe.runIf(built)('agl dashboard', () => {
  it('serves the dashboard in front of a store, read-only', async () => {
    const store = await startedStore('--no-dashboard');
    const dash = agl('dashboard', '--store', `${store.base}/v1/agl/`, '--port', '0');
    await dash.waitFor(/Using store URL http:\/\/127\.0\.0\.1:\d+ /);
    const [, url] = await dash.waitFor(/Dashboard available at (http:\/\/127\.0\.0\.1:\d+\/)/);
    expect((await fetch(url as string)).status).toBe(200);
    const health = await fetch(`${url}v1/agl/health`);
    expect(health.status).toBe(200);
    const write = await fetch(`${url}v1/agl/rollouts`, { method: 'POST', body: '{}' });
    expect(write.status).toBe(405);
    expect(await write.json()).toEqual({ detail: 'The dashboard proxy is read-only' });
    dash.child.kill('SIGTERM');
    store.run.child.kill('SIGTERM');
    expect(await dash.exit).toEqual({ code: 0, signal: null });
  });

  it('exits 1 with one line when its port is taken', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const { port } = holder.address() as AddressInfo;
    try {
      const dash = agl('dashboard', '--store', 'http://127.0.0.1:9', '--port', String(port));
      expect(await dash.exit).toEqual({ code: 1, signal: null });
      expect(dash.stderr()).toContain(
        `agl dashboard: port ${port} on 127.0.0.1 is already in use (address already in use)`,
      );
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });

  it('works with a store that requires an access key', async () => {
    const store = await startedStore('--api-key', 'k-dash');
    await store.run.waitFor(/Dashboard available at/);
    // Embedded: the page loads without the key (it asks for it); the API still needs it.
    const page = await fetch(`${store.base}/rollouts`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('agl-dashboard-config');
    expect((await fetch(`${store.base}/v1/agl/statistics`)).status).toBe(401);
    // Standalone: the proxy sends the key it was given.
    const dash = agl('dashboard', '--store', store.base, '--port', '0', '--api-key', 'k-dash');
    const [, url] = await dash.waitFor(/Dashboard available at (http:\/\/127\.0\.0\.1:\d+\/)/);
    expect((await fetch(`${url}v1/agl/statistics`)).status).toBe(200);
    dash.child.kill('SIGTERM');
    store.run.child.kill('SIGTERM');
    expect(await dash.exit).toEqual({ code: 0, signal: null });
  });
});
