import type { LightningStore } from '@agl/store-core';
import { InvalidArgumentError } from '@agl/store-core';
import { sleep } from '@agl/store-core/testing';
import { InMemoryLightningStore } from '@agl/store-memory';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ExecutionEvent,
  envBool,
  envInt,
  SharedMemoryExecutionStrategy,
  superviseBundle,
} from '../../src/execution';
import { captureLogs } from '../../src/logging';

let capture = captureLogs();
afterEach(() => {
  capture.restore();
  capture = captureLogs();
});
const store = {} as LightningStore;

describe('ExecutionEvent', () => {
  it('sets idempotently, wakes waiters, clears and times out', async () => {
    const event = new ExecutionEvent();
    expect(await event.wait(0.01)).toBe(false);
    const waiting = event.wait();
    event.set();
    event.set();
    expect(await waiting).toBe(true);
    expect(event.isSet()).toBe(true);
    expect(event.signal.aborted).toBe(true);
    event.clear();
    expect(event.isSet()).toBe(false);
    expect(event.signal.aborted).toBe(false);
  });
});

describe('environment parsing', () => {
  it('parses booleans and integers with the reference rules', () => {
    for (const yes of ['1', 'true', ' YES ', 'On']) expect(envBool('X', { X: yes })).toBe(true);
    for (const no of ['0', 'false', 'No', 'off']) expect(envBool('X', { X: no })).toBe(false);
    expect(envBool('X', {})).toBeUndefined();
    expect(() => envBool('AGL_MANAGED_STORE', { AGL_MANAGED_STORE: 'maybe' })).toThrow(
      'AGL_MANAGED_STORE must be one of',
    );
    expect(envInt('P', { P: '10000' })).toBe(10000);
    expect(() => envInt('AGL_SERVER_PORT', { AGL_SERVER_PORT: '12.5' })).toThrow(
      'AGL_SERVER_PORT must be an integer',
    );
  });
});

describe('superviseBundle', () => {
  it('cancels then abandons a bundle that ignores the stop event', async () => {
    const event = new ExecutionEvent();
    let cancelled = false;
    const outcome = superviseBundle(
      'stubborn',
      (signal) => {
        signal.addEventListener('abort', () => {
          cancelled = true;
        });
        return new Promise(() => {});
      },
      event,
      0.02,
    );
    event.set();
    expect(await outcome).toEqual({ status: 'abandoned' });
    expect(cancelled).toBe(true);
  });

  it('treats an AbortError after cancellation as a normal return', async () => {
    const event = new ExecutionEvent();
    const outcome = superviseBundle(
      'polite',
      (signal) =>
        new Promise((_, reject) => {
          signal.addEventListener('abort', () =>
            reject(Object.assign(new Error('aborted'), { name: 'AbortError' })),
          );
        }),
      event,
      0.01,
    );
    event.set();
    expect(await outcome).toEqual({ status: 'returned' });
  });
});

describe('SharedMemoryExecutionStrategy', () => {
  it('validates its options', () => {
    expect(() => new SharedMemoryExecutionStrategy({ mainThread: 'both' as never })).toThrow(
      "main_thread must be 'algorithm' or 'runner'",
    );
    expect(() => new SharedMemoryExecutionStrategy({ nRunners: 8 })).toThrow(InvalidArgumentError);
    expect(
      new SharedMemoryExecutionStrategy({ nRunners: 8, mainThread: 'algorithm' }).nRunners,
    ).toBe(8);
    expect(new SharedMemoryExecutionStrategy({ env: undefined } as never).managedStore).toBe(true);
  });

  it('algorithm-main: sets the event when the algorithm returns and all runners stop', async () => {
    const strategy = new SharedMemoryExecutionStrategy({
      nRunners: 3,
      mainThread: 'algorithm',
      handleSignals: false,
    });
    const stopped: number[] = [];
    await strategy.execute(
      async () => void (await sleep(0.02)),
      async (_s, id, event) => {
        await event.wait();
        stopped.push(id);
      },
      store,
    );
    expect(stopped.sort()).toEqual([0, 1, 2]);
  });

  it('runner-main: waits for the algorithm and leaves the event unset', async () => {
    const strategy = new SharedMemoryExecutionStrategy({ handleSignals: false });
    let observed: ExecutionEvent | null = null;
    let algorithmDone = false;
    await strategy.execute(
      async (_s, event) => {
        observed = event;
        await sleep(0.03);
        algorithmDone = true;
      },
      async () => {},
      store,
    );
    expect(algorithmDone).toBe(true);
    expect((observed as ExecutionEvent | null)?.isSet()).toBe(false);
  });

  it('a crashing runner sets the event for the algorithm and its error is re-thrown', async () => {
    const strategy = new SharedMemoryExecutionStrategy({
      nRunners: 2,
      mainThread: 'algorithm',
      handleSignals: false,
      gracefulDelaySeconds: 0.05,
    });
    let algorithmSawStop = false;
    const run = strategy.execute(
      async (_s, event) => {
        algorithmSawStop = await event.wait(5);
      },
      async (_s, id, event) => {
        if (id === 1) throw new Error('runner 1 crashed');
        await event.wait();
      },
      store,
    );
    await expect(run).rejects.toThrow('runner 1 crashed');
    expect(algorithmSawStop).toBe(true);
  });

  it('an algorithm that ignores the stop event is abandoned after the graceful delays', async () => {
    const strategy = new SharedMemoryExecutionStrategy({
      handleSignals: false,
      gracefulDelaySeconds: 0.02,
    });
    await expect(
      strategy.execute(
        () => new Promise(() => {}),
        async () => {
          throw new Error('runner failed');
        },
        store,
      ),
    ).rejects.toThrow('runner failed');
    expect(capture.records.some((l) => l.message.includes('abandoning'))).toBe(true);
  });

  it('an interrupt in the foreground sets the event and execute returns normally', async () => {
    const strategy = new SharedMemoryExecutionStrategy({
      nRunners: 1,
      mainThread: 'runner',
      gracefulDelaySeconds: 0.05,
    });
    const real = new InMemoryLightningStore({ watchdogIntervalSeconds: null });
    const run = strategy.execute(
      async (_s, event) => void (await event.wait()),
      async (_s, _id, event) => {
        setTimeout(() => process.emit('SIGINT', 'SIGINT'), 10);
        await event.wait();
      },
      real,
    );
    await expect(run).resolves.toBeUndefined();
    expect(capture.records.some((l) => l.message.includes('SIGINT received; stopping'))).toBe(true);
    expect(process.listenerCount('SIGINT')).toBe(0);
    expect(process.listenerCount('SIGTERM')).toBe(0);
    await real.close();
  });
});
