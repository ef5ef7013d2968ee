import { AGL_ANNOTATION } from '../semconv/constants';
import { flattenAttributes } from '../semconv/flatten';
import { checkAttributesSanity, sanitizeAttributes } from '../semconv/sanitize';
import type { SpanCoreFields } from '../tracer/types';
import { resolveTracer } from './resolve';

/** Options shared by the emitters. */
export interface EmitOptions {
  /**
   * Send the span to the active tracer (default true; throws `InvalidStateError`
   * when there is none). With false the span is only built in memory and
   * returned (the active-tracer registry is not consulted).
   */
  propagate?: boolean;
}

/**
 * Records an annotation span (`agentlightning.annotation`, status `OK`) whose
 * attributes are the flattened annotation.
 *
 * @param annotation - nested values; leaf arrays must be homogeneous
 * @param options - `propagate`
 * @returns the span's core fields
 * @throws InvalidArgumentError when a leaf is not a string, number, boolean or homogeneous array (e.g. `null`, a `Set`)
 * @example emitAnnotation({meta: {tag: 'foo'}, score: 1.5}) // attributes {"meta.tag": "foo", score: 1.5}
 */
export function emitAnnotation(
  annotation: Record<string, unknown>,
  options: EmitOptions = {},
): SpanCoreFields {
  const flat = flattenAttributes(annotation);
  checkAttributesSanity(flat);
  const attributes = sanitizeAttributes(flat);
  const tracer = resolveTracer(options.propagate ?? true, 'emit annotation span');
  return tracer.createSpan(AGL_ANNOTATION, attributes, null, {
    status_code: 'OK',
    description: null,
  });
}
