import { describe, expect, it } from 'vitest';
import { RolloutWaiters, type WaitProbe } from '../src/backend';

/** A tiny status table the waiters probe, standing in for a backend. */
function table(initial: Record<string, string>) {
  const status = new Map(Object.entries(initial));
  const probe = (id: string): WaitProbe<{ id: string; status: string }> => {
    const value = status.get(id);
    if (value === undefined) return { state: 'unknown' };
    if (value === 'done' || value === 'failed')
      return { state: 'terminal', value: { id, status: value } };
    return { state: 'pending' };
  };
  return { status, probe };
}

describe('RolloutWaiters', () => {
  it('returns at once for terminal and unknown ids, in request order with duplicates', async () => {
    const waiters = new RolloutWaiters<{ id: string; status: string }>({ copy: (v) => ({ ...v }) });
    const { probe } = table({ a: 'done', b: 'failed' });
    const result = await waiters.wait(['b', 'x', 'a', 'b'], { timeoutSeconds: null }, probe);
    expect(result.map((r) => r.id)).toEqual(['b', 'a', 'b']);
    expect(result[0]).not.toBe(result[2]);
    expect(waiters.size).toBe(0);
  });

  it('does not wait with a timeout <= 0', async () => {
    const waiters = new RolloutWaiters();
    const { probe } = table({ a: 'running' });
    expect(await waiters.wait(['a'], { timeoutSeconds: 0 }, probe)).toEqual([]);
    expect(await waiters.wait(['a'], { timeoutSeconds: -1 }, probe)).toEqual([]);
  });

  it('is released by a notification, not by polling', async () => {
    const waiters = new RolloutWaiters<{ id: string; status: string }>();
    const t = table({ a: 'running', b: 'running' });
    let probes = 0;
    const pending = waiters.wait(['b', 'a'], { timeoutSeconds: null }, (id) => {
      probes++;
      return t.probe(id);
    });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(probes).toBe(2);
    t.status.set('a', 'done');
    waiters.notify('a');
    t.status.set('b', 'failed');
    waiters.notify('b');
    expect((await pending).map((r) => r.id)).toEqual(['b', 'a']);
    expect(probes).toBe(4);
  });

  it('does not return a rollout that went terminal and back before it was re-read', async () => {
    const waiters = new RolloutWaiters<{ id: string; status: string }>();
    const t = table({ a: 'running' });
    const pending = waiters.wait(['a'], { timeoutSeconds: 0.05 }, t.probe);
    t.status.set('a', 'done');
    waiters.notify('a');
    t.status.set('a', 'running');
    expect(await pending).toEqual([]);
  });

  it('returns what finished when the deadline passes', async () => {
    const waiters = new RolloutWaiters<{ id: string; status: string }>();
    const t = table({ a: 'running', b: 'running' });
    const pending = waiters.wait(['a', 'b'], { timeoutSeconds: 0.05 }, t.probe);
    t.status.set('b', 'done');
    waiters.notify('b');
    expect((await pending).map((r) => r.id)).toEqual(['b']);
    expect(waiters.size).toBe(0);
  });

  it('releases every waiter on one rollout', async () => {
    const waiters = new RolloutWaiters<{ id: string; status: string }>();
    const t = table({ a: 'running' });
    const all = Array.from({ length: 5 }, () =>
      waiters.wait(['a'], { timeoutSeconds: null }, t.probe),
    );
    expect(waiters.size).toBe(5);
    t.status.set('a', 'done');
    waiters.notify('a');
    const results = await Promise.all(all);
    expect(results.map((r) => r.length)).toEqual([1, 1, 1, 1, 1]);
  });

  it('can be aborted and closed', async () => {
    const waiters = new RolloutWaiters<{ id: string; status: string }>();
    const t = table({ a: 'running', b: 'done' });
    const controller = new AbortController();
    const aborted = waiters.wait(
      ['a', 'b'],
      { timeoutSeconds: null, signal: controller.signal },
      t.probe,
    );
    controller.abort();
    expect((await aborted).map((r) => r.id)).toEqual(['b']);
    const closed = waiters.wait(['a'], { timeoutSeconds: null }, t.probe);
    waiters.close();
    expect(await closed).toEqual([]);
    expect(await waiters.wait(['a'], { signal: AbortSignal.abort() }, t.probe)).toEqual([]);
  });
});
