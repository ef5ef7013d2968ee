import { InMemoryLightningStore } from '@agl/store-memory';
import { describe, expect, it } from 'vitest';
import { algo } from '../src/algorithm/algo';
import { storeStoppedBy } from '../src/algorithm/stop-signal';
import { type ExecutionEvent, SharedMemoryExecutionStrategy } from '../src/execution';

describe('the stop signal an algorithm receives', () => {
  it('algo() passes the run signal in its context', async () => {
    const controller = new AbortController();
    let seen: AbortSignal | null = null;
    await algo(({ signal }) => {
      seen = signal;
    }).run({ signal: controller.signal });
    expect(seen).toBe(controller.signal);
  });

  it('a wait with a long timeout on the trainer store ends when the run stops', async () => {
    const store = new InMemoryLightningStore({ watchdogIntervalSeconds: null });
    const rollout = await store.enqueueRollout({ x: 1 });
    const controller = new AbortController();
    const view = storeStoppedBy(store, controller.signal);
    const wait = view.waitForRollouts([rollout.rollout_id], { timeoutSeconds: 300 });
    controller.abort();
    await expect(wait).resolves.toEqual([]);
    // Other members are the store's own, bound to it.
    expect((await view.queryRollouts()).total).toBe(1);
    await store.close();
  });

  it('a caller signal still works next to the run signal', async () => {
    const store = new InMemoryLightningStore({ watchdogIntervalSeconds: null });
    const rollout = await store.enqueueRollout({ x: 1 });
    const own = new AbortController();
    const view = storeStoppedBy(store, new AbortController().signal);
    const wait = view.waitForRollouts([rollout.rollout_id], {
      timeoutSeconds: 300,
      signal: own.signal,
    });
    own.abort();
    await expect(wait).resolves.toEqual([]);
    await store.close();
  });

  it('the shm strategy stops on SIGTERM as on SIGINT', async () => {
    const strategy = new SharedMemoryExecutionStrategy({ mainThread: 'algorithm' });
    const store = new InMemoryLightningStore({ watchdogIntervalSeconds: null });
    const stopped: boolean[] = [];
    await strategy.execute(
      async (_s, event: ExecutionEvent) => {
        setTimeout(() => process.emit('SIGTERM', 'SIGTERM'), 10);
        stopped.push(await event.wait(30));
      },
      async (_s, _id, event) => void (await event.wait()),
      store,
    );
    expect(stopped).toEqual([true]);
    expect(process.listenerCount('SIGTERM')).toBe(0);
    await store.close();
  });
});
