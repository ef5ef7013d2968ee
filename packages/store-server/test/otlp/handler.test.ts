import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { gunzipSync, gzipSync } from 'node:zlib';
import { type LightningStore, silentLogger } from '@agl/store-core';
import { InMemoryLightningStore } from '@agl/store-memory';
import type { Span } from '@agl/types';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import protobuf from 'protobufjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOtlpRoutes, type OtlpRoutesOptions } from '../../src/otlp';
import { rawRequest } from '../helpers';

// google.rpc.Status, built by hand from its public field numbers.
const RpcStatus = new protobuf.Type('Status')
  .add(new protobuf.Field('code', 1, 'int32'))
  .add(new protobuf.Field('message', 2, 'string'))
  .add(new protobuf.Field('details', 3, 'bytes', 'repeated'));
const decodeStatus = (bytes: Uint8Array) => RpcStatus.toObject(RpcStatus.decode(bytes));

interface Exchange {
  name: string;
  request: { body_base64?: string; headers: Record<string, string> };
  response: { body: { items: Span[] } };
}
const fixtures = new Map(
  readFileSync(new URL('../../../../spec/fixtures/store-v0.3.0.jsonl', import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Exchange)
    .map((entry) => [entry.name, entry]),
);
function fixture(name: string): Exchange {
  const found = fixtures.get(name);
  if (!found) throw new Error(`no fixture ${name}`);
  return found;
}
const RECORDED_ROLLOUT = 'ro-071bce08b00c';
const RECORDED_ATTEMPT = 'at-118b4c85';
const fixtureBytes = (name: string) =>
  Buffer.from(fixture(name).request.body_base64 ?? '', 'base64');

/** Replaces ids inside a protobuf body; ids have fixed lengths, so the message stays valid. */
function substitute(bytes: Buffer, ids: Record<string, string>): Buffer {
  let text = bytes.toString('latin1');
  for (const [from, to] of Object.entries(ids)) {
    expect(to).toHaveLength(from.length);
    text = text.split(from).join(to);
  }
  return Buffer.from(text, 'latin1');
}

/** POSTs raw bytes with exactly the given headers and returns the raw answer. */
function post(url: string, body: Uint8Array | string, headers: Record<string, string>) {
  return rawRequest(url, 'POST', headers, body);
}

const PROTOBUF = { 'content-type': 'application/x-protobuf' };
let store: LightningStore;
let baseUrl: string;
let closeServer: () => Promise<void>;
let warnings: string[];
let rolloutId: string;
let attemptId: string;

async function startServer(options: OtlpRoutesOptions = {}): Promise<void> {
  const app = new Hono();
  app.route(
    '/',
    createOtlpRoutes(store, {
      logger: { ...silentLogger, warn: (m) => warnings.push(m), error: (m) => warnings.push(m) },
      ...options,
    }),
  );
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  closeServer = () => new Promise((resolve) => server.close(() => resolve()));
}

beforeEach(async () => {
  warnings = [];
  store = new InMemoryLightningStore();
  const rollout = await store.startRollout({ question: 'otlp' });
  rolloutId = rollout.rollout_id;
  attemptId = rollout.attempt.attempt_id;
  await startServer();
});
afterEach(async () => {
  await closeServer();
  await store.close();
});

const liveBody = (name: string) =>
  substitute(fixtureBytes(name), { [RECORDED_ROLLOUT]: rolloutId, [RECORDED_ATTEMPT]: attemptId });
/** The recorded query answer with the live ids in place of the recorded ones. */
function recordedSpans(name: string): Span[] {
  const text = JSON.stringify(fixture(name).response.body.items);
  return JSON.parse(
    text.split(RECORDED_ROLLOUT).join(rolloutId).split(RECORDED_ATTEMPT).join(attemptId),
  ) as Span[];
}

describe('POST /v1/traces with the recorded protobuf payloads', () => {
  it('stores the span as the reference did and answers an empty protobuf 200', async () => {
    const reply = await post(`${baseUrl}/v1/traces`, liveBody('otlp.traces.protobuf'), PROTOBUF);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('application/x-protobuf');
    expect(reply.headers['content-encoding']).toBeUndefined();
    expect(reply.body).toHaveLength(0);
    const page = await store.querySpans(rolloutId, { name: 'openai.chat.completion' });
    const [expected] = recordedSpans('otlp.query_spans.stored_span');
    // The reference had stored three spans of this rollout before; in a fresh store it is the first.
    expect(page.items).toEqual([{ ...expected, sequence_id: 1 }]);
    expect((await store.getLatestAttempt(rolloutId))?.status).toBe('running');
  });

  it('accepts a gzip body with an explicit sequence id, and content-type parameters', async () => {
    const body = gzipSync(
      substitute(gunzipSync(fixtureBytes('otlp.traces.protobuf_gzip_span_sequence_id')), {
        [RECORDED_ROLLOUT]: rolloutId,
        [RECORDED_ATTEMPT]: attemptId,
      }),
    );
    const reply = await post(`${baseUrl}/v1/traces`, body, {
      'content-type': 'application/x-protobuf; proto=opentelemetry',
      'content-encoding': 'GZIP',
    });
    expect(reply.status).toBe(200);
    const page = await store.querySpans(rolloutId, { name: 'otlp.gzip.span' });
    expect(page.items).toEqual(recordedSpans('otlp.query_spans.gzip_span_explicit_sequence_id'));
  });

  it('answers an unknown rollout with the store error 404 (the reference answers 500)', async () => {
    const reply = await post(
      `${baseUrl}/v1/traces`,
      fixtureBytes('otlp.traces.500_unknown_rollout'),
      PROTOBUF,
    );
    expect(reply.status).toBe(404);
    expect(reply.headers['content-type']).toMatch(/^application\/json/);
    const body = JSON.parse(reply.body.toString('utf8')) as Record<string, unknown>;
    expect(body).toMatchObject({ error_type: 'ValueError', code: 'NOT_FOUND' });
    expect(body.detail).toEqual(expect.stringContaining('ro-000000000000'));
  });

  it('answers an unparsable body with 400 and a google.rpc.Status', async () => {
    const reply = await post(
      `${baseUrl}/v1/traces`,
      fixtureBytes('otlp.traces.400_unparsable_protobuf'),
      PROTOBUF,
    );
    expect(reply.status).toBe(400);
    expect(reply.headers['content-type']).toBe('application/x-protobuf');
    const status = decodeStatus(reply.body);
    expect(Object.keys(status)).toEqual(['message']);
    expect(status.message).toMatch(/^Unable to parse OTLP traces payload: \S/);
  });
});

describe('POST /v1/traces transport rules', () => {
  it.each([
    ['text/plain', { 'content-type': 'text/plain' }],
    ['', {}],
    ['Application/x-protobuf', { 'content-type': 'Application/x-protobuf' }],
  ])(
    "refuses content type '%s' with a protobuf google.rpc.Status holding only a message",
    async (media, headers) => {
      const reply = await post(`${baseUrl}/v1/traces`, liveBody('otlp.traces.protobuf'), headers);
      expect(reply.status).toBe(400);
      expect(reply.headers['content-type']).toBe('application/x-protobuf');
      expect(decodeStatus(reply.body)).toEqual({
        message: `Unsupported Content-Type '${media}', expected 'application/x-protobuf' or 'application/json'`,
      });
      expect((await store.querySpans(rolloutId)).total).toBe(0);
    },
  );

  it('answers an empty body with an empty 200, with or without gzip', async () => {
    for (const headers of [PROTOBUF, { ...PROTOBUF, 'content-encoding': 'gzip' }]) {
      const reply = await post(`${baseUrl}/v1/traces`, new Uint8Array(0), headers);
      expect(reply.status).toBe(200);
      expect(reply.body).toHaveLength(0);
    }
    const json = await post(`${baseUrl}/v1/traces`, '', { 'content-type': 'application/json' });
    expect([json.status, json.headers['content-type'], json.body.toString()]).toEqual([
      200,
      'application/json',
      '{}',
    ]);
  });

  it('gzips the answer when the client accepts gzip, success and error alike', async () => {
    const ok = await post(`${baseUrl}/v1/traces`, liveBody('otlp.traces.protobuf'), {
      ...PROTOBUF,
      'accept-encoding': 'br, gzip;q=0.5',
    });
    expect(ok.status).toBe(200);
    expect(ok.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(ok.body)).toHaveLength(0);
    const bad = await post(`${baseUrl}/v1/traces`, 'x', {
      'content-type': 'text/plain',
      'accept-encoding': 'gzip',
    });
    expect(bad.status).toBe(400);
    expect(bad.headers['content-encoding']).toBe('gzip');
    expect(decodeStatus(gunzipSync(bad.body)).message).toMatch(
      /^Unsupported Content-Type 'text\/plain'/,
    );
    const refused = await post(`${baseUrl}/v1/traces`, 'x', {
      'content-type': 'text/plain',
      'accept-encoding': 'gzip;q=0',
    });
    expect(refused.headers['content-encoding']).toBeUndefined();
  });

  it('answers invalid gzip and unknown content encodings with 400', async () => {
    const badGzip = await post(`${baseUrl}/v1/traces`, 'not gzip at all', {
      ...PROTOBUF,
      'content-encoding': 'gzip',
    });
    expect(badGzip.status).toBe(400);
    expect(decodeStatus(badGzip.body).message).toMatch(
      /^Unable to parse OTLP traces payload: invalid gzip body: /,
    );
    const brotli = await post(`${baseUrl}/v1/traces`, 'xx', {
      ...PROTOBUF,
      'content-encoding': 'br',
    });
    expect(brotli.status).toBe(400);
    expect(decodeStatus(brotli.body).message).toBe(
      "Unsupported Content-Encoding 'br', expected 'gzip' or 'identity'",
    );
  });

  it('answers unparsable OTLP/JSON with a JSON google.rpc.Status', async () => {
    const reply = await post(`${baseUrl}/v1/traces`, '{"resourceSpans": 3}', {
      'content-type': 'application/json; charset=utf-8',
    });
    expect(reply.status).toBe(400);
    expect(reply.headers['content-type']).toBe('application/json');
    expect(JSON.parse(reply.body.toString())).toEqual({
      message: 'Unable to parse OTLP traces payload: resourceSpans: expected an array, got number',
    });
  });

  it('skips spans without rollout or attempt ids with a warning and answers 200', async () => {
    const body = substitute(fixtureBytes('otlp.traces.protobuf'), {
      'agentlightning.rollout_id': 'agentlightning.rollout_XX',
    });
    const reply = await post(`${baseUrl}/v1/traces`, body, PROTOBUF);
    expect(reply.status).toBe(200);
    expect(warnings).toEqual([expect.stringMatching(/skipped: no agentlightning\.rollout_id/)]);
    expect((await store.querySpans(rolloutId)).total).toBe(0);
  });

  it.each(['/v1/metrics', '/v1/logs', '/v1/development/profiles'])(
    'answers POST %s with 501, no body and no content type',
    async (path) => {
      const reply = await post(`${baseUrl}${path}`, new Uint8Array(0), PROTOBUF);
      expect(reply.status).toBe(501);
      expect(reply.headers['content-type']).toBeUndefined();
      expect(reply.body).toHaveLength(0);
    },
  );
});

describe('POST /v1/traces body limit', () => {
  beforeEach(async () => {
    await closeServer();
    await startServer({ bodyLimit: 1024 });
  });

  it('refuses a body over the limit with 413', async () => {
    const reply = await post(`${baseUrl}/v1/traces`, new Uint8Array(2048), PROTOBUF);
    expect(reply.status).toBe(413);
    expect(decodeStatus(reply.body)).toEqual({
      message: 'Request body exceeds the limit of 1024 bytes',
    });
  });

  it('refuses a small gzip body that inflates past the limit', async () => {
    const bomb = gzipSync(new Uint8Array(1_000_000));
    expect(bomb.length).toBeLessThan(1024);
    const reply = await post(`${baseUrl}/v1/traces`, bomb, {
      ...PROTOBUF,
      'content-encoding': 'gzip',
    });
    expect(reply.status).toBe(413);
    expect(decodeStatus(reply.body)).toEqual({
      message: 'Decompressed request body exceeds the limit of 1024 bytes',
    });
  });

  it('still accepts a body under the limit', async () => {
    const reply = await post(`${baseUrl}/v1/traces`, liveBody('otlp.traces.protobuf'), PROTOBUF);
    expect(reply.status).toBe(200);
    expect((await store.querySpans(rolloutId)).total).toBe(1);
  });
});
