import { createServer } from 'node:net';
import type { AttemptedRollout } from '@agl/types';
import { LitAgent, type RolloutRawResult } from '../src/agent';

/** An attempted rollout for unit tests that never reach a store. */
export function fakeAttemptedRollout(overrides: Partial<AttemptedRollout> = {}): AttemptedRollout {
  return {
    rollout_id: 'ro-123',
    input: { q: 1 },
    start_time: 1000,
    end_time: null,
    mode: null,
    resources_id: null,
    status: 'preparing',
    config: {
      timeout_seconds: null,
      unresponsive_seconds: null,
      max_attempts: 1,
      retry_condition: [],
    },
    metadata: {},
    attempt: {
      rollout_id: 'ro-123',
      attempt_id: 'at-456',
      sequence_id: 1,
      start_time: 1000,
      end_time: null,
      status: 'preparing',
      worker_id: null,
      last_heartbeat_time: null,
      metadata: null,
    },
    ...overrides,
  };
}

/** One recorded store call. */
export interface StoreCall {
  method: string;
  args: unknown[];
}

/**
 * Wraps a store so every method call is recorded (and optionally overridden).
 *
 * @param store - the real store
 * @param overrides - replacement implementations by method name
 */
export function recordingStore<S extends object>(
  store: S,
  overrides: Record<string, (...args: unknown[]) => unknown> = {},
): { store: S; calls: StoreCall[] } {
  const calls: StoreCall[] = [];
  const proxy = new Proxy(store, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (typeof key !== 'string' || typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push({ method: key, args });
        const override = overrides[key];
        return override
          ? override(...args)
          : (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store: proxy, calls };
}

/** Resolves whether a TCP port can be bound on every interface (so nothing listens on it). */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, () => probe.close(() => resolve(true)));
  });
}

/** A port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Whether a process with this pid still exists. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A `LitAgent` whose rollout is the given function (for runner tests). */
export class FnAgent extends LitAgent<unknown> {
  constructor(
    private readonly fn: (task: unknown) => RolloutRawResult | Promise<RolloutRawResult>,
  ) {
    super();
  }
  override rollout(task: unknown) {
    return this.fn(task);
  }
}
