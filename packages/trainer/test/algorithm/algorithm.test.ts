import { InvalidArgumentError, NotImplementedStoreError } from '@agl/store-core';
import { InMemoryLightningStore } from '@agl/store-memory';
import { afterEach, describe, expect, it } from 'vitest';
import {
  Algorithm,
  algo,
  Baseline,
  batchIterOverDataset,
  FastAlgorithm,
  type LlmProxyLike,
  withLlmProxy,
  withStore,
} from '../../src/algorithm';
import { captureLogs } from '../../src/logging';

let capture = captureLogs();
afterEach(() => {
  capture.restore();
  capture = captureLogs();
});

class Noop extends Algorithm {
  run() {}
}

describe('Algorithm base', () => {
  it('reports unset components with the reference messages', () => {
    const a = new Noop();
    expect(() => a.getTrainer()).toThrow('Trainer has not been set for this agent.');
    expect(() => a.getStore()).toThrow('Store has not been set for this algorithm.');
    expect(() => a.getAdapter()).toThrow('Adapter has not been set for this algorithm.');
    expect(a.getLlmProxy()).toBeNull();
    expect(a.getInitialResources()).toBeNull();
    expect(() => a.getClient()).toThrow(NotImplementedStoreError);
    expect(a.isAsync()).toBe(true);
  });
});

describe('algo()', () => {
  it('injects store lazily and passes datasets', async () => {
    const seen: unknown[] = [];
    const fn = algo(async (ctx) => {
      seen.push(ctx.trainDataset, ctx.valDataset, ctx.initialResources, ctx.llmProxy);
      seen.push(ctx.store.name);
    });
    const store = new InMemoryLightningStore({ watchdogIntervalSeconds: null });
    fn.setStore(store);
    fn.setInitialResources({});
    await fn.run({ trainDataset: [1], valDataset: null });
    expect(seen).toEqual([[1], null, {}, null, store.name]);
    await store.close();
  });

  it('throws InvalidArgumentError when an unset store or adapter is read', async () => {
    await expect(algo(({ store }) => store).run()).rejects.toThrow(InvalidArgumentError);
    await expect(algo(({ adapter }) => adapter).run()).rejects.toThrow('Adapter has not been set');
    let touched = false;
    await algo(() => {
      touched = true;
    }).run();
    expect(touched).toBe(true);
  });

  it('enforces the declared inject list for datasets', async () => {
    const fn = algo(() => undefined, { inject: ['store', 'valDataset'] });
    await expect(fn.run({ trainDataset: [1] })).rejects.toThrow(InvalidArgumentError);
    await expect(fn.run({ trainDataset: [1] })).rejects.toThrow(
      'train_dataset is provided but not supported',
    );
    await expect(fn.run({ valDataset: [1] })).resolves.toBeUndefined();
    expect(fn.invoke({} as never)).toBeUndefined();
  });
});

describe('helper wrappers', () => {
  class FakeProxy implements LlmProxyLike {
    running = false;
    log: string[] = [];
    isRunning() {
      return this.running;
    }
    start() {
      this.running = true;
      this.log.push('start');
    }
    stop() {
      this.running = false;
      this.log.push('stop');
    }
  }

  it('withStore passes the store resolved at call time', async () => {
    const store = new InMemoryLightningStore({ watchdogIntervalSeconds: null });
    const method = withStore(function (this: Noop, s, extra: number) {
      return [s, extra];
    });
    const a = new Noop();
    expect(() => method.call(a, 1)).toThrow(InvalidArgumentError);
    a.setStore(store);
    expect(method.call(a, 2)).toEqual([store, 2]);
    await store.close();
  });

  it('withLlmProxy requires, auto-starts and stops the proxy', async () => {
    const a = new Noop();
    const required = withLlmProxy({ required: true })(async () => 'ok');
    await expect(required.call(a)).rejects.toThrow('LLM proxy is required but not configured');
    const proxy = new FakeProxy();
    a.setLlmProxy(proxy);
    const inside: boolean[] = [];
    const wrapped = withLlmProxy()(async function (this: Noop, p) {
      inside.push((p as FakeProxy).isRunning());
      return 'done';
    });
    expect(await wrapped.call(a)).toBe('done');
    expect(inside).toEqual([true]);
    expect(proxy.log).toEqual(['start', 'stop']);
    proxy.running = true;
    proxy.log = [];
    await wrapped.call(a);
    expect(proxy.log).toEqual([]);
    expect(proxy.running).toBe(true);
  });

  it('batchIterOverDataset yields full shuffles or batches of distinct items covering every index', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return (seed - 1) / 2147483646;
    };
    const whole = batchIterOverDataset(['a', 'b', 'c'], 5, random);
    for (let i = 0; i < 3; i++)
      expect([...(whole.next().value as string[])].sort()).toEqual(['a', 'b', 'c']);
    const data = [0, 1, 2, 3, 4, 5, 6];
    const batches = batchIterOverDataset(data, 3, random);
    const firstPass: number[] = [];
    for (let i = 0; i < 7; i++) {
      const batch = batches.next().value as number[];
      expect(batch).toHaveLength(3);
      expect(new Set(batch).size).toBe(3);
      if (i < 2) firstPass.push(...batch);
    }
    expect(new Set(firstPass).size).toBe(6);
    expect(() => batchIterOverDataset([], 2).next()).toThrow(InvalidArgumentError);
  });
});

describe('Baseline', () => {
  it('validates train_split', () => {
    expect(() => new Baseline({ trainSplit: 1 })).toThrow('train_split must be between 0 and 1.');
    expect(() => new Baseline({ trainSplit: 0 })).toThrow(InvalidArgumentError);
    expect(new Baseline()).toBeInstanceOf(FastAlgorithm);
  });

  it('with no data logs an error and enqueues nothing', async () => {
    const store = new InMemoryLightningStore({ watchdogIntervalSeconds: null });
    const b = new Baseline();
    b.setStore(store);
    await b.run({});
    expect((await store.queryRollouts()).total).toBe(0);
    expect(capture.records.some((l) => l.level === 'error')).toBe(true);
    await store.close();
  });
});
