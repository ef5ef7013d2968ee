import type { ValidationErrorItem } from '@agl/types';
import type * as v from 'valibot';

type Issue = v.BaseIssue<unknown>;
type Loc = (string | number)[];

const isObject = (value: unknown) =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function quoteChoices(expected: string | null): string {
  const choices = (expected ?? '').match(/"[^"]*"/g)?.map((c) => `'${c.slice(1, -1)}'`) ?? [];
  if (choices.length <= 1) return choices.join('');
  return `${choices.slice(0, -1).join(', ')} or ${choices.at(-1)}`;
}

interface Described {
  type: string;
  msg: string;
  input: unknown;
  ctx?: { expected: string };
}

function describe(issue: Issue): Described {
  const input = issue.input;
  switch (issue.type) {
    case 'number':
      return typeof input === 'string'
        ? {
            type: 'float_parsing',
            msg: 'Input should be a valid number, unable to parse string as a number',
            input,
          }
        : { type: 'float_type', msg: 'Input should be a valid number', input };
    case 'integer':
      return { type: 'int_from_float', msg: 'Input should be a valid integer', input };
    case 'string':
      return { type: 'string_type', msg: 'Input should be a valid string', input };
    case 'boolean':
      return { type: 'bool_type', msg: 'Input should be a valid boolean', input };
    case 'array':
      return { type: 'list_type', msg: 'Input should be a valid list', input };
    case 'picklist':
    case 'literal': {
      const expected = quoteChoices(issue.expected);
      return {
        type: 'literal_error',
        msg: `Input should be ${expected}`,
        input,
        ctx: { expected },
      };
    }
    case 'object':
      return {
        type: 'model_attributes_type',
        msg: 'Input should be a valid dictionary or object to extract fields from',
        input,
      };
    case 'variant':
      return { type: 'union_tag_invalid', msg: issue.message, input };
    default:
      return isObject(input)
        ? { type: 'value_error', msg: issue.message, input }
        : { type: 'dict_type', msg: 'Input should be a valid dictionary', input };
  }
}

/**
 * Converts one valibot issue into a FastAPI-style validation item. A missing
 * key becomes `{type: "missing", msg: "Field required", input: <parent object>}`
 * like pydantic reports it.
 *
 * @param issue - the valibot issue
 * @param prefix - location parts to put first, e.g. `["body"]`
 */
function issueToItem(issue: Issue, prefix: Loc = []): ValidationErrorItem {
  const path = issue.path ?? [];
  const loc: Loc = [...prefix, ...path.map((item) => item.key as string | number)];
  const last = path.at(-1);
  if (last !== undefined && issue.input === undefined && isObject(last.input)) {
    return { type: 'missing', loc, msg: 'Field required', input: last.input };
  }
  const { type, ...rest } = describe(issue);
  return { type, loc, ...rest };
}

/**
 * Converts valibot issues into FastAPI-style validation items.
 *
 * @param issues - the issues of a failed parse
 * @param prefix - location parts to put first, e.g. `["body"]`
 */
export function issuesToItems(issues: readonly Issue[], prefix: Loc = []): ValidationErrorItem[] {
  return issues.map((issue) => issueToItem(issue, prefix));
}
