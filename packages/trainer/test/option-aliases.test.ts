import { describe, expect, it } from 'vitest';
import {
  Baseline,
  ClientServerExecutionStrategy,
  SharedMemoryExecutionStrategy,
} from '../src/index';

describe('duration options carry their unit; the old names stay one release', () => {
  it('Baseline: pollIntervalSeconds, or the deprecated pollingInterval', () => {
    expect(new Baseline({ pollIntervalSeconds: 0.25 }).pollIntervalSeconds).toBe(0.25);
    const old = new Baseline({ pollingInterval: 0.5 });
    expect(old.pollIntervalSeconds).toBe(0.5);
    expect(old.pollingInterval).toBe(0.5);
    expect(new Baseline({ pollIntervalSeconds: 1, pollingInterval: 2 }).pollIntervalSeconds).toBe(
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
});
