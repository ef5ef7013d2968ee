import { type OtelSpanLike, otelSpanToSpan, silentLogger } from '@agl/store-core';
import { describe, expect, it } from 'vitest';
import { LightningStoreClient } from '../src';
import { closeAfterEach } from './helpers/close-after-each';
import { startFakeServer } from './helpers/fake-server';

const OTEL_SPAN: OtelSpanLike = {
  name: 'openai.chat.completion',
  spanContext: () => ({ traceId: '4BF92F3577B34DA6A3CE929D0E0E4736', spanId: '00f067aa0ba902b9' }),
  parentSpanId: '00f067aa0ba902b7',
  startTime: [1767225600, 500_000_000],
  endTime: [1767225601, 0],
  status: { code: 1 },
  attributes: { 'gen_ai.system': 'openai', tokens: [1, 2] },
  events: [{ name: 'chunk', time: [1767225600, 750_000_000] }],
  links: [],
  resource: { attributes: { 'service.name': 'agent' } },
};

const closing = closeAfterEach();

async function setup() {
  const server = closing(
    await startFakeServer((request) =>
      request.path === '/v1/agl/spans/next'
        ? { body: { sequence_id: 42 } }
        : { status: 201, body: request.json },
    ),
  );
  const client = closing(new LightningStoreClient(server.url, { logger: silentLogger }));
  return { client, server };
}

describe('addOtelSpan', () => {
  it('allocates a sequence id, converts client-side and posts the span', async () => {
    const { client, server } = await setup();
    const stored = await client.addOtelSpan('ro-1', 'at-1', OTEL_SPAN);
    const expected = otelSpanToSpan(OTEL_SPAN, {
      rolloutId: 'ro-1',
      attemptId: 'at-1',
      sequenceId: 42,
    });
    expect(stored).toEqual(expected);
    expect(server.calls().map((r) => [r.path, r.json])).toEqual([
      ['/v1/agl/spans/next', { rollout_id: 'ro-1', attempt_id: 'at-1' }],
      ['/v1/agl/spans', expected],
    ]);
    expect(expected.trace_id).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(expected.parent_id).toBe('00f067aa0ba902b7');
  });

  it('uses an explicit sequence id without asking the server', async () => {
    const { client, server } = await setup();
    const stored = await client.addOtelSpan('ro-1', 'at-1', OTEL_SPAN, { sequenceId: 7 });
    expect(stored?.sequence_id).toBe(7);
    expect(server.calls().map((r) => r.path)).toEqual(['/v1/agl/spans']);
  });
});
