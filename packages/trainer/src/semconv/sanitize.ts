/**
 * Turning arbitrary values into OpenTelemetry attribute values:
 * primitives and homogeneous arrays pass, everything else
 * becomes JSON text.
 *
 * @module
 */

import { InvalidArgumentError } from '@agl/store-core';
import type { Attributes, AttributeValue } from '@agl/types';
import { getLogger } from '../logging';
import { isPrimitive } from './flatten';
import { setOwn } from './own';

const log = getLogger('agl.semconv');

/**
 * JSON text of any value; values JSON cannot encode (BigInt, functions,
 * cycles) are stringified instead of failing.
 */
export function toJsonText(value: unknown): string {
  try {
    const text = JSON.stringify(value, (_key, child: unknown) =>
      typeof child === 'bigint' || typeof child === 'function' || typeof child === 'symbol'
        ? String(child)
        : child,
    );
    return text ?? String(value);
  } catch {
    return String(value);
  }
}

/** Converts a homogeneous array to an attribute array, or `null` when the array mixes kinds. */
function sanitizeArray(values: readonly unknown[]): AttributeValue | null {
  if (values.every((v) => typeof v === 'string')) return [...values] as string[];
  if (values.every((v) => typeof v === 'boolean')) return [...values] as boolean[];
  if (values.every((v) => typeof v === 'number' || typeof v === 'boolean')) {
    return values.map((v) => (v === true ? 1 : v === false ? 0 : (v as number)));
  }
  return null;
}

/**
 * Makes one value storable as a span attribute: strings, numbers and booleans
 * pass; arrays of strings or of booleans pass; arrays of numbers and booleans
 * become numbers (`true` → 1); anything else (`null`, objects, mixed arrays,
 * with a warning for the latter) becomes JSON text.
 */
export function sanitizeAttributeValue(value: unknown): AttributeValue {
  if (isPrimitive(value)) return value;
  if (Array.isArray(value)) {
    const array = sanitizeArray(value);
    if (array !== null) return array;
    log.warn(
      'Attribute array mixes value types or holds non-primitive values; storing it as JSON.',
    );
  }
  return toJsonText(value);
}

/**
 * Sanitises every value of a flat map; keys whose value is `undefined` are
 * dropped (JavaScript's "absent").
 */
export function sanitizeAttributes(attributes: Readonly<Record<string, unknown>>): Attributes {
  const out: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (value !== undefined) setOwn(out, key, sanitizeAttributeValue(value));
  }
  return out;
}

/**
 * Checks that a flat map already holds valid attribute values: primitives or
 * homogeneous arrays (numbers and booleans may mix). Used by `emitAnnotation`.
 *
 * @throws InvalidArgumentError naming the first offending key
 */
export function checkAttributesSanity(attributes: Readonly<Record<string, unknown>>): void {
  for (const [key, value] of Object.entries(attributes)) {
    if (Array.isArray(value)) {
      if (sanitizeArray(value) === null) {
        throw new InvalidArgumentError(
          `Attribute "${key}" must be a list of strings, booleans or numbers, got: ${toJsonText(value)}`,
        );
      }
    } else if (!isPrimitive(value)) {
      throw new InvalidArgumentError(
        `Attribute "${key}" must be a string, number, boolean or a list of those, got: ${describe(value)}`,
      );
    }
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return value.constructor?.name ?? 'object';
  return typeof value;
}
