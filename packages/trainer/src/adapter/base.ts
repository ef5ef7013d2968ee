import { NotImplementedStoreError } from '@agl/store-core';
import type { Span } from '@agl/types';
import type { Triplet } from './triplet';

/**
 * Turns data of one shape into another. Subclasses override
 * `adapt`; `asFunction()` gives the adapter as a plain function.
 */
export class Adapter<From, To> {
  /** Converts `source`; the base implementation throws `NotImplementedStoreError`. */
  adapt(_source: From): To {
    throw new NotImplementedStoreError(`${this.constructor.name} does not implement adapt().`);
  }

  /** The adapter as a function (the reference's instances are callable). */
  asFunction(): (source: From) => To {
    return (source) => this.adapt(source);
  }
}

/** An adapter whose source is a list of stored spans. */
export class TraceAdapter<To> extends Adapter<readonly Span[], To> {}

/** An adapter from stored spans to triplets. */
export class TraceToTripletBase extends TraceAdapter<Triplet[]> {}
