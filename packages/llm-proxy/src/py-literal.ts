/**
 * Python `str()` of JSON values, as `pyJsonStr` of `@agl/types` renders them, with fast paths
 * for the bulk of a record: arrays of integers (token ids), whose digits are written into one
 * byte buffer and read back as one flat string, and printable ASCII strings, which need no escaping.
 */
import { pyJsonStr, pyStringRepr } from '@agl/types';

/** Scratch bytes for rendering integer lists; grown on demand, reused by every call. */
let scratch = Buffer.allocUnsafe(16_384);

/**
 * Writes the decimal digits of a safe integer at `at`, returning the new offset. Safe integers
 * print the same digits in Python; -0 prints as "0" in both.
 */
function writeInt(buf: Buffer, at: number, value: number): number {
  let v = value;
  let pos = at;
  if (v < 0) {
    buf[pos++] = 45; // '-'
    v = -v;
  }
  if (v < 10) {
    buf[pos] = 48 + v;
    return pos + 1;
  }
  let digits = 1;
  for (let p = 10; p <= v && digits < 16; p *= 10) digits++;
  const end = pos + digits;
  let i = end - 1;
  // Small integer arithmetic for the usual token ids; float division past 2^31.
  for (; v > 0x7fffffff; i--) {
    buf[i] = 48 + (v % 10);
    v = Math.floor(v / 10);
  }
  for (; i >= pos; i--) {
    const q = (v / 10) | 0;
    buf[i] = 48 + v - q * 10;
    v = q;
  }
  return end;
}

function intList(items: readonly unknown[]): string | null {
  for (let i = 0; i < items.length; i++) {
    const v = items[i];
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) return null;
  }
  // Digits written into one byte buffer and read back as one flat string: appending number by
  // number leaves a rope of a thousand pieces that the store's JSON.stringify must flatten again.
  const room = 2 + items.length * 19;
  if (scratch.length < room) scratch = Buffer.allocUnsafe(room);
  const buf = scratch;
  let at = 0;
  buf[at++] = 91; // '['
  for (let i = 0; i < items.length; i++) {
    if (i > 0) {
      buf[at++] = 44; // ','
      buf[at++] = 32; // ' '
    }
    at = writeInt(buf, at, items[i] as number);
  }
  buf[at++] = 93; // ']'
  return buf.toString('latin1', 0, at);
}

/** Printable ASCII without a backslash: the only characters `repr` may have to escape are quotes. */
const PLAIN = /^[ !#-&(-[\]-~]*$/;
const PLAIN_WITH_QUOTES = /^[ -[\]-~]*$/;

/**
 * `pyStringRepr(text)`, without its per-character scan for the common case (prompts and answers
 * in plain ASCII): such text is quoted as it is unless it holds both kinds of quote.
 */
function stringRepr(text: string): string {
  if (PLAIN.test(text)) return `'${text}'`;
  if (PLAIN_WITH_QUOTES.test(text)) {
    const single = text.includes("'");
    const double = text.includes('"');
    if (!single) return `'${text}'`;
    if (!double) return `"${text}"`;
  }
  return pyStringRepr(text);
}

function item(value: unknown): string {
  if (typeof value === 'string') return stringRepr(value);
  if (value !== null && typeof value === 'object') return container(value);
  return pyJsonStr(value);
}

function container(value: object): string {
  if (Array.isArray(value)) {
    const ints = intList(value);
    if (ints !== null) return ints;
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i > 0 ? ', ' : '') + item(value[i]);
    return `${out}]`;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return pyJsonStr(value);
  let out = '{';
  let first = true;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    out += `${first ? '' : ', '}${stringRepr(key)}: ${item((value as Record<string, unknown>)[key])}`;
    first = false;
  }
  return `${out}}`;
}

/** `pyJsonStr(value)` for values parsed from JSON (plain objects, arrays, primitives). */
export function pyJson(value: unknown): string {
  if (value !== null && typeof value === 'object') return container(value);
  return pyJsonStr(value);
}
