import { InMemoryLightningStore } from '@agl/store-memory';
import type { Span } from '@agl/types';
import OpenAI from 'openai';
import { LlmProxy, type LlmProxyOptions, type ReferenceProxyOptions } from '../src/index.js';
import {
  createFakeUpstream,
  type FakeUpstream,
  type FakeUpstreamOptions,
} from '../src/testing/index.js';

export interface Rig {
  fake: FakeUpstream;
  store: InMemoryLightningStore;
  proxy: LlmProxy;
  rolloutId: string;
  attemptId: string;
  base: string;
  client: OpenAI;
  spans(): Promise<Span[]>;
  close(): Promise<void>;
}

/** A fake model server, an in-memory store with one started rollout, and a running gateway. */
export async function rig(
  options: Partial<LlmProxyOptions & ReferenceProxyOptions> = {},
  fakeOptions: FakeUpstreamOptions = {},
): Promise<Rig> {
  const fake = await createFakeUpstream(fakeOptions);
  const store = new InMemoryLightningStore();
  const rollout = await store.startRollout({ question: 'q' }, { mode: 'train' });
  const proxy = new LlmProxy({
    store,
    modelList: [
      {
        model_name: 'toy',
        litellm_params: { model: 'hosted_vllm/fake/toy-1', api_base: fake.url },
      },
    ],
    sleep: async () => {},
    ...options,
  });
  await proxy.start();
  const rolloutId = rollout.rollout_id;
  const attemptId = rollout.attempt.attempt_id;
  const base = `${proxy.accessEndpoint}/rollout/${rolloutId}/attempt/${attemptId}`;
  return {
    fake,
    store,
    proxy,
    rolloutId,
    attemptId,
    base,
    client: new OpenAI({ baseURL: base, apiKey: 'token-abc123', maxRetries: 0 }),
    spans: async () => (await store.querySpans(rolloutId)).items,
    close: async () => {
      if (proxy.isRunning()) await proxy.stop();
      await fake.close();
      await store.close();
    },
  };
}

export const byName = (spans: readonly Span[], name: string): Span[] =>
  spans.filter((s) => s.name === name);
