/**
 * Python `str.format(**values)` for `PromptTemplate` engine `f-string`:
 * `{name}`, `{task.id}`, `{row[0]}`, `{{`/`}}`, conversions `!s`/`!r`/`!a`
 * and the format specs of `format-spec.ts`. Values render with Python `str()`.
 *
 * @module
 */
import { InvalidArgumentError } from '@agl/store-core';
import { applyFormatSpec } from './format-spec';
import { pyRepr, pyStr } from './py-str';

/** Finds the `}` closing the field that starts at `open`, allowing nested `{}` in the spec. */
function closingBrace(template: string, open: number): number {
  let depth = 0;
  for (let i = open + 1; i < template.length; i++) {
    const ch = template[i];
    if (ch === '{') depth++;
    else if (ch === '}') {
      if (depth === 0) return i;
      depth--;
    }
  }
  throw new InvalidArgumentError("expected '}' before end of string");
}

function splitField(field: string): { name: string; conversion?: string; spec: string } {
  let end = field.length;
  for (let i = 0; i < field.length; i++) {
    const ch = field[i];
    if (ch === '[') {
      const close = field.indexOf(']', i);
      if (close === -1) throw new InvalidArgumentError("Missing ']' in format string");
      i = close;
    } else if (ch === '!' || ch === ':') {
      end = i;
      break;
    }
  }
  const name = field.slice(0, end);
  let rest = field.slice(end);
  let conversion: string | undefined;
  if (rest.startsWith('!')) {
    conversion = rest[1];
    rest = rest.slice(2);
    if (conversion === undefined || (rest !== '' && !rest.startsWith(':'))) {
      throw new InvalidArgumentError("expected ':' after conversion specifier");
    }
  }
  const spec = rest.startsWith(':') ? rest.slice(1) : '';
  return conversion === undefined ? { name, spec } : { name, conversion, spec };
}

function lookup(container: unknown, key: string, path: string): unknown {
  if (container !== null && typeof container === 'object') {
    if (container instanceof Map) {
      if (container.has(key)) return container.get(key);
    } else if (
      Object.hasOwn(container, key) ||
      (!Array.isArray(container) && key in container && !(key in Object.prototype))
    ) {
      return (container as Record<string, unknown>)[key];
    }
  }
  throw new InvalidArgumentError(`Missing value for template field '${path}' (KeyError: '${key}')`);
}

function resolve(name: string, values: Readonly<Record<string, unknown>>): unknown {
  const head = /^[^.[]*/.exec(name)?.[0] ?? '';
  if (head === '' || /^\d+$/.test(head)) {
    throw new InvalidArgumentError(
      `Positional field '{${name}}' is not supported: PromptTemplate.format only takes keyword values`,
    );
  }
  let value = lookup(values, head, head);
  const accessors = /\.([^.[]+)|\[([^\]]+)\]/gy;
  accessors.lastIndex = head.length;
  let consumed = head.length;
  for (let m = accessors.exec(name); m; m = accessors.exec(name)) {
    consumed = accessors.lastIndex;
    const key = m[1] ?? m[2] ?? '';
    const index = m[2] !== undefined && /^\d+$/.test(key) ? Number(key) : undefined;
    const path = name.slice(0, consumed);
    if (index !== undefined && Array.isArray(value)) {
      if (index >= value.length)
        throw new InvalidArgumentError(
          `Missing value for template field '${path}' (IndexError: ${index})`,
        );
      value = value[index];
    } else value = lookup(value, key, path);
  }
  if (consumed !== name.length)
    throw new InvalidArgumentError(`Invalid field name '${name}' in format string`);
  return value;
}

function convert(value: unknown, conversion: string | undefined): unknown {
  if (conversion === undefined) return value;
  if (conversion === 's') return pyStr(value);
  if (conversion === 'r') return pyRepr(value);
  if (conversion === 'a') {
    return pyRepr(value).replace(/[\u0080-\u{10ffff}]/gu, (ch) => {
      const code = ch.codePointAt(0) ?? 0;
      if (code <= 0xff) return `\\x${code.toString(16).padStart(2, '0')}`;
      if (code <= 0xffff) return `\\u${code.toString(16).padStart(4, '0')}`;
      return `\\U${code.toString(16).padStart(8, '0')}`;
    });
  }
  throw new InvalidArgumentError(`Unknown conversion specifier ${conversion}`);
}

/**
 * Renders a template with Python `str.format` keyword semantics.
 *
 * @param template - the template text
 * @param values - the keyword values
 * @throws InvalidArgumentError for a missing key, a positional field, an unmatched brace or an unsupported spec
 */
export function formatFString(template: string, values: Readonly<Record<string, unknown>>): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const ch = template[i] as string;
    const next = template[i + 1];
    if (ch === '}') {
      if (next !== '}') throw new InvalidArgumentError("Single '}' encountered in format string");
      out += '}';
      i += 2;
    } else if (ch === '{') {
      if (next === '{') {
        out += '{';
        i += 2;
        continue;
      }
      const close = closingBrace(template, i);
      const { name, conversion, spec } = splitField(template.slice(i + 1, close));
      if (spec.includes('{')) {
        throw new InvalidArgumentError(
          `Nested replacement fields in format specs are not supported: '{${name}:${spec}}'`,
        );
      }
      out += applyFormatSpec(convert(resolve(name, values), conversion), spec);
      i = close + 1;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}
