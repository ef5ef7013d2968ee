/** A route template compiled for matching. */
interface Compiled<T> {
  readonly method: string;
  readonly segments: readonly string[];
  /** Index in `segments` → parameter name, for `{name}` segments. */
  readonly params: ReadonlyMap<number, string>;
  readonly value: T;
}

/** What a path resolved to: the route's value and its decoded parameters. */
export interface RouteMatch<T> {
  /** The value registered with the route. */
  readonly value: T;
  /** Percent-decoded path parameters. */
  readonly params: Record<string, string>;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function compile<T>(method: string, template: string, value: T): Compiled<T> {
  const segments = template.split('/');
  const params = new Map<number, string>();
  segments.forEach((segment, index) => {
    const name = /^\{(\w+)\}$/.exec(segment)?.[1];
    if (name !== undefined) params.set(index, name);
  });
  return { method, segments, params, value };
}

function matches<T>(route: Compiled<T>, method: string, parts: readonly string[]): boolean {
  if (route.method !== method || route.segments.length !== parts.length) return false;
  for (let i = 0; i < parts.length; i++) {
    if (route.params.has(i)) {
      if (parts[i] === '') return false;
    } else if (route.segments[i] !== parts[i]) return false;
  }
  return true;
}

/**
 * Resolves `METHOD path` to a route the way the reference's router does: the
 * first route in registration order whose template matches wins (so a literal
 * `POST /rollouts/search` registered before `POST /rollouts/{rollout_id}` is
 * the search, and `GET /rollouts/search` falls to the by-id route). Paths of
 * literal routes are answered from a map computed with that same rule; other
 * paths scan only the parameter routes. `HEAD` resolves like `GET`.
 *
 * @param routes - `[method, template, value]` in registration order, templates with `{name}` parameters
 * @returns the resolver; `undefined` when no route matches
 */
export function createDispatcher<T>(
  routes: readonly (readonly [method: string, template: string, value: T])[],
): (method: string, path: string) => RouteMatch<T> | undefined {
  const compiled = routes.map(([method, template, value]) => compile(method, template, value));
  const withParams = compiled.filter((route) => route.params.size > 0);
  const first = (method: string, parts: readonly string[]) =>
    compiled.find((route) => matches(route, method, parts));
  const literal = new Map<string, RouteMatch<T>>();
  for (const route of compiled) {
    if (route.params.size > 0) continue;
    const winner = first(route.method, route.segments);
    const key = `${route.method} ${route.segments.join('/')}`;
    if (winner && !literal.has(key)) literal.set(key, resolve(winner, route.segments));
  }
  function resolve(route: Compiled<T>, parts: readonly string[]): RouteMatch<T> {
    const params: Record<string, string> = {};
    for (const [index, name] of route.params) params[name] = decode(parts[index] as string);
    return { value: route.value, params };
  }
  return (rawMethod, path) => {
    const method = rawMethod === 'HEAD' ? 'GET' : rawMethod;
    const hit = literal.get(`${method} ${path}`);
    if (hit) return hit;
    const parts = path.split('/');
    for (const route of withParams) if (matches(route, method, parts)) return resolve(route, parts);
    return undefined;
  };
}
