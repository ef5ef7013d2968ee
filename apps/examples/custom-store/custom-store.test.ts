import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LightningStore, ManualClock } from '@agl/store-core';
import { describeLightningStore, makeSpan, sampleResources } from '@agl/store-core/testing';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { JsonlLightningStore } from './jsonl-store';

const dir = mkdtempSync(join(tmpdir(), 'agl-jsonl-store-'));
let files = 0;
const freshFile = () => join(dir, `store-${++files}.jsonl`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Every behaviour of the store specification, each test on a fresh file.
describeLightningStore({
  name: 'JsonlLightningStore',
  create: ({ options }) => new JsonlLightningStore({ ...options, path: freshFile() }),
});

/** Everything a store holds, read through the public API. */
async function snapshot(store: LightningStore) {
  const rollouts = (await store.queryRollouts()).items;
  const perRollout = await Promise.all(
    rollouts.map(async ({ rollout_id: id }) => ({
      attempts: (await store.queryAttempts(id)).items,
      spans: (await store.querySpans(id)).items,
    })),
  );
  return {
    rollouts,
    perRollout,
    resources: (await store.queryResources()).items,
    latest: await store.getLatestResources(),
    workers: (await store.queryWorkers()).items,
  };
}

describe('JsonlLightningStore persistence', () => {
  const open = (path: string, onWarning = vi.fn()) => {
    const clock = new ManualClock(1_700_000_000);
    const options = { path, clock, scanDebounceSeconds: 0, watchdogIntervalSeconds: null };
    return new JsonlLightningStore({ ...options, onWarning });
  };

  it('reopens from its file with the same rollouts, attempts, spans, resources, workers and counters', async () => {
    const path = freshFile();
    const store = open(path);
    const first = await store.addResources(sampleResources());
    await store.updateResources(first.resources_id, {});
    await store.addResources({});
    const done = await store.startRollout({ task: 'done' }, { workerId: 'w1' });
    await store.addSpan(makeSpan(done.rollout_id, done.attempt.attempt_id, { sequence_id: 7 }));
    await store.updateAttempt(done.rollout_id, 'latest', { status: 'succeeded' });
    const [queued, later] = await store.enqueueManyRollouts([{ input: 'a' }, { input: 'b' }]);
    const running = await store.startRollout({ task: 'running' }, { workerId: 'w2' });
    await store.startAttempt(running.rollout_id);
    await store.updateWorker('w3', { heartbeatStats: { gpu: 0.5 } });
    await store.getManySpanSequenceIds([[running.rollout_id, 'at-x']]);
    const before = await snapshot(store);
    await store.close();

    const reopened = open(path);
    expect(await snapshot(reopened)).toEqual(before);
    expect(await reopened.getNextSpanSequenceId(done.rollout_id, 'any')).toBe(8);
    expect(await reopened.getNextSpanSequenceId(running.rollout_id, 'any')).toBe(2);
    // The queue survives too, in order.
    expect((await reopened.dequeueRollout())?.rollout_id).toBe(queued?.rollout_id);
    expect((await reopened.dequeueRollout())?.rollout_id).toBe(later?.rollout_id);
    expect(await reopened.dequeueRollout()).toBeNull();
    await reopened.close();
  });

  it('skips a torn last line with a warning and keeps appending cleanly', async () => {
    const path = freshFile();
    const store = open(path);
    const kept = await store.enqueueRollout({ task: 'kept' });
    await store.close();
    appendFileSync(path, '{"op":"rollout","rollout":{"rollout_id":"ro-to');
    const warn = vi.fn();
    const recovered = open(path, warn);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('torn last line'));
    expect((await recovered.queryRollouts()).items.map((r) => r.rollout_id)).toEqual([
      kept.rollout_id,
    ]);
    const added = await recovered.enqueueRollout({ task: 'added' });
    await recovered.close();
    const again = open(path);
    const ids = (await again.queryRollouts()).items.map((r) => r.rollout_id);
    expect(ids).toEqual([kept.rollout_id, added.rollout_id]);
    await again.close();
  });

  it('refuses a file corrupted before its last line', () => {
    const path = freshFile();
    writeFileSync(path, 'not json\n{"op":"dequeue"}\n');
    expect(() => open(path)).toThrow(/:1: corrupt record/);
  });

  it('writes buffered changes on flush(), and refuses writes once closed', async () => {
    const path = freshFile();
    const store = open(path);
    await store.enqueueRollout('x');
    store.flush();
    expect(readFileSync(path, 'utf8').trim().split('\n')).toHaveLength(2);
    await store.close();
    await expect(store.enqueueRollout('y')).rejects.toThrow(/closed/);
  });
});
