import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { STORE_ROUTES, type StoreRoute } from '../src/index';

interface Exchange {
  name: string;
  request: {
    method: string;
    path: string;
    headers: Record<string, string>;
    body: unknown;
    body_raw?: string;
  };
  response: { status: number; content_type: string | null; body: unknown };
}

const exchanges: Exchange[] = readFileSync(
  fileURLToPath(new URL('../../../spec/fixtures/store-v0.3.0.jsonl', import.meta.url)),
  'utf8',
)
  .split('\n')
  .filter((line) => line.trim())
  .map((line) => JSON.parse(line) as Exchange);

const routes = Object.values(STORE_ROUTES) as StoreRoute[];

/** The route serving a request, literal segments winning over parameters like the reference. */
function routeFor(method: string, path: string): StoreRoute | undefined {
  const candidates = routes.filter((route) => {
    if (route.method !== method) return false;
    const pattern = new RegExp(`^${route.path.replace(/\{\w+\}/g, '[^/]+')}$`);
    return pattern.test(path);
  });
  // Fewer parameters = more specific (search, latest and the like win).
  candidates.sort(
    (a, b) => (a.path.match(/\{/g)?.length ?? 0) - (b.path.match(/\{/g)?.length ?? 0),
  );
  return candidates[0];
}

const isJsonBody = (ex: Exchange) =>
  ex.request.body !== null &&
  ex.request.body_raw === undefined &&
  ex.request.headers['content-type'] === 'application/json';

describe('recorded Python traffic parses with our schemas', () => {
  it('has the recorded exchanges', () => {
    expect(exchanges.length).toBe(171);
  });

  for (const ex of exchanges) {
    const route = routeFor(ex.request.method, ex.request.path);
    const ok = ex.response.status >= 200 && ex.response.status < 300;
    if (!route) continue;

    if (ok && ex.response.content_type === 'application/json') {
      it(`${ex.name}: the response parses and re-serialises unchanged`, () => {
        const parsed = v.parse(route.response, ex.response.body);
        expect(JSON.parse(JSON.stringify(parsed))).toEqual(ex.response.body);
      });
    }
    if (ok && route.body && isJsonBody(ex)) {
      it(`${ex.name}: the request body is accepted`, () => {
        expect(v.safeParse(route.body as v.GenericSchema, ex.request.body).issues).toBeUndefined();
      });
    }
    if (ex.response.status === 422 && route.body && isJsonBody(ex)) {
      it(`${ex.name}: the request body is rejected like the reference does`, () => {
        expect(v.safeParse(route.body as v.GenericSchema, ex.request.body).success).toBe(false);
      });
    }
  }
});
