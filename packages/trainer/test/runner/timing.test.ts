import { StoreError, UnavailableError } from '@agl/store-core';
import { describe, expect, it } from 'vitest';
import { DeadlineExceededError, withTimeout } from '../../src/runner/timing';

describe('withTimeout', () => {
  it('rejects with a DeadlineExceededError of the store family, not the platform TimeoutError', async () => {
    const never = new Promise<never>(() => {});
    const error = await withTimeout(never, 0.01, 'Snapshot').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeadlineExceededError);
    expect(error).toBeInstanceOf(UnavailableError);
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({
      name: 'DeadlineExceededError',
      code: 'UNAVAILABLE',
      message: 'Snapshot timed out after 0.01s',
    });
  });

  it('passes the value through when the work finishes first', async () => {
    await expect(withTimeout(Promise.resolve(7), 5, 'Work')).resolves.toBe(7);
  });
});
