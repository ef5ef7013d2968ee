/**
 * Structural comparison of a live answer with a recorded one, following the
 * fixtures README: same key sets, same JSON types, exact enums and caller
 * data, generated ids consistent through a recorded-to-live map, server
 * clock readings and machine-dependent statistics compared by type only.
 */

const GENERATED_ID = /^(ro-[0-9a-f]{12}|at-[0-9a-f]{8}|rs-[0-9a-f]{12})$/;
/** Fixed ids the recording uses for "unknown": never generated, compared exactly. */
const FIXED_UNKNOWN = new Set(['ro-000000000000', 'at-00000000', 'rs-000000000000']);

/** Keys whose values are server clock readings or depend on the recording machine. */
const TYPE_ONLY_KEYS = new Set([
  'start_time',
  'end_time',
  'create_time',
  'update_time',
  'last_heartbeat_time',
  'last_dequeue_time',
  'last_busy_time',
  'last_idle_time',
  'uptime',
  'total_span_bytes',
  'eviction_threshold_bytes',
  'safe_threshold_bytes',
  'memory_capacity_bytes',
]);

/** Recorded id → live id, learnt from answers in order. */
export class IdMap {
  readonly #map = new Map<string, string>();

  /** Records or checks a pair; returns an error text when inconsistent. */
  learn(recorded: string, live: string): string | undefined {
    const prefix = recorded.slice(0, 3);
    if (!live.startsWith(prefix) || live.length !== recorded.length)
      return `id ${live} does not have the format of ${recorded}`;
    const known = this.#map.get(recorded);
    if (known === undefined) this.#map.set(recorded, live);
    else if (known !== live) return `id ${recorded} maps to ${known} but ${live} came back`;
    return undefined;
  }

  /** Replaces every known recorded id in a text. */
  substitute(text: string): string {
    let out = text;
    for (const [recorded, live] of this.#map) out = out.split(recorded).join(live);
    return out;
  }
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/**
 * Compares a live JSON value with a recorded one.
 *
 * @param recorded - the recorded value
 * @param live - our server's value
 * @param ids - the id map (learnt and checked)
 * @param path - where we are, for messages
 * @returns the differences found (empty when equal in structure)
 */
export function compareJson(recorded: unknown, live: unknown, ids: IdMap, path = '$'): string[] {
  const key = path.split('.').pop() ?? '';
  if (kind(recorded) !== kind(live)) return [`${path}: ${kind(live)} instead of ${kind(recorded)}`];
  if (TYPE_ONLY_KEYS.has(key)) return [];
  if (typeof recorded === 'string') {
    if (GENERATED_ID.test(recorded) && !FIXED_UNKNOWN.has(recorded)) {
      const problem = ids.learn(recorded, live as string);
      return problem ? [`${path}: ${problem}`] : [];
    }
    return recorded === live
      ? []
      : [`${path}: ${JSON.stringify(live)} instead of ${JSON.stringify(recorded)}`];
  }
  if (Array.isArray(recorded)) {
    const other = live as unknown[];
    if (other.length !== recorded.length)
      return [`${path}: ${other.length} items instead of ${recorded.length}`];
    return recorded.flatMap((item, i) => compareJson(item, other[i], ids, `${path}[${i}]`));
  }
  if (recorded !== null && typeof recorded === 'object') {
    const a = recorded as Record<string, unknown>;
    const b = live as Record<string, unknown>;
    const want = Object.keys(a).sort().join(',');
    const got = Object.keys(b).sort().join(',');
    if (want !== got) return [`${path}: keys {${got}} instead of {${want}}`];
    return Object.keys(a).flatMap((k) => compareJson(a[k], b[k], ids, `${path}.${k}`));
  }
  return recorded === live ? [] : [`${path}: ${String(live)} instead of ${String(recorded)}`];
}

/** Checks a 422 body: a non-empty `detail` list of `{type, loc, msg, input}` whose `loc[0]` matches. */
export function compareValidationError(recorded: unknown, live: unknown): string[] {
  const want = (recorded as { detail: { loc: unknown[] }[] }).detail;
  const got = (live as { detail?: unknown }).detail;
  if (!Array.isArray(got) || got.length === 0) return ['422 detail is not a non-empty list'];
  const problems: string[] = [];
  for (const item of got as Record<string, unknown>[]) {
    for (const field of ['type', 'loc', 'msg', 'input'])
      if (!(field in item)) problems.push(`422 entry without ${field}`);
  }
  const first = (got as { loc: unknown[] }[])[0]?.loc?.[0];
  if (first !== want[0]?.loc[0])
    problems.push(`422 loc[0] ${String(first)} instead of ${String(want[0]?.loc[0])}`);
  return problems;
}
