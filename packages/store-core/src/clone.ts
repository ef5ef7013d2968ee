/**
 * Deep copy of JSON-like values, much cheaper than `structuredClone` for the
 * small plain objects a store returns on every call.
 *
 * @module
 */

const OBJECT_PROTO = Object.prototype;

/**
 * Deep-copies a JSON-like value: arrays and plain objects are copied
 * recursively, primitives returned as they are. Other objects (dates, class
 * instances) go through `structuredClone`, or are kept by reference when they
 * cannot be cloned.
 *
 * @param value - the value to copy
 * @returns an independent copy
 */
export function cloneJson<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const out = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = cloneJson(value[i]);
    return out as T;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto === OBJECT_PROTO || proto === null) {
    const out: Record<string, unknown> = {};
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      const copy = cloneJson((value as Record<string, unknown>)[key]);
      if (key === '__proto__') {
        Object.defineProperty(out, key, {
          value: copy,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      } else {
        out[key] = copy;
      }
    }
    return out as T;
  }
  try {
    return structuredClone(value);
  } catch {
    return value;
  }
}
