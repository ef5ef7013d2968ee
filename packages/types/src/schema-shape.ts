import type * as v from 'valibot';

/** The JSON kind a schema field expects, as far as query-string coercion cares. */
export type FieldKind = 'integer' | 'number' | 'boolean' | 'string' | 'array' | 'other';

interface SchemaNode {
  type: string;
  wrapped?: SchemaNode;
  pipe?: readonly { kind: string; type: string }[];
  entries?: Record<string, SchemaNode>;
  item?: SchemaNode;
}

const WRAPPERS = new Set(['optional', 'exact_optional', 'nullable', 'nullish', 'non_optional']);

/** Strips optional/nullable wrappers. */
function unwrap(schema: SchemaNode): SchemaNode {
  let node = schema;
  while (WRAPPERS.has(node.type) && node.wrapped) node = node.wrapped;
  return node;
}

/**
 * The kind of value a schema expects (wrappers stripped): `integer` for a
 * number piped through `v.integer()`, otherwise the base type.
 *
 * @param schema - a valibot schema
 */
export function fieldKind(schema: v.GenericSchema): FieldKind {
  const node = unwrap(schema as unknown as SchemaNode);
  switch (node.type) {
    case 'number':
      return node.pipe?.some((action) => action.type === 'integer') ? 'integer' : 'number';
    case 'boolean':
      return 'boolean';
    case 'string':
    case 'picklist':
    case 'literal':
      return 'string';
    case 'array':
      return 'array';
    default:
      return 'other';
  }
}

/**
 * The item schema of an array field (wrappers stripped), if the field is an array.
 *
 * @param schema - a valibot schema
 */
export function arrayItem(schema: v.GenericSchema): v.GenericSchema | undefined {
  const node = unwrap(schema as unknown as SchemaNode);
  return node.type === 'array' ? (node.item as unknown as v.GenericSchema) : undefined;
}

/**
 * The entries of an object schema, or `{}` when the schema is not an object.
 *
 * @param schema - a valibot object schema
 */
export function objectEntries(schema: v.GenericSchema): Record<string, v.GenericSchema> {
  const node = unwrap(schema as unknown as SchemaNode);
  return (node.entries ?? {}) as unknown as Record<string, v.GenericSchema>;
}

/**
 * The schema found by following object keys and array indexes from a root,
 * or `undefined` when the path leaves the known structure.
 *
 * @param schema - the root schema
 * @param path - object keys and array indexes
 */
export function schemaAt(
  schema: v.GenericSchema,
  path: readonly unknown[],
): v.GenericSchema | undefined {
  let node: SchemaNode | undefined = schema as unknown as SchemaNode;
  for (const key of path) {
    if (!node) return undefined;
    const base = unwrap(node);
    if (base.type === 'array') node = base.item;
    else if (typeof key === 'string' && base.entries) node = base.entries[key];
    else return undefined;
  }
  return node as unknown as v.GenericSchema | undefined;
}
