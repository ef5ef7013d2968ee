import { InvalidArgumentError } from '@agl/store-core';
import { describe, expect, it } from 'vitest';
import { checkChannelName } from '../../src/sql/listeners';

describe('checkChannelName', () => {
  it('accepts a plain lower-case identifier', () => {
    expect(() => checkChannelName('agl_rollouts_1')).not.toThrow();
  });

  it('refuses anything that could not be interpolated into LISTEN', () => {
    for (const channel of ['', '1abc', 'Agl', 'a-b', 'a; DROP TABLE x', 'a'.repeat(64)]) {
      expect(() => checkChannelName(channel)).toThrow(InvalidArgumentError);
    }
    expect(() => checkChannelName('a-b')).toThrow('Invalid notification channel name: a-b');
  });
});
