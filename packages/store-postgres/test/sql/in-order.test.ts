import { describe, expect, it } from 'vitest';
import { allInOrder } from '../../src/sql/in-order';

describe('allInOrder', () => {
  it('returns every value in order', async () => {
    await expect(allInOrder([Promise.resolve(1), Promise.resolve('two')])).resolves.toEqual([
      1,
      'two',
    ]);
  });

  it('throws the first failure in issue order, even when a later one settles first', async () => {
    const real = new Error('the statement that failed');
    const aborted = new Error('current transaction is aborted');
    const first = new Promise<never>((_, reject) => setTimeout(() => reject(real), 20));
    const second = Promise.reject(aborted);
    await expect(allInOrder([first, second])).rejects.toBe(real);
  });
});
