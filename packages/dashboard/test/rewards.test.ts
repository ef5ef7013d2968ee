import { describe, expect, it } from 'vitest';
import { finalReward, finalRewardFromDescending, spanReward } from '../src/core/rewards';
import { readAttemptReward } from '../src/server/reward-reader';

const s = (name: string, attributes: Record<string, unknown>, sequence_id = 1) => ({
  name,
  attributes,
  sequence_id,
});

describe('spanReward', () => {
  it('reads every convention with the trainer precedence', () => {
    const dims = spanReward(
      s('agentlightning.annotation', {
        'agentlightning.reward.0.name': 'primary',
        'agentlightning.reward.0.value': 0.75,
        'agentlightning.reward.1.name': 'format',
        'agentlightning.reward.1.value': 1,
      }),
    );
    expect(dims).toMatchObject({ value: 0.75, source: 'dimensions', legacy: false });
    expect(dims?.dimensions).toHaveLength(2);
    expect(
      spanReward(s('x', { 'agentops.task.output': '{"type":"reward","value":-3}' }))?.value,
    ).toBe(-3);
    expect(
      spanReward(s('x', { 'agentops.entity.output': { type: 'other', value: 1 } })),
    ).toBeNull();
    expect(spanReward(s('agentlightning.annotation', { reward: 2 }))?.source).toBe('annotation');
    expect(spanReward(s('agentlightning.reward', { reward: 5 }))).toMatchObject({
      legacy: true,
      value: 5,
    });
    expect(
      spanReward(
        s('op', {
          'agentlightning.operation.name': 'agentlightning.reward',
          'agentlightning.operation.output': '0.5',
        }),
      ),
    ).toMatchObject({ legacy: true, value: 0.5 });
    expect(spanReward(s('plain', { reward: 1 }))).toBeNull();
  });
});

describe('finalReward', () => {
  const spans = [
    s('agentlightning.annotation', { reward: 0.1 }, 1),
    s('plain', {}, 2),
    s('agentlightning.annotation', { reward: 0.9 }, 3),
    s('agentlightning.reward', { reward: 7 }, 4),
  ];
  it('takes the last counted reward, ignoring legacy forms unless asked', () => {
    expect(finalReward(spans)?.value).toBe(0.9);
    expect(finalReward(spans, { countLegacy: true })?.value).toBe(7);
    expect(finalReward([s('plain', {})])).toBeNull();
  });
  it('gives the same answer from a descending page, ties included', () => {
    const tied = [
      s('agentlightning.annotation', { reward: 1 }, 2),
      s('agentlightning.annotation', { reward: 2 }, 2),
      s('plain', {}, 3),
    ];
    const descending = [tied[2], tied[0], tied[1]] as typeof tied;
    expect(finalReward(tied)?.value).toBe(2);
    expect(finalRewardFromDescending(descending)?.value).toBe(2);
    expect(finalRewardFromDescending([...spans].reverse())?.value).toBe(0.9);
  });
});

describe('readAttemptReward (the reader the store server uses for its aggregates)', () => {
  it('agrees with finalReward and counts the reward spans, legacy forms left out', () => {
    const spans = [
      s('agentlightning.annotation', { reward: 0.1 }, 1),
      s(
        'agentlightning.annotation',
        {
          'agentlightning.reward.0.name': 'primary',
          'agentlightning.reward.0.value': 0.6,
          'agentlightning.reward.1.name': 'format',
          'agentlightning.reward.1.value': 1,
        },
        2,
      ),
      s('agentlightning.reward', { reward: 7 }, 3),
    ];
    expect(readAttemptReward(spans)).toEqual({
      final_reward: finalReward(spans)?.value,
      dimensions: [
        { name: 'primary', value: 0.6 },
        { name: 'format', value: 1 },
      ],
      reward_spans: 2,
    });
    expect(readAttemptReward([s('plain', {})])).toEqual({
      final_reward: null,
      dimensions: [],
      reward_spans: 0,
    });
  });
});
