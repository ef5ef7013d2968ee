/**
 * The gateway of the proxy benchmark, in its own process: an `LlmProxy` with default options in
 * front of the fake model server given as first argument, recording into an in-memory store
 * (unless `--no-record`). It
 * prints one JSON line `{url, rolloutId, attemptId}` and runs until killed.
 */
import { LlmProxy } from '@agl/llm-proxy';
import { InMemoryLightningStore } from '@agl/store-memory';

const upstream = process.argv[2];
if (!upstream) throw new Error('usage: gateway-child.ts <fake upstream url> [--no-record]');
const record = !process.argv.includes('--no-record');
const store = new InMemoryLightningStore();
const rollout = await store.startRollout({ bench: true }, { mode: 'train' });
const proxy = new LlmProxy({
  store,
  record,
  modelList: [
    { model_name: 'toy', litellm_params: { model: 'hosted_vllm/fake/toy-1', api_base: upstream } },
  ],
});
await proxy.start();
process.stdout.write(
  `${JSON.stringify({ url: proxy.accessEndpoint, rolloutId: rollout.rollout_id, attemptId: rollout.attempt.attempt_id })}\n`,
);
process.on('SIGTERM', () => {
  void proxy.stop().then(() => process.exit(0));
});
