/**
 * Settles like `promise`, or rejects with `no answer within <ms> ms` when it takes longer (the
 * promise itself is left to settle on its own; its timer never outlives the race).
 *
 * @param promise - the work to wait for
 * @param ms - the deadline in milliseconds
 */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
