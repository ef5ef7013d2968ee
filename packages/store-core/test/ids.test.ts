import { ATTEMPT_ID_PATTERN, RESOURCES_ID_PATTERN, ROLLOUT_ID_PATTERN } from '@agl/types';
import { describe, expect, it } from 'vitest';
import {
  generateAttemptId,
  generateResourcesId,
  generateRolloutId,
  generateUniqueId,
  randomHex,
} from '../src/backend';

describe('id generation', () => {
  it('uses the prefixes and lengths of the reference', () => {
    for (let i = 0; i < 200; i++) {
      expect(generateRolloutId()).toMatch(ROLLOUT_ID_PATTERN);
      expect(generateAttemptId()).toMatch(ATTEMPT_ID_PATTERN);
      const resources = generateResourcesId();
      expect(resources).toMatch(RESOURCES_ID_PATTERN);
      expect(resources).toHaveLength(15);
    }
  });

  it('produces distinct ids across pool refills', () => {
    const ids = new Set(Array.from({ length: 5000 }, () => generateRolloutId()));
    expect(ids.size).toBe(5000);
  });

  it('returns lowercase hex of the requested (also odd) length', () => {
    expect(randomHex(7)).toMatch(/^[0-9a-f]{7}$/);
    expect(randomHex(1)).toMatch(/^[0-9a-f]$/);
    // Every hex digit shows up over enough draws: the digits are not stuck.
    const digits = new Set(randomHex(4000));
    expect(digits.size).toBe(16);
  });

  it('retries until an id is free', () => {
    const queue = ['a', 'b', 'c'];
    const taken = new Set(['a', 'b']);
    expect(
      generateUniqueId(
        () => queue.shift() as string,
        (id) => taken.has(id),
      ),
    ).toBe('c');
  });
});
