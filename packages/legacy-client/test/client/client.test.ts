import { InvalidArgumentError } from '@agl/store-core';
import { afterEach, describe, expect, it } from 'vitest';
import { AgentLightningClient, type AgentLightningClientOptions } from '../../src/client/client';
import { LegacyValidationError } from '../../src/errors';
import { closedPortUrl, quietLogger, type StubAnswer, startStub } from '../helpers';

const snapshot = {
  resources_id: 'res-1',
  create_time: 1,
  update_time: 1,
  version: 1,
  resources: { p: { resource_type: 'prompt_template', template: 't', engine: 'jinja' } },
};
const task = { rollout_id: 'rollout-1', input: 7, mode: 'train' };
const none = { json: { is_available: false, task: null } };

const stubs: { close(): Promise<void> }[] = [];
async function stub(handler: Parameters<typeof startStub>[0]) {
  const started = await startStub(handler);
  stubs.push(started);
  return started;
}
afterEach(async () => {
  await Promise.all(stubs.splice(0).map((s) => s.close()));
});

const client = (endpoint: string, options: Partial<AgentLightningClientOptions> = {}) =>
  new AgentLightningClient({
    endpoint,
    pollIntervalSeconds: 0.01,
    logger: quietLogger,
    ...options,
  });

/** Answers from a list, one per request, repeating the last. */
const sequence = (...answers: StubAnswer[]) => {
  let index = 0;
  return () => answers[Math.min(index++, answers.length - 1)] as StubAnswer;
};

describe('requests', () => {
  it('sends X-AgentLightning-Client on every request and drops the endpoint path', async () => {
    const server = await stub((req) =>
      req.url === '/task'
        ? { json: { is_available: true, task } }
        : req.method === 'POST'
          ? { json: { status: 'ok' } }
          : { json: snapshot },
    );
    const c = client(`${server.url}/some/prefix`);
    await c.pollNextTask();
    await c.getResourcesById('res 1/x');
    await c.getLatestResources();
    await c.postRollout({ rollout_id: 'rollout-1' });
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /task',
      'GET /resources/res%201%2Fx',
      'GET /resources/latest',
      'POST /rollout',
    ]);
    for (const request of server.requests)
      expect(request.headers['x-agentlightning-client']).toBe('true');
  });

  it('checks its options', () => {
    expect(() => client('not a url')).toThrow(/endpoint must be an http\(s\) URL/);
    expect(() => client('ftp://x')).toThrow(/endpoint/);
    expect(() => client('http://x', { timeoutSeconds: 0 })).toThrow(/timeoutSeconds/);
    expect(() => client('http://x', { pollIntervalSeconds: -1 })).toThrow(/pollIntervalSeconds/);
    const fromString = new AgentLightningClient('http://h:1');
    expect([
      fromString.pollIntervalSeconds,
      fromString.timeoutSeconds,
      fromString.taskCount,
    ]).toEqual([5, 10, 0]);
  });
});

describe('resources', () => {
  it('returns null when the server is unreachable, hangs past the timeout, or answers 404', async () => {
    expect(await client(await closedPortUrl()).getLatestResources()).toBeNull();
    const hanging = await stub(() => 'hang');
    expect(await client(hanging.url, { timeoutSeconds: 0.2 }).getLatestResources()).toBeNull();
    const missing = await stub(() => ({
      status: 404,
      json: { detail: 'No resources have been set on the server.' },
    }));
    expect(await client(missing.url).getLatestResources()).toBeNull();
    expect(await client(missing.url).getResourcesById('res-1')).toBeNull();
  });

  it('caches the latest snapshot under its id but always asks for the latest again', async () => {
    const server = await stub(() => ({ json: snapshot }));
    const c = client(server.url);
    const latest = await c.getLatestResources();
    expect(latest?.resources_id).toBe('res-1');
    expect(await c.getResourcesById('res-1')).toBe(latest);
    await c.getLatestResources();
    expect(server.requests.map((r) => r.url)).toEqual(['/resources/latest', '/resources/latest']);
  });

  it('does not cache failures but caches a later success', async () => {
    const server = await stub(sequence({ status: 404, json: { detail: 'x' } }, { json: snapshot }));
    const c = client(server.url);
    expect(await c.getResourcesById('res-1')).toBeNull();
    expect(await c.getResourcesById('res-1')).toMatchObject({ resources_id: 'res-1' });
    expect(await c.getResourcesById('res-1')).toMatchObject({ resources_id: 'res-1' });
    expect(server.requests).toHaveLength(2);
  });

  it('treats an empty body as not available and a malformed 200 body as an error', async () => {
    expect(await client((await stub(() => ({ json: {} }))).url).getLatestResources()).toBeNull();
    const bad = await stub(() => ({ json: { resources_id: 'res-1', resources: {} } }));
    await expect(client(bad.url).getLatestResources()).rejects.toThrow(LegacyValidationError);
    await expect(client(bad.url).getResourcesById('res-1')).rejects.toThrow(LegacyValidationError);
  });

  it('rejects v0.2.x snapshots unless compatV02 is set', async () => {
    const old = await stub(() => ({
      json: { resources_id: 'res-1', resources: snapshot.resources },
    }));
    await expect(client(old.url).getLatestResources()).rejects.toThrow(/create_time/);
    expect(await client(old.url, { compatV02: true }).getLatestResources()).toMatchObject({
      create_time: 0,
      update_time: 0,
      version: 1,
    });
  });
});

describe('pollNextTask', () => {
  it('polls until a task is available and counts the tasks returned', async () => {
    const server = await stub(
      sequence(none, { json: {} }, none, { json: { is_available: true, task } }),
    );
    const c = client(server.url);
    const got = await c.pollNextTask();
    expect(got).toEqual({
      ...task,
      resources_id: null,
      create_time: null,
      last_claim_time: null,
      num_claims: null,
      metadata: {},
    });
    expect(server.requests).toHaveLength(4);
    expect(c.taskCount).toBe(1);
    await c.pollNextTask();
    expect(c.taskCount).toBe(2);
  });

  it('keeps retrying while the server fails and stops when aborted', async () => {
    const failing = await stub(() => ({ status: 500, text: 'Internal Server Error' }));
    const controller = new AbortController();
    const polling = client(failing.url).pollNextTask({ signal: controller.signal });
    while (failing.requests.length < 3) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    await expect(polling).rejects.toMatchObject({ name: 'AbortError' });

    const down = new AbortController();
    const offline = client(await closedPortUrl()).pollNextTask({ signal: down.signal });
    setTimeout(() => down.abort(new Error('gave up')), 50);
    await expect(offline).rejects.toThrow('gave up');
  });

  it('resolves to null when its overall timeout passes', async () => {
    const server = await stub(() => none);
    expect(await client(server.url).pollNextTask({ timeoutSeconds: 0.1 })).toBeNull();
    expect(await client(server.url).pollNextTask({ timeout: 0.05 })).toBeNull();
    expect(await client(server.url, { pollTimeoutSeconds: 0.05 }).pollNextTask()).toBeNull();
    expect(server.requests.length).toBeGreaterThanOrEqual(2);
  });

  it('rejects an invalid deadline', async () => {
    await expect(
      client('http://127.0.0.1:1').pollNextTask({ timeout: Number.NaN }),
    ).rejects.toThrow(/timeout must be a number of seconds/);
    await expect(client('http://127.0.0.1:1').pollNextTask({ timeoutSeconds: -1 })).rejects.toThrow(
      /timeoutSeconds must be a number of seconds/,
    );
  });

  it('refuses timeoutSeconds and its deprecated alias timeout with different values', async () => {
    const error = await client('http://127.0.0.1:1')
      .pollNextTask({ timeoutSeconds: 1, timeout: 2 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toMatch(
      /timeoutSeconds \(1\) and its deprecated alias timeout \(2\)/,
    );
  });

  it('throws on a 200 body that is not a TaskIfAny', async () => {
    const server = await stub(() => ({ json: { is_available: 'maybe' } }));
    await expect(client(server.url).pollNextTask()).rejects.toThrow(LegacyValidationError);
  });
});

describe('postRollout', () => {
  it('posts all seven keys and returns the parsed answer', async () => {
    const answer = { status: 'ok', message: 'Rollout a received and stored.', data: null };
    const server = await stub(() => ({ json: answer }));
    expect(await client(server.url).postRollout({ rollout_id: 'a' })).toEqual(answer);
    expect(JSON.parse(server.requests[0]?.body ?? '')).toEqual({
      rollout_id: 'a',
      task: null,
      final_reward: null,
      triplets: null,
      trace: null,
      logs: null,
      metadata: {},
    });
    expect(server.requests[0]?.headers['content-type']).toBe('application/json');
  });

  it('returns null when the request fails', async () => {
    const failing = await stub(() => ({ status: 422, json: { detail: [] } }));
    expect(await client(failing.url).postRollout({ rollout_id: 'a' })).toBeNull();
    expect(await client(await closedPortUrl()).postRollout({ rollout_id: 'a' })).toBeNull();
  });

  it('throws on an invalid result before sending anything', async () => {
    const server = await stub(() => ({ json: {} }));
    const bad = { rollout_id: 'a', final_reward: 'high' as unknown as number };
    await expect(client(server.url).postRollout(bad)).rejects.toThrow(LegacyValidationError);
    expect(server.requests).toHaveLength(0);
  });
});
