import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentLightningClient } from '../../src/client/client';
import { exchange, loadLegacyExchanges } from '../fixture-support';
import { quietLogger, type SeenRequest, startStub } from '../helpers';

const all = loadLegacyExchanges();
const claimFirst = exchange(all, 'legacy.task.claim_first');
const latest = exchange(all, 'legacy.resources.latest');
const byId = exchange(all, 'legacy.resources.by_id.older_snapshot');
const fullPost = exchange(all, 'legacy.rollout.full');
const nullsPost = exchange(all, 'legacy.rollout.client_form_all_nulls');

let stub: Awaited<ReturnType<typeof startStub>>;
let client: AgentLightningClient;

/** Answers each route with the body the reference server gave. */
function answer(request: SeenRequest) {
  if (request.url === '/task') return { json: claimFirst.response.body };
  if (request.url === '/resources/latest') return { json: latest.response.body };
  if (request.url === byId.request.path) return { json: byId.response.body };
  return { json: fullPost.response.body };
}

beforeAll(async () => {
  stub = await startStub(answer);
  client = new AgentLightningClient({ endpoint: stub.url, logger: quietLogger });
});
afterAll(() => stub.close());

describe('our client against the answers recorded from the reference server', () => {
  it('reads a recorded task unchanged', async () => {
    const task = await client.pollNextTask();
    expect(task).toEqual((claimFirst.response.body as { task: unknown }).task);
    expect(stub.requests.at(-1)).toMatchObject({
      method: 'GET',
      url: claimFirst.request.path,
      body: '',
    });
  });

  it('reads recorded snapshots unchanged', async () => {
    expect(await client.getLatestResources()).toEqual(latest.response.body);
    const id = (byId.response.body as { resources_id: string }).resources_id;
    const before = stub.requests.length;
    expect(await client.getResourcesById(id)).toEqual(latest.response.body);
    expect(stub.requests.length).toBe(before);
  });

  it('posts the recorded request bodies and returns the recorded answer', async () => {
    for (const recorded of [fullPost, nullsPost]) {
      const body = recorded.request.body as Parameters<AgentLightningClient['postRollout']>[0];
      expect(await client.postRollout(body)).toEqual(fullPost.response.body);
      const sent = stub.requests.at(-1);
      expect(sent).toMatchObject({ method: 'POST', url: recorded.request.path });
      expect(sent?.headers['content-type']).toBe(recorded.request.headers['content-type']);
      expect(JSON.parse(sent?.body ?? '')).toEqual(recorded.request.body);
    }
  });

  it('sends the full form the reference client sends for a bare result', async () => {
    const id = (nullsPost.request.body as { rollout_id: string }).rollout_id;
    await client.postRollout({ rollout_id: id });
    expect(JSON.parse(stub.requests.at(-1)?.body ?? '')).toEqual(nullsPost.request.body);
  });
});
