import type { Attributes, AttributeValue, JsonValue } from '@agl/types';
import type { OtlpAnyValue, OtlpKeyValue } from './model';

/**
 * Converts an `AnyValue` to JSON: string, bool and double as themselves,
 * int64 as a number (exact within ±2^53), bytes as lowercase hex, arrays and
 * key-value lists recursively (a repeated key: the last one wins), unset as
 * `null`. Non-finite doubles, which JSON cannot hold, become the strings
 * `NaN`, `Infinity` and `-Infinity`.
 *
 * @param value - the decoded value
 */
export function anyValueToJson(value: OtlpAnyValue): JsonValue {
  switch (value.kind) {
    case 'string':
    case 'bool':
      return value.value;
    case 'int':
      return Number(value.value);
    case 'double':
      return Number.isFinite(value.value) ? value.value : String(value.value);
    case 'bytes':
      return value.hex;
    case 'array':
      return value.values.map(anyValueToJson);
    case 'kvlist':
      return keyValuesToJson(value.values);
    case 'unset':
      return null;
  }
}

/** Converts a key-value list to a JSON object (a repeated key: the last one wins). */
function keyValuesToJson(pairs: readonly OtlpKeyValue[]): { [key: string]: JsonValue } {
  const result: { [key: string]: JsonValue } = {};
  for (const { key, value } of pairs) setOwn(result, key, anyValueToJson(value));
  return result;
}

/** Sets an own enumerable property, safely even for the key `__proto__`. */
function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

function isHomogeneous(values: readonly JsonValue[]): boolean {
  const first = values[0];
  if (first === undefined) return true;
  const type = typeof first;
  if (type !== 'string' && type !== 'number' && type !== 'boolean') return false;
  return values.every((item) => typeof item === type);
}

/**
 * Fits a JSON value into the store's attribute value type. Strings, numbers,
 * booleans and homogeneous arrays of one of those are kept as they are.
 * Values the reference would reject are stored leniently instead of failing
 * the request: `null` gives `undefined` (the attribute is left out: there is
 * no value to keep); nested objects, arrays of mixed types and arrays holding
 * objects, arrays or `null`s are stored as their compact JSON text.
 *
 * @param value - the JSON form of an attribute value
 * @returns the value to store, or `undefined` to leave the attribute out
 */
export function toAttributeValue(value: JsonValue): AttributeValue | undefined {
  if (value === null) return undefined;
  if (typeof value !== 'object') return value;
  if (Array.isArray(value) && isHomogeneous(value)) return value as AttributeValue;
  return JSON.stringify(value);
}

/**
 * Converts an OTLP attribute list into the store's attribute record with the
 * rules of `anyValueToJson` and `toAttributeValue`, keys in first-seen
 * order, a repeated key taking its last value.
 *
 * @param pairs - the decoded attributes
 */
export function attributesToRecord(pairs: readonly OtlpKeyValue[]): Attributes {
  const result: Attributes = {};
  for (const { key, value } of pairs) {
    const converted = toAttributeValue(anyValueToJson(value));
    if (converted === undefined) delete result[key];
    else setOwn(result, key, converted);
  }
  return result;
}
