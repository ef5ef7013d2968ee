/**
 * Attribute flattening and unflattening: nested objects and
 * arrays become dotted keys (`a.b.0.c`) and back.
 *
 * @module
 */

import { InvalidArgumentError } from '@agl/store-core';
import { getLogger } from '../logging';
import { setOwn } from './own';

const log = getLogger('agl.semconv');

/** A string, number or boolean: the values OpenTelemetry attributes can hold. */
export type Primitive = string | number | boolean;

/** Options of `flattenAttributes`. */
export interface FlattenOptions {
  /**
   * Expand every array into indexed keys (`key.0`, `key.1`, ...). When false
   * (the default), a non-empty array of one primitive kind stays one value.
   */
  expandLeafLists?: boolean;
}

/** Whether `value` is a string, number or boolean. */
export function isPrimitive(value: unknown): value is Primitive {
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'boolean';
}

/**
 * Whether every element has the same primitive kind. All numbers are one kind
 * (JavaScript cannot tell `1` from `1.0`; a documented deviation).
 */
export function isHomogeneousPrimitiveArray(values: readonly unknown[]): values is Primitive[] {
  if (values.length === 0 || !isPrimitive(values[0])) return false;
  const kind = typeof values[0];
  return values.every((value) => typeof value === kind);
}

/** Whether `value` is a plain object (object literal or null prototype) or a `Map`. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function entriesOf(value: Record<string, unknown> | Map<unknown, unknown>): [string, unknown][] {
  if (!(value instanceof Map)) return Object.entries(value);
  return [...value.entries()].map(([key, child]) => {
    if (typeof key !== 'string') {
      throw new InvalidArgumentError(
        `Attribute keys must be strings, got ${typeof key}: ${String(key)}`,
      );
    }
    return [key, child];
  });
}

/**
 * Flattens nested objects and arrays into one map with dotted keys. Empty
 * arrays and objects produce no key; other values (strings, numbers, `null`,
 * dates, ...) are stored as they are.
 *
 * @param value - the nested value
 * @param options - whether to expand leaf arrays
 * @throws InvalidArgumentError when a `Map` has a non-string key
 * @example flattenAttributes({a: {b: 1}, c: [1, 2]}) // {"a.b": 1, "c": [1, 2]}
 */
export function flattenAttributes(
  value: unknown,
  options: FlattenOptions = {},
): Record<string, unknown> {
  const expand = options.expandLeafLists ?? false;
  const out: Record<string, unknown> = {};
  const visit = (prefix: string, node: unknown): void => {
    if (Array.isArray(node)) {
      if (!expand && prefix !== '' && node.length > 0 && node.every(isPrimitive)) {
        if (isHomogeneousPrimitiveArray(node)) {
          setOwn(out, prefix, [...node]);
          return;
        }
        log.warn(`Attribute "${prefix}" mixes value types; expanding it into indexed keys.`);
      }
      for (const [index, child] of node.entries()) visit(join(prefix, String(index)), child);
    } else if (isPlainObject(node) || node instanceof Map) {
      for (const [key, child] of entriesOf(node)) visit(join(prefix, key), child);
    } else {
      setOwn(out, prefix, node);
    }
  };
  visit('', value);
  return out;
}

function join(prefix: string, key: string): string {
  return prefix === '' ? key : `${prefix}.${key}`;
}

/**
 * Rebuilds nested values from dotted keys. Objects whose keys are exactly
 * `0..n-1` become arrays; gaps or other keys keep them objects.
 *
 * @param flat - the flat map
 * @example unflattenAttributes({"a.0": "x", "a.1": "y"}) // {a: ["x", "y"]}
 */
export function unflattenAttributes(flat: Readonly<Record<string, unknown>>): unknown {
  const root: Record<string, unknown> = Object.create(null);
  for (const [key, value] of Object.entries(flat)) {
    const parts = key.split('.');
    let current = root;
    for (const part of parts.slice(0, -1)) {
      const next = Object.hasOwn(current, part) ? current[part] : undefined;
      if (!isPlainObject(next)) current[part] = Object.create(null);
      current = current[part] as Record<string, unknown>;
    }
    current[parts[parts.length - 1] as string] = value;
  }
  return listify(root);
}

function listify(node: unknown): unknown {
  if (!isPlainObject(node)) return node;
  const keys = Object.keys(node);
  const converted = Object.fromEntries(keys.map((key) => [key, listify(node[key])]));
  const indexed = keys.length > 0 && keys.every((key) => /^\d+$/.test(key));
  if (!indexed) return converted;
  const indices = new Set(keys.map(Number));
  for (let i = 0; i < keys.length; i++) if (!indices.has(i)) return converted;
  return Array.from({ length: keys.length }, (_, i) => converted[String(i)]);
}

/**
 * Keeps the attributes equal to `prefix` or under `prefix.`.
 *
 * @param attributes - the flat attributes
 * @param prefix - the dotted prefix, e.g. `agentlightning.reward`
 */
export function filterAttributes<V>(
  attributes: Readonly<Record<string, V>>,
  prefix: string,
): Record<string, V> {
  const out: Record<string, V> = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (key === prefix || key.startsWith(`${prefix}.`)) setOwn(out, key, value);
  }
  return out;
}

/**
 * Keeps the attributes under `prefix.`, strips the prefix and unflattens the
 * rest. No matching key gives `{}`.
 *
 * @param attributes - the flat attributes
 * @param prefix - the dotted prefix
 * @throws InvalidArgumentError when a key equals `prefix` exactly
 * @example filterAndUnflattenAttributes({"gen_ai.prompt.0.role": "user"}, "gen_ai.prompt") // [{role: "user"}]
 */
export function filterAndUnflattenAttributes(
  attributes: Readonly<Record<string, unknown>>,
  prefix: string,
): unknown {
  const stripped: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(filterAttributes(attributes, prefix))) {
    if (key === prefix) {
      throw new InvalidArgumentError(
        `Cannot unflatten attribute with key exactly equal to prefix: ${JSON.stringify(prefix)}`,
      );
    }
    setOwn(stripped, key.slice(prefix.length + 1), value);
  }
  return unflattenAttributes(stripped);
}
