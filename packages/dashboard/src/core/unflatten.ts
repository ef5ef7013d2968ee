/**
 * Rebuilds nested values from flattened attribute keys (`a.0.b` → `{a: [{b}]}`),
 * the way tracers flatten message lists into span attributes.
 *
 * @module
 */

type Tree = { [key: string]: Tree | unknown };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Objects whose keys are exactly 0..n-1 become arrays, recursively. */
function arrayify(value: unknown): unknown {
  if (!isRecord(value)) return value;
  const keys = Object.keys(value);
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key] = arrayify(value[key]);
  const numeric = keys.length > 0 && keys.every((key) => /^\d+$/.test(key));
  if (!numeric) return out;
  const indexes = keys.map(Number).sort((a, b) => a - b);
  if (!indexes.every((index, position) => index === position)) return out;
  return indexes.map((index) => out[String(index)]);
}

/**
 * The value stored under `prefix` in flat attributes: `prefix` itself when
 * it is a key, else the nested structure of every `prefix.<rest>` key.
 *
 * @param attributes - flat span attributes
 * @param prefix - dotted key prefix, without the trailing dot
 * @returns the rebuilt value, or undefined when no key matches
 */
export function unflattenPrefix(attributes: Record<string, unknown>, prefix: string): unknown {
  const root: Tree = {};
  let found = false;
  const start = `${prefix}.`;
  for (const [key, value] of Object.entries(attributes)) {
    if (!key.startsWith(start)) continue;
    found = true;
    const parts = key.slice(start.length).split('.');
    let node: Tree = root;
    for (let i = 0; i < parts.length - 1; i++) {
      const part = parts[i] as string;
      const next = node[part];
      if (!isRecord(next)) node[part] = {};
      node = node[part] as Tree;
    }
    node[parts[parts.length - 1] as string] = value;
  }
  if (!found) return undefined;
  return arrayify(root);
}

/**
 * Parses text that looks like JSON (starts with `[` or `{`); other values pass through.
 *
 * @param value - an attribute value
 */
export function parseJsonText(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const trimmed = value.trimStart();
  if (!trimmed.startsWith('[') && !trimmed.startsWith('{')) return value;
  try {
    return JSON.parse(trimmed);
  } catch {
    return value;
  }
}
