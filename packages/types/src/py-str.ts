/**
 * Python `str()` / `repr()` rendering of JavaScript values, so that prompt
 * text built by a TypeScript agent, and span attributes a Python reader
 * parses with `ast.literal_eval`, are byte-identical to what Python produces.
 *
 * @module
 */

/**
 * A number that renders as a Python `float` even when integral
 * (`pyFloat(1)` renders `1.0`). JavaScript cannot tell `1` from `1.0`, so
 * plain integral numbers render as Python `int`.
 */
export class PyFloat {
  /** The wrapped value. */
  readonly value: number;

  /** @param value - the number to render as a float */
  constructor(value: number) {
    this.value = value;
  }
}

/**
 * Wraps a number so `pyStr`/`pyRepr` render it as a Python float.
 *
 * @param value - the number
 */
export function pyFloat(value: number): PyFloat {
  return new PyFloat(value);
}

/**
 * Python `repr(float)`: shortest round-trip digits, fixed notation for
 * exponents in [-4, 16), scientific (`1e-05`, `1.5e+16`) otherwise.
 *
 * @param value - the number
 */
export function pyFloatRepr(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Number.POSITIVE_INFINITY) return 'inf';
  if (value === Number.NEGATIVE_INFINITY) return '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const [mantissa = '0', exponentText = '0'] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const sign = negative ? '-' : '';
  if (exponent < -4 || exponent >= 16) {
    const body = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const expSign = exponent < 0 ? '-' : '+';
    return `${sign}${body}e${expSign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  const intPart = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
  const fraction = digits.slice(exponent + 1);
  return `${sign}${intPart}.${fraction === '' ? '0' : fraction}`;
}

function pyNumber(value: number, json: boolean): string {
  // From JSON, integral values at or beyond 1e16 cannot have been integers a
  // JS number holds exactly; they were floats such as 1.5e16, which Python
  // prints in exponent form. Every safe integer still renders as an int.
  const integral = Number.isInteger(value) && !(json && Math.abs(value) >= 1e16);
  if (integral && !Object.is(value, -0)) {
    // String() already prints safe integers digit for digit; BigInt is only needed beyond them.
    return Number.isSafeInteger(value) ? String(value) : String(BigInt(value));
  }
  if (Object.is(value, -0)) return '0';
  return pyFloatRepr(value);
}

/**
 * Characters Python's `str.isprintable()` rejects (categories Cc, Cf, Cs, Co,
 * Cn, Zl, Zp and Zs, except the ASCII space): `repr` escapes them.
 */
const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

function escapeCodePoint(code: number): string {
  if (code <= 0xff) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code <= 0xffff) return `\\u${code.toString(16).padStart(4, '0')}`;
  return `\\U${code.toString(16).padStart(8, '0')}`;
}

/**
 * Python `repr(str)`: single quotes unless the text contains `'` and no `"`;
 * backslashes, the quote, `\n`, `\r`, `\t` and every character Python does
 * not consider printable escaped as `\xhh`, `\uhhhh` or `\Uhhhhhhhh`.
 *
 * @param text - the string
 */
export function pyStringRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of text) {
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch !== ' ' && NON_PRINTABLE.test(ch)) out += escapeCodePoint(ch.codePointAt(0) ?? 0);
    else out += ch;
  }
  return out + quote;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function hasOwnToString(value: object): boolean {
  return (
    typeof (value as { toString?: unknown }).toString === 'function' &&
    (value as { toString: unknown }).toString !== Object.prototype.toString
  );
}

/**
 * Python `repr()` of a value: what appears for an element inside a list or dict.
 *
 * @param value - any value
 */
export function pyRepr(value: unknown): string {
  return render(value, true, new Set(), false);
}

/**
 * Python `str()` of a value: `True`/`False`, `None`, integral numbers without
 * a decimal point, lists as `['a', 'b']`, objects as `{'k': 'v'}`.
 *
 * @param value - any value
 */
export function pyStr(value: unknown): string {
  return render(value, false, new Set(), false);
}

/**
 * Python `str()` of a value as Python would have parsed it from the same JSON
 * text (`json.loads`): like {@link pyStr}, except that integral numbers of
 * magnitude 1e16 or more render as floats (`1.5e+16`), because no JSON integer
 * of that size survives as an exact JS number. This is what span attributes
 * that Python readers parse with `ast.literal_eval` must match.
 *
 * @param value - a JSON value
 */
export function pyJsonStr(value: unknown): string {
  return render(value, false, new Set(), true);
}

function render(value: unknown, repr: boolean, seen: Set<object>, json: boolean): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return pyNumber(value, json);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string') return repr ? pyStringRepr(value) : value;
  if (typeof value === 'symbol' || typeof value === 'function') return String(value);
  if (value instanceof PyFloat) return pyFloatRepr(value.value);
  const obj = value as object;
  if (seen.has(obj)) return Array.isArray(obj) ? '[...]' : '{...}';
  seen.add(obj);
  try {
    return renderContainer(obj, seen, json);
  } finally {
    seen.delete(obj);
  }
}

function renderContainer(obj: object, seen: Set<object>, json: boolean): string {
  const item = (v: unknown): string => render(v, true, seen, json);
  if (Array.isArray(obj)) return `[${obj.map(item).join(', ')}]`;
  if (obj instanceof Map) {
    return `{${[...obj].map(([k, v]) => `${item(k)}: ${item(v)}`).join(', ')}}`;
  }
  if (obj instanceof Set) return obj.size === 0 ? 'set()' : `{${[...obj].map(item).join(', ')}}`;
  if (obj instanceof Date) return obj.toISOString();
  if (!isPlainObject(obj) && hasOwnToString(obj)) return String(obj);
  const entries = Object.entries(obj);
  return `{${entries.map(([k, v]) => `${pyStringRepr(k)}: ${item(v)}`).join(', ')}}`;
}
