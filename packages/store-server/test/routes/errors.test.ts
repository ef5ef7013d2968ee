import { InvalidStateError, type LightningStore, SpansEvictedError } from '@agl/store-core';
import { InMemoryLightningStore } from '@agl/store-memory';
import { describe, expect, it } from 'vitest';
import { testApp } from '../helpers';

/** A store whose `method` throws `error`; everything else is a real in-memory store. */
function failingStore(method: keyof LightningStore, error: unknown): LightningStore {
  const real = new InMemoryLightningStore({ watchdogIntervalSeconds: null });
  return new Proxy(real, {
    get(target, key, receiver) {
      if (key === method) return async () => Promise.reject(error);
      const value = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe('routing', () => {
  it('answers 404 {"detail": "Not Found"} for unknown paths', async () => {
    const t = testApp();
    for (const path of ['/', '/v1/agl/unknown', '/v1/agl/rollouts/a/b/c/d']) {
      const reply = await t.call('GET', path);
      expect({ path, status: reply.status, body: reply.body }).toEqual({
        path,
        status: 404,
        body: { detail: 'Not Found' },
      });
    }
    await t.close();
  });

  it('answers 405 with the allow header of the first route registered for the path', async () => {
    const t = testApp();
    const cases: [string, string, string][] = [
      ['POST', '/v1/agl/health', 'GET'],
      ['GET', '/v1/agl/queues/rollouts/enqueue', 'POST'],
      ['DELETE', '/v1/agl/rollouts/ro-1', 'GET'],
      ['PUT', '/v1/agl/spans', 'POST'],
      ['PUT', '/v1/agl/rollouts', 'POST'],
      ['GET', '/v1/traces', 'POST'],
      ['POST', '/openapi.json', 'GET'],
    ];
    for (const [method, path, allow] of cases) {
      const reply = await t.call(method, path);
      expect({
        method,
        path,
        status: reply.status,
        allow: reply.headers.get('allow'),
        body: reply.body,
      }).toEqual({
        method,
        path,
        status: 405,
        allow,
        body: { detail: 'Method Not Allowed' },
      });
    }
    await t.close();
  });

  it('redirects a trailing slash with 307 to the absolute URL without it, with no body or content type', async () => {
    const t = testApp();
    const reply = await t.call('GET', '/v1/agl/rollouts/?limit=1');
    expect(reply.status).toBe(307);
    expect(reply.headers.get('location')).toBe('http://localhost/v1/agl/rollouts?limit=1');
    expect(reply.headers.get('content-type')).toBeNull();
    expect(reply.text).toBe('');
    await t.close();
  });

  it('answers 501 with an empty body for unsupported OTLP signals', async () => {
    const t = testApp();
    for (const path of ['/v1/metrics', '/v1/logs', '/v1/development/profiles']) {
      const reply = await t.call('POST', path, {
        raw: 'x',
        headers: { 'content-type': 'application/x-protobuf' },
      });
      expect([reply.status, reply.text, reply.headers.get('content-type')]).toEqual([
        501,
        '',
        null,
      ]);
    }
    await t.close();
  });

  it('decodes path parameters, unicode included', async () => {
    const t = testApp();
    const reply = await t.call('POST', `/v1/agl/resources/${encodeURIComponent('café ☕')}`, {
      json: {},
    });
    expect(reply.body.resources_id).toBe('café ☕');
    expect((await t.call('GET', '/v1/agl/resources/caf%C3%A9%20%E2%98%95')).body.resources_id).toBe(
      'café ☕',
    );
    await t.close();
  });
});

describe('errors', () => {
  it('answers a store error with its own status and {detail, error_type, code}, no traceback', async () => {
    const t = testApp({}, failingStore('querySpans', new SpansEvictedError('ro-1')));
    const reply = await t.call('GET', '/v1/agl/spans?rollout_id=ro-1');
    expect(reply.status).toBe(409);
    expect(reply.body).toEqual({
      detail: 'Spans for rollout ro-1 have been evicted',
      error_type: 'RuntimeError',
      code: 'INVALID_STATE',
    });
    await t.close();
  });

  it('adds a traceback only in debug mode', async () => {
    const t = testApp({ debug: true }, failingStore('statistics', new InvalidStateError('nope')));
    const reply = await t.call('GET', '/v1/agl/statistics');
    expect(reply.status).toBe(409);
    expect(reply.body.traceback).toContain('InvalidStateError: nope');
    await t.close();
  });

  it('answers an unexpected exception with 500 JSON and logs it', async () => {
    const t = testApp({}, failingStore('statistics', new TypeError('kaboom')));
    const reply = await t.call('GET', '/v1/agl/statistics');
    expect(reply.status).toBe(500);
    expect(reply.headers.get('content-type')).toBe('application/json');
    expect(reply.body).toEqual({ detail: 'Internal server error', error_type: 'TypeError' });
    expect(
      t.logger.lines.some((line) => line.level === 'error' && line.message.includes('kaboom')),
    ).toBe(true);
    await t.close();
  });

  it('answers 500 even for thrown non-errors', async () => {
    const t = testApp({}, failingStore('getLatestResources', 'a string'));
    const reply = await t.call('GET', '/v1/agl/resources/latest');
    expect(reply.body).toEqual({ detail: 'Internal server error', error_type: 'string' });
    await t.close();
  });
});

describe('CORS', () => {
  it('is off by default: no CORS headers, OPTIONS is a 405', async () => {
    const t = testApp();
    const reply = await t.call('GET', '/v1/agl/health', {
      headers: { origin: 'http://a.example' },
    });
    expect(reply.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await t.call('OPTIONS', '/v1/agl/health', {
      headers: { origin: 'http://a.example', 'access-control-request-method': 'GET' },
    });
    expect(preflight.status).toBe(405);
    await t.close();
  });

  it('echoes allowed origins with credentials, serves others without the header', async () => {
    const t = testApp({ corsOrigins: [' http://a.example ', ''] });
    const allowed = await t.call('GET', '/v1/agl/health', {
      headers: { origin: 'http://a.example' },
    });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://a.example');
    expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
    expect(allowed.headers.get('access-control-expose-headers')).toContain('content-type');
    const other = await t.call('GET', '/v1/agl/health', {
      headers: { origin: 'http://b.example' },
    });
    expect(other.status).toBe(200);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    await t.close();
  });

  it('answers preflights 200 for allowed origins and 400 for others; * allows all', async () => {
    const t = testApp({ corsOrigins: ['http://a.example'] });
    const headers = {
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'x-custom',
    };
    const ok = await t.call('OPTIONS', '/v1/agl/rollouts', {
      headers: { ...headers, origin: 'http://a.example' },
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-methods')).toContain('POST');
    expect(ok.headers.get('access-control-allow-headers')).toBe('x-custom');
    const refused = await t.call('OPTIONS', '/v1/agl/rollouts', {
      headers: { ...headers, origin: 'http://b.example' },
    });
    expect(refused.status).toBe(400);
    await t.close();
    const any = testApp({ corsOrigins: ['http://a.example', '*'] });
    const wildcard = await any.call('OPTIONS', '/v1/agl/rollouts', {
      headers: { ...headers, origin: 'http://z.example' },
    });
    expect(wildcard.status).toBe(200);
    expect(wildcard.headers.get('access-control-allow-origin')).toBe('http://z.example');
    await any.close();
  });
});

describe('request log', () => {
  it('writes one debug line per /v1/agl request with method, path, status and duration', async () => {
    const t = testApp();
    await t.call('GET', '/v1/agl/health');
    await t.call('GET', '/openapi.json');
    await t.call('POST', '/v1/traces', {
      raw: '',
      headers: { 'content-type': 'application/x-protobuf' },
    });
    const lines = t.logger.lines.filter((line) => line.level === 'debug');
    expect(lines).toHaveLength(2);
    expect(lines[0]?.message).toMatch(/"GET \/v1\/agl\/health HTTP\/1\.1" 200 [\d.]+ms$/);
    expect(lines[1]?.message).toMatch(/"POST \/v1\/traces HTTP\/1\.1" 200 [\d.]+ms$/);
    await t.close();
  });
});
