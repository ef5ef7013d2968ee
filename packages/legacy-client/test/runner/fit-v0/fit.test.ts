import { InvalidArgumentError } from '@agl/store-core';
import {
  captureLogs,
  LitAgent,
  OtelTracer,
  promptRollout,
  TracerTraceToTriplet,
} from '@agl/trainer';
import { describe, expect, it } from 'vitest';
import { DevTaskLoader } from '../../../src/client/dev-task-loader';
import type { LegacyAlgorithm } from '../../../src/runner/fit-v0/backend';
import { fitV0 } from '../../../src/runner/fit-v0/fit';
import { quietLogger, recordingLogger } from '../../helpers';
import { chatThenReward, promptResources, task } from '../helpers';

const agent = promptRollout<number>((input) => input);
const loaderOf = (tasks: unknown[]) =>
  new DevTaskLoader(tasks, promptResources(), { logger: quietLogger });
const quiet = { logger: quietLogger };

describe('fitV0 argument checks', () => {
  it('rejects a string that is not an http(s) URL, for every data argument', async () => {
    for (const options of [{}, { valData: 'ftp://x' }, { devData: 'x', dev: true }]) {
      const train = 'valData' in options || 'devData' in options ? loaderOf([1]) : 'localhost:8000';
      await expect(fitV0(agent, train, { ...quiet, ...options })).rejects.toThrow(
        InvalidArgumentError,
      );
    }
    await expect(fitV0(agent, 'localhost:8000', quiet)).rejects.toThrow(/http:\/\/ or https:\/\//);
  });

  it('needs a URL or client when no algorithm is given', async () => {
    const message =
      'train_data must be a string URL or AgentLightningClient when no algorithm is provided.';
    await expect(fitV0(agent, [1, 2], quiet)).rejects.toThrow(message);
    await expect(fitV0(agent, null, quiet)).rejects.toThrow(message);
  });

  it('rejects devData together with devBackend', async () => {
    const both = { ...quiet, devData: loaderOf([1]), devBackend: loaderOf([1]), dev: true };
    await expect(fitV0(agent, null, both)).rejects.toThrow(InvalidArgumentError);
  });

  it('with dev needs devData to be a URL or client', async () => {
    await expect(
      fitV0(agent, loaderOf([1]), { ...quiet, dev: true, devData: [1] }),
    ).rejects.toThrow(/dev_data must be a string URL/);
  });

  it('rejects a triplet exporter that is not a TracerTraceToTriplet, and bad counts', async () => {
    const client = loaderOf([1]);
    await expect(
      fitV0(agent, client, { ...quiet, tripletExporter: { adapt: () => [] } }),
    ).rejects.toThrow('The triplet exporter must be a TracerTraceToTriplet.');
    await expect(fitV0(agent, client, { ...quiet, nWorkers: 0 })).rejects.toThrow(/nWorkers/);
    await expect(fitV0(agent, client, { ...quiet, maxTasks: 1.5 })).rejects.toThrow(/maxTasks/);
  });

  it('rejects a data argument that is neither URL, client nor dataset', async () => {
    await expect(fitV0(agent, 42 as never, quiet)).rejects.toThrow(/trainData must be/);
  });
});

describe('fitV0 backends and workers', () => {
  it('runs one worker against a DevTaskLoader until maxTasks', async () => {
    const loader = loaderOf([0.5, 1]);
    expect(await fitV0(agent, loader, { ...quiet, maxTasks: 3 })).toEqual({ processed: [3] });
    expect(loader.rollouts.map((r) => [r.rollout_id, r.final_reward])).toEqual([
      ['local_task_001', 0.5],
      ['local_task_002', 1],
      ['local_task_001', 0.5],
    ]);
  });

  it('with dev takes the backend from devData, or from the deprecated devBackend with a warning', async () => {
    const dev = loaderOf([0.1]);
    const train = loaderOf([0.9]);
    await fitV0(agent, train, { ...quiet, dev: true, devData: dev, maxTasks: 1 });
    expect([dev.rollouts.length, train.rollouts.length]).toEqual([1, 0]);
    const { logger, lines } = recordingLogger();
    await fitV0(agent, train, { logger, dev: true, devBackend: dev, maxTasks: 1 });
    expect(dev.rollouts).toHaveLength(2);
    expect(
      lines.some((l) => l.level === 'warn' && /devBackend is deprecated/.test(l.message)),
    ).toBe(true);
  });

  it('runs several workers, each with its own tracer that keeps the options', async () => {
    const loader = loaderOf([{ a: 1, b: 2 }]);
    const traced = promptRollout<{ a: number; b: number }>(async (t, template) => {
      await chatThenReward(template.format(t), '3', 1);
    });
    const tracer = new OtelTracer({ resourceAttributes: { 'service.name': 'legacy-test' } });
    const result = await fitV0(traced, loader, { ...quiet, nWorkers: 2, maxTasks: 2, tracer });
    expect(result).toEqual({ processed: [2, 2] });
    expect(loader.rollouts).toHaveLength(4);
    for (const rollout of loader.rollouts) {
      expect(rollout.final_reward).toBe(1);
      expect(rollout.trace?.[0]).toMatchObject({
        resource: { attributes: { 'service.name': 'legacy-test' } },
      });
    }
  });

  it('reads workers, task limit, tracer, exporter and algorithm from a trainer', async () => {
    const loader = loaderOf([1]);
    const trainer = {
      nRunners: 2,
      maxRollouts: 1,
      tracer: new OtelTracer(),
      adapter: new TracerTraceToTriplet(),
      algorithm: null,
    };
    expect(await fitV0(agent, loader, { ...quiet, trainer })).toEqual({ processed: [1, 1] });
    expect(await fitV0(agent, loader, { ...quiet, trainer, nWorkers: 1 })).toEqual({
      processed: [1],
    });
    const withAlgorithm = { ...trainer, nRunners: 1, algorithm: { run: () => {} } };
    await expect(fitV0(agent, [1], { ...quiet, trainer: withAlgorithm })).rejects.toThrow(
      /no getClient/,
    );
    await expect(
      fitV0(agent, [1], { ...quiet, trainer: withAlgorithm, algorithm: null }),
    ).rejects.toThrow(/train_data must be a string URL/);
  });

  it('restricts a copy of the exporter to the agent’s deprecated trainedAgents', async () => {
    class Chatty extends LitAgent<number> {
      override async rollout(): Promise<undefined> {
        await chatThenReward('q', 'a', 1);
      }
    }
    const logs = captureLogs();
    const planner = new Chatty({ trainedAgents: 'planner' }); // logs a deprecation warning
    logs.restore();
    const exporter = new TracerTraceToTriplet();
    const loader = loaderOf([1]);
    await fitV0(planner, loader, { ...quiet, tripletExporter: exporter, maxTasks: 1 });
    await fitV0(new Chatty(), loader, { ...quiet, tripletExporter: exporter, maxTasks: 1 });
    expect(loader.rollouts.map((r) => r.triplets?.length)).toEqual([0, 1]);
    expect(exporter.options.agentMatch).toBeNull();
  });

  it('stops every worker when the signal aborts', async () => {
    const stop = new AbortController();
    const loader = loaderOf([1]);
    const slow = promptRollout(async () => {
      if (loader.rollouts.length >= 3) stop.abort();
      await new Promise((resolve) => setTimeout(resolve, 1));
      return 1;
    });
    const result = await fitV0(slow, loader, { ...quiet, nWorkers: 2, signal: stop.signal });
    expect(result.processed.reduce((a, b) => a + b, 0)).toBe(loader.rollouts.length);
    expect(loader.rollouts.length).toBeGreaterThanOrEqual(3);
  });

  it('rethrows a worker error; several become an AggregateError', async () => {
    const wrongId = () =>
      loaderOf([task({ rollout_id: 't', input: 1, resources_id: 'elsewhere' })]);
    await expect(fitV0(agent, wrongId(), quiet)).rejects.toThrow(/Resource ID 'elsewhere'/);
    const error = await fitV0(agent, wrongId(), { ...quiet, nWorkers: 2 }).catch((e) => e);
    expect(error).toBeInstanceOf(AggregateError);
    expect((error as AggregateError).errors).toHaveLength(2);
  });
});

describe('fitV0 algorithm hook', () => {
  it('uses getClient() when the data are datasets and stops the workers when the algorithm returns', async () => {
    const loader = loaderOf([1]);
    const runs: unknown[] = [];
    const algorithm: LegacyAlgorithm<number> = {
      getClient: () => loader,
      run: async (datasets) => {
        runs.push(datasets);
        while (loader.rollouts.length < 3) await new Promise((r) => setTimeout(r, 1));
      },
    };
    const result = await fitV0(agent, [1, 2], { ...quiet, nWorkers: 2, algorithm, valData: [3] });
    expect(runs).toEqual([{ trainDataset: [1, 2], valDataset: [3] }]);
    expect(result.processed.reduce((a, b) => a + b, 0)).toBe(loader.rollouts.length);
  });

  it('rethrows the algorithm error after stopping the workers', async () => {
    const loader = loaderOf([1]);
    const algorithm = {
      run: async () => {
        throw new Error('algorithm failed');
      },
    };
    await expect(fitV0(agent, loader, { ...quiet, nWorkers: 2, algorithm })).rejects.toThrow(
      'algorithm failed',
    );
  });

  it('with one worker warns, and runs the algorithm after the loop only for a training dataset', async () => {
    const order: string[] = [];
    const loader = loaderOf([1]);
    const algorithm: LegacyAlgorithm = {
      getClient: () => loader,
      run: () => {
        order.push(`algorithm after ${loader.rollouts.length}`);
      },
    };
    const { logger, lines } = recordingLogger();
    await fitV0(agent, [9], { logger, algorithm, maxTasks: 2 });
    expect(order).toEqual(['algorithm after 2']);
    expect(lines.some((l) => l.level === 'warn' && /algorithm/.test(l.message))).toBe(true);
    await fitV0(agent, loader, { ...quiet, algorithm, maxTasks: 1 });
    expect(order).toEqual(['algorithm after 2']);
  });

  it('rejects an algorithm without getClient() when no backend is given', async () => {
    await expect(fitV0(agent, [1], { ...quiet, algorithm: { run: () => {} } })).rejects.toThrow(
      /no getClient/,
    );
  });
});
