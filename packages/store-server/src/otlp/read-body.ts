import { promisify } from 'node:util';
import { gunzip as gunzipCallback } from 'node:zlib';
import { BodyTooLargeError, type NodeIncoming, readRawBody } from '../http/body';
import { OtlpDecodeError } from './model';

const gunzip = promisify(gunzipCallback);

/** A request the OTLP handler refuses before decoding, with the HTTP status to answer. */
export class OtlpRequestError extends Error {
  /**
   * @param status - HTTP status to answer (400, 413)
   * @param message - what is wrong with the request
   */
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'OtlpRequestError';
  }
}

function tooLarge(what: string, limit: number): OtlpRequestError {
  return new OtlpRequestError(413, `${what} exceeds the limit of ${limit} bytes`);
}

/**
 * Reads a request body, refusing (413) one longer than `limit` bytes
 * without buffering more than that (the shared reader of the server, which
 * reads the Node stream directly when it is at hand).
 *
 * @param request - the request
 * @param limit - the most bytes accepted
 * @param incoming - the Node request behind `request`, when there is one
 */
export async function readBody(
  request: Request,
  limit: number,
  incoming?: NodeIncoming,
): Promise<Uint8Array> {
  try {
    return await readRawBody(request, limit, incoming);
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw tooLarge('Request body', limit);
    throw error;
  }
}

/**
 * Undoes the request's `Content-Encoding`: `gzip` (or `x-gzip`, any case) is
 * decompressed, no header or `identity` leaves the bytes as they are. An
 * empty body stays empty whatever the encoding.
 *
 * @param bytes - the raw body
 * @param encoding - the `Content-Encoding` header, or `null`
 * @param limit - the most decompressed bytes accepted (413 beyond)
 * @throws OtlpDecodeError for invalid gzip data; OtlpRequestError for other encodings or size
 */
export async function decodeContent(
  bytes: Uint8Array,
  encoding: string | null,
  limit: number,
): Promise<Uint8Array> {
  const name = (encoding ?? '').trim().toLowerCase();
  if (bytes.length === 0 || name === '' || name === 'identity') return bytes;
  if (name !== 'gzip' && name !== 'x-gzip') {
    throw new OtlpRequestError(
      400,
      `Unsupported Content-Encoding '${encoding}', expected 'gzip' or 'identity'`,
    );
  }
  try {
    return await gunzip(bytes, { maxOutputLength: limit });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw tooLarge('Decompressed request body', limit);
    }
    throw new OtlpDecodeError(`invalid gzip body: ${(error as Error).message}`);
  }
}
