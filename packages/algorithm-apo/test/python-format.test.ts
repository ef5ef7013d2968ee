/**
 * A Python runner's rollouts can be optimised too: a stand-in for the
 * reference runner talks to our store server with request bodies shaped
 * like the recorded reference traffic (dequeue, spans in the reference's
 * wire format with its reward attributes, attempt update), and APO reads the
 * rewards and LLM-call messages from those spans.
 */
import { readFileSync } from 'node:fs';
import type { LightningStore } from '@agl/store-core';
import { InMemoryLightningStore } from '@agl/store-memory';
import { createStoreApp } from '@agl/store-server';
import { TraceToMessages } from '@agl/trainer';
import type { AttemptedRollout, ResourcesUpdate } from '@agl/types';
import { describe, expect, it } from 'vitest';
import { APO } from '../src/index';
import {
  createFakeApoLlm,
  type LabTask,
  labReply,
  labReward,
  labSeedResources,
  TRAIN_TASKS,
  VAL_TASKS,
} from '../src/testing/index';
import { recordingLogger, scenarioOptions } from './helpers';

type Recorded = { name: string; request: { path: string; body: Record<string, unknown> } };
const recorded = readFileSync(
  new URL('../../../spec/fixtures/store-v0.3.0.jsonl', import.meta.url),
  'utf8',
)
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as Recorded);
const exchange = (name: string) => {
  const found = recorded.find((e) => e.name === name);
  if (!found) throw new Error(`no recorded exchange ${name}`);
  return found.request;
};
const SPAN = exchange('spans.add').body;
const DEQUEUE = exchange('rollouts.dequeue.with_worker').body;
const SUCCEEDED = exchange('attempts.update.latest_succeeded_with_worker').body;

/** Formats like Python's str.format for the lab's two placeholders. */
const pyFormat = (template: string, task: LabTask) =>
  template.replaceAll('{a}', String(task.a)).replaceAll('{b}', String(task.b));

/** A reference-shaped span: the recorded body with this attempt's ids, name and attributes. */
function referenceSpan(
  rolloutId: string,
  attemptId: string,
  seq: number,
  name: string,
  attributes: Record<string, unknown>,
) {
  const spanId = `${seq}`.padStart(16, 'a');
  const context = { ...(SPAN.context as object), span_id: spanId };
  return {
    ...SPAN,
    rollout_id: rolloutId,
    attempt_id: attemptId,
    sequence_id: seq,
    span_id: spanId,
    context,
    name,
    attributes,
  };
}

/** Plays a Python runner against the HTTP app until `stop()` is called. */
function pythonRunner(store: LightningStore) {
  const app = createStoreApp(store);
  const call = async <R>(method: string, path: string, body?: unknown): Promise<R> => {
    const res = await app.fetch(
      new Request(`http://store${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? null : JSON.stringify(body),
      }),
    );
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as R;
  };
  let running = true;
  let n = 0;
  const loop = (async () => {
    while (running) {
      const [rollout] = await call<AttemptedRollout[]>('POST', '/v1/agl/queues/rollouts/dequeue', {
        ...DEQUEUE,
        worker_id: 'py-worker',
      });
      if (!rollout) {
        await new Promise((r) => setTimeout(r, 5));
        continue;
      }
      const resources = await call<ResourcesUpdate>(
        'GET',
        `/v1/agl/resources/${rollout.resources_id}`,
      );
      const task = rollout.input as LabTask;
      const prompt = pyFormat(
        (resources.resources.prompt_template as { template: string }).template,
        task,
      );
      const reply = labReply(prompt);
      const attemptId = rollout.attempt.attempt_id;
      // What the reference's OpenAI instrumentation records for a chat call.
      await call(
        'POST',
        '/v1/agl/spans',
        referenceSpan(rollout.rollout_id, attemptId, 1, 'openai.chat.completion', {
          'gen_ai.system': 'OpenAI',
          'llm.request.type': 'chat',
          'gen_ai.request.model': 'fake-agent',
          'gen_ai.prompt.0.role': 'user',
          'gen_ai.prompt.0.content': prompt,
          'gen_ai.response.model': 'fake-agent',
          'gen_ai.response.id': `chatcmpl-${n}`,
          'gen_ai.completion.0.role': 'assistant',
          'gen_ai.completion.0.content': reply,
          'gen_ai.completion.0.finish_reason': 'stop',
        }),
      );
      const reward = labReward(reply, task);
      // Every other rollout reports its reward the older AgentOps way; both are reference formats.
      const rewardAttributes =
        n++ % 2 === 0
          ? { 'agentlightning.reward.0.name': 'primary', 'agentlightning.reward.0.value': reward }
          : { 'agentops.task.output': JSON.stringify({ type: 'reward', value: reward }) };
      await call(
        'POST',
        '/v1/agl/spans',
        referenceSpan(
          rollout.rollout_id,
          attemptId,
          2,
          'agentlightning.annotation',
          rewardAttributes,
        ),
      );
      await call('POST', `/v1/agl/rollouts/${rollout.rollout_id}/attempts/${attemptId}`, {
        ...SUCCEEDED,
        worker_id: 'py-worker',
      });
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

describe('rewards and messages in the Python reference span format', () => {
  it('APO optimises the prompt from rollouts a reference-shaped runner recorded', async () => {
    const store = new InMemoryLightningStore({ watchdogIntervalSeconds: null });
    const runner = pythonRunner(store);
    const llm = createFakeApoLlm();
    const apo = new APO({ ...scenarioOptions(5), client: llm.client, logger: recordingLogger() });
    apo.setStore(store);
    apo.setAdapter(new TraceToMessages());
    apo.setInitialResources({ prompt_template: labSeedResources().prompt_template.toJSON() });
    try {
      await apo.run({ trainDataset: TRAIN_TASKS, valDataset: VAL_TASKS });
    } finally {
      await runner.stop();
    }
    expect(apo.history.map((h) => h.bestScore)).toEqual([0, 0.5, 1]);
    expect(apo.getBestPrompt().template).toBe(
      'Solve the task. Add {a} and {b}. Answer with the number only.',
    );
    // The critic saw the runner's chat messages, converted from the reference attributes.
    const critique = llm.calls.find(
      (c) => c.model === 'fake-critic' && JSON.stringify(c.messages).includes('The sum might be'),
    );
    expect(critique).toBeDefined();
    const rollouts = (await store.queryRollouts()).items;
    expect(rollouts.every((r) => r.status === 'succeeded')).toBe(true);
    await store.close();
  });
});
