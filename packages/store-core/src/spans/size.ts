import type { Span } from '@agl/types';

const nodeBuffer = (
  globalThis as { Buffer?: { byteLength(value: string, encoding: 'utf8'): number } }
).Buffer;

/**
 * The UTF-8 byte length of a string (native `Buffer.byteLength` when available).
 *
 * @param text - the string
 */
export function utf8ByteLength(text: string): number {
  if (nodeBuffer) return nodeBuffer.byteLength(text, 'utf8');
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * The default span size estimate used for memory accounting: the UTF-8 byte
 * length of the span's JSON.
 *
 * @param span - the span
 */
export function estimateSpanSize(span: Span): number {
  return utf8ByteLength(JSON.stringify(span));
}

/**
 * Turns a custom estimator's answer into a byte count: a non-negative
 * integer (`NaN`, negatives and non-numbers become 0).
 *
 * @param value - the estimator's answer
 */
export function toByteCount(value: unknown): number {
  const number = Math.floor(Number(value));
  return Number.isFinite(number) && number > 0 ? number : 0;
}
