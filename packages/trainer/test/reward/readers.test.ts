import { InvalidArgumentError } from '@agl/store-core';
import { describe, expect, it } from 'vitest';
import {
  emitReward,
  extractLinksFromAttributes,
  extractTagsFromAttributes,
  makeLinkAttributes,
  makeTagAttributes,
  queryLinkedSpans,
} from '../../src/emitter';
import {
  findFinalReward,
  findRewardSpans,
  getRewardsFromSpan,
  getRewardValue,
  isRewardSpan,
} from '../../src/reward';
import { spanFromAttributes } from '../../src/tracer';

const span = (attributes: Record<string, unknown>, name = 'agentlightning.annotation') =>
  spanFromAttributes(attributes as never, { name });

describe('getRewardsFromSpan / getRewardValue', () => {
  it('reads agentlightning.reward.<i>.name/value written by emitReward', () => {
    const core = emitReward({ a: 0.2, b: 0.9 }, { primaryKey: 'b', propagate: false });
    const s = span(core.attributes);
    expect(getRewardsFromSpan(s)).toEqual([
      { name: 'b', value: 0.9 },
      { name: 'a', value: 0.2 },
    ]);
    expect(getRewardValue(s)).toBe(0.9);
  });

  it('reads the literal keys a Python algorithm expects', () => {
    const s = span(
      { 'agentlightning.reward.0.name': 'primary', 'agentlightning.reward.0.value': 0.7 },
      'any',
    );
    expect(getRewardValue(s)).toBe(0.7);
  });

  it('prefers dimensions, then AgentOps outputs (object or JSON), then a legacy reward attribute', () => {
    expect(
      getRewardValue(
        span({
          'agentlightning.reward.0.name': 'primary',
          'agentlightning.reward.0.value': 1,
          'agentops.task.output': '{"type": "reward", "value": 5}',
        }),
      ),
    ).toBe(1);
    expect(
      getRewardValue(span({ 'agentops.task.output': '{"type": "reward", "value": 0.3}' }, 'x')),
    ).toBe(0.3);
    expect(
      getRewardValue(span({ 'agentops.entity.output': '{"type": "reward", "value": 0.4}' }, 'x')),
    ).toBe(0.4);
    expect(
      getRewardValue({
        name: 'x',
        attributes: { 'agentops.task.output': { type: 'reward', value: 0.6 } } as never,
      }),
    ).toBe(0.6);
    expect(
      getRewardValue(span({ 'agentops.task.output': '{"type": "reward", "value": null}' }, 'x')),
    ).toBeNull();
    expect(getRewardValue(span({ 'agentops.task.output': '{"type": "other"}', reward: 2 }))).toBe(
      2,
    );
    expect(getRewardValue(span({ reward: 0.8 }, 'agentlightning.annotation'))).toBe(0.8);
    // v0.3.0 only accepts the legacy attribute on annotation spans.
    expect(getRewardValue(span({ reward: 0.8 }, 'agentlightning.reward'))).toBeNull();
    expect(getRewardValue(span({ other: 1 }))).toBeNull();
  });

  it('throws on malformed reward dimensions', () => {
    expect(() => getRewardsFromSpan(span({ 'agentlightning.reward.0.name': 'p' }))).toThrow(
      InvalidArgumentError,
    );
    expect(() =>
      getRewardsFromSpan(
        span({ 'agentlightning.reward.0.value': 'high', 'agentlightning.reward.0.name': 'p' }),
      ),
    ).toThrow(InvalidArgumentError);
  });
});

describe('findRewardSpans / findFinalReward / isRewardSpan', () => {
  const spans = [
    span(emitReward(0.1, { propagate: false }).attributes),
    span({ 'agentlightning.message.body': 'hi' }, 'agentlightning.message'),
    span(emitReward(0.9, { propagate: false }).attributes),
    span({ note: 'x' }),
  ];

  it('keeps only reward spans and returns the last reward', () => {
    expect(findRewardSpans(spans)).toEqual([spans[0], spans[2]]);
    expect(findFinalReward(spans)).toBe(0.9);
    expect(findFinalReward(spans.slice(0, 2))).toBe(0.1);
    const [first, message, , plain] = spans;
    expect(findFinalReward([message, plain].filter((s) => s !== undefined))).toBeNull();
    expect(findFinalReward([])).toBeNull();
    expect(first && isRewardSpan(first)).toBe(true);
    expect(message && isRewardSpan(message)).toBe(false);
  });
});

describe('tags and links', () => {
  it('makes and extracts tags', () => {
    const attrs = makeTagAttributes(['fast', 'reliable']);
    expect(attrs).toEqual({ 'agentlightning.tag.0': 'fast', 'agentlightning.tag.1': 'reliable' });
    expect(extractTagsFromAttributes(attrs)).toEqual(['fast', 'reliable']);
    expect(() => extractTagsFromAttributes({})).toThrow(InvalidArgumentError);
    expect(() => extractTagsFromAttributes({ 'agentlightning.tag.0': 1 })).toThrow(
      InvalidArgumentError,
    );
  });

  it('makes and extracts links in insertion order', () => {
    const attrs = makeLinkAttributes({ 'gen_ai.response.id': 'r-1', span_id: 'abc' });
    expect(attrs).toEqual({
      'agentlightning.link.0.key_match': 'gen_ai.response.id',
      'agentlightning.link.0.value_match': 'r-1',
      'agentlightning.link.1.key_match': 'span_id',
      'agentlightning.link.1.value_match': 'abc',
    });
    expect(extractLinksFromAttributes(attrs)).toEqual([
      { key_match: 'gen_ai.response.id', value_match: 'r-1' },
      { key_match: 'span_id', value_match: 'abc' },
    ]);
    expect(() => makeLinkAttributes({ k: 1 } as never)).toThrow(InvalidArgumentError);
  });

  it('queryLinkedSpans requires every link to match, comparing ids or attributes', () => {
    const a = spanFromAttributes(
      { 'gen_ai.response.id': 'r-1' },
      { spanId: 'aaaaaaaaaaaaaaaa', traceId: 't'.repeat(32) },
    );
    const b = spanFromAttributes(
      { 'gen_ai.response.id': 'r-2' },
      { spanId: 'bbbbbbbbbbbbbbbb', traceId: 't'.repeat(32) },
    );
    expect(
      queryLinkedSpans([a, b], [{ key_match: 'gen_ai.response.id', value_match: 'r-2' }]),
    ).toEqual([b]);
    expect(
      queryLinkedSpans([a, b], [{ key_match: 'span_id', value_match: 'aaaaaaaaaaaaaaaa' }]),
    ).toEqual([a]);
    expect(
      queryLinkedSpans([a, b], [{ key_match: 'trace_id', value_match: 't'.repeat(32) }]),
    ).toEqual([a, b]);
    expect(
      queryLinkedSpans(
        [a, b],
        [
          { key_match: 'trace_id', value_match: 't'.repeat(32) },
          { key_match: 'gen_ai.response.id', value_match: 'r-3' },
        ],
      ),
    ).toEqual([]);
  });
});
