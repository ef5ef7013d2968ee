import { InvalidArgumentError } from '@agl/store-core';
import { describe, expect, it } from 'vitest';
import {
  Baseline,
  ClientServerExecutionStrategy,
  LitAgentRunner,
  OtelTracer,
  SharedMemoryExecutionStrategy,
} from '../src/index';

describe('duration options carry their unit; the old names stay one release', () => {
  it('Baseline: pollIntervalSeconds, or the deprecated pollingInterval', () => {
    expect(new Baseline({ pollIntervalSeconds: 0.25 }).pollIntervalSeconds).toBe(0.25);
    const old = new Baseline({ pollingInterval: 0.5 });
    expect(old.pollIntervalSeconds).toBe(0.5);
    expect(old.pollingInterval).toBe(0.5);
    expect(new Baseline({ pollIntervalSeconds: 1, pollingInterval: 1 }).pollIntervalSeconds).toBe(
      1,
    );
  });

  it('SharedMemoryExecutionStrategy: joinTimeoutSeconds and gracefulDelaySeconds', () => {
    const fresh = new SharedMemoryExecutionStrategy({
      joinTimeoutSeconds: 3,
      gracefulDelaySeconds: 2,
    });
    expect([fresh.joinTimeoutSeconds, fresh.gracefulDelaySeconds]).toEqual([3, 2]);
    const old = new SharedMemoryExecutionStrategy({ joinTimeout: 4, gracefulDelay: 1 });
    expect([old.joinTimeoutSeconds, old.gracefulDelaySeconds]).toEqual([4, 1]);
    expect([old.joinTimeout, old.gracefulDelay]).toEqual([4, 1]);
  });

  it('ClientServerExecutionStrategy: gracefulTimeoutSeconds and terminateTimeoutSeconds', () => {
    const env = {};
    const fresh = new ClientServerExecutionStrategy({
      env,
      gracefulTimeoutSeconds: 3,
      terminateTimeoutSeconds: 2,
    });
    expect([fresh.gracefulTimeoutSeconds, fresh.terminateTimeoutSeconds]).toEqual([3, 2]);
    const old = new ClientServerExecutionStrategy({ env, gracefulTimeout: 4, terminateTimeout: 1 });
    expect([old.gracefulTimeoutSeconds, old.terminateTimeoutSeconds]).toEqual([4, 1]);
    expect([old.gracefulTimeout, old.terminateTimeout]).toEqual([4, 1]);
  });

  it('refuses an option and its old name given with different values', () => {
    const cases: [() => unknown, RegExp][] = [
      [
        () => new Baseline({ pollIntervalSeconds: 1, pollingInterval: 2 }),
        /pollIntervalSeconds \(1\) and its deprecated alias pollingInterval \(2\)/,
      ],
      [
        () => new SharedMemoryExecutionStrategy({ joinTimeoutSeconds: 3, joinTimeout: 4 }),
        /joinTimeoutSeconds.*joinTimeout/,
      ],
      [
        () => new SharedMemoryExecutionStrategy({ gracefulDelaySeconds: 3, gracefulDelay: 4 }),
        /gracefulDelaySeconds.*gracefulDelay/,
      ],
      [
        () =>
          new ClientServerExecutionStrategy({
            env: {},
            gracefulTimeoutSeconds: 3,
            gracefulTimeout: 4,
          }),
        /gracefulTimeoutSeconds.*gracefulTimeout/,
      ],
      [
        () =>
          new ClientServerExecutionStrategy({
            env: {},
            terminateTimeoutSeconds: 3,
            terminateTimeout: 4,
          }),
        /terminateTimeoutSeconds.*terminateTimeout/,
      ],
      [
        () =>
          new LitAgentRunner({ tracer: new OtelTracer(), pollIntervalSeconds: 1, pollInterval: 2 }),
        /pollIntervalSeconds.*pollInterval/,
      ],
      [
        () =>
          new LitAgentRunner({
            tracer: new OtelTracer(),
            heartbeatIntervalSeconds: 1,
            heartbeatInterval: 2,
          }),
        /heartbeatIntervalSeconds.*heartbeatInterval/,
      ],
      [
        () =>
          new LitAgentRunner({
            tracer: new OtelTracer(),
            intervalJitterSeconds: 1,
            intervalJitter: 2,
          }),
        /intervalJitterSeconds.*intervalJitter/,
      ],
    ];
    for (const [build, message] of cases) {
      expect(build).toThrow(InvalidArgumentError);
      expect(build).toThrow(message);
    }
    const agreeing = new LitAgentRunner({
      tracer: new OtelTracer(),
      pollIntervalSeconds: 1,
      pollInterval: 1,
    });
    expect(agreeing.options.pollIntervalSeconds).toBe(1);
  });
});
