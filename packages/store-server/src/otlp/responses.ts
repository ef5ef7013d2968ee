import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';

const gzip = promisify(gzipCallback);

/** The two OTLP/HTTP encodings: binary protobuf and OTLP/JSON. */
export type OtlpFormat = 'protobuf' | 'json';

/** Media type of each encoding. */
export const OTLP_CONTENT_TYPES: Readonly<Record<OtlpFormat, string>> = {
  protobuf: 'application/x-protobuf',
  json: 'application/json',
};

function varint(value: number): number[] {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  bytes.push(rest);
  return bytes;
}

/**
 * Serialises a `google.rpc.Status` holding only `message` (field 2), the
 * error body OTLP/HTTP servers send; `code` and `details` are left unset.
 *
 * @param message - the developer-facing error message
 */
export function encodeRpcStatus(message: string): Uint8Array {
  const text = new TextEncoder().encode(message);
  if (text.length === 0) return new Uint8Array(0);
  const header = [0x12, ...varint(text.length)];
  const bytes = new Uint8Array(header.length + text.length);
  bytes.set(header);
  bytes.set(text, header.length);
  return bytes;
}

/**
 * Whether an `Accept-Encoding` header lists `gzip` (with a non-zero quality).
 *
 * @param header - the header value, or `null` when absent
 */
export function acceptsGzip(header: string | null): boolean {
  if (!header) return false;
  return header.split(',').some((entry) => {
    const [token = '', ...params] = entry.split(';').map((part) => part.trim().toLowerCase());
    if (token !== 'gzip') return false;
    const quality = params.find((param) => param.startsWith('q='));
    return quality === undefined || Number(quality.slice(2)) > 0;
  });
}

/**
 * Builds a response, gzip-compressing the body (and setting
 * `Content-Encoding: gzip`) when the client accepts it.
 *
 * @param status - HTTP status
 * @param body - the uncompressed body
 * @param contentType - the body's media type
 * @param compress - whether to gzip the body
 */
export async function otlpResponse(
  status: number,
  body: Uint8Array | string,
  contentType: string,
  compress: boolean,
): Promise<Response> {
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  const headers = new Headers({ 'content-type': contentType });
  if (!compress) return new Response(bytes, { status, headers });
  headers.set('content-encoding', 'gzip');
  headers.set('vary', 'Accept-Encoding');
  return new Response(await gzip(bytes), { status, headers });
}

/**
 * The success answer: an empty `ExportTraceServiceResponse`, i.e. zero bytes
 * of protobuf, or `{}` for an OTLP/JSON request.
 *
 * @param format - the request's encoding
 * @param compress - whether to gzip the body
 */
export function successResponse(format: OtlpFormat, compress: boolean): Promise<Response> {
  const body = format === 'json' ? '{}' : new Uint8Array(0);
  return otlpResponse(200, body, OTLP_CONTENT_TYPES[format], compress);
}

/**
 * An error answer: a `google.rpc.Status` with only `message`, as protobuf or,
 * for an OTLP/JSON request, as JSON `{"message": ...}`.
 *
 * @param format - the encoding of the answer
 * @param status - HTTP status
 * @param message - what went wrong
 * @param compress - whether to gzip the body
 */
export function rpcStatusResponse(
  format: OtlpFormat,
  status: number,
  message: string,
  compress: boolean,
): Promise<Response> {
  const body = format === 'json' ? JSON.stringify({ message }) : encodeRpcStatus(message);
  return otlpResponse(status, body, OTLP_CONTENT_TYPES[format], compress);
}
