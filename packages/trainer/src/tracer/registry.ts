/**
 * The active-tracer registry. Unlike the reference's process-global tracer,
 * the tracer of a
 * trace context lives in an `AsyncLocalStorage`, so several runners on one
 * event loop each see their own tracer; a process-wide fallback set with
 * `setActiveTracer` is kept for API parity.
 *
 * @module
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { InvalidArgumentError } from '@agl/store-core';
import type { Tracer } from './tracer';

/** The slot of one trace context; `clearActiveTracer` empties it. */
interface Slot {
  tracer: Tracer | null;
}

const storage = new AsyncLocalStorage<Slot>();
let globalTracer: Tracer | null = null;

/** The tracer active in the current async context, else the global one, else `null`. */
export function getActiveTracer(): Tracer | null {
  const slot = storage.getStore();
  if (slot !== undefined) return slot.tracer;
  return globalTracer;
}

/**
 * Sets the process-wide active tracer.
 *
 * @throws InvalidArgumentError when a tracer is already active here
 */
export function setActiveTracer(tracer: Tracer): void {
  if (getActiveTracer() !== null) {
    throw new InvalidArgumentError(
      'An active tracer is already set. Please clear it before setting a new one.',
    );
  }
  globalTracer = tracer;
}

/** Clears the active tracer: the one of the current trace context when inside one, else the global one. */
export function clearActiveTracer(): void {
  const slot = storage.getStore();
  if (slot !== undefined) slot.tracer = null;
  else globalTracer = null;
}

/**
 * Runs `body` with `tracer` active in its async context (and in everything
 * it starts). Tracer implementations call this from `traceContext`.
 *
 * @throws InvalidArgumentError when a tracer is already active in the current async context
 */
export function runWithActiveTracer<T>(tracer: Tracer, body: () => T): T {
  if (getActiveTracer() !== null) {
    throw new InvalidArgumentError(
      'An active tracer is already set. Please clear it before setting a new one.',
    );
  }
  return storage.run({ tracer }, body);
}
