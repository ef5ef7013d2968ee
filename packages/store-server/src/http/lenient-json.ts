/** Why a JSON text could not be parsed, with the character offset FastAPI reports. */
export class JsonSyntaxError extends Error {
  /** Character offset of the error in the text (0 when unknown). */
  readonly position: number;

  /** @param message - the parser's message @param position - character offset */
  constructor(message: string, position: number) {
    super(message);
    this.name = 'JsonSyntaxError';
    this.position = position;
  }
}

const NON_FINITE: Record<string, number> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  '-Infinity': Number.NEGATIVE_INFINITY,
};

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function positionOf(error: unknown, text: string): number {
  const message = error instanceof Error ? error.message : '';
  const match = /position (\d+)/.exec(message);
  if (match?.[1]) return Number(match[1]);
  return /end of JSON input/.test(message) ? text.length : 0;
}

/**
 * Replaces the bare tokens `NaN`, `Infinity` and `-Infinity` outside strings
 * with string markers, returning `undefined` when there are none.
 */
function markNonFinite(text: string, marker: string): string | undefined {
  let out = '';
  let last = 0;
  let inString = false;
  let found = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') {
      inString = true;
      continue;
    }
    for (const token of ['-Infinity', 'Infinity', 'NaN']) {
      if (text.startsWith(token, i)) {
        out += `${text.slice(last, i)}"${marker}${token}"`;
        i += token.length - 1;
        last = i + 1;
        found = true;
        break;
      }
    }
  }
  return found ? out + text.slice(last) : undefined;
}

/**
 * Parses JSON like Python's `json.loads`: standard JSON plus the bare tokens
 * `NaN`, `Infinity` and `-Infinity`, which Python's encoder writes for
 * non-finite floats.
 *
 * @param text - the JSON text
 * @returns the parsed value
 * @throws JsonSyntaxError when the text is not JSON
 */
export function parseLenientJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const marker = `@agl-non-finite-${Math.random().toString(36).slice(2)}:`;
    const marked = markNonFinite(text, marker);
    if (marked === undefined) throw new JsonSyntaxError(messageOf(error), positionOf(error, text));
    try {
      return JSON.parse(marked, (_key, value: unknown) =>
        typeof value === 'string' && value.startsWith(marker)
          ? NON_FINITE[value.slice(marker.length)]
          : value,
      );
    } catch {
      // Offsets refer to the marked text; report the original parser's offset.
      throw new JsonSyntaxError(messageOf(error), positionOf(error, text));
    }
  }
}

/**
 * The nesting depth of a parsed JSON value (a scalar is 0, `[]` is 1),
 * computed without recursion so that it cannot overflow the stack.
 *
 * @param value - a parsed JSON value
 * @param stopAt - stop counting once this depth is exceeded
 */
export function jsonDepth(value: unknown, stopAt = Number.POSITIVE_INFINITY): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (node === null || typeof node !== 'object') continue;
    const here = depth + 1;
    if (here > max) max = here;
    if (max > stopAt) return max;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (child !== null && typeof child === 'object') stack.push([child, here]);
    }
  }
  return max;
}
