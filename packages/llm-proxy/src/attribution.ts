/**
 * Which rollout and attempt a request belongs to, and which route it asks for. Three forms: the
 * versioned gateway path `/proxy/rollout/{rid}/attempt/{aid}/mode/{mode}/openai/v1/...`, the path
 * prefix `/rollout/{rid}/attempt/{aid}` that `ProxyLLM` resources produce, and the
 * `x-rollout-id` / `x-attempt-id` (/ `x-sequence-id`) headers.
 */

/** Where a request's attribution came from. */
type AttributionForm = 'v1' | 'prefix' | 'header' | 'none';

/** The route a path names. */
type RouteKind =
  | 'chat'
  | 'completions'
  | 'messages'
  | 'models'
  | 'model'
  | 'health'
  | 'liveliness'
  | null;

/** The parsed path. */
export interface ParsedPath {
  form: AttributionForm;
  rolloutId: string | null;
  attemptId: string | null;
  mode: 'train' | 'val' | null;
  /** The path that is routed (prefix removed). */
  routedPath: string;
  route: RouteKind;
  /** A model name carried by the path (`/v1/models/{model}`). */
  pathModel: string | null;
}

/** A refusal decided from the path alone. */
export interface PathError {
  status: number;
  message: string;
}

const V1_FORM = /^\/proxy\/rollout\/([^/]+)\/attempt\/([^/]+)\/mode\/([^/]+)\/openai\/v1\/(.*)$/;
const PREFIX = /^\/rollout\/([^/]+)\/attempt\/([^/]+)(\/.*)?$/;
const MAX_ID = 512;

/** Resolves a request path (without query) and method to a route; ids are percent-decoded. */
export function parsePath(rawPath: string, method: string): ParsedPath | PathError {
  const v1 = V1_FORM.exec(rawPath);
  if (v1) {
    const ids = decodeIds(v1[1] as string, v1[2] as string);
    if (!ids) return { status: 400, message: 'Invalid rollout or attempt id in path' };
    const mode = v1[3] as string;
    if (mode !== 'train' && mode !== 'val')
      return { status: 404, message: `Unsupported proxy mode: ${mode}` };
    const upstream = (v1[4] as string).replace(/\/$/, '');
    if (upstream !== 'chat/completions' && upstream !== 'completions') {
      return { status: 404, message: `Unsupported upstream path: ${upstream}` };
    }
    const routedPath = `/v1/${upstream}`;
    return {
      form: 'v1',
      rolloutId: ids[0],
      attemptId: ids[1],
      mode,
      routedPath,
      route: method === 'POST' ? routeOf(routedPath).route : null,
      pathModel: null,
    };
  }
  let form: AttributionForm = 'none';
  let rolloutId: string | null = null;
  let attemptId: string | null = null;
  let routedPath = rawPath;
  const prefix = PREFIX.exec(rawPath);
  if (prefix) {
    const ids = decodeIds(prefix[1] as string, prefix[2] as string);
    if (!ids) return { status: 400, message: 'Invalid rollout or attempt id in path' };
    [rolloutId, attemptId] = ids;
    routedPath = prefix[3] ?? '/';
    form = 'prefix';
  }
  const { route, pathModel, methods } = routeOf(routedPath);
  if (route !== null && !methods.includes(method))
    return { status: 405, message: `Method Not Allowed: ${method} ${rawPath}` };
  return { form, rolloutId, attemptId, mode: null, routedPath, route, pathModel };
}

function decodeIds(rawRollout: string, rawAttempt: string): [string, string] | null {
  try {
    const rid = decodeURIComponent(rawRollout);
    const aid = decodeURIComponent(rawAttempt);
    if (rid === '' || aid === '' || rid.length > MAX_ID || aid.length > MAX_ID) return null;
    if (rid.includes('/') || aid.includes('/')) return null;
    return [rid, aid];
  } catch {
    return null;
  }
}

function routeOf(path: string): { route: RouteKind; pathModel: string | null; methods: string[] } {
  const p = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  switch (p) {
    case '/v1/chat/completions':
    case '/chat/completions':
      return { route: 'chat', pathModel: null, methods: ['POST'] };
    case '/v1/completions':
    case '/completions':
      return { route: 'completions', pathModel: null, methods: ['POST'] };
    case '/v1/messages':
      return { route: 'messages', pathModel: null, methods: ['POST'] };
    case '/v1/models':
    case '/models':
      return { route: 'models', pathModel: null, methods: ['GET'] };
    case '/health':
    case '/health/readiness':
    case '/healthz':
      return { route: 'health', pathModel: null, methods: ['GET'] };
    case '/health/liveliness':
      return { route: 'liveliness', pathModel: null, methods: ['GET'] };
  }
  if (p.startsWith('/v1/models/')) {
    try {
      return {
        route: 'model',
        pathModel: decodeURIComponent(p.slice('/v1/models/'.length)),
        methods: ['GET'],
      };
    } catch {
      return { route: null, pathModel: null, methods: [] };
    }
  }
  return { route: null, pathModel: null, methods: [] };
}

/** Header attribution of an unprefixed request. */
export interface HeaderAttribution {
  rolloutId: string | null;
  attemptId: string | null;
  sequenceId: number | null;
  /** Set when only one of the two id headers was given. */
  missing: string | null;
  /** Whether `x-sequence-id` was present but not a digit string. */
  badSequence: boolean;
}

/** Reads `x-rollout-id`, `x-attempt-id` and `x-sequence-id`. */
export function headerAttribution(get: (name: string) => string | undefined): HeaderAttribution {
  const rid = get('x-rollout-id') || null;
  const aid = get('x-attempt-id') || null;
  const seq = get('x-sequence-id');
  if (rid === null || aid === null) {
    const missing =
      rid === null && aid === null ? null : rid === null ? 'x-rollout-id' : 'x-attempt-id';
    return { rolloutId: null, attemptId: null, sequenceId: null, missing, badSequence: false };
  }
  const valid = seq !== undefined && /^[0-9]+$/.test(seq);
  return {
    rolloutId: rid,
    attemptId: aid,
    sequenceId: valid ? Number(seq) : null,
    missing: null,
    badSequence: seq !== undefined && !valid,
  };
}

const SENSITIVE = /key|token|secret|auth|cookie|password|signature|credential/i;

/** The `x-` headers recorded with a call: arrival order, credential-like names removed. */
export function recordedHeaders(headers: Iterable<[string, string]>): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    if (lower.startsWith('x-') && !SENSITIVE.test(lower)) out.push([lower, value]);
  }
  return out;
}
