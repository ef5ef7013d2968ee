import { InMemoryLightningStore } from '@agl/store-memory';
import { describe, expect, it } from 'vitest';
import { SequenceAllocator } from '../src/sequences.js';

async function storeWithRollout() {
  const store = new InMemoryLightningStore();
  const r = await store.startRollout({ q: 1 });
  return { store, rid: r.rollout_id, aid: r.attempt.attempt_id };
}

describe('SequenceAllocator', () => {
  it('allocates the ids of one turn with one batched store call, in arrival order', async () => {
    const { store, rid, aid } = await storeWithRollout();
    const batches: number[] = [];
    const many = store.getManySpanSequenceIds.bind(store);
    store.getManySpanSequenceIds = (pairs) => {
      batches.push(pairs.length);
      return many(pairs);
    };
    const allocator = new SequenceAllocator();
    const ids = await Promise.all([1, 2, 3].map(() => allocator.next(store, rid, aid)));
    expect(ids).toEqual([1, 2, 3]);
    expect(batches).toEqual([3]);
    expect(await allocator.next(store, rid, aid)).toBe(4);
    expect(batches).toEqual([3]);
  });

  it('falls back to one allocation per call when the batch fails', async () => {
    const { store, rid, aid } = await storeWithRollout();
    store.getManySpanSequenceIds = async () => {
      throw new Error('no batch route');
    };
    const allocator = new SequenceAllocator();
    const ids = await Promise.all([1, 2].map(() => allocator.next(store, rid, aid)));
    expect(ids.sort()).toEqual([1, 2]);
  });

  it('rejects a call whose own allocation fails', async () => {
    const { store, rid, aid } = await storeWithRollout();
    store.getNextSpanSequenceId = async () => {
      throw new Error('store down');
    };
    await expect(new SequenceAllocator().next(store, rid, aid)).rejects.toThrow('store down');
  });
});
