import { describe, expect, it } from 'vitest';
import { isJsonBody as isJsonContentType } from '../../src/http/body';
import { jsonDepth, parseLenientJson } from '../../src/http/lenient-json';
import { testApp } from '../helpers';

describe('request bodies', () => {
  it('parses a body without Content-Type as JSON', async () => {
    const t = testApp();
    const reply = await t.call('POST', '/v1/agl/rollouts', { raw: '{"input": "no content-type"}' });
    expect(reply.status).toBe(201);
    expect(reply.body.input).toBe('no content-type');
    await t.close();
  });

  it('rejects a non-JSON content type with 422 model_attributes_type and the raw text as input', async () => {
    const t = testApp();
    const reply = await t.call('POST', '/v1/agl/rollouts', {
      raw: '{"input": "text/plain"}',
      headers: { 'content-type': 'text/plain' },
    });
    expect(reply.status).toBe(422);
    expect(reply.body.detail).toEqual([
      {
        type: 'model_attributes_type',
        loc: ['body'],
        msg: 'Input should be a valid dictionary or object to extract fields from',
        input: '{"input": "text/plain"}',
      },
    ]);
    await t.close();
  });

  it('answers malformed JSON with 422 json_invalid, loc [body, offset], input {}', async () => {
    const t = testApp();
    const reply = await t.call('POST', '/v1/agl/rollouts/search', {
      raw: '{"limit": 1,',
      headers: { 'content-type': 'application/json' },
    });
    expect(reply.status).toBe(422);
    const [detail] = reply.body.detail;
    expect(detail).toMatchObject({ type: 'json_invalid', msg: 'JSON decode error', input: {} });
    expect(detail.loc[0]).toBe('body');
    expect(typeof detail.loc[1]).toBe('number');
    await t.close();
  });

  it('accepts the bare tokens NaN, Infinity and -Infinity that Python writes', async () => {
    const t = testApp();
    const reply = await t.call('POST', '/v1/agl/rollouts', {
      raw: '{"input": {"a": NaN, "b": [Infinity, -Infinity], "c": "NaN"}}',
      headers: { 'content-type': 'application/json' },
    });
    expect(reply.status).toBe(201);
    // JSON has no NaN: the stored values come back as null, the string stays a string.
    expect(reply.body.input).toEqual({ a: null, b: [null, null], c: 'NaN' });
    await t.close();
  });

  it('answers 422 for JSON nested deeper than the limit', async () => {
    const t = testApp({ maxJsonDepth: 50 });
    const deep = `{"input": ${'['.repeat(60)}${']'.repeat(60)}}`;
    const reply = await t.call('POST', '/v1/agl/rollouts', { json: JSON.parse(deep) });
    expect(reply.status).toBe(422);
    expect(reply.body.detail[0].type).toBe('json_invalid');
    const ok = await t.call('POST', '/v1/agl/rollouts', { json: { input: [[[1]]] } });
    expect(ok.status).toBe(201);
    await t.close();
  });

  it('answers 422 for invalid UTF-8', async () => {
    const t = testApp();
    const reply = await t.call('POST', '/v1/agl/rollouts', {
      raw: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]),
      headers: { 'content-type': 'application/json' },
    });
    expect(reply.status).toBe(422);
    await t.close();
  });

  it('answers 413 JSON for a body above the limit, declared or streamed', async () => {
    const t = testApp({ maxBodyBytes: 1024 });
    const big = { input: 'x'.repeat(2000) };
    const declared = await t.call('POST', '/v1/agl/rollouts', { json: big });
    expect(declared.status).toBe(413);
    expect(declared.body.detail).toMatch(/1024 bytes/);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 4; i++) controller.enqueue(new TextEncoder().encode(' '.repeat(400)));
        controller.close();
      },
    });
    const response = await t.app.request('/v1/agl/rollouts', {
      method: 'POST',
      body: stream,
      headers: { 'content-type': 'application/json' },
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect((await t.store.statistics()).total_rollouts).toBe(0);
    await t.close();
  });
});

describe('query limit clamp', () => {
  it('clamps a limit above the maximum and says so in X-AGL-Limit-Clamped', async () => {
    const t = testApp({ maxQueryLimit: 2 });
    for (const input of [1, 2, 3]) await t.store.enqueueRollout(input);
    const clamped = await t.call('GET', '/v1/agl/rollouts?limit=100');
    expect(clamped.headers.get('x-agl-limit-clamped')).toBe('2');
    expect(clamped.body).toMatchObject({ limit: 2, total: 3 });
    expect(clamped.body.items).toHaveLength(2);
    const within = await t.call('POST', '/v1/agl/rollouts/search', { json: { limit: 2 } });
    expect(within.headers.get('x-agl-limit-clamped')).toBeNull();
    const unlimited = await t.call('GET', '/v1/agl/rollouts');
    expect(unlimited.body.items).toHaveLength(3);
    await t.close();
  });

  it('also clamps limit -1 when clampUnlimitedQueries is set', async () => {
    const t = testApp({ maxQueryLimit: 1, clampUnlimitedQueries: true });
    for (const input of [1, 2]) await t.store.enqueueRollout(input);
    const reply = await t.call('GET', '/v1/agl/rollouts');
    expect(reply.headers.get('x-agl-limit-clamped')).toBe('1');
    expect(reply.body.items).toHaveLength(1);
    await t.close();
  });
});

describe('helpers', () => {
  it('decides JSON content types like FastAPI', () => {
    expect(isJsonContentType(null)).toBe(true);
    expect(isJsonContentType('application/json; charset=utf-8')).toBe(true);
    expect(isJsonContentType('application/vnd.api+json')).toBe(true);
    expect(isJsonContentType('text/plain')).toBe(false);
    expect(isJsonContentType('application/x-protobuf')).toBe(false);
  });

  it('parses lenient JSON without touching strings, and reports offsets of errors', () => {
    expect(parseLenientJson('[NaN, "Infinity", -Infinity]')).toEqual([
      Number.NaN,
      'Infinity',
      Number.NEGATIVE_INFINITY,
    ]);
    expect(() => parseLenientJson('{"a": Nan}')).toThrow();
    expect(() => parseLenientJson('{"a":')).toThrow(expect.objectContaining({ position: 5 }));
  });

  it('measures nesting depth without recursion', () => {
    expect(jsonDepth(1)).toBe(0);
    expect(jsonDepth({ a: [1, { b: [] }] })).toBe(4);
    const deep = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    expect(jsonDepth(deep, 10)).toBe(11);
  });
});
