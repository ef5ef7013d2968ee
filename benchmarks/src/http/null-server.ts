/**
 * The do-nothing server: the ceiling of the runner workload on this machine.
 *
 * It answers every route the runner workload uses with a canned, valid body,
 * after reading the request body in full as a real server must, and does
 * nothing else: no routing framework, no validation, no store. The canned
 * bodies are the real server's own answers, recorded once at start-up by
 * forwarding one request of each route to a `LightningStoreServer` over a
 * memory store with a deep queue, so clients parse exactly what they would
 * from the real server (and the feeder sees a full queue and idles). Ids in
 * paths are wildcards.
 *
 * @module
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LightningStoreClient } from '@agl/store-client';
import { createConsoleLogger } from '@agl/store-core';
import { InMemoryLightningStore } from '@agl/store-memory';
import { LightningStoreServer } from '@agl/store-server';
import { makeSpan } from '../fixtures';

/** A recorded answer. */
interface Canned {
  readonly status: number;
  readonly body: Buffer;
}

const NOT_FOUND: Canned = { status: 404, body: Buffer.from('{"detail":"Not Found"}') };

/** `METHOD path` with rollout and attempt ids replaced by `*`, the canned-answer key. */
function routeKey(method: string, url: string): string {
  const path = url.split('?', 1)[0] ?? url;
  return `${method} ${path.replace(/\/(ro|at)-[^/]+/g, '/$1-*')}`;
}

/** Sends a request on to the real server and keeps its answer (recording phase only). */
async function forward(upstream: string, req: IncomingMessage, body: Buffer): Promise<Canned> {
  const response = await fetch(`${upstream}${req.url ?? '/'}`, {
    method: req.method ?? 'GET',
    headers: { 'content-type': 'application/json' },
    ...(req.method === 'GET' || req.method === 'HEAD' ? {} : { body }),
  });
  return { status: response.status, body: Buffer.from(await response.arrayBuffer()) };
}

/**
 * Drives one request of each route of the workload through `endpoint` with
 * the real client, so the server there records the real answers.
 */
async function driveRecording(endpoint: string): Promise<void> {
  const client = new LightningStoreClient(endpoint, { logger: null });
  await client.enqueueManyRollouts(Array.from({ length: 320 }, (_, i) => ({ input: { i } })));
  const rollout = await client.dequeueRollout({ workerId: 'bench-0' });
  if (rollout === null) throw new Error('the recording store has an empty queue');
  const { rollout_id, attempt } = rollout;
  await client.addSpan(makeSpan(rollout_id, attempt.attempt_id, 1));
  await client.addManySpans([2, 3].map((i) => makeSpan(rollout_id, attempt.attempt_id, i)));
  await client.updateAttempt(rollout_id, attempt.attempt_id, { status: 'succeeded' });
  // Recorded last, with a deep queue, so the workload's feeder sees it full and idles.
  await client.queryRollouts({ statusIn: ['queuing'], limit: 1 });
  await client.close();
}

function send(res: ServerResponse, canned: Canned = NOT_FOUND): void {
  res.writeHead(canned.status, {
    'content-type': 'application/json',
    'content-length': canned.body.length,
  });
  res.end(canned.body);
}

/**
 * Starts the do-nothing server on a free loopback port, recording its
 * answers from a real server first.
 *
 * @returns the server and its root URL
 */
export async function startNullServer(): Promise<{ server: Server; endpoint: string }> {
  const store = new InMemoryLightningStore();
  const real = new LightningStoreServer({
    store,
    host: '127.0.0.1',
    port: 0,
    logger: createConsoleLogger({ level: 'error', name: 'agl.store' }),
  });
  await real.start();
  const canned = new Map<string, Canned>();
  let upstream: string | null = real.endpoint;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    // Read the body in full before answering, as every real server must.
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const key = routeKey(req.method ?? 'GET', req.url ?? '/');
      const hit = canned.get(key);
      if (hit !== undefined || upstream === null) return send(res, hit);
      void forward(upstream, req, Buffer.concat(chunks)).then((recorded) => {
        canned.set(key, recorded);
        send(res, recorded);
      });
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  await driveRecording(endpoint);
  upstream = null;
  await real.stop();
  await store.close();
  return { server, endpoint };
}
