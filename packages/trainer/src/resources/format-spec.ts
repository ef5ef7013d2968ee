/**
 * The Python format-spec mini-language for `PromptTemplate` f-string fields
 * (`{x:>8}`, `{score:.2f}`, `{n:,}`, `{ratio:.1%}`). Supported types: `s`,
 * `d`, `b`, `o`, `x`, `X`, `f`, `F`, `e`, `E`, `%` and none; anything else
 * throws instead of rendering something different from Python.
 *
 * @module
 */
import { InvalidArgumentError } from '@agl/store-core';
import { fixedDigits, scientificDigits } from './exact-decimal';
import { PyFloat, pyFloatRepr, pyStr } from './py-str';

const SPEC = /^(?:(.)?([<>=^]))?([+\- ])?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([a-zA-Z%])?$/s;

interface ParsedSpec {
  fill: string;
  align: string | undefined;
  sign: string;
  alternate: boolean;
  width: number;
  grouping: string | undefined;
  precision: number | undefined;
  type: string | undefined;
}

function parse(spec: string): ParsedSpec {
  const m = SPEC.exec(spec);
  if (!m) throw new InvalidArgumentError(`Invalid format specifier '${spec}'`);
  const zero = m[5] !== undefined;
  return {
    fill: m[1] ?? (zero && !m[2] ? '0' : ' '),
    align: m[2] ?? (zero ? '=' : undefined),
    sign: m[3] ?? '-',
    alternate: m[4] !== undefined,
    width: m[6] ? Number(m[6]) : 0,
    grouping: m[7],
    precision: m[8] !== undefined ? Number(m[8]) : undefined,
    type: m[9],
  };
}

function group(intDigits: string, separator: string | undefined, size: number): string {
  if (!separator) return intDigits;
  let out = '';
  for (let i = intDigits.length; i > 0; i -= size) {
    out = intDigits.slice(Math.max(0, i - size), i) + (out ? separator + out : '');
  }
  return out;
}

function pad(sign: string, body: string, spec: ParsedSpec, defaultAlign: string): string {
  const align = spec.align ?? defaultAlign;
  const missing = spec.width - sign.length - body.length;
  if (missing <= 0) return sign + body;
  const fill = spec.fill.repeat(missing);
  if (align === '<') return sign + body + fill;
  if (align === '>') return fill + sign + body;
  if (align === '=') return sign + fill + body;
  const left = spec.fill.repeat(Math.floor(missing / 2));
  return left + sign + body + spec.fill.repeat(missing - left.length);
}

function signOf(negative: boolean, spec: ParsedSpec): string {
  if (negative) return '-';
  return spec.sign === '+' ? '+' : spec.sign === ' ' ? ' ' : '';
}

function formatInteger(value: bigint, spec: ParsedSpec): string {
  const type = spec.type ?? 'd';
  const radix = { d: 10, b: 2, o: 8, x: 16, X: 16 }[type];
  if (radix === undefined)
    throw new InvalidArgumentError(`Unknown format code '${type}' for object of type 'int'`);
  const negative = value < 0n;
  let digits = (negative ? -value : value).toString(radix);
  if (type === 'X') digits = digits.toUpperCase();
  digits = group(digits, spec.grouping, radix === 10 ? 3 : 4);
  const prefix = spec.alternate && radix !== 10 ? `0${type === 'X' ? 'X' : type}` : '';
  return pad(signOf(negative, spec) + prefix, digits, spec, '>');
}

function formatFloat(value: number, spec: ParsedSpec, plainRepr: boolean): string {
  const type = spec.type;
  const negative = value < 0 || Object.is(value, -0);
  let body: string;
  if (!Number.isFinite(value)) {
    body = Number.isNaN(value) ? 'nan' : 'inf';
    if (type === 'F' || type === 'E') body = body.toUpperCase();
  } else if (type === 'f' || type === 'F') body = fixedDigits(value, spec.precision ?? 6);
  else if (type === 'e' || type === 'E') {
    body = scientificDigits(value, spec.precision ?? 6);
    if (type === 'E') body = body.toUpperCase();
  } else if (type === '%') body = `${fixedDigits(value * 100, spec.precision ?? 6)}%`;
  else if (type === undefined && spec.precision === undefined) {
    body = plainRepr ? pyFloatRepr(Math.abs(value)) : String(BigInt(Math.abs(value)));
  } else {
    throw new InvalidArgumentError(
      `Format code '${type ?? `.${spec.precision}`}' is not supported by PromptTemplate.format`,
    );
  }
  if (spec.grouping) {
    const cut = body.search(/[^0-9]/);
    const end = cut === -1 ? body.length : cut;
    body = group(body.slice(0, end), spec.grouping, 3) + body.slice(end);
  }
  if (spec.alternate && type === 'f' && !body.includes('.')) body += '.';
  return pad(signOf(negative && !Number.isNaN(value), spec), body, spec, '>');
}

/**
 * Applies a Python format spec to a value, like Python's `format(value, spec)`.
 *
 * @param value - the field value
 * @param specText - the text after `:` in the replacement field
 * @throws InvalidArgumentError for invalid or unsupported specs and for values Python cannot format with a spec
 */
export function applyFormatSpec(value: unknown, specText: string): string {
  if (specText === '') return pyStr(value);
  const spec = parse(specText);
  if (typeof value === 'string') {
    if (spec.type !== undefined && spec.type !== 's') {
      throw new InvalidArgumentError(`Unknown format code '${spec.type}' for object of type 'str'`);
    }
    if (spec.sign !== '-' || spec.align === '=')
      throw new InvalidArgumentError(
        `Invalid format specifier '${specText}' for object of type 'str'`,
      );
    const text =
      spec.precision === undefined ? value : [...value].slice(0, spec.precision).join('');
    return pad('', text, spec, '<');
  }
  if (typeof value === 'boolean') return applyFormatSpec(value ? 1 : 0, specText);
  if (typeof value === 'bigint') return formatInteger(value, spec);
  if (value instanceof PyFloat) return formatFloat(value.value, spec, true);
  if (typeof value === 'number') {
    const integral = Number.isInteger(value) && !Object.is(value, -0);
    if (
      integral &&
      ['d', 'b', 'o', 'x', 'X', undefined].includes(spec.type) &&
      spec.precision === undefined
    ) {
      return formatInteger(BigInt(value), spec);
    }
    if (integral && spec.type === undefined) {
      throw new InvalidArgumentError(
        `Precision not allowed in integer format specifier '${specText}'`,
      );
    }
    return formatFloat(value, spec, !integral);
  }
  const typeName =
    value === null || value === undefined ? 'NoneType' : Array.isArray(value) ? 'list' : 'dict';
  throw new InvalidArgumentError(`unsupported format string passed to ${typeName}.__format__`);
}
