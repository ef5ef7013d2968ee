import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { silentLogger } from '@agl/store-core';
import { InMemoryLightningStore } from '@agl/store-memory';
import { createStoreApp } from '@agl/store-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDashboardHandler,
  createStoreProxy,
  DashboardAssetsMissingError,
  InvalidBasePathError,
  normaliseStoreUrl,
} from '../src/server/index';

let dir: string;
const store = new InMemoryLightningStore();

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'agl-dash-'));
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(
    path.join(dir, 'index.html'),
    '<!doctype html><html><head><title>t</title></head><body><div id="root"></div></body></html>',
  );
  writeFileSync(path.join(dir, 'assets', 'app-ABC.js'), 'console.log(1)');
  writeFileSync(path.join(dir, 'assets', 'app-ABC.css'), 'body{}');
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await store.close();
});

async function appWith(basePath = '/', storeLabel = 'http://10.0.0.5:4747') {
  const dashboard = await createDashboardHandler({ assetsDir: dir, basePath, storeLabel });
  return createStoreApp(store, { logger: silentLogger, dashboard });
}

describe('serving rules on the store server', () => {
  it('serves the page with its config block, no-cache and the security headers', async () => {
    const app = await appWith();
    for (const url of ['/', '/rollouts/ro-x/attempts/at-y']) {
      const response = await app.request(url);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(response.headers.get('content-security-policy')).toContain("worker-src 'self'");
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      const html = await response.text();
      expect(html).toContain('<base href="/">');
      expect(html).toContain(
        '<script id="agl-dashboard-config" type="application/json">{"version":1,"mode":"embedded"',
      );
    }
  });

  it('serves hashed assets immutable, and a missing asset as a 404 that is not HTML', async () => {
    const app = await appWith();
    const js = await app.request('/assets/app-ABC.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const missing = await app.request('/assets/missing.js');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toBe('application/json');
    expect((await app.request('/assets/..%2Findex.html')).status).toBe(404);
  });

  it('leaves the API alone', async () => {
    const app = await appWith();
    const nope = await app.request('/v1/agl/nope');
    expect(nope.status).toBe(404);
    expect(await nope.json()).toEqual({ detail: 'Not Found' });
    expect((await app.request('/openapi.json')).headers.get('content-type')).toContain(
      'application/json',
    );
    expect((await app.request('/v1/agl/health')).status).toBe(200);
    const post = await app.request('/', { method: 'POST' });
    expect(post.headers.get('content-type') ?? '').not.toContain('text/html');
  });

  it('serves under a base path with a 308 from the bare path', async () => {
    const app = await appWith('/ui');
    expect((await app.request('/ui/rollouts')).status).toBe(200);
    const bare = await app.request('/ui');
    expect(bare.status).toBe(308);
    expect(bare.headers.get('location')).toBe('/ui/');
    expect((await app.request('/')).status).toBe(404);
    expect(await (await app.request('/ui/')).text()).toContain('<base href="/ui/">');
  });

  it('rejects base paths that would hide the API, and missing assets', async () => {
    for (const bad of ['/v1', '/v1/x', '/openapi.json', 'ui'])
      await expect(
        createDashboardHandler({ assetsDir: dir, basePath: bad }),
      ).rejects.toBeInstanceOf(InvalidBasePathError);
    await expect(
      createDashboardHandler({ assetsDir: path.join(dir, 'nowhere') }),
    ).rejects.toBeInstanceOf(DashboardAssetsMissingError);
  });

  it('gives its start-up errors the code, status and name of the store error family', async () => {
    const badPath = await createDashboardHandler({ assetsDir: dir, basePath: '/v1' }).catch(
      (error: unknown) => error,
    );
    expect(badPath).toMatchObject({
      code: 'INVALID_ARGUMENT',
      status: 400,
      name: 'InvalidBasePathError',
    });
    const missing = await createDashboardHandler({ assetsDir: path.join(dir, 'nowhere') }).catch(
      (error: unknown) => error,
    );
    expect(missing).toMatchObject({
      code: 'INVALID_STATE',
      status: 409,
      name: 'DashboardAssetsMissingError',
    });
  });

  it('escapes a config value that contains </script>', async () => {
    const app = await appWith('/', '</script><script>alert(1)</script>');
    const html = await (await app.request('/')).text();
    expect(html).not.toContain('</script><script>alert');
    expect(html).toContain('\\u003c/script\\u003e');
  });
});

describe('read-only proxy', () => {
  it('forwards reads unchanged and refuses writes without contacting the store', async () => {
    const seen: string[] = [];
    const upstream = createStoreApp(store, { logger: silentLogger });
    const { serve } = await import('@hono/node-server');
    const server = serve({
      fetch: (request: Request) => {
        seen.push(`${request.method} ${new URL(request.url).pathname}`);
        return upstream.fetch(request);
      },
      port: 0,
      hostname: '127.0.0.1',
    });
    await new Promise((resolve) => server.once('listening', resolve));
    const address = server.address() as { port: number };
    const proxy = createStoreProxy({ store: `http://127.0.0.1:${address.port}` });
    try {
      const health = (await proxy.fetch(new Request('http://d/v1/agl/health'))) as Response;
      expect(health.status).toBe(200);
      expect(health.headers.get('date')).not.toBeNull();
      const missing = (await proxy.fetch(
        new Request('http://d/v1/agl/rollouts/nope/attempts/latest'),
      )) as Response;
      expect(missing.status).toBe(200);
      expect(await missing.json()).toBeNull();
      const write = (await proxy.fetch(
        new Request('http://d/v1/agl/rollouts', { method: 'POST', body: '{}' }),
      )) as Response;
      expect(write.status).toBe(405);
      expect(await write.json()).toEqual({ detail: 'The dashboard proxy is read-only' });
      expect(seen.filter((line) => line.startsWith('POST'))).toEqual([]);
      expect(await proxy.fetch(new Request('http://d/rollouts'))).toBeUndefined();
    } finally {
      server.close();
    }
  });

  it("sends its own access key to a keyed store, never the browser's", async () => {
    const keyed = createStoreApp(store, { logger: silentLogger, apiKey: 'proxy-key' });
    const { serve } = await import('@hono/node-server');
    const seen: (string | null)[] = [];
    const server = serve({
      fetch: (request: Request) => {
        seen.push(request.headers.get('authorization'));
        return keyed.fetch(request);
      },
      port: 0,
      hostname: '127.0.0.1',
    });
    await new Promise((resolve) => server.once('listening', resolve));
    const root = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      const browser = { headers: { authorization: 'Bearer from-the-browser' } };
      const without = createStoreProxy({ store: root });
      const refused = (await without.fetch(
        new Request('http://d/v1/agl/statistics', browser),
      )) as Response;
      expect(refused.status).toBe(401);
      const withKey = createStoreProxy({ store: root, apiKey: 'proxy-key' });
      const served = (await withKey.fetch(
        new Request('http://d/v1/agl/statistics', browser),
      )) as Response;
      expect(served.status).toBe(200);
      expect(seen).toEqual([null, 'Bearer proxy-key']);
    } finally {
      server.close();
    }
  });

  it('normalises store URLs', () => {
    expect(normaliseStoreUrl('http://h:4747/v1/agl/')).toEqual({
      url: 'http://h:4747',
      changed: true,
    });
    expect(normaliseStoreUrl('http://h:4747')).toEqual({ url: 'http://h:4747', changed: false });
  });
});
