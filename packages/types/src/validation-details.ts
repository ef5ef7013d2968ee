import type * as v from 'valibot';
import type { ValidationErrorItem } from './responses';
import { fieldKind, schemaAt } from './schema-shape';

/** Where a validated value came from; the first element of every `loc` when given. */
export type ValidationSource = 'body' | 'query' | 'path';

/** What {@link toValidationDetails} needs besides the issues. */
export interface ValidationContext {
  /** The schema that was applied (tells integer fields from float ones). */
  schema: v.GenericSchema;
  /** The value that was validated. */
  input: unknown;
  /**
   * Where the value came from. A server's 422 names it first in each `loc`;
   * without it (a client checking an answer) `loc` starts at the field.
   */
  source?: ValidationSource;
}

type Issue = v.BaseIssue<unknown>;

/** The quoted options of an `expected` string such as `("a" | "b")`. */
function options(expected: string | null): string[] {
  return [...(expected ?? '').matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1] ?? '');
}

/** Pydantic's way of listing literals: `'a', 'b' or 'c'`. */
function listLiterals(values: readonly string[]): string {
  const quoted = values.map((value) => `'${value}'`);
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}

function keysOf(issue: Issue): (string | number)[] {
  return (issue.path ?? []).map((item) =>
    typeof item.key === 'number' ? item.key : String(item.key),
  );
}

function parentOf(issue: Issue, root: unknown): unknown {
  const path = issue.path ?? [];
  return path.length > 0 ? path[path.length - 1]?.input : root;
}

function describe(
  issue: Issue,
  schema: v.GenericSchema,
  source: ValidationSource | undefined,
  root: unknown,
) {
  const keys = keysOf(issue);
  const input = issue.input;
  const missing = issue.received === 'undefined' && /^"/.test(issue.expected ?? '');
  if (missing && (issue.type === 'object' || issue.type === 'loose_object')) {
    return {
      type: 'missing',
      keys,
      msg: 'Field required',
      input: source === 'query' ? null : parentOf(issue, root),
    };
  }
  switch (issue.type) {
    case 'variant': {
      const tag = String(keys[keys.length - 1] ?? 'type');
      const owner = keys.slice(0, -1);
      const parent = parentOf(issue, root);
      const ctx = { discriminator: `'${tag}'` };
      if (input === undefined)
        return {
          type: 'union_tag_not_found',
          keys: owner,
          msg: `Unable to extract tag using discriminator '${tag}'`,
          input: parent,
          ctx,
        };
      const expected = listLiterals(options(issue.expected));
      return {
        type: 'union_tag_invalid',
        keys: owner,
        msg: `Input tag '${String(input)}' found using '${tag}' does not match any of the expected tags: ${expected.replace(' or ', ', ')}`,
        input: parent,
        ctx: { ...ctx, tag: String(input), expected_tags: expected.replace(' or ', ', ') },
      };
    }
    case 'picklist':
    case 'literal': {
      const expected = listLiterals(options(issue.expected));
      return {
        type: 'literal_error',
        keys,
        msg: `Input should be ${expected}`,
        input,
        ctx: { expected },
      };
    }
    case 'number': {
      const integer =
        fieldKind(schemaAt(schema, keys) ?? (schema as v.GenericSchema)) === 'integer';
      const name = integer ? 'integer' : 'number';
      if (typeof input === 'string')
        return {
          type: integer ? 'int_parsing' : 'float_parsing',
          keys,
          msg: `Input should be a valid ${name}, unable to parse string as ${integer ? 'an integer' : 'a number'}`,
          input,
        };
      return {
        type: integer ? 'int_type' : 'float_type',
        keys,
        msg: `Input should be a valid ${name}`,
        input,
      };
    }
    case 'integer':
      return {
        type: 'int_from_float',
        keys,
        msg: 'Input should be a valid integer, got a number with a fractional part',
        input,
      };
    case 'min_value':
      return {
        type: 'greater_than_equal',
        keys,
        msg: `Input should be greater than or equal to ${String(issue.requirement)}`,
        input,
        ctx: { ge: issue.requirement },
      };
    case 'string':
      return { type: 'string_type', keys, msg: 'Input should be a valid string', input };
    case 'boolean':
      return { type: 'bool_type', keys, msg: 'Input should be a valid boolean', input };
    case 'array':
      return { type: 'list_type', keys, msg: 'Input should be a valid list', input };
    case 'object':
    case 'loose_object':
      return {
        type: 'model_attributes_type',
        keys,
        msg: 'Input should be a valid dictionary or object to extract fields from',
        input,
      };
    case 'custom':
    case 'record':
      return { type: 'dict_type', keys, msg: 'Input should be a valid dictionary', input };
    default:
      return { type: 'value_error', keys, msg: issue.message, input };
  }
}

/**
 * Turns valibot issues into FastAPI's 422 `detail` entries, as both reference
 * servers (the store and the legacy protocol) produce them: `loc` starts with
 * the source (`body`, `query`, `path`) when there is one and names the field;
 * `type` and `msg` follow pydantic's wording where there is an equivalent.
 *
 * @param issues - the issues of a failed `safeParse`
 * @param context - the schema, the validated value and where it came from
 * @returns one entry per issue
 */
export function toValidationDetails(
  issues: readonly Issue[],
  context: ValidationContext,
): ValidationErrorItem[] {
  const { schema, input: root, source } = context;
  const prefix = source === undefined ? [] : [source];
  return issues.map((issue) => {
    const { type, keys, msg, input, ctx } = describe(issue, schema, source, root) as {
      type: string;
      keys: (string | number)[];
      msg: string;
      input: unknown;
      ctx?: Record<string, unknown>;
    };
    const detail: ValidationErrorItem = {
      type,
      loc: [...prefix, ...keys],
      msg,
      input: input ?? null,
    };
    if (ctx) detail.ctx = ctx;
    return detail;
  });
}
