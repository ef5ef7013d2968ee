import type { LightningStore } from '@agl/store-core';
import { objectEntries, STORE_ROUTES, type StoreRoute } from '@agl/types';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVER_ROUTES } from '../src/schemas';
import { type TestApp, testApp } from './helpers';

// Property-based fuzz of every route with fast-check: path parameters, query
// strings and bodies drawn at random (valid-looking and not), checked to
// never produce a 5xx answer, a crash or a non-JSON error body.
const ROUTES = [...Object.values(STORE_ROUTES), ...Object.values(SERVER_ROUTES)] as StoreRoute[];

/** A path parameter: a real id, a near miss or any string. */
const parameter = (known: readonly string[]) =>
  fc.oneof(
    fc.constantFrom(...known, 'latest', 'search', 'ro-000000000000'),
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 20 }),
  );

/** A value for a known field: anything JSON, or a plausible string. */
const fieldValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom('queuing', 'succeeded', 'train', 'llm', 'OK', '', -1, 0, 1e308, null),
);

function bodyFor(route: StoreRoute) {
  const keys = route.body ? Object.keys(objectEntries(route.body)) : [];
  const shaped =
    keys.length > 0
      ? fc.record(Object.fromEntries(keys.map((key) => [key, fieldValue])), { requiredKeys: [] })
      : fc.dictionary(fc.string({ maxLength: 8 }), fieldValue, { maxKeys: 4 });
  return fc.oneof(
    shaped.map((value) => JSON.stringify(value)),
    fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)),
    fc.string({ maxLength: 60 }),
  );
}

function queryFor(route: StoreRoute, known: readonly string[]) {
  const keys = route.query ? Object.keys(objectEntries(route.query)) : [];
  const key = fc.oneof(fc.constantFrom(...keys, 'rollout_id', 'x'), fc.string({ maxLength: 8 }));
  const value = fc.oneof(
    fc.constantFrom('', '-1', '0', 'asc', 'desc', 'or', 'queuing', 'NaN', '1e400', ...known),
    fc.string({ maxLength: 20 }),
  );
  return fc.array(fc.tuple(key, value), { maxLength: 5 });
}

function fill(template: string, values: string[]): string {
  let index = 0;
  return template.replace(/\{\w+\}/g, () => encodeURIComponent(values[index++] ?? ''));
}

/**
 * The property fuzz of every route against an app over a fresh store (built
 * once for the whole run), with `runs` drawn requests per route and a fixed
 * seed so a failure is reproducible.
 *
 * @param name - label of the backend
 * @param create - a fresh, empty store (default: in memory)
 * @param runs - requests per route
 */
export function describePropertyFuzz(
  name: string,
  create: (() => Promise<LightningStore>) | undefined,
  runs: number,
): void {
  let t: TestApp;
  const known: string[] = [];
  beforeAll(async () => {
    t = create ? testApp({}, await create()) : testApp();
    const started = await t.store.startRollout({ fuzz: true });
    known.push(started.rollout_id, started.attempt.attempt_id);
  });
  afterAll(() => t.close());

  describe(`property fuzz: no input gives a 5xx (${name})`, () => {
    for (const route of ROUTES) {
      it(`${route.method} ${route.path}`, async () => {
        await fc.assert(
          fc.asyncProperty(
            fc.array(parameter(known), { minLength: 2, maxLength: 2 }),
            queryFor(route, known),
            route.bodyMode === 'none' ? fc.constant(undefined) : bodyFor(route),
            fc.constantFrom('application/json', 'text/plain', ''),
            async (params, query, body, contentType) => {
              const search = new URLSearchParams(query).toString();
              const path = fill(route.path, params) + (search ? `?${search}` : '');
              const headers: Record<string, string> = contentType
                ? { 'content-type': contentType }
                : {};
              const init: RequestInit =
                body === undefined
                  ? { method: route.method }
                  : { method: route.method, body, headers };
              // Long waits are bounded so a drawn timeout cannot hold the run.
              if (route.path.includes('waits')) init.signal = AbortSignal.timeout(2000);
              const response = await Promise.resolve(t.app.request(path, init)).catch(
                (error: unknown) => {
                  if (error instanceof Error && error.name === 'TimeoutError')
                    return new Response(null, { status: 499 });
                  throw error;
                },
              );
              const text = await response.text();
              expect(
                response.status,
                `${route.method} ${path} ${String(body).slice(0, 200)}`,
              ).toBeLessThan(500);
              if (
                response.status >= 400 &&
                (response.headers.get('content-type') ?? '').startsWith('application/json')
              )
                expect(() => JSON.parse(text)).not.toThrow();
            },
          ),
          { numRuns: runs, seed: 4747 },
        );
      }, 60_000);
    }

    it('still serves normally afterwards', async () => {
      expect((await t.call('GET', '/v1/agl/health')).status).toBe(200);
    });
  });
}
