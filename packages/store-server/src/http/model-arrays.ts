import type { ValidationErrorItem } from '@agl/types';

/**
 * JavaScript objects include arrays, so a schema library that checks
 * `typeof value === 'object'` lets a JSON array through where a model
 * (a JSON object with named fields) is expected, and then reports missing
 * fields or even accepts it. The reference validates models from attributes
 * and rejects any array (or other non-object) there with one
 * `model_attributes_type` error at that position; this walk finds those
 * positions so the answer can say the same.
 */

interface SchemaNode {
  type: string;
  wrapped?: SchemaNode;
  entries?: Record<string, SchemaNode>;
  item?: SchemaNode;
  value?: SchemaNode;
}

const WRAPPERS = new Set(['optional', 'exact_optional', 'nullable', 'nullish', 'non_optional']);
const MODELS = new Set(['object', 'loose_object', 'strict_object', 'object_with_rest']);

function unwrap(schema: SchemaNode): SchemaNode {
  let node = schema;
  while (WRAPPERS.has(node.type) && node.wrapped) node = node.wrapped;
  return node;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function walk(
  node: SchemaNode,
  value: unknown,
  path: (string | number)[],
  out: ValidationErrorItem[],
) {
  const base = unwrap(node);
  if (MODELS.has(base.type)) {
    if (Array.isArray(value)) {
      out.push({
        type: 'model_attributes_type',
        loc: ['body', ...path],
        msg: 'Input should be a valid dictionary or object to extract fields from',
        input: value,
      });
      return;
    }
    if (!isRecord(value) || !base.entries) return;
    for (const [key, entry] of Object.entries(base.entries))
      if (key in value) walk(entry, value[key], [...path, key], out);
    return;
  }
  if (base.type === 'array' && base.item && Array.isArray(value)) {
    const item = base.item;
    value.forEach((entry, index) => {
      walk(item, entry, [...path, index], out);
    });
    return;
  }
  if (base.type === 'record' && base.value && isRecord(value))
    for (const [key, item] of Object.entries(value)) walk(base.value, item, [...path, key], out);
}

/**
 * The 422 details for JSON arrays found where the schema expects a model,
 * in document order; empty when there are none.
 *
 * @param schema - the body schema (a valibot schema)
 * @param value - the parsed body
 */
export function arraysInModelPositions(schema: unknown, value: unknown): ValidationErrorItem[] {
  const out: ValidationErrorItem[] = [];
  walk(schema as SchemaNode, value, [], out);
  return out;
}
