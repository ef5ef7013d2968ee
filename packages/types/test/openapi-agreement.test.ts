import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { toJsonSchema } from '@valibot/to-json-schema';
import type * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import * as t from '../src/index';

type JsonSchema = Record<string, unknown>;

const openapi = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../../spec/store-openapi.json', import.meta.url)), 'utf8'),
) as { components: { schemas: Record<string, JsonSchema> } };
const components = openapi.components.schemas;

type AnySchema = v.GenericSchema;

/** Each component of the reference document and the schema of ours that models it. */
const pairs: Record<string, AnySchema> = { ...t.REFERENCE_COMPONENTS };

/**
 * FastAPI's validation error entries carry `input` and `ctx` beyond the keys its
 * document declares (see the recorded 422 bodies); ours keeps them.
 */
const KEEPS_UNDOCUMENTED_KEYS = new Set(['ValidationError']);

/** Properties our server adds to a reference component (advertised as `rollout_filters`). */
const OUR_ADDITIONS: Record<string, readonly string[]> = {
  QueryRolloutsRequest: ['mode_in', 'resources_id_in'],
};

function ours(schema: AnySchema): JsonSchema {
  return toJsonSchema(schema, { errorMode: 'ignore' }) as JsonSchema;
}

function resolve(node: JsonSchema): JsonSchema {
  const ref = node.$ref;
  if (typeof ref === 'string') {
    const name = ref.split('/').pop() as string;
    return components[name] ?? ours(pairs[name] as AnySchema);
  }
  return node;
}

/** Every enum or const value reachable from a property, sorted. */
function enumValues(node: unknown, seen = new Set<unknown>()): string[] {
  if (node === null || typeof node !== 'object' || seen.has(node)) return [];
  seen.add(node);
  const obj = node as JsonSchema;
  const out: string[] = [];
  if (Array.isArray(obj.enum)) out.push(...obj.enum.map(String));
  if ('const' in obj) out.push(String(obj.const));
  for (const key of ['anyOf', 'oneOf', 'allOf']) {
    const list = obj[key];
    if (Array.isArray(list)) for (const item of list) out.push(...enumValues(item, seen));
  }
  if (obj.items) out.push(...enumValues(obj.items, seen));
  return [...new Set(out)].sort();
}

/** The valibot object kind under any pipe: `object`, `loose_object` or `strict_object`. */
function objectKind(schema: AnySchema): string {
  const inner = 'pipe' in schema ? (schema.pipe as AnySchema[])[0] : schema;
  return (inner as AnySchema).type;
}

function properties(schema: JsonSchema): Record<string, JsonSchema> {
  return (schema.properties ?? {}) as Record<string, JsonSchema>;
}

describe('schemas agree with the reference OpenAPI document', () => {
  it('models every component of the reference document', () => {
    expect(Object.keys(pairs).sort()).toEqual(Object.keys(components).sort());
  });

  for (const [name, schema] of Object.entries(pairs)) {
    describe(name, () => {
      const reference = components[name] as JsonSchema;
      const mine = ours(schema);

      it('has the same property names', () => {
        const added = OUR_ADDITIONS[name] ?? [];
        expect(Object.keys(properties(mine)).sort()).toEqual(
          [...Object.keys(properties(reference)), ...added].sort(),
        );
      });

      it('has the same required properties', () => {
        const want = ((reference.required ?? []) as string[]).slice().sort();
        const got = ((mine.required ?? []) as string[]).slice().sort();
        expect(got).toEqual(want);
      });

      it('has the same enum values on every property', () => {
        for (const [key, prop] of Object.entries(properties(reference))) {
          const want = enumValues(resolve(prop));
          const got = enumValues(resolve(properties(mine)[key] ?? {}));
          expect({ key, values: got }).toEqual({ key, values: want });
        }
      });

      it('keeps or drops unknown keys like the reference', () => {
        const loose = reference.additionalProperties === true || KEEPS_UNDOCUMENTED_KEYS.has(name);
        expect(objectKind(schema) === 'loose_object').toBe(loose);
      });
    });
  }
});
