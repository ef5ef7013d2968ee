import type { LightningStore } from '@agl/store-core';
import { objectEntries, STORE_ROUTES, type StoreRoute } from '@agl/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVER_ROUTES } from '../src/schemas';
import { makeSpan, type TestApp, testApp } from './helpers';

/** A small seeded PRNG (mulberry32), so failures are reproducible. */
function prng(seed: number) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let x = Math.imul(state ^ (state >>> 15), 1 | state);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const random = prng(4747);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

/** A random JSON value of bounded depth. */
function randomJson(depth = 0): unknown {
  const kind = Math.floor(random() * (depth > 3 ? 5 : 7));
  switch (kind) {
    case 0:
      return null;
    case 1:
      return random() < 0.5;
    case 2:
      return pick([0, -1, 1.5, 2 ** 53 + 1, -1e308, 1e308, Number.MAX_SAFE_INTEGER]);
    case 3:
      return pick(['', 'x', 'latest', 'ro-000000000000', '☕💥\u0000', 'a'.repeat(1000)]);
    case 4:
      return pick(['queuing', 'succeeded', 'train', 'OK', 'llm']);
    case 5:
      return Array.from({ length: Math.floor(random() * 4) }, () => randomJson(depth + 1));
    default: {
      const keys = [
        'input',
        'status',
        'limit',
        'rollouts',
        'spans',
        'pairs',
        'resource_type',
        'timeout',
        'x',
      ];
      return Object.fromEntries(
        Array.from({ length: Math.floor(random() * 4) }, () => [pick(keys), randomJson(depth + 1)]),
      );
    }
  }
}

/** Values of the wrong type (or extreme values of the right one) for any field. */
const JUNK_VALUES: unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  1e308,
  -1e308,
  2 ** 63,
  'x',
  '',
  '💥'.repeat(100),
  [],
  [null],
  [{}],
  {},
  { a: { b: { c: [1, 'x', null] } } },
];

const RAW_BODIES = [
  '',
  'null',
  '[]',
  '"text"',
  '1e400',
  '-Infinity',
  '{"input": NaN}',
  '{',
  '{"a": 1}}',
  '\u0000',
  `${'['.repeat(5000)}${']'.repeat(5000)}`,
  `{"input": ${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}}`,
];

const PATH_VALUES = [
  'search',
  'latest',
  '%F0%9F%98%80',
  '%E0%A4%A',
  '%00',
  '%2F',
  '..',
  '%25',
  'ünï',
  'x'.repeat(3000),
];
const QUERY_VALUES = [
  '',
  'x',
  '-1',
  '0',
  '1e400',
  '99999999999999999999999',
  'NaN',
  '%00',
  'null',
  'asc',
  'or',
];

const ROUTES = [...Object.values(STORE_ROUTES), ...Object.values(SERVER_ROUTES)] as StoreRoute[];

let t: TestApp;
let rolloutId: string;
let attemptId: string;
const statuses = new Map<string, number>();

/**
 * Throws junk at every route of a fresh server over the given store (built
 * once for the whole run) and expects no 5xx answer.
 *
 * @param name - label of the backend
 * @param create - a fresh, empty store
 */
export function describeRouteFuzz(name: string, create: () => Promise<LightningStore>): void {
  beforeAll(async () => {
    t = testApp({}, await create());
    const started = await t.store.startRollout('fuzz');
    rolloutId = started.rollout_id;
    attemptId = started.attempt.attempt_id;
  });
  afterAll(() => t.close());

  describeChecks(name);
}

function validBody(route: StoreRoute): Record<string, unknown> {
  const span = makeSpan(rolloutId, attemptId, 'ff');
  const bodies: Record<string, Record<string, unknown>> = {
    '/v1/agl/queues/rollouts/enqueue': { rollouts: [{ input: 1 }] },
    '/v1/agl/rollouts': { input: 1 },
    '/v1/agl/spans': span,
    '/v1/agl/spans/batch': { spans: [span] },
    '/v1/agl/spans/next': { rollout_id: rolloutId, attempt_id: attemptId },
    '/v1/agl/spans/next/batch': { pairs: [{ rollout_id: rolloutId, attempt_id: attemptId }] },
    // Only unknown ids: a junk `timeout: null` must not hold the test forever.
    '/v1/agl/waits/rollouts': { rollout_ids: ['ro-unknown'], timeout: 0 },
    '/v1/agl/spans/search': { rollout_id: rolloutId },
  };
  return bodies[route.path] ?? {};
}

function fill(path: string, value = rolloutId): string {
  return path
    .replace('{rollout_id}', value)
    .replace(/\{\w+\}/g, value === rolloutId ? attemptId : value);
}

async function send(method: string, path: string, init: RequestInit = {}): Promise<number> {
  const response = await t.app.request(path, { method, ...init });
  await response.arrayBuffer();
  const key = `${method} ${path.slice(0, 80)} ${String(init.body ?? '').slice(0, 60)}`;
  statuses.set(key, response.status);
  return response.status;
}

const json = (value: unknown): RequestInit => ({
  body: JSON.stringify(value),
  headers: { 'content-type': 'application/json' },
});

function describeChecks(name: string): void {
  describe(`no input makes the server answer 500 (${name})`, () => {
    for (const route of ROUTES) {
      it(`${route.method} ${route.path}`, async () => {
        const failures: string[] = [];
        const check = async (path: string, init?: RequestInit) => {
          const status = await send(route.method, path, init);
          if (status >= 500)
            failures.push(`${status} ${path} ${String(init?.body ?? '').slice(0, 100)}`);
        };
        const path = fill(route.path);
        if (route.bodyMode !== 'none') {
          const valid = validBody(route);
          const keys = route.body ? Object.keys(objectEntries(route.body)) : [];
          for (const key of keys.length > 0 ? keys : ['x']) {
            for (const junk of JUNK_VALUES) await check(path, json({ ...valid, [key]: junk }));
            const { [key]: _dropped, ...without } = valid;
            await check(path, json(without));
          }
          for (let i = 0; i < 40; i++) await check(path, json(randomJson()));
          for (const raw of RAW_BODIES) {
            await check(path, { body: raw, headers: { 'content-type': 'application/json' } });
            await check(path, { body: new TextEncoder().encode(raw) });
          }
          await check(path, { body: '{"input": 1}', headers: { 'content-type': 'text/plain' } });
        }
        if (route.query) {
          for (const key of Object.keys(objectEntries(route.query))) {
            for (const value of QUERY_VALUES) {
              const base = route.path.includes('spans') ? `rollout_id=${rolloutId}&` : '';
              await check(`${path}?${base}${key}=${value}&${key}=${value}`);
            }
          }
        }
        if (route.path.includes('{')) {
          for (const value of PATH_VALUES) {
            const init = route.bodyMode === 'none' ? undefined : json(validBody(route));
            await check(fill(route.path, value), init);
          }
        }
        expect(failures).toEqual([]);
      });
    }

    it('OTLP and unknown routes', async () => {
      const codes: number[] = [];
      for (const raw of RAW_BODIES) {
        for (const type of ['application/x-protobuf', 'application/json', 'text/plain']) {
          codes.push(
            await send('POST', '/v1/traces', { body: raw, headers: { 'content-type': type } }),
          );
          codes.push(
            await send('POST', '/v1/traces', {
              body: raw,
              headers: { 'content-type': type, 'content-encoding': 'gzip' },
            }),
          );
        }
      }
      for (const method of ['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
        for (const path of [
          '/v1/agl/rollouts/%',
          '/v1/agl//',
          '/v1/agl/rollouts/x/attempts/y/z',
          '/%E0%A4%A/',
        ]) {
          codes.push(await send(method, path));
        }
      }
      expect(codes.filter((code) => code >= 500)).toEqual([]);
    });

    it('still serves normally afterwards', async () => {
      expect(await send('GET', '/v1/agl/health')).toBe(200);
      expect(statuses.size).toBeGreaterThan(1000);
    });
  });
}
