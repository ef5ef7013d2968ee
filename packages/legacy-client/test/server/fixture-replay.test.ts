import { ManualClock } from '@agl/store-core';
import type { NamedResources } from '@agl/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentLightningServer } from '../../src/server/server';
import {
  compareBody,
  type Exchange,
  exchange,
  IdMap,
  loadLegacyExchanges,
} from '../fixture-support';
import { startLegacyServer } from '../helpers';

const exchanges = loadLegacyExchanges();
const clock = new ManualClock(1_795_314_544);
const ids = new IdMap();
let server: AgentLightningServer;
let firstSnapshot = '';

const FIRST: NamedResources = {
  main_llm: {
    resource_type: 'llm',
    endpoint: 'http://127.0.0.1:8080/v1',
    model: 'fixture-model',
    api_key: null,
    sampling_parameters: { temperature: 0.7 },
  },
  greeting: { resource_type: 'prompt_template', template: 'Hello {name}!', engine: 'f-string' },
};
const SECOND: NamedResources = {
  proxy: {
    resource_type: 'proxy_llm',
    endpoint: 'http://127.0.0.1:8081/v1',
    model: 'fixture-model',
    api_key: null,
    sampling_parameters: {},
  },
};

/** The in-process calls the recording made between exchanges (fixtures README). */
async function serverSideStepsBefore(name: string): Promise<void> {
  if (name === 'legacy.task.reclaimed_after_timeout') clock.advance(2.6);
}
async function serverSideStepsAfter(name: string): Promise<void> {
  if (name === 'legacy.resources.by_id.404_unknown')
    firstSnapshot = await server.updateResources(FIRST);
  if (name === 'legacy.resources.by_id') await server.updateResources(SECOND);
  if (name === 'legacy.resources.latest.405_post') {
    await server.queueTask(
      { question: 'What is 2+2?' },
      { mode: 'train', resourcesId: firstSnapshot, metadata: { data_id: 'd-1', is_train: true } },
    );
    await server.queueTask('a plain string input');
  }
}

async function replay({ request }: Exchange): Promise<Response> {
  const query = request.query.length > 0 ? `?${new URLSearchParams(request.query)}` : '';
  const init: RequestInit = { method: request.method, headers: request.headers };
  const raw =
    request.body_raw ?? (request.body === null ? undefined : JSON.stringify(request.body));
  if (raw !== undefined) init.body = ids.substitute(raw);
  return fetch(`${server.endpoint}${ids.substitute(request.path)}${query}`, init);
}

beforeAll(async () => {
  server = await startLegacyServer({ clock, taskTimeoutSeconds: 2 });
});
afterAll(() => server.stop());

describe('replay of the reference legacy server recording', () => {
  it('has the 27 recorded exchanges', () => {
    expect(exchanges).toHaveLength(27);
  });

  for (const recorded of exchanges) {
    it(recorded.name, async () => {
      await serverSideStepsBefore(recorded.name);
      const response = await replay(recorded);
      expect(response.status).toBe(recorded.response.status);
      const mediaType = response.headers.get('content-type')?.split(';')[0] ?? null;
      expect(mediaType).toBe(recorded.response.content_type?.split(';')[0] ?? null);
      if (recorded.response.headers?.allow !== undefined) {
        expect(response.headers.get('allow')).toBe(recorded.response.headers.allow);
      }
      compareBody(recorded.response.body, await response.json(), ids);
      await serverSideStepsAfter(recorded.name);
    });
  }

  it('ends with the three completed rollouts the reference held, last write winning', async () => {
    const results = await server.retrieveCompletedRollouts();
    const claimed = exchange(exchanges, 'legacy.task.claim_second_query_ignored');
    const plainId = (claimed.response.body as { task: { rollout_id: string } }).task.rollout_id;
    expect(results.map((r) => r.rollout_id)).toEqual([
      ids.substitute('rollout-ee483939-5e7e-4079-af18-4cdec7ca6866'),
      ids.substitute(plainId),
      'rollout-unknown-is-accepted',
    ]);
    expect(results[1]).toMatchObject({ final_reward: 1.5, task: null });
    expect(results[0]).toMatchObject({ final_reward: 1, logs: ['started', 'finished'] });
  });
});
