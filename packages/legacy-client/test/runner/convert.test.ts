import { OtelTracer, TracerTraceToTriplet } from '@agl/trainer';
import type { Span } from '@agl/types';
import { describe, expect, it } from 'vitest';
import { LegacyValidationError } from '../../src/errors';
import { convertAgentResult } from '../../src/runner/convert';
import { recordingLogger } from '../helpers';
import { llmSpan, rewardSpan, storeSpan, task } from './helpers';

/** Converts `result` with a tracer whose last trace is `lastTrace`. */
function convert(result: unknown, lastTrace: Span[] = []) {
  const { logger, lines } = recordingLogger();
  const converted = convertAgentResult(result, {
    rolloutId: 'task-1',
    tracer: { getLastTrace: () => lastTrace },
    tripletExporter: new TracerTraceToTriplet(),
    logger,
  });
  return { converted, lines };
}

/** Two LLM calls, each followed by a reward: rewards 0.25 then 0.75. */
const tracedSpans = (): Span[] => [
  llmSpan('c1', 10),
  rewardSpan('r1', 12, 0.25),
  llmSpan('c2', 20),
  rewardSpan('r2', 22, 0.75),
];

const aTriplet = (reward: number | null) => ({
  prompt: 'q',
  response: 'a',
  reward,
  metadata: { step: 1 },
});

describe('convertAgentResult: the return value', () => {
  it('a number is the final reward; nothing else is set without spans', () => {
    const { converted } = convert(0.5);
    expect(converted).toEqual({
      rollout_id: 'task-1',
      task: null,
      final_reward: 0.5,
      triplets: null,
      trace: null,
      logs: null,
      metadata: {},
    });
  });

  it('a number keeps its value and gets triplets and trace from the tracer spans', () => {
    const spans = tracedSpans();
    const { converted } = convert(0.9, spans);
    expect(converted.final_reward).toBe(0.9);
    expect(converted.triplets?.map((t) => t.reward)).toEqual([0.25, 0.75]);
    expect(converted.triplets?.[0]?.prompt).toMatchObject({ token_ids: [1, 2] });
    expect(converted.trace).toEqual(JSON.parse(JSON.stringify(spans)));
  });

  it('a boolean becomes 1 or 0 with a warning (TS: like the store runner)', () => {
    const { converted, lines } = convert(true);
    expect(converted.final_reward).toBe(1);
    expect(lines.some((l) => l.level === 'warn' && /boolean/.test(l.message))).toBe(true);
  });

  it('triplets are posted as given when the tracer captured nothing; the last reward is final', () => {
    const { converted } = convert([aTriplet(null), aTriplet(0.4)]);
    expect(converted.triplets).toEqual([aTriplet(null), aTriplet(0.4)]);
    expect(converted.final_reward).toBe(0.4);
    expect(converted.trace).toBeNull();
  });

  it('triplets are replaced by exporter triplets when the tracer captured spans', () => {
    const { converted } = convert([aTriplet(1)], tracedSpans());
    expect(converted.triplets).toHaveLength(2);
    expect(converted.triplets?.map((t) => t.reward)).toEqual([0.25, 0.75]);
    expect(converted.final_reward).toBe(0.75);
  });

  it('null takes the final reward from the last exporter triplet', () => {
    const { converted } = convert(undefined, tracedSpans());
    expect(converted.final_reward).toBe(0.75);
    expect(converted.trace).toHaveLength(4);
  });

  it('an empty list means empty triplets and trace, even when the tracer has spans', () => {
    const { converted } = convert([], tracedSpans());
    expect(converted.triplets).toEqual([]);
    expect(converted.trace).toEqual([]);
    expect(converted.final_reward).toBeNull();
  });

  it('a list of store spans is the trace and the source of the triplets', () => {
    const returned = [llmSpan('x1', 1), rewardSpan('x2', 3, 0.6)];
    const { converted } = convert(returned, tracedSpans());
    expect(converted.trace).toEqual(JSON.parse(JSON.stringify(returned)));
    expect(converted.triplets?.map((t) => t.reward)).toEqual([0.6]);
    expect(converted.final_reward).toBe(0.6);
  });

  it('a list of OpenTelemetry spans is dumped as store spans of this rollout', async () => {
    const maker = new OtelTracer();
    await maker.initWorker(0);
    const otelSpans = await maker.traceContext({}, (otel) => {
      const span = otel.startSpan('openai.chat.completion', {
        attributes: { prompt_token_ids: [1], response_token_ids: [2], 'gen_ai.response.id': 'r' },
      });
      span.end();
      return [span];
    });
    await maker.teardown();
    const { converted } = convert(otelSpans);
    expect(converted.trace).toHaveLength(1);
    expect(converted.trace?.[0]).toMatchObject({
      name: 'openai.chat.completion',
      rollout_id: 'task-1',
    });
    expect(converted.triplets).toHaveLength(1);
  });

  it('plain objects are the trace, but the tracer spans replace them', () => {
    expect(convert([{ event: 'a' }]).converted.trace).toEqual([{ event: 'a' }]);
    const { converted } = convert([{ event: 'a' }], tracedSpans());
    expect(converted.trace).toHaveLength(4);
    expect(converted.trace?.[0]).toMatchObject({ name: 'openai.chat.completion' });
  });

  it('a mixed list matches no rule', () => {
    const { converted } = convert([aTriplet(1), { event: 'a' }]);
    expect(converted.triplets).toBeNull();
    expect(converted.trace).toBeNull();
  });

  it('a RolloutLegacy keeps its task, logs and metadata and gets the rest merged in', () => {
    const echoed = task({ rollout_id: 'task-1', input: 1 });
    const returned = {
      rollout_id: 'other-id',
      task: echoed,
      final_reward: null,
      logs: ['done'],
      metadata: { source: 'agent' },
    };
    const { converted } = convert(returned, tracedSpans());
    expect(converted).toMatchObject({
      rollout_id: 'task-1',
      task: echoed,
      logs: ['done'],
      metadata: { source: 'agent' },
      final_reward: 0.75,
    });
    expect(converted.triplets).toHaveLength(2);
    expect(converted.trace).toHaveLength(4);
  });

  it('a RolloutLegacy keeps its own final reward', () => {
    const { converted } = convert({ rollout_id: 'task-1', final_reward: 0.1 }, tracedSpans());
    expect(converted.final_reward).toBe(0.1);
  });

  it('rejects a RolloutLegacy that is not valid', () => {
    expect(() => convert({ rollout_id: 'task-1', final_reward: 'abc' })).toThrow(
      LegacyValidationError,
    );
  });

  it('other values contribute nothing', () => {
    const { converted } = convert({ score: 1 });
    expect(converted.final_reward).toBeNull();
    expect(converted.triplets).toBeNull();
  });

  it('(TS addition) takes the reward from a reward span when no triplet carries one', () => {
    const spans = [storeSpan('m', 'agentlightning.message', 1), rewardSpan('r', 2, 0.3)];
    const { converted } = convert(null, spans);
    expect(converted.triplets).toEqual([]);
    expect(converted.final_reward).toBe(0.3);
  });
});
