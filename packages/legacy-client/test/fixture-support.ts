import { readFileSync } from 'node:fs';
import { expect } from 'vitest';

/** One recorded exchange of `spec/fixtures/legacy-v0.3.0.jsonl`. */
export interface Exchange {
  name: string;
  request: {
    method: string;
    path: string;
    query: [string, string][];
    headers: Record<string, string>;
    body: unknown;
    body_raw?: string;
  };
  response: {
    status: number;
    content_type: string | null;
    body: unknown;
    headers?: Record<string, string>;
  };
}

/** Every exchange recorded from the reference legacy server, in order. */
export function loadLegacyExchanges(): Exchange[] {
  const url = new URL('../../../spec/fixtures/legacy-v0.3.0.jsonl', import.meta.url);
  return readFileSync(url, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Exchange);
}

/** Finds an exchange by name. */
export function exchange(all: Exchange[], name: string): Exchange {
  const found = all.find((e) => e.name === name);
  if (found === undefined) throw new Error(`No exchange named ${name}`);
  return found;
}

const GENERATED_ID = /^(rollout|res)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const NEVER_EXISTS = 'res-00000000-0000-0000-0000-000000000000';
const SERVER_TIMES = new Set(['create_time', 'update_time', 'last_claim_time']);

/** Maps ids generated in the recording to the ids our server generated. */
export class IdMap {
  readonly #live = new Map<string, string>();

  /** Records (or checks) that `recorded` corresponds to `live`. */
  learn(recorded: string, live: unknown): void {
    expect(typeof live, `live id for ${recorded}`).toBe('string');
    expect(live as string).toMatch(new RegExp(`^${recorded.split('-')[0]}-[0-9a-f-]{36}$`));
    const known = this.#live.get(recorded);
    if (known !== undefined) expect(live, `id mapped from ${recorded}`).toBe(known);
    else {
      expect([...this.#live.values()]).not.toContain(live);
      this.#live.set(recorded, live as string);
    }
  }

  /** Replaces every known recorded id in a text with its live id. */
  substitute(text: string): string {
    let out = text;
    for (const [recorded, live] of this.#live) out = out.split(recorded).join(live);
    return out;
  }
}

/**
 * Compares a live JSON body with a recorded one: same key sets, types and
 * list lengths; caller data and enums exact; generated ids consistent
 * through `ids`; server times only by type; 422 items by `type` and `loc`.
 */
export function compareBody(recorded: unknown, live: unknown, ids: IdMap, path = '$'): void {
  if (recorded === null || typeof recorded === 'boolean') {
    expect(live, path).toBe(recorded);
  } else if (typeof recorded === 'number') {
    if (SERVER_TIMES.has(path.split('.').at(-1) ?? '')) expect(typeof live, path).toBe('number');
    else expect(live, path).toBe(recorded);
  } else if (typeof recorded === 'string') {
    if (GENERATED_ID.test(recorded) && recorded !== NEVER_EXISTS) ids.learn(recorded, live);
    else expect(live, path).toBe(ids.substitute(recorded));
  } else if (Array.isArray(recorded)) {
    expect(Array.isArray(live), path).toBe(true);
    expect((live as unknown[]).length, path).toBe(recorded.length);
    for (const [i, item] of recorded.entries()) {
      compareBody(item, (live as unknown[])[i], ids, `${path}.${i}`);
    }
  } else {
    const record = recorded as Record<string, unknown>;
    const other = live as Record<string, unknown>;
    expect(typeof live === 'object' && live !== null, path).toBe(true);
    const isDetailItem = /\.detail\.\d+$/.test(path);
    if (isDetailItem) {
      for (const key of ['type', 'loc', 'msg', 'input']) expect(other, path).toHaveProperty(key);
      expect(other.type, path).toBe(record.type);
      expect(other.loc, path).toEqual(record.loc);
      compareBody(record.input, other.input, ids, `${path}.input`);
      return;
    }
    expect(Object.keys(other).sort(), path).toEqual(Object.keys(record).sort());
    for (const key of Object.keys(record))
      compareBody(record[key], other[key], ids, `${path}.${key}`);
  }
}
