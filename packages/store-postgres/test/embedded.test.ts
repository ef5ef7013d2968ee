import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeSpan } from '@agl/store-core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { createEmbeddedPostgresStore } from '../src/index';

describe('createEmbeddedPostgresStore with a data directory', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('keeps everything across a close and a reopen of the directory', async () => {
    const base = await mkdtemp(join(tmpdir(), 'agl-pglite-'));
    dirs.push(base);
    const dataDir = join(base, 'nested', 'db');
    const first = await createEmbeddedPostgresStore({ dataDir, partition: 'run-1' });
    const [queued, second] = await first.enqueueManyRollouts([{ input: 'a' }, { input: 'b' }]);
    const started = await first.startRollout({ q: 1 }, { workerId: 'Worker-1' });
    await first.addSpan(makeSpan(started.rollout_id, started.attempt.attempt_id));
    const resources = await first.addResources({});
    await first.updateRollout(started.rollout_id, { status: 'succeeded' });
    await first.close();

    const reopened = await createEmbeddedPostgresStore({ dataDir, partition: 'run-1' });
    expect((await reopened.getRolloutById(started.rollout_id))?.status).toBe('succeeded');
    expect((await reopened.querySpans(started.rollout_id)).total).toBe(1);
    expect((await reopened.getLatestResources())?.resources_id).toBe(resources.resources_id);
    expect((await reopened.getWorkerById('Worker-1'))?.status).toBe('busy');
    expect((await reopened.dequeueRollout())?.rollout_id).toBe(queued?.rollout_id);
    expect((await reopened.dequeueRollout())?.rollout_id).toBe(second?.rollout_id);
    expect(await reopened.getNextSpanSequenceId(started.rollout_id, 'at-x')).toBe(2);
    const waited = await reopened.waitForRollouts([started.rollout_id], { timeoutSeconds: 0 });
    expect(waited.map((r) => r.rollout_id)).toEqual([started.rollout_id]);
    await reopened.close();
  }, 120_000);
});
