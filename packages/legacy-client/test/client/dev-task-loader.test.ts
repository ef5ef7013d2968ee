import { InvalidArgumentError, ManualClock } from '@agl/store-core';
import type { NamedResources } from '@agl/types';
import { describe, expect, it } from 'vitest';
import { DevTaskLoader } from '../../src/client/dev-task-loader';
import type { LegacyTaskClient } from '../../src/client/task-client';
import { LegacyValidationError } from '../../src/errors';
import { quietLogger } from '../helpers';

const resources: NamedResources = {
  prompt: { resource_type: 'prompt_template', template: 'Solve {q}', engine: 'f-string' },
};
const loader = (
  tasks: readonly unknown[],
  res: ConstructorParameters<typeof DevTaskLoader>[1] = resources,
) => new DevTaskLoader(tasks, res, { logger: quietLogger, clock: new ManualClock(50) });

describe('construction', () => {
  it('requires at least one task', () => {
    expect(() => loader([])).toThrow(InvalidArgumentError);
    expect(() => loader([])).toThrow('DevTaskLoader requires at least one task to be provided.');
  });

  it('refuses a mix of tasks and plain inputs', () => {
    expect(() => loader([{ rollout_id: 't', input: 1 }, { q: 1 }])).toThrow(
      'All tasks must be either Task or TaskInput objects.',
    );
  });

  it('validates pre-built tasks and the resources', () => {
    expect(() => loader([{ rollout_id: 't', input: 1, mode: 'bad' }])).toThrow(
      LegacyValidationError,
    );
    expect(() =>
      loader([1], { x: { resource_type: 'nope' } } as unknown as NamedResources),
    ).toThrow(LegacyValidationError);
  });

  it('copies the task list', async () => {
    const inputs = ['a'];
    const l = loader(inputs);
    inputs[0] = 'changed';
    expect((await l.pollNextTask()).input).toBe('a');
  });

  it('takes a deadline under either name, and refuses the two names disagreeing', async () => {
    const l = loader(['a']);
    expect((await l.pollNextTask({ timeoutSeconds: 1 })).input).toBe('a');
    expect((await l.pollNextTask({ timeout: 1, timeoutSeconds: 1 })).input).toBe('a');
    await expect(l.pollNextTask({ timeout: 1, timeoutSeconds: 2 })).rejects.toThrow(
      InvalidArgumentError,
    );
  });
});

describe('tasks', () => {
  it('turns plain inputs into local tasks and cycles back to the first', async () => {
    const l = loader([{ q: '1+1' }, { q: '2+2' }]);
    const first = await l.pollNextTask();
    expect(first).toEqual({
      rollout_id: 'local_task_001',
      input: { q: '1+1' },
      mode: null,
      resources_id: 'local',
      create_time: 50,
      last_claim_time: null,
      num_claims: null,
      metadata: {},
    });
    expect((await l.pollNextTask()).rollout_id).toBe('local_task_002');
    expect(await l.pollNextTask()).toMatchObject({
      rollout_id: 'local_task_001',
      input: { q: '1+1' },
    });
    expect(l.taskCount).toBe(3);
  });

  it('pads ids to at least three digits', async () => {
    const l = loader(Array.from({ length: 1000 }, (_, i) => i));
    let last = await l.pollNextTask();
    for (let i = 1; i < 1000; i += 1) last = await l.pollNextTask();
    expect(last.rollout_id).toBe('local_task_1000');
  });

  it('returns pre-built tasks with their own id and mode', async () => {
    const l = loader([{ rollout_id: 'mine', input: 3, mode: 'train' }]);
    const first = await l.pollNextTask();
    expect(first).toMatchObject({ rollout_id: 'mine', input: 3, mode: 'train', metadata: {} });
    expect(await l.pollNextTask()).toBe(first);
  });

  it('rejects an already aborted poll', async () => {
    await expect(loader([1]).pollNextTask({ signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });
});

describe('resources', () => {
  it('wraps NamedResources as the local snapshot with version 1', async () => {
    const l = loader([1]);
    expect(await l.getLatestResources()).toEqual({
      resources_id: 'local',
      create_time: 50,
      update_time: 50,
      version: 1,
      resources,
    });
  });

  it('uses a ResourcesUpdate as given', async () => {
    const update = { resources_id: 'v3', create_time: 1, update_time: 2, version: 3, resources };
    const l = loader([1], update);
    expect(await l.getLatestResources()).toEqual(update);
    expect((await l.pollNextTask()).resources_id).toBe('v3');
  });

  it('serves only its own snapshot id', async () => {
    const l = loader([1]);
    expect((await l.getResourcesById('local')).resources).toEqual(resources);
    await expect(l.getResourcesById('res-x')).rejects.toThrow(
      "Resource ID 'res-x' not found. Only 'local' is available.",
    );
  });
});

describe('results', () => {
  it('collects posted rollouts and answers received', async () => {
    const l = loader([1]);
    expect(await l.postRollout({ rollout_id: 'local_task_001', final_reward: 1 })).toEqual({
      status: 'received',
      rollout_id: 'local_task_001',
    });
    expect(l.rollouts).toEqual([
      {
        rollout_id: 'local_task_001',
        task: null,
        final_reward: 1,
        triplets: null,
        trace: null,
        logs: null,
        metadata: {},
      },
    ]);
  });

  it('describes itself', () => {
    const text = String(loader([1, 2, 3]));
    expect(text).toContain('DevTaskLoader');
    expect(text).toContain('num_tasks=3');
  });

  it('can stand in wherever a LegacyTaskClient is expected', async () => {
    const source: LegacyTaskClient = loader(['x']);
    const next = await source.pollNextTask();
    expect(next?.input).toBe('x');
    expect(source.taskCount).toBe(1);
  });
});
