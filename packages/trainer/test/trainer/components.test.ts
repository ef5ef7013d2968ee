import { InvalidArgumentError, type LightningStore, UnknownLogLevelError } from '@agl/store-core';
import { InMemoryLightningStore } from '@agl/store-memory';
import { afterEach, describe, expect, it } from 'vitest';
import { TracerTraceToTriplet, TraceToMessages } from '../../src/adapter';
import { LitAgent } from '../../src/agent';
import { Algorithm, algo } from '../../src/algorithm';
import {
  ClientServerExecutionStrategy,
  type ExecutionStrategy,
  SharedMemoryExecutionStrategy,
} from '../../src/execution';
import { captureLogs } from '../../src/logging';
import { Hook, LitAgentRunner } from '../../src/runner';
import { DummyTracer, OtelTracer } from '../../src/tracer';
import {
  buildComponent,
  camelCaseKey,
  customSpec,
  MissingSharedStoreError,
  type RunnerSpec,
  type StrategySpec,
  Trainer,
} from '../../src/trainer';
import type { TrainerOptions } from '../../src/trainer/options';
import { UnknownSpecKeyError } from '../../src/trainer/spec-keys';

let capture = captureLogs();
afterEach(() => {
  capture.restore();
  capture = captureLogs();
});

const quiet = { progress: false } as const;

describe('strategy resolution', () => {
  it('builds shm from a key and a dict', () => {
    const t1 = new Trainer({ ...quiet, strategy: 'shm', nRunners: 1 });
    expect(t1.strategy).toBeInstanceOf(SharedMemoryExecutionStrategy);
    const t2 = new Trainer({
      ...quiet,
      strategy: { type: 'shm', main_thread: 'algorithm', managed_store: false },
      nRunners: 8,
    });
    const s2 = t2.strategy as SharedMemoryExecutionStrategy;
    expect([s2.mainThread, s2.managedStore, s2.nRunners, t2.nRunners]).toEqual([
      'algorithm',
      false,
      8,
      8,
    ]);
    expect(() => new Trainer({ ...quiet, strategy: 'shm', nRunners: 8 })).toThrow(
      InvalidArgumentError,
    );
  });

  it('adopts a pre-built strategy runner count', () => {
    const strategy = new SharedMemoryExecutionStrategy({ nRunners: 4, mainThread: 'algorithm' });
    const trainer = new Trainer({ ...quiet, strategy, nRunners: 8 });
    expect(trainer.strategy).toBe(strategy);
    expect(trainer.nRunners).toBe(4);
  });

  it('forwards port to client-server strategies only', () => {
    expect(
      (
        new Trainer({ ...quiet, strategy: { type: 'cs', server_port: 9999 } })
          .strategy as ClientServerExecutionStrategy
      ).serverPort,
    ).toBe(9999);
    const byPort = new Trainer({ ...quiet, port: 8081 }).strategy;
    expect(byPort).toBeInstanceOf(ClientServerExecutionStrategy);
    expect((byPort as ClientServerExecutionStrategy).serverPort).toBe(8081);
    const prebuilt = new ClientServerExecutionStrategy({ serverPort: 1234 });
    expect(
      (
        new Trainer({ ...quiet, strategy: prebuilt, port: 8083 })
          .strategy as ClientServerExecutionStrategy
      ).serverPort,
    ).toBe(8083);
    expect(new Trainer({ ...quiet, strategy: 'shm', port: 8082 }).strategy).toBeInstanceOf(
      SharedMemoryExecutionStrategy,
    );
  });

  it('refuses an AGL_LOG_LEVEL that names no level', () => {
    const saved = process.env.AGL_LOG_LEVEL;
    process.env.AGL_LOG_LEVEL = 'verbose';
    try {
      expect(() => new Trainer(quiet)).toThrow(UnknownLogLevelError);
      expect(() => new Trainer(quiet)).toThrow(
        "AGL_LOG_LEVEL: unknown log level 'verbose' (expected debug, info, warn, error)",
      );
    } finally {
      if (saved === undefined) delete process.env.AGL_LOG_LEVEL;
      else process.env.AGL_LOG_LEVEL = saved;
    }
  });

  it('honours AGL_* variables for a cs key', () => {
    const saved = { ...process.env };
    Object.assign(process.env, {
      AGL_SERVER_PORT: '10000',
      AGL_CURRENT_ROLE: 'algorithm',
      AGL_MANAGED_STORE: '0',
    });
    try {
      const store = new InMemoryLightningStore({ watchdogIntervalSeconds: null });
      const s = new Trainer({ ...quiet, strategy: 'cs', store })
        .strategy as ClientServerExecutionStrategy;
      expect([s.serverPort, s.role, s.managedStore]).toEqual([10000, 'algorithm', false]);
      // Without a store each process would get a private one: refused with advice.
      expect(() => new Trainer({ ...quiet, strategy: 'cs' })).toThrow(MissingSharedStoreError);
      expect(() => new Trainer({ ...quiet, strategy: 'cs' })).toThrow(
        /none was passed.*new LightningStoreClient/,
      );
    } finally {
      for (const key of ['AGL_SERVER_PORT', 'AGL_CURRENT_ROLE', 'AGL_MANAGED_STORE']) {
        if (saved[key] === undefined) delete process.env[key];
        else process.env[key] = saved[key];
      }
    }
  });

  it('accepts factories and rejects wrong factory results', () => {
    const made: ExecutionStrategy = { execute: async () => {} };
    expect(new Trainer({ ...quiet, strategy: () => made }).strategy).toBe(made);
    expect(() => new Trainer({ ...quiet, strategy: (() => 42) as never })).toThrow(
      InvalidArgumentError,
    );
    expect(() => new Trainer({ ...quiet, strategy: 'ipc' })).toThrow(/Unknown strategy 'ipc'/);
    expect(() => new Trainer({ ...quiet, strategy: { server_port: 1 } as never })).toThrow(
      "strategy dict must have a 'type' key",
    );
  });
});

describe('other components', () => {
  it('defaults: OtelTracer, TracerTraceToTriplet, in-memory store, LitAgentRunner with tracer and maxRollouts', () => {
    const trainer = new Trainer({ ...quiet, maxRollouts: 5 });
    expect(trainer.tracer).toBeInstanceOf(OtelTracer);
    expect(trainer.adapter).toBeInstanceOf(TracerTraceToTriplet);
    expect(trainer.store).toBeInstanceOf(InMemoryLightningStore);
    expect(trainer.runner).toBeInstanceOf(LitAgentRunner);
    expect((trainer.runner as LitAgentRunner).tracer).toBe(trainer.tracer);
    expect((trainer.runner as LitAgentRunner).maxRollouts).toBe(5);
    expect(trainer.algorithm).toBeNull();
  });

  it('builds adapters from a dict without type and from registry keys', () => {
    const configured = new Trainer({
      ...quiet,
      adapter: { agent_match: 'plan_agent', repair_hierarchy: false },
    }).adapter as TracerTraceToTriplet;
    expect(configured).toBeInstanceOf(TracerTraceToTriplet);
    expect(configured.options.repairHierarchy).toBe(false);
    expect(
      new Trainer({ ...quiet, adapter: 'agentlightning.adapter.TraceToMessages' }).adapter,
    ).toBeInstanceOf(TraceToMessages);
  });

  it('injects the tracer into runner specs and builds tracers from keys', () => {
    const trainer = new Trainer({
      ...quiet,
      tracer: 'DummyTracer',
      runner: { type: 'LitAgentRunner', poll_interval: 0.5 },
      maxRollouts: 2,
    });
    const runner = trainer.runner as LitAgentRunner;
    expect(trainer.tracer).toBeInstanceOf(DummyTracer);
    expect(runner.tracer).toBe(trainer.tracer);
    expect(runner.options.pollInterval).toBe(0.5);
    expect(runner.maxRollouts).toBe(2);
  });

  it('wraps a single hook and maps deprecated aliases with warnings', () => {
    const hook = new Hook();
    const trainer = new Trainer({
      ...quiet,
      hooks: hook,
      nWorkers: 3,
      maxTasks: 7,
      strategy: { type: 'shm', main_thread: 'algorithm' },
    });
    expect(trainer.hooks).toEqual([hook]);
    expect(trainer.nRunners).toBe(3);
    expect(trainer.nWorkers).toBe(3);
    expect(trainer.maxRollouts).toBe(7);
    expect(
      capture.records.filter((l) => l.level === 'warn' && l.message.includes('deprecated')).length,
    ).toBeGreaterThanOrEqual(2);
    const agreeing = new Trainer({
      ...quiet,
      nRunners: 2,
      nWorkers: 2,
      strategy: { type: 'shm', main_thread: 'algorithm' },
    });
    expect(agreeing.nRunners).toBe(2);
  });

  it('refuses an option and its deprecated alias given with different values', () => {
    const cases: [Partial<TrainerOptions>, RegExp][] = [
      [{ nRunners: 2, nWorkers: 5 }, /nRunners \(2\) and its deprecated alias nWorkers \(5\)/],
      [{ maxRollouts: 2, maxTasks: 5 }, /maxRollouts.*maxTasks/],
      [
        { progressIntervalSeconds: 1, progressInterval: 2 },
        /progressIntervalSeconds.*progressInterval/,
      ],
      [
        { adapter: new TracerTraceToTriplet(), tripletExporter: new TracerTraceToTriplet() },
        /adapter.*tripletExporter/,
      ],
    ];
    for (const [options, message] of cases) {
      const build = () =>
        new Trainer({ ...quiet, ...options, strategy: { type: 'shm', main_thread: 'algorithm' } });
      expect(build).toThrow(InvalidArgumentError);
      expect(build).toThrow(message);
    }
    // `null` still means "not given", as the reference's `None`.
    expect(
      new Trainer({
        ...quiet,
        nRunners: null,
        nWorkers: 3,
        strategy: { type: 'shm', main_thread: 'algorithm' },
      }).nRunners,
    ).toBe(3);
  });

  it('takes progressIntervalSeconds, and progressInterval as its deprecated alias', () => {
    const aliasWarnings = () =>
      capture.records.filter((l) => l.level === 'warn' && l.message.includes('`progressInterval`'));
    new Trainer({ ...quiet, progressIntervalSeconds: 0.5 });
    expect(aliasWarnings()).toEqual([]);
    new Trainer({ ...quiet, progressInterval: 0.5 });
    expect(aliasWarnings().map((l) => l.message)).toEqual([
      '`progressInterval` is deprecated; use `progressIntervalSeconds` instead.',
    ]);
  });

  it('buildComponent: classes get only the defaults they declare', () => {
    class NoKeys extends Algorithm {
      constructor(readonly got: unknown = undefined) {
        super();
      }
      run() {}
    }
    const built = buildComponent<Algorithm>(NoKeys as never, {
      kind: 'algorithm',
      name: 'algorithm',
      isInstance: (v): v is Algorithm => v instanceof Algorithm,
      optionalDefaults: { store: 'x' },
    }) as NoKeys;
    expect(built.got).toEqual({});
    expect(() =>
      buildComponent(null, {
        kind: 'algorithm',
        name: 'algorithm',
        isInstance: (v): v is Algorithm => v instanceof Algorithm,
      }),
    ).toThrow('algorithm cannot be None.');
    expect(camelCaseKey('_skip_empty_token_spans')).toBe('_skipEmptyTokenSpans');
  });
});

describe('fit and dev', () => {
  const recordingStrategy = () => {
    const calls: unknown[] = [];
    const strategy: ExecutionStrategy = {
      execute: async (algorithmBundle, _runnerBundle, store) => {
        calls.push(store);
        const { ExecutionEvent } = await import('../../src/execution');
        const event = new ExecutionEvent();
        await algorithmBundle(store, event);
      },
    };
    return { strategy, calls };
  };

  it('dev refuses algorithms that are not FastAlgorithm and runs Baseline once', async () => {
    const noop = algo(() => undefined);
    const { strategy, calls } = recordingStrategy();
    await expect(
      new Trainer({ ...quiet, algorithm: noop, strategy }).dev(new LitAgent(), []),
    ).rejects.toThrow('Trainer.dev() requires an algorithm that inherits from FastAlgorithm');
    await new Trainer({ ...quiet, strategy }).dev(new LitAgent(), []);
    expect(calls).toHaveLength(1);
  });

  it('the algorithm bundle injects store, adapter, initial resources and the LLM proxy before run', async () => {
    const seen: Record<string, unknown> = {};
    const proxy = {
      start() {},
      stop() {},
      isRunning: () => true,
      setStore(s: LightningStore) {
        seen.proxyStore = s;
      },
    };
    const algorithm = algo((ctx) => {
      Object.assign(seen, {
        store: ctx.store,
        adapter: ctx.adapter,
        resources: ctx.initialResources,
        llmProxy: ctx.llmProxy,
        train: ctx.trainDataset,
      });
    });
    const { strategy } = recordingStrategy();
    const trainer = new Trainer({
      ...quiet,
      algorithm,
      strategy,
      llmProxy: proxy,
      initialResources: {
        p: { resource_type: 'prompt_template', template: 't', engine: 'f-string' },
      },
    });
    const agent = new LitAgent();
    await trainer.fit(agent, [1, 2]);
    // The algorithm sees the trainer's store through a view whose waits end when the run stops.
    const view = seen.store as LightningStore;
    await view.enqueueRollout('through the view');
    expect((await trainer.store.queryRollouts()).total).toBe(1);
    expect(seen.proxyStore).toBe(trainer.store);
    expect(seen.adapter).toBe(trainer.adapter);
    expect(seen.llmProxy).toBe(proxy);
    expect(seen.resources).toEqual({
      p: { resource_type: 'prompt_template', template: 't', engine: 'f-string' },
    });
    expect(seen.train).toEqual([1, 2]);
    expect(agent.getTrainer()).toBe(trainer);
    expect(algorithm.getTrainer()).toBe(trainer);
  });

  it('without an algorithm the bundle returns only after the event is set', async () => {
    const { ExecutionEvent } = await import('../../src/execution');
    let bundle:
      | ((s: LightningStore, e: InstanceType<typeof ExecutionEvent>) => Promise<void>)
      | null = null;
    const strategy: ExecutionStrategy = {
      execute: async (a) => {
        bundle = a;
      },
    };
    const trainer = new Trainer({ ...quiet, strategy });
    await trainer.fit(new LitAgent());
    const event = new ExecutionEvent();
    let returned = false;
    const run = (bundle as unknown as (s: LightningStore, e: unknown) => Promise<void>)(
      trainer.store,
      event,
    ).then(() => {
      returned = true;
    });
    await new Promise((r) => setTimeout(r, 150));
    expect(returned).toBe(false);
    event.set();
    await run;
    expect(returned).toBe(true);
  });

  it('fit refuses a legacy server URL', async () => {
    await expect(new Trainer(quiet).fit(new LitAgent(), 'http://localhost:9999')).rejects.toThrow(
      InvalidArgumentError,
    );
  });
});

describe('unknown spec keys', () => {
  it('are refused at run time with the closest known key', () => {
    const typo = { type: 'cs', servr_port: 1 } as never;
    expect(() => new Trainer({ ...quiet, strategy: typo })).toThrow(UnknownSpecKeyError);
    expect(() => new Trainer({ ...quiet, strategy: typo })).toThrow(
      "ClientServerExecutionStrategy has no option 'servr_port'. Did you mean 'server_port'?",
    );
    const shm = { type: 'shm', n_runner: 2 } as never;
    expect(() => new Trainer({ ...quiet, strategy: shm })).toThrow("Did you mean 'n_runners'?");
    const runner = { type: 'LitAgentRunner', pollInterval: 1, pollIntervall: 2 } as never;
    expect(() => new Trainer({ ...quiet, runner })).toThrow(
      "LitAgentRunner has no option 'pollIntervall'. Did you mean 'pollInterval'?",
    );
  });

  it('are refused by the type checker for built-in types', () => {
    // @ts-expect-error servr_port is not an option of the cs strategy
    const strategy: StrategySpec = { type: 'cs', servr_port: 1 };
    // @ts-expect-error n_runner is not an option of the shm strategy
    const shm: StrategySpec = { type: 'shm', n_runner: 2 };
    // @ts-expect-error poll_intervall is not an option of LitAgentRunner
    const runner: RunnerSpec = { type: 'LitAgentRunner', poll_intervall: 2 };
    const good: StrategySpec = { type: 'cs', server_port: 0, nRunners: 2 };
    const custom: StrategySpec = customSpec({ type: 'my-strategy', anything: 1 });
    expect([strategy, shm, runner, good, custom]).toHaveLength(5);
  });
});
