import { expect } from 'vitest';
import { attemptOf, present } from '../assertions';
import { makeOtelSpan } from '../builders';
import { defineContractGroup } from '../registry';

const TRACE = '0123456789abcdef0123456789abcdef';
const SPAN = '89abcdef01234567';
const PARENT = 'fedcba9876543210';

/** `addOtelSpan`: conversion of OpenTelemetry SDK spans. */
export const otelGroup = defineContractGroup('otel spans', (test) => {
  test('addOtelSpan converts every field of an OpenTelemetry span', async ({ store }) => {
    const started = await store.startRollout({});
    const otel = makeOtelSpan({
      name: 'llm.call',
      traceId: TRACE,
      spanId: SPAN,
      startTime: [1_700_000_000, 250_000_000],
      endTime: [1_700_000_002, 0],
      status: { code: 1 },
      attributes: { 'gen_ai.model': 'm', tokens: 3, tags: ['a', 'b'] },
      events: [{ name: 'ev', attributes: { k: 'v' }, time: [1_700_000_001, 500_000_000] }],
      links: [
        { context: { traceId: 'c'.repeat(32), spanId: 'd'.repeat(16) }, attributes: { l: 1 } },
      ],
      resource: { attributes: { 'service.name': 'svc' }, schemaUrl: 'https://schema.example' },
    });
    const stored = present(
      await store.addOtelSpan(started.rollout_id, started.attempt.attempt_id, otel),
    );
    expect(stored).toMatchObject({
      rollout_id: started.rollout_id,
      attempt_id: started.attempt.attempt_id,
      sequence_id: 1,
      trace_id: TRACE,
      span_id: SPAN,
      parent_id: null,
      name: 'llm.call',
      status: { status_code: 'OK', description: null },
      attributes: { 'gen_ai.model': 'm', tokens: 3, tags: ['a', 'b'] },
      events: [{ name: 'ev', attributes: { k: 'v' } }],
      links: [
        { context: { trace_id: 'c'.repeat(32), span_id: 'd'.repeat(16) }, attributes: { l: 1 } },
      ],
      context: { trace_id: TRACE, span_id: SPAN, is_remote: false, trace_state: {} },
      parent: null,
      resource: { attributes: { 'service.name': 'svc' }, schema_url: 'https://schema.example' },
    });
    expect(stored.start_time).toBeCloseTo(1_700_000_000.25, 4);
    expect(stored.end_time).toBeCloseTo(1_700_000_002, 4);
    expect(stored.events[0]?.timestamp).toBeCloseTo(1_700_000_001.5, 4);
    expect((await store.querySpans(started.rollout_id)).items).toEqual([stored]);
  });

  test('addOtelSpan maps an error status and its message', async ({ store }) => {
    const started = await store.startRollout({});
    const otel = makeOtelSpan({ status: { code: 2, message: 'boom' } });
    const stored = await store.addOtelSpan(started.rollout_id, started.attempt.attempt_id, otel);
    expect(stored?.status).toMatchObject({ status_code: 'ERROR', description: 'boom' });
  });

  test('addOtelSpan maps an unset status to UNSET', async ({ store }) => {
    const started = await store.startRollout({});
    const otel = makeOtelSpan({ status: { code: 0 } });
    const stored = await store.addOtelSpan(started.rollout_id, started.attempt.attempt_id, otel);
    expect(stored?.status.status_code).toBe('UNSET');
  });

  test('addOtelSpan takes the parent from an SDK 2 parent span context', async ({ store }) => {
    const started = await store.startRollout({});
    const otel = makeOtelSpan({
      traceId: TRACE,
      parentSpanContext: { traceId: TRACE, spanId: PARENT, isRemote: false },
    });
    const stored = present(
      await store.addOtelSpan(started.rollout_id, started.attempt.attempt_id, otel),
    );
    expect(stored.parent_id).toBe(PARENT);
    expect(stored.parent).toMatchObject({ trace_id: TRACE, span_id: PARENT });
  });

  test('addOtelSpan takes the parent from an SDK 1 parent span id', async ({ store }) => {
    const started = await store.startRollout({});
    const otel = makeOtelSpan({ parentSpanId: PARENT });
    const stored = await store.addOtelSpan(started.rollout_id, started.attempt.attempt_id, otel);
    expect(stored?.parent_id).toBe(PARENT);
  });

  test('addOtelSpan stores a zero time as null', async ({ store }) => {
    const started = await store.startRollout({});
    const otel = makeOtelSpan({ startTime: [1_700_000_000, 0], endTime: [0, 0] });
    const stored = await store.addOtelSpan(started.rollout_id, started.attempt.attempt_id, otel);
    expect(stored?.end_time).toBeNull();
    expect(stored?.start_time).toBe(1_700_000_000);
  });

  test('addOtelSpan heartbeats the attempt like addSpan', async ({ store }) => {
    const started = await store.startRollout({});
    await store.addOtelSpan(started.rollout_id, started.attempt.attempt_id, makeOtelSpan());
    const read = present(await store.getRolloutById(started.rollout_id));
    expect(read.status).toBe('running');
    expect(attemptOf(read).status).toBe('running');
    expect(attemptOf(read).last_heartbeat_time).not.toBeNull();
  });

  test('addOtelSpan of a span already stored returns null', async ({ store }) => {
    const started = await store.startRollout({});
    const otel = makeOtelSpan({ spanId: SPAN });
    expect(
      await store.addOtelSpan(started.rollout_id, started.attempt.attempt_id, otel),
    ).not.toBeNull();
    expect(
      await store.addOtelSpan(started.rollout_id, started.attempt.attempt_id, otel),
    ).toBeNull();
    expect((await store.querySpans(started.rollout_id)).total).toBe(1);
  });
});
