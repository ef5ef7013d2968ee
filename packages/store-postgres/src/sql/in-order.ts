/**
 * `Promise.all` for statements pipelined on one connection: waits for every
 * promise to settle and, if any failed, throws the error of the first in
 * issue order. That is the statement that really failed: the ones behind it
 * in the same transaction only report that the transaction is aborted, and
 * their answers can settle first when they pass through fewer async layers.
 *
 * @param promises - the statements' promises, in the order they were issued
 * @returns their values
 * @throws the first failure in issue order
 */
export async function allInOrder<T extends readonly unknown[]>(
  promises: readonly [...{ [K in keyof T]: Promise<T[K]> }],
): Promise<T> {
  const settled = await Promise.allSettled(promises);
  for (const outcome of settled) if (outcome.status === 'rejected') throw outcome.reason;
  return settled.map(
    (outcome) => (outcome as PromiseFulfilledResult<unknown>).value,
  ) as unknown as T;
}
