import { NotImplementedStoreError } from '@agl/store-core';
import { describe, expect, it } from 'vitest';
import { LightningStoreClient } from '../src';
import { NO_RETRIES } from './helpers/client-options';
import { closeAfterEach } from './helpers/close-after-each';
import { type FakeHandler, startFakeServer } from './helpers/fake-server';

const PAGE = { items: [], limit: -1, offset: 0, total: 0 };
const answerPage: FakeHandler = () => ({ body: PAGE });

const closing = closeAfterEach();

async function setup(health: FakeHandler) {
  const server = closing(await startFakeServer(answerPage, health));
  const client = closing(new LightningStoreClient(server.url, NO_RETRIES));
  return { client, server };
}

describe('queryRollouts with modeIn / resourcesIdIn (capability rollout_filters)', () => {
  it('sends mode_in and resources_id_in when the server advertises rollout_filters', async () => {
    const { client, server } = await setup(() => ({
      body: { status: 'ok', capabilities: { rollout_filters: true } },
    }));
    await expect(
      client.queryRollouts({ modeIn: ['train', 'none'], resourcesIdIn: ['rs-1'] }),
    ).resolves.toEqual(PAGE);
    expect(server.calls().map((call) => call.json)).toEqual([
      {
        mode_in: ['train', 'none'],
        resources_id_in: ['rs-1'],
        limit: -1,
        offset: 0,
        filter_logic: 'and',
      },
    ]);
  });

  it('refuses them, sending no search, when the server does not advertise the capability', async () => {
    for (const capabilities of [
      undefined,
      { rollout_filters: false },
      { rollout_filters: 'yes' },
    ]) {
      const plain = await setup(() => ({ body: { status: 'ok', capabilities } }));
      const modes = plain.client.queryRollouts({ modeIn: ['val'] });
      await expect(modes).rejects.toBeInstanceOf(NotImplementedStoreError);
      await expect(modes).rejects.toThrow(/does not advertise rollout_filters.*modeIn/);
      const ids = plain.client.queryRollouts({ resourcesIdIn: [] });
      await expect(ids).rejects.toThrow(/resourcesIdIn/);
      expect(plain.server.calls()).toEqual([]);
    }
  });

  it('asks nothing extra and sends the same body as before when the filters are unused', async () => {
    const { client, server } = await setup(() => ({ body: { status: 'ok' } }));
    await client.queryRollouts({ statusIn: ['queuing'], modeIn: null });
    expect(server.sequence()).toEqual(['POST /v1/agl/rollouts/search']);
    expect(server.calls()[0]?.json).toEqual({
      status_in: ['queuing'],
      limit: -1,
      offset: 0,
      filter_logic: 'and',
    });
  });
});
