import type { Logger } from '@agl/store-core';
import { type LightningStore, StoreError, storeErrorToWire } from '@agl/store-core';
import { Hono } from 'hono';
import type { NodeIncoming } from '../http/body';
import { decodeTraceRequestJson } from './decode/json';
import { decodeTraceRequestProtobuf } from './decode/protobuf';
import { emptyResponse } from './empty-response';
import { ingestTraceRequest } from './ingest';
import { OtlpDecodeError, type OtlpTraceRequest } from './model';
import { decodeContent, OtlpRequestError, readBody } from './read-body';
import {
  acceptsGzip,
  OTLP_CONTENT_TYPES,
  type OtlpFormat,
  otlpResponse,
  rpcStatusResponse,
  successResponse,
} from './responses';

/** Options of `createOtlpRoutes` and `handleOtlpTraces`. */
export interface OtlpRoutesOptions {
  /** Receives warnings about skipped spans and ignored sequence ids (default `console`). */
  logger?: Logger;
  /** Largest request body accepted, compressed and decompressed, in bytes (default 32 MiB). */
  bodyLimit?: number;
}

/** Default `bodyLimit`: 32 MiB. */
export const DEFAULT_OTLP_BODY_LIMIT = 32 * 1024 * 1024;

/** OTLP signals this server does not accept: `POST` answers 501 with an empty body. */
export const OTLP_NOT_IMPLEMENTED_PATHS = [
  '/v1/metrics',
  '/v1/logs',
  '/v1/development/profiles',
] as const;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The request's encoding from its `Content-Type` (parameters ignored), or `undefined`. */
function formatOf(mediaType: string): OtlpFormat | undefined {
  if (mediaType === OTLP_CONTENT_TYPES.protobuf) return 'protobuf';
  return mediaType === OTLP_CONTENT_TYPES.json ? 'json' : undefined;
}

function decode(format: OtlpFormat, bytes: Uint8Array): OtlpTraceRequest {
  if (format === 'protobuf') return decodeTraceRequestProtobuf(bytes);
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new OtlpDecodeError('the JSON body is not valid UTF-8');
  }
  return decodeTraceRequestJson(text);
}

/**
 * Handles `POST /v1/traces` (OTLP/HTTP): decodes a protobuf or OTLP/JSON
 * `ExportTraceServiceRequest` (gzip allowed), stores its spans, and answers
 * 200 with an empty `ExportTraceServiceResponse` in the request's encoding.
 * Refusals: 400 `google.rpc.Status` for an unsupported content type (always
 * protobuf), an unsupported content encoding or an unparsable payload; 413
 * for a body over the limit; a store error answers its own status with
 * `{"detail", "error_type", "code"}`. Bodies are gzipped when accepted.
 *
 * @param request - the HTTP request
 * @param store - where the spans go
 * @param options - logger and body limit
 * @param incoming - the Node request behind `request` (read directly when given)
 */
export async function handleOtlpTraces(
  request: Request,
  store: LightningStore,
  options: OtlpRoutesOptions = {},
  incoming?: NodeIncoming,
): Promise<Response> {
  const compress = acceptsGzip(request.headers.get('accept-encoding'));
  const mediaType = (request.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
  const format = formatOf(mediaType);
  if (format === undefined) {
    const expected = `'${OTLP_CONTENT_TYPES.protobuf}' or '${OTLP_CONTENT_TYPES.json}'`;
    const message = `Unsupported Content-Type '${mediaType}', expected ${expected}`;
    return rpcStatusResponse('protobuf', 400, message, compress);
  }
  const limit = options.bodyLimit ?? DEFAULT_OTLP_BODY_LIMIT;
  let decoded: OtlpTraceRequest;
  try {
    const raw = await readBody(request, limit, incoming);
    decoded = decode(
      format,
      await decodeContent(raw, request.headers.get('content-encoding'), limit),
    );
  } catch (error) {
    if (error instanceof OtlpRequestError) {
      const response = await rpcStatusResponse(format, error.status, error.message, compress);
      // The rest of an oversized body was not read: close the connection after answering.
      if (error.status === 413) response.headers.set('connection', 'close');
      return response;
    }
    if (!(error instanceof OtlpDecodeError)) throw error;
    const message = `Unable to parse OTLP traces payload: ${error.message}`;
    return rpcStatusResponse(format, 400, message, compress);
  }
  try {
    await ingestTraceRequest(store, decoded, options.logger ?? console);
  } catch (error) {
    if (!(error instanceof StoreError)) throw error;
    const body = JSON.stringify(storeErrorToWire(error));
    return otlpResponse(error.status, body, 'application/json', compress);
  }
  return successResponse(format, compress);
}

/**
 * Builds the OTLP/HTTP routes over a store, to mount on the server's app
 * with `app.route('/', createOtlpRoutes(store))`: `POST /v1/traces` (see
 * `handleOtlpTraces`) and 501 stubs for metrics, logs and profiles.
 *
 * @param store - where the spans go
 * @param options - logger and body limit
 * @returns a hono app holding the routes
 */
export function createOtlpRoutes(store: LightningStore, options: OtlpRoutesOptions = {}): Hono {
  const app = new Hono();
  app.post('/v1/traces', (c) =>
    handleOtlpTraces(
      c.req.raw,
      store,
      options,
      (c.env as { incoming?: NodeIncoming } | undefined)?.incoming,
    ),
  );
  for (const path of OTLP_NOT_IMPLEMENTED_PATHS) {
    app.post(path, (c) => emptyResponse(c, 501));
  }
  return app;
}
