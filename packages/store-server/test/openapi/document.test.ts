import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../src/openapi/document';
import { testApp } from '../helpers';

// biome-ignore lint/suspicious/noExplicitAny: JSON documents are inspected freely
type Json = Record<string, any>;

const readJson = (relative: string): Json =>
  JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as Json;

const committed = readJson('../../openapi.json');
const reference = readJson('../../../../spec/store-openapi.json');
const ours = buildOpenApiDocument() as Json;

/** Operations we add to the reference (DECISIONS "Beyond the reference"). */
const ADDED_OPERATIONS = ['POST /v1/agl/spans/batch', 'POST /v1/agl/spans/next/batch'];

/** Query parameters and search-body properties we add to reference operations (`rollout_filters`). */
const ADDED_PARAMETERS: Record<string, string[]> = {
  'GET /v1/agl/rollouts': ['query:mode_in:false', 'query:resources_id_in:false'],
};
const ADDED_PROPERTIES: Record<string, string[]> = {
  'POST /v1/agl/rollouts/search': ['mode_in', 'resources_id_in'],
};

/** Success statuses we answer differently from what the reference *documents*, and why. */
const STATUS_DIFFERENCES: Record<string, string> = {
  // FastAPI documents a default 200 for these, but its server (and ours) answers 501 with no body.
  'POST /v1/metrics': '501',
  'POST /v1/logs': '501',
  'POST /v1/development/profiles': '501',
};

/** `Span-Input` / `Span-Output` in the reference are one `Span` schema here. */
const refName = (ref: unknown) =>
  typeof ref === 'string'
    ? ref
        .split('/')
        .pop()
        ?.replace(/-(Input|Output)$/, '')
    : undefined;

function operations(doc: Json): Map<string, Json> {
  const out = new Map<string, Json>();
  for (const [path, methods] of Object.entries(doc.paths as Json))
    for (const [method, op] of Object.entries(methods as Json))
      out.set(`${method.toUpperCase()} ${path}`, op as Json);
  return out;
}

function successStatus(op: Json): string | undefined {
  return Object.keys(op.responses).find((code) => /^[25]\d\d$/.test(code) && code !== '422');
}

/** The body's component name (the `$ref`, or the `$ref` inside `anyOf` for optional bodies). */
function bodySchema(op: Json): { name?: string | undefined; required: boolean } | undefined {
  if (!op.requestBody) return undefined;
  const schema = op.requestBody.content['application/json'].schema as Json;
  const ref = schema.$ref ?? (schema.anyOf as Json[] | undefined)?.find((s) => s.$ref)?.$ref;
  return { name: refName(ref), required: op.requestBody.required === true };
}

function componentProperties(doc: Json, name: string | undefined): string[] {
  if (!name) return [];
  const schemas = doc.components.schemas as Json;
  const schema = schemas[name] ?? schemas[`${name}-Input`];
  return Object.keys(schema?.properties ?? {}).sort();
}

describe('committed openapi.json', () => {
  it('matches what the code generates (run `pnpm --filter @agl/store-server gen:openapi` after changing schemas)', () => {
    expect(committed).toEqual(ours);
  });

  it('is served at GET /openapi.json', async () => {
    const t = testApp();
    const reply = await t.call('GET', '/openapi.json');
    expect(reply.headers.get('content-type')).toBe('application/json');
    expect(reply.body).toEqual(ours);
    await t.close();
  });

  it('marks loose objects as keeping unknown keys', () => {
    const schemas = ours.components.schemas as Json;
    expect(schemas.Span.additionalProperties).toBe(true);
    expect(schemas.SpanContext.additionalProperties).toBe(true);
    expect(schemas.Rollout.additionalProperties).toBeUndefined();
  });
});

describe('agreement with the reference document, route by route', () => {
  const theirs = operations(reference);
  const mine = operations(ours);

  it('has every reference operation, plus only the listed additions', () => {
    const missing = [...theirs.keys()].filter((key) => !mine.has(key));
    const added = [...mine.keys()].filter((key) => !theirs.has(key));
    expect(missing).toEqual([]);
    expect(added.sort()).toEqual([...ADDED_OPERATIONS].sort());
  });

  for (const [key, op] of operations(reference)) {
    describe(key, () => {
      const own = mine.get(key) as Json;

      it('has the same operationId', () => {
        expect(own.operationId).toBe(op.operationId);
      });

      it('has the same parameters (name, location, required)', () => {
        const params = (o: Json) =>
          ((o.parameters ?? []) as Json[])
            .map((p) => `${p.in}:${p.name}:${p.required === true}`)
            .sort();
        const added = ADDED_PARAMETERS[key] ?? [];
        expect(params(own).filter((p) => !added.includes(p))).toEqual(params(op));
        for (const param of added) expect(params(own)).toContain(param);
      });

      it('has the same request body schema name, required flag and properties', () => {
        const want = bodySchema(op);
        const got = bodySchema(own);
        expect(got).toEqual(want);
        if (want?.name) {
          const added = ADDED_PROPERTIES[key] ?? [];
          const props = componentProperties(ours, got?.name);
          expect(props.filter((name) => !added.includes(name))).toEqual(
            componentProperties(reference, want.name),
          );
          for (const name of added) expect(props).toContain(name);
        }
      });

      it('has the same success status', () => {
        expect(successStatus(own)).toBe(STATUS_DIFFERENCES[key] ?? successStatus(op));
      });
    });
  }

  it('inlines the NamedResources body like the reference (a map of resources)', () => {
    const body = mine.get('POST /v1/agl/resources')?.requestBody.content['application/json']
      .schema as Json;
    expect(body.type).toBe('object');
  });
});
