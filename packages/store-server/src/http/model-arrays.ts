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

/** Per schema node: whether a value under it can sit in a model position (memoised). */
const holdsModels = new WeakMap<SchemaNode, boolean>();

/**
 * Whether a value validated by `node` can contain a model position: a model
 * itself, or an array or record of something that can. Unions and scalars
 * cannot (the walk does not look inside them), so the walk skips, for
 * example, a span's attribute values entirely.
 */
function canHoldModel(node: SchemaNode): boolean {
  const known = holdsModels.get(node);
  if (known !== undefined) return known;
  const base = unwrap(node);
  let holds = false;
  if (MODELS.has(base.type)) holds = true;
  else if (base.type === 'array' && base.item) holds = canHoldModel(base.item);
  else if (base.type === 'record' && base.value) holds = canHoldModel(base.value);
  holdsModels.set(node, holds);
  return holds;
}

/** Walks `value` along `node`; `path` is shared and restored on return (copied only into a detail). */
function walk(
  node: SchemaNode,
  value: unknown,
  path: (string | number)[],
  out: ValidationErrorItem[],
) {
  if (!canHoldModel(node)) return;
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
    for (const key in base.entries) {
      if (!(key in value)) continue;
      path.push(key);
      walk(base.entries[key] as SchemaNode, value[key], path, out);
      path.pop();
    }
    return;
  }
  if (base.type === 'array' && base.item && Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      path.push(index);
      walk(base.item, value[index], path, out);
      path.pop();
    }
    return;
  }
  if (base.type === 'record' && base.value && isRecord(value))
    for (const [key, item] of Object.entries(value)) {
      path.push(key);
      walk(base.value, item, path, out);
      path.pop();
    }
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
