import { describe, expect, it } from 'vitest';
import { GroupPump } from '../../src/ops/group-pump';

/** A flush that holds each group until the test releases it, recording what it got. */
function heldFlushes() {
  const groups: number[][] = [];
  const releases: (() => void)[] = [];
  const flush = (batch: readonly number[]) => {
    groups.push([...batch]);
    return new Promise<void>((resolve) => releases.push(resolve));
  };
  return { groups, releases, flush };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('GroupPump', () => {
  it('sends calls queued in the same turn as one group', async () => {
    const held = heldFlushes();
    const pump = new GroupPump<number>(2, (queue) => queue.splice(0), held.flush);
    for (const n of [1, 2, 3]) pump.push(n);
    expect(held.groups).toEqual([]);
    await turn();
    expect(held.groups).toEqual([[1, 2, 3]]);
  });

  it('keeps at most maxInFlight groups on their way; the rest wait and go together', async () => {
    const held = heldFlushes();
    const pump = new GroupPump<number>(2, (queue) => queue.splice(0, 1), held.flush);
    for (const n of [1, 2, 3, 4]) pump.push(n);
    await turn();
    await turn();
    await turn();
    expect(held.groups).toEqual([[1], [2]]);
    held.releases[0]?.();
    await turn();
    await turn();
    expect(held.groups).toEqual([[1], [2], [3]]);
    held.releases[1]?.();
    held.releases[2]?.();
    await turn();
    await turn();
    expect(held.groups).toEqual([[1], [2], [3], [4]]);
  });

  it('takes the next group from what the take function leaves, in arrival order', async () => {
    const held = heldFlushes();
    // Odd numbers first, as a take that skips conflicting calls would.
    const pump = new GroupPump<number>(
      1,
      (queue) => {
        const odd = queue.filter((n) => n % 2 === 1);
        for (const n of odd) queue.splice(queue.indexOf(n), 1);
        return odd.length > 0 ? odd : queue.splice(0);
      },
      held.flush,
    );
    for (const n of [1, 2, 3, 4]) pump.push(n);
    await turn();
    expect(held.groups).toEqual([[1, 3]]);
    held.releases[0]?.();
    await turn();
    await turn();
    expect(held.groups).toEqual([
      [1, 3],
      [2, 4],
    ]);
  });
});
