import { InvalidArgumentError } from '@agl/store-core';
import { afterAll, describe, expect, it } from 'vitest';
import { presentedKey } from '../src/http/api-key';
import { testApp } from './helpers';

describe('optional access key', () => {
  const t = testApp({ apiKey: 's3cret' });
  const open = testApp();
  afterAll(async () => {
    await t.close();
    await open.close();
  });

  it('answers 401 without a key or with a wrong one, on every route but health', async () => {
    for (const headers of [{}, { authorization: 'Bearer nope' }, { 'x-api-key': 'nope' }]) {
      const reply = await t.call('GET', '/v1/agl/statistics', { headers });
      expect(reply.status).toBe(401);
      expect(reply.body).toEqual({ detail: 'Unauthorized' });
      expect(reply.headers.get('www-authenticate')).toBe('Bearer');
    }
    expect((await t.call('POST', '/v1/agl/rollouts', { json: { input: 1 } })).status).toBe(401);
    expect((await t.call('POST', '/v1/traces', { raw: '' })).status).toBe(401);
    expect((await t.call('GET', '/openapi.json')).status).toBe(401);
    expect((await t.call('GET', '/v1/agl/health')).status).toBe(200);
    expect(await t.store.queryRollouts()).toMatchObject({ total: 0 });
  });

  it('serves requests carrying the key as a bearer token or as x-api-key', async () => {
    const bearer = await t.call('POST', '/v1/agl/rollouts', {
      json: { input: 1 },
      headers: { authorization: 'Bearer s3cret' },
    });
    expect(bearer.status).toBe(201);
    const header = await t.call('GET', '/v1/agl/rollouts', { headers: { 'x-api-key': 's3cret' } });
    expect(header.status).toBe(200);
    expect(header.body.total).toBe(1);
  });

  it('serves the dashboard page and files without the key, and nothing else', async () => {
    // A stand-in dashboard that claims every GET outside the API, like the real one at `/`.
    const page = testApp({
      apiKey: 's3cret',
      dashboard: {
        fetch: async (request) =>
          new URL(request.url).pathname.startsWith('/v1/')
            ? undefined
            : new Response('<html>dashboard</html>', { headers: { 'content-type': 'text/html' } }),
      },
    });
    try {
      for (const path of ['/', '/rollouts/ro-1', '/assets/app-1.js']) {
        const reply = await page.call('GET', path);
        expect(reply.status, path).toBe(200);
        expect(reply.text).toContain('dashboard');
      }
      expect((await page.call('GET', '/v1/agl/rollouts')).status).toBe(401);
      expect((await page.call('GET', '/v1/agl/events')).status).toBe(401);
      expect((await page.call('GET', '/openapi.json')).status).toBe(401);
      expect((await page.call('POST', '/', { json: {} })).status).toBe(401);
      const keyed = await page.call('GET', '/v1/agl/rollouts', {
        headers: { authorization: 'Bearer s3cret' },
      });
      expect(keyed.status).toBe(200);
    } finally {
      await page.close();
    }
  });

  it('is off by default: requests without a key are served', async () => {
    expect((await open.call('GET', '/v1/agl/statistics')).status).toBe(200);
  });

  it('rejects an empty key as an option', () => {
    expect(() => testApp({ apiKey: ' ' })).toThrow(InvalidArgumentError);
  });

  it('reads the key from either header', () => {
    expect(presentedKey('Bearer abc', undefined)).toBe('abc');
    expect(presentedKey('bearer  abc ', undefined)).toBe('abc');
    expect(presentedKey(undefined, 'xyz')).toBe('xyz');
    expect(presentedKey('Basic abc', undefined)).toBeUndefined();
  });
});
