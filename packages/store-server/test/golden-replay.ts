import { readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { LightningStore } from '@agl/store-core';
import { silentLogger } from '@agl/store-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LightningStoreServer } from '../src/server';
import { compareJson, compareValidationError, IdMap } from './golden-compare';
import { type RawReply, rawRequest } from './helpers';

interface Exchange {
  name: string;
  request: {
    method: string;
    path: string;
    query: [string, string][];
    headers: Record<string, string>;
    body: unknown;
    body_raw?: string;
    body_base64?: string;
  };
  response: {
    status: number;
    content_type: string | null;
    body: unknown;
    headers?: Record<string, string>;
  };
}

const exchanges = readFileSync(
  new URL('../../../spec/fixtures/store-v0.3.0.jsonl', import.meta.url),
  'utf8',
)
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as Exchange);

/** Store errors the reference answers 500; ours answers the error's 4xx (DECISIONS 1). */
const STORE_ERRORS = new Set([
  'rollouts.update.500_unknown_rollout',
  'attempts.update.500_unknown_attempt',
  'attempts.update.500_unknown_rollout',
  'attempts.start.500_unknown_rollout',
  'spans.add.500_unknown_rollout',
  'spans.add.500_unknown_attempt',
  'otlp.traces.500_unknown_rollout',
]);
/** Unknown rollout by id: the reference's accidental 500 becomes 200 null (DECISIONS 2). */
const NULL_GETTERS = new Set([
  'rollouts.get.unknown_id',
  'routing.get_rollouts_search_is_get_by_id',
]);
/** Our health answer adds `capabilities` (DECISIONS "Beyond the reference"). */
const HEALTH = 'health';
/** OTLP/JSON, refused by the reference, is accepted (DECISIONS 6). */
const OTLP_JSON = 'otlp.traces.400_json_content_type_rejected';
/**
 * Knock-on effects of accepting that OTLP/JSON request: its span is stored
 * (one more span) and takes sequence id 11, so the next id issued is 12.
 */
const AFTER_OTLP_JSON: Record<string, (body: unknown) => unknown> = {
  'spans.next_sequence_id.after_otlp': (body) => ({
    sequence_id: (body as { sequence_id: number }).sequence_id + 1,
  }),
  statistics: (body) => ({
    ...(body as object),
    total_spans: (body as { total_spans: number }).total_spans + 1,
  }),
  'statistics.final': (body) => ({
    ...(body as object),
    total_spans: (body as { total_spans: number }).total_spans + 1,
  }),
};

/** Sends exactly these headers (plus Host and Content-Length), like the recording client. */
function send(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: Buffer,
): Promise<RawReply> {
  const all: Record<string, string> = { ...headers, 'accept-encoding': 'identity' };
  if (body !== undefined || method === 'POST' || method === 'PUT')
    all['content-length'] = String(body?.length ?? 0);
  return rawRequest(`${base}${path}`, method, all, body);
}

/** The request body of an exchange with recorded ids replaced by live ones. */
function bodyOf(request: Exchange['request'], ids: IdMap): Buffer | undefined {
  if (request.body_base64 !== undefined) {
    const bytes = Buffer.from(request.body_base64, 'base64');
    // Ids inside protobuf are length-prefixed strings of the same length as the live ids.
    const swap = (raw: Buffer) => Buffer.from(ids.substitute(raw.toString('latin1')), 'latin1');
    if (bytes.length === 0) return bytes;
    if (request.headers['content-encoding'] === 'gzip') return gzipSync(swap(gunzipSync(bytes)));
    return swap(bytes);
  }
  if (request.body_raw !== undefined) return Buffer.from(ids.substitute(request.body_raw), 'utf8');
  if (request.body === null) return undefined;
  return Buffer.from(ids.substitute(JSON.stringify(request.body)), 'utf8');
}

const mediaType = (value: string | null | undefined) =>
  value ? (value.split(';')[0] ?? '').trim() : null;

/**
 * Pages sorted by `start_time` over rollouts created by one enqueue call. The
 * reference stamps each rollout with its own clock reading; when our store
 * stamps a batch with one reading, those rollouts tie and keep creation order,
 * so the page differs. Skipped (with this reason) only when such a tie is seen.
 */
const TIE_SENSITIVE = new Set(['rollouts.query.status_in_sorted_paged']);

async function replay(exchange: Exchange, context: ReplayContext): Promise<string[]> {
  const { request, response, name } = exchange;
  const query = new URLSearchParams(
    request.query.map(([k, v]): [string, string] => [k, context.ids.substitute(v)]),
  );
  const path = context.ids.substitute(request.path) + (query.size > 0 ? `?${query}` : '');
  const reply = await send(
    context.endpoint,
    request.method,
    path,
    request.headers,
    bodyOf(request, context.ids),
  );
  const contentType = reply.headers['content-type'] as string | undefined;
  const text = reply.body.toString('utf8');
  const json = () =>
    mediaType(contentType) === 'application/json' && text !== '' ? JSON.parse(text) : text;
  const problems: string[] = [];
  const expectStatus = (status: number) => {
    if (reply.status !== status)
      problems.push(`status ${reply.status} instead of ${status}: ${text.slice(0, 200)}`);
  };

  if (STORE_ERRORS.has(name)) {
    if (reply.status !== 404) problems.push(`status ${reply.status} instead of 404`);
    const body = json() as Record<string, unknown>;
    if (Object.keys(body).sort().join() !== 'code,detail,error_type')
      problems.push(`error keys ${Object.keys(body)}`);
    const recordedType = (response.body as { error_type?: string } | null)?.error_type;
    if (recordedType && body.error_type !== recordedType)
      problems.push(`error_type ${body.error_type}`);
    return problems;
  }
  if (NULL_GETTERS.has(name)) {
    expectStatus(200);
    if (text !== 'null' || mediaType(contentType) !== 'application/json')
      problems.push(`body ${text}`);
    return problems;
  }
  if (name === HEALTH) {
    expectStatus(200);
    const body = json() as { status?: unknown; capabilities?: unknown };
    if (body.status !== 'ok' || typeof body.capabilities !== 'object')
      problems.push(`health ${text}`);
    return problems;
  }
  if (name === OTLP_JSON) {
    expectStatus(200);
    return problems;
  }
  expectStatus(response.status);
  if (mediaType(contentType) !== mediaType(response.content_type))
    problems.push(`content type ${contentType} instead of ${response.content_type}`);
  if (problems.length > 0) return problems;
  for (const header of ['allow'] as const) {
    if (
      response.headers?.[header] !== undefined &&
      reply.headers[header] !== response.headers[header]
    )
      problems.push(`${header}: ${reply.headers[header]} instead of ${response.headers[header]}`);
  }
  if (response.status === 307) {
    const location = new URL(reply.headers.location as string);
    const want = new URL(response.headers?.location as string);
    if (location.pathname !== want.pathname) problems.push(`location ${location.pathname}`);
    return problems;
  }
  if (mediaType(response.content_type) === 'application/x-protobuf') {
    if (response.status === 200 && reply.body.length !== 0)
      problems.push('non-empty OTLP success body');
    return problems;
  }
  if (mediaType(response.content_type) !== 'application/json') {
    if (text !== response.body) problems.push(`body ${JSON.stringify(text)}`);
    return problems;
  }
  if (response.status === 422) return compareValidationError(response.body, json());
  const adjust = AFTER_OTLP_JSON[name];
  let recorded = adjust ? adjust(response.body) : response.body;
  if (context.withoutMemoryStatistics && name.startsWith('statistics')) {
    const kept = { ...(recorded as Record<string, unknown>) };
    for (const key of MEMORY_STATISTICS) delete kept[key];
    // The statistics name the store class, which is another one here.
    kept.name = (json() as { name?: unknown }).name;
    recorded = kept;
  }
  const live = json();
  if (name === 'rollouts.enqueue.many') {
    const times = (live as { start_time: number }[]).map((r) => r.start_time);
    context.batchTies = new Set(times).size < times.length;
  }
  return compareJson(orderByLiveIds(recorded, request, context.ids), live, context.ids);
}

const GENERATED_ID_FIELDS = new Set(['rollout_id', 'attempt_id', 'resources_id']);

/**
 * A page sorted by a generated id comes back in the order of *our* ids, which
 * are random: re-sort the recorded items by the live ids they map to, so the
 * comparison checks the order we promise (sorted by the live id).
 */
function orderByLiveIds(recorded: unknown, request: Exchange['request'], ids: IdMap): unknown {
  const fromQuery = request.query.find(([key]) => key === 'sort_by')?.[1];
  const sortBy = fromQuery ?? (request.body as { sort_by?: string } | null)?.sort_by;
  const page = recorded as { items?: Record<string, unknown>[] } | null;
  if (!sortBy || !GENERATED_ID_FIELDS.has(sortBy) || !Array.isArray(page?.items)) return recorded;
  const order =
    (request.query.find(([key]) => key === 'sort_order')?.[1] ??
      (request.body as { sort_order?: string } | null)?.sort_order) === 'desc'
      ? -1
      : 1;
  const live = (item: Record<string, unknown>) => ids.substitute(String(item[sortBy]));
  const items = [...page.items].sort((a, b) =>
    live(a) < live(b) ? -order : live(a) > live(b) ? order : 0,
  );
  return { ...page, items };
}

/** What one replay keeps between exchanges. */
interface ReplayContext {
  endpoint: string;
  withoutMemoryStatistics: boolean;
  ids: IdMap;
  batchTies: boolean;
}

/** The backend a replay runs on: a fresh store for the given clock, and how to dispose of it. */
export interface ReplayBackend {
  /** Label of the describe block. */
  readonly name: string;
  /** A fresh, empty store reading the given clock. */
  create(clock: { now(): number }): Promise<LightningStore>;
  /** Disposes of the store (default: close it). */
  destroy?(store: LightningStore): Promise<void>;
  /**
   * The store keeps no span bytes in memory, so its statistics have no
   * memory fields (as the reference's database-backed stores): the recorded
   * statistics are compared without them.
   */
  readonly withoutMemoryStatistics?: boolean;
}

const MEMORY_STATISTICS = [
  'total_span_bytes',
  'eviction_threshold_bytes',
  'safe_threshold_bytes',
  'memory_capacity_bytes',
];

/**
 * Replays the recorded Python traffic, in order, against a fresh server over
 * the given backend and compares every answer with the recording.
 *
 * @param backend - creates the store the server serves
 */
export function describeGoldenReplay(backend: ReplayBackend): void {
  const context: ReplayContext = {
    endpoint: '',
    withoutMemoryStatistics: backend.withoutMemoryStatistics ?? false,
    ids: new IdMap(),
    batchTies: false,
  };
  const results = new Map<string, string[]>();
  let server: LightningStoreServer;
  let store: LightningStore;

  beforeAll(async () => {
    // Microsecond clock readings like Python's time.time(): rollouts created in one call get
    // distinct start times, so `sort_by=start_time` has one answer, as in the recording.
    const clock = { now: () => (performance.timeOrigin + performance.now()) / 1000 };
    store = await backend.create(clock);
    server = new LightningStoreServer({ store, port: 0, logger: silentLogger });
    await server.start();
    context.endpoint = server.endpoint;
    // The exchanges depend on each other: replay all of them, in order, once.
    for (const exchange of exchanges) results.set(exchange.name, await replay(exchange, context));
  }, 120_000);

  afterAll(async () => {
    await server.stop();
    await (backend.destroy ? backend.destroy(store) : store.close());
  });

  describe(`recorded Python traffic replayed against our server (${backend.name})`, () => {
    it('replays all 171 exchanges', () => {
      expect(results.size).toBe(171);
    });

    for (const exchange of exchanges) {
      it(`${exchange.name} (${exchange.request.method} ${exchange.request.path} → ${exchange.response.status})`, (ctx) => {
        if (TIE_SENSITIVE.has(exchange.name) && context.batchTies)
          ctx.skip('the store gave the rollouts of one enqueue call the same start_time');
        expect(results.get(exchange.name)).toEqual([]);
      });
    }
  });
}
