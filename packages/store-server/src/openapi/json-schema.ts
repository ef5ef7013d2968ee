import {
  type ConversionConfig,
  type JsonSchema,
  toJsonSchema,
  toJsonSchemaDefs,
} from '@valibot/to-json-schema';
import type * as v from 'valibot';
import { OPENAPI_COMPONENTS } from './components';

/** Prefix of a reference to a component of the OpenAPI document. */
export const COMPONENT_REF = '#/components/schemas/';

const base: ConversionConfig = {
  target: 'draft-2020-12',
  errorMode: 'ignore',
  overrideRef: ({ referenceId }) => `${COMPONENT_REF}${referenceId}`,
  // `v.looseObject` keeps unknown keys; say so like the reference does.
  overrideSchema: ({ valibotSchema, jsonSchema }) =>
    valibotSchema.type === 'loose_object' ? { ...jsonSchema, additionalProperties: true } : null,
};

/**
 * Converts a schema to JSON Schema, with the named components referenced
 * (`$ref: #/components/schemas/<Name>`) instead of inlined.
 *
 * @param schema - a valibot schema
 */
export function schemaJson(schema: v.GenericSchema): JsonSchema {
  const converted = toJsonSchema(schema, {
    ...base,
    definitions: OPENAPI_COMPONENTS,
  }) as Record<string, unknown>;
  const { $schema: _schema, $defs: _defs, ...rest } = converted;
  return rest as JsonSchema;
}

/** Every named component as JSON Schema, sorted by name. */
export function componentSchemas(): Record<string, JsonSchema> {
  const defs = toJsonSchemaDefs(OPENAPI_COMPONENTS, base) as Record<string, JsonSchema>;
  return Object.fromEntries(
    Object.keys(defs)
      .sort()
      .map((name) => [name, defs[name] as JsonSchema]),
  );
}
