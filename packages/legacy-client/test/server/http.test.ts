import { createServer } from 'node:net';
import { AddressInUseError, ManualClock, systemClock } from '@agl/store-core';
import type { NamedResources } from '@agl/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLegacyApp } from '../../src/server/app';
import type { AgentLightningServer } from '../../src/server/server';
import { quietLogger, startLegacyServer } from '../helpers';

let server: AgentLightningServer;
const llm: NamedResources = {
  main: {
    resource_type: 'llm',
    endpoint: 'http://x/v1',
    model: 'm',
    api_key: null,
    sampling_parameters: {},
  },
};

const call = async (
  method: string,
  path: string,
  body?: string,
  contentType = 'application/json',
) => {
  const init: RequestInit = { method };
  if (body !== undefined) init.body = body;
  if (body !== undefined && contentType) init.headers = { 'content-type': contentType };
  const response = await fetch(`${server.endpoint}${path}`, init);
  expect(response.headers.get('content-type')?.split(';')[0]).toBe('application/json');
  return {
    status: response.status,
    headers: response.headers,
    // biome-ignore lint/suspicious/noExplicitAny: assorted JSON bodies, checked by the assertions
    body: (await response.json()) as any,
  };
};

beforeEach(async () => {
  server = await startLegacyServer({ taskTimeoutSeconds: 5, maxBodyBytes: 4096 });
});
afterEach(() => server.stop());

describe('resources', () => {
  it('answers 404 before anything is published', async () => {
    expect(await call('GET', '/resources/latest')).toMatchObject({
      status: 404,
      body: { detail: 'No resources have been set on the server.' },
    });
    expect(await call('GET', '/resources/res-unknown')).toMatchObject({
      status: 404,
      body: { detail: "Resource ID 'res-unknown' not found." },
    });
  });

  it('serves a published snapshot as latest and by id with version 1', async () => {
    const id = await server.updateResources(llm);
    expect(id).toMatch(/^res-[0-9a-f-]{36}$/);
    for (const path of ['/resources/latest', `/resources/${id}`]) {
      const { status, body } = await call('GET', path);
      expect(status).toBe(200);
      expect(body).toEqual({
        resources_id: id,
        create_time: expect.any(Number),
        update_time: expect.any(Number),
        version: 1,
        resources: llm,
      });
    }
  });

  it('stamps every read with the time of the request', async () => {
    const clock = new ManualClock(100);
    const timed = await startLegacyServer({ clock });
    try {
      const id = await timed.updateResources(llm);
      clock.advance(3);
      const read = async () => (await fetch(`${timed.endpoint}/resources/${id}`)).json();
      expect(await read()).toMatchObject({ create_time: 103, update_time: 103 });
      clock.advance(2);
      expect(await read()).toMatchObject({ create_time: 105, update_time: 105 });
    } finally {
      await timed.stop();
    }
  });

  it('treats an empty snapshot as missing', async () => {
    const id = await server.updateResources({});
    expect((await call('GET', '/resources/latest')).status).toBe(404);
    expect((await call('GET', `/resources/${id}`)).status).toBe(404);
  });

  it('makes a later snapshot the latest and keeps earlier ones readable', async () => {
    const first = await server.updateResources(llm);
    const second = await server.updateResources({
      p: { resource_type: 'prompt_template', template: 'Hi', engine: 'f-string' },
    });
    expect((await call('GET', '/resources/latest')).body.resources_id).toBe(second);
    expect((await call('GET', `/resources/${first}`)).body.resources).toEqual(llm);
  });

  it('rejects invalid resources in updateResources', async () => {
    await expect(
      server.updateResources({ x: { resource_type: 'database' } } as unknown as NamedResources),
    ).rejects.toThrow(/Invalid NamedResources/);
  });
});

describe('POST /rollout', () => {
  it('stores a valid body and answers the reference message', async () => {
    expect(await call('POST', '/rollout', JSON.stringify({ rollout_id: 'x', extra: 5 }))).toEqual({
      status: 200,
      headers: expect.anything(),
      body: { status: 'ok', message: 'Rollout x received and stored.', data: null },
    });
  });

  it('answers 422 with a detail array for a missing rollout_id', async () => {
    const { status, body } = await call('POST', '/rollout', JSON.stringify({ final_reward: 1 }));
    expect(status).toBe(422);
    expect(body.detail[0]).toMatchObject({
      type: 'missing',
      loc: ['body', 'rollout_id'],
      msg: 'Field required',
    });
  });

  it('answers 422 for a non-numeric reward', async () => {
    const answer = await call(
      'POST',
      '/rollout',
      JSON.stringify({ rollout_id: 'x', final_reward: 'abc' }),
    );
    expect(answer.status).toBe(422);
    expect(answer.body.detail[0]).toMatchObject({
      type: 'float_parsing',
      loc: ['body', 'final_reward'],
    });
  });

  it('answers 422 in pydantic wording for an integer field given a string or a fraction', async () => {
    const task = (num_claims: unknown) =>
      JSON.stringify({ rollout_id: 'x', task: { rollout_id: 'x', input: 1, num_claims } });
    const text = await call('POST', '/rollout', task('two'));
    expect(text.body.detail).toEqual([
      {
        type: 'int_parsing',
        loc: ['body', 'task', 'num_claims'],
        msg: 'Input should be a valid integer, unable to parse string as an integer',
        input: 'two',
      },
    ]);
    const fraction = await call('POST', '/rollout', task(1.5));
    expect(fraction.body.detail).toEqual([
      {
        type: 'int_from_float',
        loc: ['body', 'task', 'num_claims'],
        msg: 'Input should be a valid integer, got a number with a fractional part',
        input: 1.5,
      },
    ]);
  });

  it('answers 422 for malformed JSON, a missing body and a non-JSON content type', async () => {
    const malformed = await call('POST', '/rollout', '{"rollout_id": ');
    expect(malformed.body.detail).toEqual([
      {
        type: 'json_invalid',
        loc: ['body', 15],
        msg: 'JSON decode error',
        input: {},
        ctx: expect.any(Object),
      },
    ]);
    const empty = await call('POST', '/rollout');
    expect(empty.body.detail).toEqual([
      { type: 'missing', loc: ['body'], msg: 'Field required', input: null },
    ]);
    const text = await call('POST', '/rollout', 'rollout_id=x', 'text/plain');
    expect(text).toMatchObject({
      status: 422,
      body: { detail: [{ type: 'model_attributes_type' }] },
    });
    const array = await call('POST', '/rollout', '[1]');
    expect(array).toMatchObject({ status: 422, body: { detail: [{ loc: ['body'] }] } });
    for (const answer of [malformed, empty]) expect(answer.status).toBe(422);
  });

  it('answers 413 for a body above the limit', async () => {
    const big = JSON.stringify({ rollout_id: 'x', logs: ['y'.repeat(5000)] });
    expect(await call('POST', '/rollout', big)).toMatchObject({
      status: 413,
      body: { detail: 'Request body exceeds the limit of 4096 bytes.' },
    });
  });
});

describe('routing', () => {
  it('answers 405 with Allow for wrong methods and 404 for unknown paths', async () => {
    const postTask = await call('POST', '/task', '{}');
    expect(postTask).toMatchObject({ status: 405, body: { detail: 'Method Not Allowed' } });
    expect(postTask.headers.get('allow')).toBe('GET');
    const getRollout = await call('GET', '/rollout');
    expect(getRollout.headers.get('allow')).toBe('POST');
    expect((await call('POST', '/resources/latest', '{}')).status).toBe(405);
    expect(await call('GET', '/nope')).toMatchObject({
      status: 404,
      body: { detail: 'Not Found' },
    });
    expect((await call('GET', '/v1/agl/health')).status).toBe(404);
  });

  it('ignores query strings', async () => {
    const id = await server.queueTask('a');
    expect((await call('GET', '/task?x=1')).body.task.rollout_id).toBe(id);
  });
});

describe('without a state', () => {
  const app = createLegacyApp({
    getState: () => null,
    now: () => systemClock.now(),
    logger: quietLogger,
    maxBodyBytes: 1024,
  });

  it('answers not-available for /task and 503 elsewhere', async () => {
    expect(await (await app.request('/task')).json()).toEqual({ is_available: false, task: null });
    for (const path of ['/resources/latest', '/resources/res-1']) {
      const response = await app.request(path);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ detail: 'Server not fully initialized.' });
    }
    const posted = await app.request('/rollout', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"rollout_id":"x"}',
    });
    expect(posted.status).toBe(503);
  });
});

describe('listening', () => {
  it('accepts connections as soon as start() resolves and closes the port on stop()', async () => {
    const url = server.endpoint;
    expect((await fetch(`${url}/task`)).status).toBe(200);
    await server.stop();
    expect(server.isRunning).toBe(false);
    await expect(fetch(`${url}/task`)).rejects.toThrow();
    await server.start();
  });

  it('reports a taken port with AddressInUseError', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const error = await startLegacyServer({ port }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(AddressInUseError);
      expect((error as AddressInUseError).message).toBe(
        `Cannot start the legacy server: port ${port} on 127.0.0.1 is already in use.`,
      );
    } finally {
      blocker.close();
    }
  });
});
