import { InvalidStateError } from '@agl/store-core';
import { DummyTracer } from '../tracer/dummy-tracer';
import { getActiveTracer } from '../tracer/registry';
import type { Tracer } from '../tracer/tracer';

const dummy = new DummyTracer();

/**
 * The tracer an emitter writes through: the active tracer when propagating
 * (never consulted otherwise), else a `DummyTracer`.
 *
 * @param propagate - whether the span must reach the active tracer
 * @param what - end of the error message, e.g. `emit annotation span`
 * @throws InvalidStateError "No active tracer found. Cannot <what>." when propagating without an active tracer
 * @internal
 */
export function resolveTracer(propagate: boolean, what: string): Tracer {
  if (!propagate) return dummy;
  const tracer = getActiveTracer();
  if (tracer === null) throw new InvalidStateError(`No active tracer found. Cannot ${what}.`);
  return tracer;
}
