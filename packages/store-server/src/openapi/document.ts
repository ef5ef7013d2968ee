import {
  OTLP_TRACES_PATH,
  OTLP_UNSUPPORTED_PATHS,
  objectEntries,
  type StoreRoute,
} from '@agl/types';
import type * as v from 'valibot';
import { orderedBindings } from '../routes/table';
import { extensionPaths, type OpenApiExtensions } from './extensions';
import { COMPONENT_REF, componentSchemas, schemaJson } from './json-schema';

type Json = Record<string, unknown>;

/** `rollout_id` → `Rollout Id`, as FastAPI titles parameters. */
function title(name: string): string {
  return name
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}

function isOptional(schema: v.GenericSchema): boolean {
  return ['optional', 'exact_optional', 'nullish'].includes(schema.type);
}

function parameters(route: StoreRoute): Json[] {
  const path = [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: 'string', title: title(name as string) },
  }));
  const query = Object.entries(route.query ? objectEntries(route.query) : {}).map(
    ([name, schema]) => ({
      name,
      in: 'query',
      required: !isOptional(schema),
      schema: { ...schemaJson(schema), title: title(name) },
    }),
  );
  return [...path, ...query];
}

const json = (schema: unknown) => ({ content: { 'application/json': { schema } } });

const VALIDATION_ERROR = {
  description: 'Validation Error',
  ...json({ $ref: `${COMPONENT_REF}HTTPValidationError` }),
};

function operation(name: string, route: StoreRoute): Json {
  const op: Json = {
    summary: title(name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)),
    operationId: route.operationId,
  };
  const params = parameters(route);
  if (params.length > 0) op.parameters = params;
  if (route.body && route.bodyMode !== 'none') {
    const schema = schemaJson(route.body);
    op.requestBody =
      route.bodyMode === 'required'
        ? { required: true, ...json(schema) }
        : json({ anyOf: [schema, { type: 'null' }], title: 'Request' });
  }
  const responses: Json = {
    [String(route.status)]: {
      description: 'Successful Response',
      ...json(schemaJson(route.response)),
    },
  };
  if (params.length > 0 || op.requestBody) responses['422'] = VALIDATION_ERROR;
  op.responses = responses;
  return op;
}

function otlpPaths(): Json {
  const traces = {
    post: {
      summary: 'Otlp Traces',
      operationId: 'otlp_traces_v1_traces_post',
      description:
        'OTLP/HTTP ExportTraceServiceRequest as binary protobuf (application/x-protobuf) or OTLP/JSON (application/json), optionally gzip-encoded.',
      responses: {
        '200': {
          description: 'Empty ExportTraceServiceResponse',
          content: { 'application/x-protobuf': { schema: {} }, 'application/json': { schema: {} } },
        },
      },
    },
  };
  const unsupported = OTLP_UNSUPPORTED_PATHS.map((path) => [
    path,
    {
      post: {
        summary: `Otlp ${title(path.split('/').pop() as string)}`,
        operationId: `otlp_${path.slice(4).replace(/\//g, '_')}_${path.slice(1).replace(/\//g, '_')}_post`,
        responses: { '501': { description: 'Not implemented (empty body)' } },
      },
    },
  ]);
  return { [OTLP_TRACES_PATH]: traces, ...Object.fromEntries(unsupported) };
}

/**
 * Builds the server's OpenAPI 3.1 document from the same valibot schemas that
 * validate requests: every JSON route with its parameters, body and answer,
 * the OTLP routes, and every named schema under `components.schemas`. The
 * optional read routes (live events, the dashboard's reward aggregates) are
 * listed only when `served` says the app answers them; the default document
 * (the committed `openapi.json`) has none.
 *
 * @param served - which optional routes to include (default: none)
 */
export function buildOpenApiDocument(served: OpenApiExtensions = {}): Json {
  const paths: Record<string, Json> = {};
  for (const { route, name } of orderedBindings()) {
    const entry = paths[route.path] ?? {};
    entry[route.method.toLowerCase()] = operation(name, route);
    paths[route.path] = entry;
  }
  return {
    openapi: '3.1.0',
    info: { title: 'LightningStore Server', version: '0.1.0' },
    paths: { ...paths, ...extensionPaths(served), ...otlpPaths() },
    components: { schemas: componentSchemas() },
  };
}
