import { InvalidArgumentError } from '@agl/store-core';
import { sleep } from '@agl/store-core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AgentLightningServer } from '../../src/server/server';
import { startLegacyServer } from '../helpers';

let server: AgentLightningServer;

const post = (body: unknown) =>
  fetch(`${server.endpoint}/rollout`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

beforeEach(async () => {
  server = await startLegacyServer();
});
afterEach(() => server.stop());

describe('pollCompletedRollout', () => {
  it('resolves to null when the timeout passes without a result', async () => {
    const id = await server.queueTask('a');
    expect(await server.pollCompletedRollout(id, { timeoutSeconds: 0.2 })).toBeNull();
  });

  it('still takes the deprecated timeout alias, and refuses both names disagreeing', async () => {
    const id = await server.queueTask('a');
    expect(await server.pollCompletedRollout(id, { timeout: 0.05 })).toBeNull();
    expect(
      await server.pollCompletedRollout(id, { timeoutSeconds: 0.05, timeout: 0.05 }),
    ).toBeNull();
    await expect(
      server.pollCompletedRollout(id, { timeoutSeconds: 0.05, timeout: 60 }),
    ).rejects.toThrow(InvalidArgumentError);
  });

  it('returns a result that is already there', async () => {
    await post({ rollout_id: 'r', final_reward: 0.5 });
    expect(await server.pollCompletedRollout('r', { timeout: 0.2 })).toMatchObject({
      final_reward: 0.5,
    });
  });

  it('resolves with the result once it is posted, and removes it', async () => {
    const id = await server.queueTask('a');
    const waiting = server.pollCompletedRollout(id);
    await post({ rollout_id: 'someone-else' });
    await sleep(0.02);
    await post({ rollout_id: id, final_reward: 0.75 });
    expect(await waiting).toMatchObject({ rollout_id: id, final_reward: 0.75 });
    expect(await server.getCompletedRollout(id)).toBeNull();
    expect(await server.getCompletedRollout('someone-else')).not.toBeNull();
  });

  it('treats a zero timeout as "wait forever", like the reference', async () => {
    const waiting = server.pollCompletedRollout('r', { timeoutSeconds: 0 });
    await sleep(0.03);
    await post({ rollout_id: 'r' });
    expect(await waiting).toMatchObject({ rollout_id: 'r' });
  });

  it('rejects with the abort reason when its signal fires', async () => {
    const controller = new AbortController();
    const waiting = server.pollCompletedRollout('r', { signal: controller.signal });
    controller.abort(new Error('stop waiting'));
    await expect(waiting).rejects.toThrow('stop waiting');
  });

  it('rejects with "Store not initialized" when the server stops while it waits', async () => {
    const waiting = server.pollCompletedRollout('r');
    await server.stop();
    await expect(waiting).rejects.toThrow('Store not initialized');
    await server.start();
  });
});
