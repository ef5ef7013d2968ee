/**
 * Python `str()` of JSON values, as `pyJsonStr` of `@agl/types` renders them, with fast paths
 * for the bulk of a record: arrays of integers (token ids), which are joined directly instead of
 * being rendered number by number, and printable ASCII strings, which need no escaping.
 */
import { pyJsonStr, pyStringRepr } from '@agl/types';

function intList(items: readonly unknown[]): string | null {
  let out = '[';
  for (let i = 0; i < items.length; i++) {
    const v = items[i];
    // Safe integers print the same digits in Python; -0 prints as "0" in both.
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) return null;
    // A concatenation loop beats `join` on long lists (measured on token-id lists).
    out += i === 0 ? `${v}` : `, ${v}`;
  }
  return `${out}]`;
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
