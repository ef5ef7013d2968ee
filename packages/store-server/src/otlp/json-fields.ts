import { OtlpDecodeError } from './model';

/** A JSON object being decoded, with the path used in error messages. */
export interface JsonNode {
  /** The object's own fields. */
  readonly fields: Readonly<Record<string, unknown>>;
  /** Where the object sits in the payload, e.g. `resourceSpans[0].resource`. */
  readonly path: string;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

/** Throws the error for a value of the wrong type at `path`. */
function fail(path: string, expected: string, value: unknown): never {
  throw new OtlpDecodeError(`${path}: expected ${expected}, got ${describe(value)}`);
}

/**
 * Reads field `name` of a node: its lowerCamelCase name, or the original
 * snake_case proto name (both are valid proto3 JSON). `null` counts as absent.
 *
 * @returns the value and its path, `value` undefined when absent
 */
export function field(node: JsonNode, name: string): { value: unknown; path: string } {
  const snake = name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
  const value = node.fields[name] ?? node.fields[snake] ?? undefined;
  return { value, path: node.path ? `${node.path}.${name}` : name };
}

/** A JSON object as a node (absent = empty object). */
export function asNode(value: unknown, path: string): JsonNode {
  if (value === undefined) return { fields: {}, path };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(path, 'an object', value);
  }
  return { fields: value as Record<string, unknown>, path };
}

/** Each element of a JSON array as a node (absent = empty list). */
export function asNodeList(value: unknown, path: string): JsonNode[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) fail(path, 'an array', value);
  return value.map((item, index) => asNode(item ?? {}, `${path}[${index}]`));
}

/** A string field (absent = `''`). */
export function asString(value: unknown, path: string): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : fail(path, 'a string', value);
}

/** A boolean field (absent = `false`). */
export function asBool(value: unknown, path: string): boolean {
  if (value === undefined) return false;
  return typeof value === 'boolean' ? value : fail(path, 'a boolean', value);
}

/** A 64-bit integer: a decimal string or an integral number (absent = `0n`). */
export function asInt64(value: unknown, path: string): bigint {
  if (value === undefined) return 0n;
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return BigInt(value.trim());
  return fail(path, 'an integer (decimal string or number)', value);
}

/** An unsigned 64-bit integer such as a timestamp in nanoseconds (absent = `0n`). */
export function asUint64(value: unknown, path: string): bigint {
  const result = asInt64(value, path);
  if (result < 0n) throw new OtlpDecodeError(`${path}: expected a non-negative integer`);
  return result;
}

/** A double: a number, a numeric string, or `NaN` / `Infinity` / `-Infinity` (absent = 0). */
export function asDouble(value: unknown, path: string): number {
  if (value === undefined) return 0;
  if (typeof value === 'number') return value;
  if (value === 'NaN') return Number.NaN;
  if (value === 'Infinity') return Number.POSITIVE_INFINITY;
  if (value === '-Infinity') return Number.NEGATIVE_INFINITY;
  const parsed = typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  return Number.isFinite(parsed) ? parsed : fail(path, 'a number', value);
}

/**
 * An enum: its number, or its name looked up in `names` (an unknown name = 0).
 * Absent = 0.
 */
export function asEnum(
  value: unknown,
  path: string,
  names: Readonly<Record<string, number>>,
): number {
  if (value === undefined) return 0;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string') return names[value] ?? 0;
  return fail(path, 'an enum number or name', value);
}

/**
 * Trace or span id bytes as lowercase hex. OTLP/JSON sends hex; base64 (the
 * generic proto3 JSON form of `bytes`) is accepted when the text is not hex.
 */
export function asIdHex(value: unknown, path: string): string {
  const text = asString(value, path);
  if (/^(?:[0-9a-fA-F]{2})*$/.test(text)) return text.toLowerCase();
  return base64ToHex(text, path);
}

/** A `bytes` value sent as base64 (standard or URL-safe), as lowercase hex. */
export function base64ToHex(value: unknown, path: string): string {
  const text = asString(value, path);
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(text)) fail(path, 'base64 or hex bytes', value);
  return Buffer.from(text, 'base64').toString('hex');
}
