import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

/** `METHOD path` of every operation in an OpenAPI document. */
function openApiRoutes(document: string): string[] {
  const { paths } = JSON.parse(document) as { paths: Record<string, object> };
  return Object.entries(paths).flatMap(([path, item]) =>
    Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
  );
}

/** `METHOD path` of every row of the routes table in docs/http-api.md (several paths per row allowed). */
function documentedRoutes(markdown: string): string[] {
  const rows = markdown.split('\n').filter((line) => /^\|\s*(GET|POST)\s*\|/.test(line));
  return rows.flatMap((row) => {
    const [, method, paths] = row.split('|').map((cell) => cell.trim());
    return [...(paths ?? '').matchAll(/`([^`]+)`/g)].map((m) => `${method} ${m[1]}`);
  });
}

describe('docs/http-api.md', () => {
  it('lists exactly the routes of the committed OpenAPI document, plus /openapi.json', () => {
    const documented = documentedRoutes(read('../../../docs/http-api.md'));
    const served = openApiRoutes(read('../../../packages/store-server/openapi.json'));
    expect([...documented].sort()).toEqual([...served, 'GET /openapi.json'].sort());
  });
});
