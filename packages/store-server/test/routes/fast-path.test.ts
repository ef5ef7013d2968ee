import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger } from '@agl/store-core';
import { InMemoryLightningStore } from '@agl/store-memory';
import { getRequestListener } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStoreApp } from '../../src/app';

/** Everything of an answer a client can see, except the `Date` header. */
interface RawReply {
  status: number;
  headers: string[];
  body: string;
}

/** One request of the script; `ids` holds ids taken from earlier answers of the same server. */
interface Step {
  method: string;
  path: string;
  body?: string;
  headers?: Record<string, string>;
}

const CLOCK = { now: () => 1_700_000_000.25 };
const LIMITS = { maxBodyBytes: 64 * 1024 };

function start(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve(`127.0.0.1:${port}`);
    }),
  );
}

function send(host: string, step: Step): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const [hostname, port] = host.split(':');
    const headers: Record<string, string> = { ...step.headers };
    if (step.body !== undefined) headers['content-length'] = String(Buffer.byteLength(step.body));
    const req = httpRequest(
      { hostname, port: Number(port), method: step.method, path: step.path, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const pairs: string[] = [];
          for (let i = 0; i < res.rawHeaders.length; i += 2)
            if (res.rawHeaders[i]?.toLowerCase() !== 'date')
              pairs.push(`${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}`);
          resolve({
            status: res.statusCode ?? 0,
            headers: pairs,
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
      },
    );
    req.on('error', reject);
    req.end(step.body);
  });
}

/** Replaces generated ids by their order of appearance (and ports), so two servers' answers compare. */
function normalise(replies: readonly RawReply[]): RawReply[] {
  const seen = new Map<string, string>();
  const swap = (text: string) =>
    text
      .replace(/127\.0\.0\.1:\d+/g, 'HOST')
      .replace(/\b(ro|at|rs)-[0-9a-f]{8,}\b/g, (id, prefix: string) => {
        if (!seen.has(id)) seen.set(id, `${prefix}-#${seen.size}`);
        return seen.get(id) as string;
      });
  return replies.map((reply) => ({
    ...reply,
    headers: reply.headers.map(swap),
    body: swap(reply.body),
  }));
}

const json = { 'content-type': 'application/json' };

function spanJson(rolloutId: string, attemptId: string, spanId: string, extra = ''): string {
  return `{"rollout_id":"${rolloutId}","attempt_id":"${attemptId}","sequence_id":1,"trace_id":"${'a'.repeat(32)}","span_id":"${spanId}","parent_id":null,"name":"fast.path","status":{"status_code":"OK","description":null},"attributes":{"text":"caf\u00e9 \u2603 \ud83d\ude80","big":12345678901234567890,"tiny":1e-320,"huge":1e308${extra}},"events":[],"links":[],"start_time":1.5,"end_time":2.25,"context":null,"parent":null,"resource":{"attributes":{},"schema_url":""}}`;
}

/**
 * The script: representative and edge requests of the hot routes. Each
 * function gets the answers so far (to take ids from) and returns a request.
 */
const script: ((answers: RawReply[]) => Step)[] = [
  () => ({
    method: 'POST',
    path: '/v1/agl/queues/rollouts/enqueue',
    headers: json,
    body: '{"rollouts":[{"input":{"q":"\u00fcber \ud83d\ude00","n":NaN,"i":-Infinity,"big":1e999}},{"input":{"k":12345678901234567890}}]}',
  }),
  () => ({
    method: 'POST',
    path: '/v1/agl/queues/rollouts/enqueue',
    headers: json,
    body: '{"rollouts": [',
  }),
  () => ({ method: 'POST', path: '/v1/agl/queues/rollouts/enqueue', headers: json, body: '[1,2]' }),
  () => ({ method: 'POST', path: '/v1/agl/queues/rollouts/enqueue', headers: json, body: '' }),
  () => ({
    method: 'POST',
    path: '/v1/agl/queues/rollouts/enqueue',
    headers: json,
    body: '{"rollouts":"x"}',
  }),
  () => ({
    method: 'POST',
    path: '/v1/agl/queues/rollouts/enqueue',
    headers: { 'content-type': 'text/plain' },
    body: '{"rollouts":[]}',
  }),
  () => ({
    method: 'POST',
    path: '/v1/agl/queues/rollouts/enqueue',
    headers: json,
    body: '{"rollouts":[{"input":1}],"x":\u00ff}',
  }),
  () => ({
    method: 'POST',
    path: '/v1/agl/queues/rollouts/dequeue',
    headers: json,
    body: '{"limit":1,"worker_id":"w-1"}',
  }),
  () => ({ method: 'POST', path: '/v1/agl/queues/rollouts/dequeue' }),
  () => ({
    method: 'POST',
    path: '/v1/agl/queues/rollouts/dequeue',
    headers: json,
    body: '{"limit":"many"}',
  }),
  () => ({ method: 'GET', path: '/v1/agl/rollouts?status_in=running&limit=5&sort_by=start_time' }),
  () => ({ method: 'GET', path: '/v1/agl/rollouts?limit=abc' }),
  () => ({ method: 'GET', path: '/v1/agl/rollouts?status_in=no%20such' }),
  (a) => ({ method: 'GET', path: `/v1/agl/rollouts/${rolloutOf(a)}` }),
  () => ({ method: 'GET', path: '/v1/agl/rollouts/ro-000000000000' }),
  (a) => ({ method: 'GET', path: `/v1/agl/rollouts/${rolloutOf(a)}/attempts/latest` }),
  (a) => ({
    method: 'POST',
    path: '/v1/agl/spans',
    headers: json,
    body: spanJson(rolloutOf(a), attemptOf(a), '00000000000000a1'),
  }),
  (a) => ({
    method: 'POST',
    path: '/v1/agl/spans',
    headers: json,
    body: spanJson(rolloutOf(a), attemptOf(a), '00000000000000a1'),
  }),
  (a) => ({
    method: 'POST',
    path: '/v1/agl/spans',
    headers: { ...json, 'idempotency-key': 'k-1' },
    body: spanJson(rolloutOf(a), attemptOf(a), '00000000000000a2', ',"nan":NaN,"inf":Infinity'),
  }),
  (a) => ({
    method: 'POST',
    path: '/v1/agl/spans',
    headers: { ...json, 'idempotency-key': 'k-1' },
    body: spanJson(rolloutOf(a), attemptOf(a), '00000000000000a2', ',"nan":NaN,"inf":Infinity'),
  }),
  (a) => ({
    method: 'POST',
    path: '/v1/agl/spans',
    headers: json,
    body: spanJson(rolloutOf(a), attemptOf(a), '00000000000000a3').replace(
      '"sequence_id":1',
      '"sequence_id":"one"',
    ),
  }),
  () => ({
    method: 'POST',
    path: '/v1/agl/spans',
    headers: json,
    body: spanJson('ro-000000000000', 'at-00000000', 'ff'),
  }),
  (a) => ({
    method: 'POST',
    path: '/v1/agl/spans/batch',
    headers: json,
    body: `{"spans":[${spanJson(rolloutOf(a), attemptOf(a), '00000000000000b1')},${spanJson(rolloutOf(a), attemptOf(a), '00000000000000a1')}]}`,
  }),
  () => ({
    method: 'POST',
    path: '/v1/agl/spans',
    headers: json,
    body: `{"pad":"${'x'.repeat(70 * 1024)}"}`,
  }),
  (a) => ({
    method: 'POST',
    path: `/v1/agl/rollouts/${rolloutOf(a)}/attempts/${attemptOf(a)}`,
    headers: json,
    body: '{"status":"succeeded"}',
  }),
  (a) => ({
    method: 'POST',
    path: `/v1/agl/rollouts/${rolloutOf(a)}/attempts/${attemptOf(a)}`,
    headers: json,
    body: '{"status":"no-such-status"}',
  }),
  (a) => ({ method: 'GET', path: `/v1/agl/spans?rollout_id=${rolloutOf(a)}&limit=10` }),
  // Not for the fast path (escapes, HEAD, unknown routes, other methods): both take the general path.
  (a) => ({ method: 'GET', path: `/v1/agl/rollouts/${rolloutOf(a)}%20` }),
  (a) => ({ method: 'HEAD', path: `/v1/agl/rollouts/${rolloutOf(a)}` }),
  () => ({ method: 'GET', path: '/v1/agl/rollouts/' }),
  () => ({ method: 'GET', path: '/v1/agl/./health' }),
  () => ({ method: 'PUT', path: '/v1/agl/spans', headers: json, body: '{}' }),
  () => ({ method: 'GET', path: '/v1/agl/ready' }),
  () => ({ method: 'GET', path: '/v1/agl/health' }),
];

/** The rollout id of the first dequeue answer (step 8). */
function rolloutOf(answers: RawReply[]): string {
  return (JSON.parse(answers[7]?.body ?? '[]') as { rollout_id: string }[])[0]?.rollout_id ?? '';
}

function attemptOf(answers: RawReply[]): string {
  const [first] = JSON.parse(answers[7]?.body ?? '[]') as { attempt: { attempt_id: string } }[];
  return first?.attempt.attempt_id ?? '';
}

async function runScript(host: string): Promise<RawReply[]> {
  const answers: RawReply[] = [];
  for (const step of script) answers.push(await send(host, step(answers)));
  return answers;
}

describe('the fast path of LightningStoreServer', () => {
  const servers: Server[] = [];
  let fastHost = '';
  let generalHost = '';
  let fastHits = 0;

  beforeAll(async () => {
    const fast = buildStoreApp(new InMemoryLightningStore({ clock: CLOCK }), {
      logger: silentLogger,
      ...LIMITS,
    });
    const viaFast = fast.fastPath;
    if (!viaFast) throw new Error('expected a fast path for a plain app');
    const fastGeneral = getRequestListener(fast.app.fetch, { overrideGlobalObjects: false });
    const general = buildStoreApp(new InMemoryLightningStore({ clock: CLOCK }), {
      logger: silentLogger,
      ...LIMITS,
    });
    const generalOnly = getRequestListener(general.app.fetch, { overrideGlobalObjects: false });
    servers.push(
      createServer((req, res) => {
        if (viaFast(req, res)) fastHits++;
        else void fastGeneral(req, res);
      }),
      createServer((req, res) => void generalOnly(req, res)),
    );
    fastHost = await start(servers[0] as Server);
    generalHost = await start(servers[1] as Server);
  });

  afterAll(async () => {
    for (const server of servers) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('answers every request byte for byte as the general path does', async () => {
    const viaFast = normalise(await runScript(fastHost));
    const viaGeneral = normalise(await runScript(generalHost));
    expect(viaFast.length).toBe(script.length);
    for (let i = 0; i < script.length; i++)
      expect({ step: i, ...viaFast[i] }).toEqual({ step: i, ...viaGeneral[i] });
    // The script did reach the fast path (most of its steps are store routes).
    expect(fastHits).toBeGreaterThan(20);
    // And it covered answers of every kind.
    const statuses = new Set(viaFast.map((reply) => reply.status));
    for (const status of [200, 201, 404, 413, 422]) expect(statuses).toContain(status);
  });

  it('is not built when a middleware must see every request', () => {
    const store = new InMemoryLightningStore();
    expect(buildStoreApp(store, { logger: silentLogger }).fastPath).toBeDefined();
    expect(buildStoreApp(store, { logger: silentLogger, apiKey: 'k' }).fastPath).toBeUndefined();
    expect(
      buildStoreApp(store, { logger: silentLogger, corsOrigins: ['*'] }).fastPath,
    ).toBeUndefined();
  });
});
