import { LlmProxyTraceToTriplet, TracerTraceToTriplet } from '@agl/trainer';
import { afterEach, describe, expect, it } from 'vitest';
import { type Rig, rig } from './helpers.js';

let r: Rig;
afterEach(() => r?.close());

const GOLDEN_PROMPT = [
  151644, 117, 115, 101, 114, 10, 72, 105, 151645, 10, 151644, 97, 115, 115, 105, 115, 116, 97, 110,
  116, 10,
];
const GOLDEN_RESPONSE = [69, 99, 104, 111, 58, 32, 72, 105, 151645];

async function addReward(value: number): Promise<void> {
  const seq = await r.store.getNextSpanSequenceId(r.rolloutId, r.attemptId);
  await r.store.addSpan({
    rollout_id: r.rolloutId,
    attempt_id: r.attemptId,
    sequence_id: seq,
    trace_id: 'f'.repeat(32),
    span_id: 'e'.repeat(16),
    parent_id: null,
    links: [],
    events: [],
    context: null,
    parent: null,
    resource: { attributes: {}, schema_url: '' },
    name: 'agentlightning.annotation',
    status: { status_code: 'OK', description: null },
    attributes: {
      'agentlightning.reward.0.name': 'primary',
      'agentlightning.reward.0.value': value,
    },
    start_time: Date.now() / 1000,
    end_time: Date.now() / 1000,
  } as Parameters<typeof r.store.addSpan>[0]);
}

describe('adapters over gateway records', () => {
  it('LlmProxyTraceToTriplet and TracerTraceToTriplet read the golden call identically', async () => {
    r = await rig();
    await r.client.chat.completions.create({
      model: 'toy',
      messages: [{ role: 'user', content: 'Hi' }],
      temperature: 0.7,
    });
    const spans = await r.spans();
    expect(new LlmProxyTraceToTriplet().adapt(spans)).toEqual([
      {
        prompt: { token_ids: GOLDEN_PROMPT },
        response: { token_ids: GOLDEN_RESPONSE },
        reward: null,
        metadata: { response_id: 'chatcmpl-fake-1' },
      },
    ]);
    const [triplet] = new TracerTraceToTriplet().adapt(spans);
    expect(triplet?.prompt).toMatchObject({
      token_ids: GOLDEN_PROMPT,
      raw_content: [{ role: 'user', content: 'Hi' }],
    });
    expect(triplet?.response).toMatchObject({ token_ids: GOLDEN_RESPONSE });
    expect(triplet?.metadata.response_id).toBe('chatcmpl-fake-1');
  });

  it('gives a reward emitted after two calls to the second call (by sequence id)', async () => {
    r = await rig();
    await r.client.chat.completions.create({
      model: 'toy',
      messages: [{ role: 'user', content: 'one' }],
    });
    await r.client.chat.completions.create({
      model: 'toy',
      messages: [{ role: 'user', content: 'two' }],
    });
    await addReward(0.5);
    const spans = await r.spans();
    const proxy = new LlmProxyTraceToTriplet().adapt(spans);
    expect(proxy.map((t) => t.reward)).toEqual([null, 0.5]);
    expect(proxy.map((t) => t.metadata.response_id)).toEqual([
      'chatcmpl-fake-1',
      'chatcmpl-fake-2',
    ]);
    const tracer = new TracerTraceToTriplet().adapt(spans);
    expect(tracer.map((t) => (t.response as { token_ids: number[] }).token_ids)).toEqual(
      proxy.map((t) => (t.response as { token_ids: number[] }).token_ids),
    );
    expect(tracer.map((t) => t.reward)).toEqual([null, 0.5]);
  });

  it('yields one triplet from the primary span for a completions call', async () => {
    r = await rig();
    await r.client.completions.create({ model: 'toy', prompt: 'Hi' });
    const spans = await r.spans();
    expect(spans.map((s) => s.name)).toContain('openai.completion');
    const [t] = new LlmProxyTraceToTriplet().adapt(spans);
    expect(t?.prompt).toEqual({ token_ids: [72, 105] });
    expect(
      new TracerTraceToTriplet({ llmCallMatch: 'openai\\.chat\\.completion' }).adapt(spans),
    ).toEqual([]);
  });
});
