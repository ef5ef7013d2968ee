import { InvalidStateError, ManualClock } from '@agl/store-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AgentLightningServer } from '../../src/server/server';
import type { TaskIfAny } from '../../src/wire/task';
import { quietLogger, startLegacyServer } from '../helpers';

let server: AgentLightningServer;
let clock: ManualClock;

const claim = async (): Promise<TaskIfAny> => {
  const response = await fetch(`${server.endpoint}/task`);
  expect(response.status).toBe(200);
  return (await response.json()) as TaskIfAny;
};
const post = (body: unknown) =>
  fetch(`${server.endpoint}/rollout`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

beforeEach(async () => {
  clock = new ManualClock(1_000);
  server = await startLegacyServer({ clock, taskTimeoutSeconds: 10 });
});
afterEach(() => server.stop());

describe('queueing and claiming', () => {
  it('answers not-available on an empty queue', async () => {
    expect(await claim()).toEqual({ is_available: false, task: null });
  });

  it('queues tasks with rollout-<uuid> ids and a null resources_id by default', async () => {
    await server.updateResources({
      p: { resource_type: 'prompt_template', template: 't', engine: 'jinja' },
    });
    const id = await server.queueTask({ q: 1 });
    expect(id).toMatch(/^rollout-[0-9a-f-]{36}$/);
    const { task } = await claim();
    expect(task).toEqual({
      rollout_id: id,
      input: { q: 1 },
      mode: null,
      resources_id: null,
      create_time: 1_000,
      last_claim_time: 1_000,
      num_claims: 1,
      metadata: {},
    });
  });

  it('keeps mode, resources id and metadata given to queueTask', async () => {
    await server.queueTask('s', {
      mode: 'train',
      resourcesId: 'res-x',
      metadata: { data_id: 'd' },
    });
    expect((await claim()).task).toMatchObject({
      input: 's',
      mode: 'train',
      resources_id: 'res-x',
      metadata: { data_id: 'd' },
    });
  });

  it('rejects an invalid mode', async () => {
    await expect(server.queueTask(1, { mode: 'training' as 'train' })).rejects.toThrow(/mode/);
  });

  it('claims once, then reports nothing until the claim expires', async () => {
    const id = await server.queueTask('a');
    clock.advance(1);
    const first = await claim();
    expect(first.task).toMatchObject({ rollout_id: id, num_claims: 1, last_claim_time: 1_001 });
    expect(first.task?.last_claim_time).toBeGreaterThanOrEqual(first.task?.create_time ?? Infinity);
    expect((await claim()).is_available).toBe(false);
  });

  it('requeues an expired claim only when /task is called, strictly after the timeout', async () => {
    const id = await server.queueTask('a');
    await claim();
    clock.advance(10);
    expect((await claim()).is_available).toBe(false);
    clock.advance(0.5);
    const again = await claim();
    expect(again.task).toMatchObject({ rollout_id: id, num_claims: 2, last_claim_time: 1_010.5 });
  });

  it('puts a requeued task behind the tasks already waiting', async () => {
    const first = await server.queueTask('first');
    await claim();
    const second = await server.queueTask('second');
    clock.advance(11);
    expect((await claim()).task?.rollout_id).toBe(second);
    expect((await claim()).task).toMatchObject({ rollout_id: first, num_claims: 2 });
  });

  it('never requeues a task whose result was posted', async () => {
    const id = await server.queueTask('a');
    await claim();
    expect((await post({ rollout_id: id, final_reward: 1 })).status).toBe(200);
    clock.advance(100);
    expect((await claim()).is_available).toBe(false);
  });
});

describe('completed rollouts', () => {
  it('keeps only the last result posted for an id', async () => {
    const id = await server.queueTask('a');
    await post({ rollout_id: id, final_reward: 0.1 });
    await post({ rollout_id: id, final_reward: 0.9 });
    expect(await server.getCompletedRollout(id)).toMatchObject({ final_reward: 0.9 });
  });

  it('accepts results for ids that were never queued', async () => {
    expect((await post({ rollout_id: 'never-queued' })).status).toBe(200);
    expect(await server.getCompletedRollout('never-queued')).toEqual({
      rollout_id: 'never-queued',
      task: null,
      final_reward: null,
      triplets: null,
      trace: null,
      logs: null,
      metadata: {},
    });
  });

  it('hands a result out once', async () => {
    await post({ rollout_id: 'r' });
    expect(await server.getCompletedRollout('r')).not.toBeNull();
    expect(await server.getCompletedRollout('r')).toBeNull();
  });

  it('retrieves every result in arrival order and empties the buffer', async () => {
    for (const id of ['c', 'a', 'b']) await post({ rollout_id: id, final_reward: 1 });
    const all = await server.retrieveCompletedRollouts();
    expect(all.map((rollout) => rollout.rollout_id)).toEqual(['c', 'a', 'b']);
    expect(await server.retrieveCompletedRollouts()).toEqual([]);
  });
});

describe('lifecycle', () => {
  it('throws "Store not initialized" from every method before start and after stop', async () => {
    const idle = new AgentLightningServer({ port: 0, logger: quietLogger });
    const calls = [
      () => idle.queueTask(1),
      () => idle.updateResources({}),
      () => idle.getCompletedRollout('x'),
      () => idle.pollCompletedRollout('x', { timeout: 0.01 }),
      () => idle.retrieveCompletedRollouts(),
    ];
    for (const call of calls) {
      await expect(call()).rejects.toThrow(InvalidStateError);
      await expect(call()).rejects.toThrow('Store not initialized. The server may not be running.');
    }
    await idle.start();
    await expect(idle.queueTask(1)).resolves.toMatch(/^rollout-/);
    await idle.stop();
    await expect(idle.queueTask(1)).rejects.toThrow(InvalidStateError);
  });

  it('starts with a fresh state after a restart', async () => {
    await server.queueTask('a');
    await server.stop();
    await server.start();
    expect((await claim()).is_available).toBe(false);
  });
});
