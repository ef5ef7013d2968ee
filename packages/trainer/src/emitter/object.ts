import { InvalidArgumentError, InvalidStateError } from '@agl/store-core';
import type { Attributes, Span } from '@agl/types';
import { AGL_OBJECT, LightningSpanAttributes } from '../semconv/constants';
import { flattenAttributes } from '../semconv/flatten';
import { sanitizeAttributes } from '../semconv/sanitize';
import type { SpanCoreFields } from '../tracer/types';
import type { EmitWithAttributesOptions } from './message';
import { resolveTracer } from './resolve';

const { OBJECT_TYPE, OBJECT_LITERAL, OBJECT_JSON } = LightningSpanAttributes;

function pythonTypeName(value: object | null): string {
  if (value === null) return 'NoneType';
  if (Array.isArray(value)) return 'list';
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) return 'dict';
  return value.constructor?.name || 'object';
}

function strictJson(value: unknown): string {
  const text = JSON.stringify(value, (_key, child: unknown) => {
    if (typeof child === 'function' || typeof child === 'symbol') {
      throw new InvalidArgumentError(`${typeof child} is not JSON serializable`, {
        pythonType: 'TypeError',
      });
    }
    return child;
  });
  if (text === undefined)
    throw new InvalidArgumentError(`${typeof value} is not JSON serializable`, {
      pythonType: 'TypeError',
    });
  return text;
}

/**
 * Encodes a value as object-span attributes (reference `encode_object`):
 * strings, numbers, booleans and bytes as a typed literal, anything else as JSON.
 * Integral numbers encode as `int` (JavaScript has no separate float type).
 *
 * @throws InvalidStateError "Object must be JSON serializable, got: ..." for cycles, BigInt, functions
 */
export function encodeObject(value: unknown): Attributes {
  if (typeof value === 'string') return { [OBJECT_TYPE]: 'str', [OBJECT_LITERAL]: value };
  if (typeof value === 'number') {
    return {
      [OBJECT_TYPE]: Number.isInteger(value) ? 'int' : 'float',
      [OBJECT_LITERAL]: String(value),
    };
  }
  if (typeof value === 'boolean') {
    return { [OBJECT_TYPE]: 'bool', [OBJECT_LITERAL]: value ? 'True' : 'False' };
  }
  if (value instanceof Uint8Array) {
    return { [OBJECT_TYPE]: 'bytes', [OBJECT_LITERAL]: Buffer.from(value).toString('base64') };
  }
  try {
    const json = strictJson(value);
    return { [OBJECT_TYPE]: pythonTypeName(value as object | null), [OBJECT_JSON]: json };
  } catch (error) {
    throw new InvalidStateError(`Object must be JSON serializable, got: ${describe(value)}`, {
      cause: error,
    });
  }
}

function describe(value: unknown): string {
  if (typeof value === 'object' && value !== null) return value.constructor?.name ?? 'object';
  return typeof value;
}

/**
 * Records an object span (`agentlightning.object`, status `OK`).
 *
 * @param value - a string, number, boolean, bytes or any JSON-encodable value
 * @param options - extra `attributes`, `propagate`
 * @returns the span's core fields
 * @throws InvalidStateError when the value cannot be encoded
 */
export function emitObject(
  value: unknown,
  options: EmitWithAttributesOptions = {},
): SpanCoreFields {
  const attributes = {
    ...encodeObject(value),
    ...sanitizeAttributes(flattenAttributes(options.attributes ?? {})),
  };
  return resolveTracer(options.propagate ?? true, 'emit object span').createSpan(
    AGL_OBJECT,
    attributes,
    null,
    { status_code: 'OK', description: null },
  );
}

function decodeFloat(literal: string): number {
  const lower = literal.trim().toLowerCase();
  if (lower === 'nan') return Number.NaN;
  if (lower === 'inf' || lower === 'infinity') return Number.POSITIVE_INFINITY;
  if (lower === '-inf' || lower === '-infinity') return Number.NEGATIVE_INFINITY;
  return Number(literal);
}

function decodeLiteral(type: string, literal: string): unknown {
  switch (type) {
    case 'str':
      return literal;
    case 'int':
    case 'float':
      return decodeFloat(literal);
    case 'bool':
      return literal.toLowerCase() === 'true';
    case 'bytes':
      return new Uint8Array(Buffer.from(literal, 'base64'));
    default:
      throw new InvalidStateError(`Unsupported object type for literal deserialization: ${type}`);
  }
}

/**
 * Decodes the value of an object span; `null` when it carries none.
 *
 * @throws InvalidStateError for invalid JSON or an unknown literal type
 */
export function getObjectValue(span: Pick<Span, 'attributes'>): unknown {
  const attrs: Record<string, unknown> = span.attributes;
  const json = attrs[OBJECT_JSON];
  if (json !== undefined) {
    try {
      return JSON.parse(String(json));
    } catch (error) {
      throw new InvalidStateError(
        `Failed to decode the JSON payload of an object span: ${String(json)}`,
        {
          cause: error,
        },
      );
    }
  }
  const literal = attrs[OBJECT_LITERAL];
  if (literal === undefined) return null;
  const type = attrs[OBJECT_TYPE];
  return decodeLiteral(typeof type === 'string' ? type : 'str', String(literal));
}
