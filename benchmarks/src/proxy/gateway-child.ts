/**
 * The gateway of the proxy benchmark, in its own process: an `LlmProxy` with default options in
 * front of the fake model server given as first argument, recording into an in-memory store, or
 * with `--store-url <url>` into an HTTP store (`agl store`), or with `--discard` into a store that
 * drops spans, or nothing with `--no-record`. It prints one JSON line `{url, rolloutId, attemptId}`
 * and runs until killed. A line `rss` on stdin makes it collect garbage (when started with
 * `--expose-gc`) and print `process.memoryUsage()` plus the anonymous and file-backed parts of the
 * RSS (`anon`, `file`), in bytes, and per V8 heap space `[size, used, physical]` (`spaces`): RSS
 * growth inside the committed heap (the young generation's pages) is told apart from growth outside.
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { getHeapSpaceStatistics } from 'node:v8';
import { LlmProxy } from '@agl/llm-proxy';
import { LightningStoreClient } from '@agl/store-client';
import type { LightningStore } from '@agl/store-core';
import { InMemoryLightningStore } from '@agl/store-memory';
import type { Span } from '@agl/types';

/** Issues sequence ids and knows its rollouts like the memory store, but keeps no span. */
class DiscardingStore extends InMemoryLightningStore {
  override async addManySpans(_spans: readonly Span[]): Promise<Span[]> {
    return [];
  }
}

const args = process.argv.slice(2);
const upstream = args[0];
if (!upstream)
  throw new Error(
    'usage: gateway-child.ts <fake upstream url> [--no-record | --store-url <url> | --discard]',
  );
const record = !args.includes('--no-record');
const storeUrl = args.includes('--store-url') ? args[args.indexOf('--store-url') + 1] : undefined;
const store: LightningStore = storeUrl
  ? new LightningStoreClient(storeUrl)
  : args.includes('--discard')
    ? new DiscardingStore()
    : new InMemoryLightningStore();
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
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() !== 'rss') return;
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  const status = readFileSync('/proc/self/status', 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) * 1024;
  const spaces = Object.fromEntries(
    getHeapSpaceStatistics().map((s) => [
      s.space_name,
      [s.space_size, s.space_used_size, s.physical_space_size],
    ]),
  );
  process.stdout.write(
    `${JSON.stringify({ ...process.memoryUsage(), anon: kb('RssAnon'), file: kb('RssFile'), spaces })}\n`,
  );
});
process.on('SIGTERM', () => {
  void proxy.stop().then(() => process.exit(0));
});
