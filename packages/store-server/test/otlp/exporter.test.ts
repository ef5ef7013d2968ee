import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type LightningStore, silentLogger } from '@agl/store-core';
import { InMemoryLightningStore } from '@agl/store-memory';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOtlpRoutes } from '../../src/otlp';

/**
 * Exports a parent and a child span with the real OpenTelemetry SDK and OTLP/HTTP protobuf
 * exporter, in a plain Node process: the OpenTelemetry ESM builds use extensionless imports
 * that the test runner's module loader cannot resolve. Prints the two span contexts as JSON.
 */
const EXPORT_SCRIPT = `
const { DiagConsoleLogger, DiagLogLevel, ROOT_CONTEXT, SpanKind, SpanStatusCode, diag, trace } = require('@opentelemetry/api');
const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-proto');
const { resourceFromAttributes } = require('@opentelemetry/resources');
const { TracerProvider, BatchSpanProcessor } = require('@opentelemetry/sdk-trace');
const [url, rolloutId, attemptId, compression] = process.argv.slice(1);
diag.setLogger(new DiagConsoleLogger(), DiagLogLevel.WARN);
async function main() {
  const exporter = new OTLPTraceExporter({ url, ...(compression ? { compression } : {}) });
  const provider = new TracerProvider({
    resource: resourceFromAttributes({
      'service.name': 'otlp-e2e',
      'agentlightning.rollout_id': rolloutId,
      'agentlightning.attempt_id': attemptId,
    }),
    spanProcessors: [new BatchSpanProcessor({ exporter })],
  });
  const tracer = provider.getTracer('e2e-tracer', '1.2.3');
  const parent = tracer.startSpan('agent.run', { startTime: [1767225620, 0] });
  const child = tracer.startSpan(
    'openai.chat.completion',
    {
      kind: SpanKind.CLIENT,
      startTime: [1767225620, 250000000],
      attributes: { 'gen_ai.request.model': 'm', 'gen_ai.usage.prompt_tokens': 12, temperature: 0.5, stream: false, tags: ['a', 'b'] },
      links: [{ context: parent.spanContext(), attributes: { reason: 'follows' } }],
    },
    trace.setSpan(ROOT_CONTEXT, parent),
  );
  child.addEvent('first_token', { 'token.index': 0 }, [1767225620, 500000000]);
  child.setStatus({ code: SpanStatusCode.ERROR, message: 'rate limited' });
  child.end([1767225621, 750000000]);
  parent.end([1767225622, 0]);
  await provider.forceFlush();
  await provider.shutdown();
  process.stdout.write(JSON.stringify({ parent: parent.spanContext(), child: child.spanContext() }));
}
main().catch((error) => { console.error(error); process.exit(1); });
`;
const PACKAGE_DIR = fileURLToPath(new URL('../..', import.meta.url));

interface ExportedIds {
  parent: { traceId: string; spanId: string };
  child: { traceId: string; spanId: string };
}

let store: LightningStore;
let baseUrl: string;
let closeServer: () => Promise<void>;
let received: {
  contentType: string | undefined;
  contentEncoding: string | undefined;
  status: number;
}[];
let rolloutId: string;
let attemptId: string;

beforeEach(async () => {
  received = [];
  store = new InMemoryLightningStore();
  const rollout = await store.startRollout({ task: 'e2e' });
  rolloutId = rollout.rollout_id;
  attemptId = rollout.attempt.attempt_id;
  const app = new Hono();
  app.use(async (c, next) => {
    await next();
    received.push({
      contentType: c.req.header('content-type'),
      contentEncoding: c.req.header('content-encoding'),
      status: c.res.status,
    });
  });
  app.route('/', createOtlpRoutes(store, { logger: silentLogger }));
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  closeServer = () => new Promise((resolve) => server.close(() => resolve()));
});
afterEach(async () => {
  await closeServer();
  await store.close();
});

/** Runs the exporter script against the test server; returns the exported span contexts. */
async function exportSpans(compression?: 'gzip'): Promise<ExportedIds> {
  const args = [
    '-e',
    EXPORT_SCRIPT,
    `${baseUrl}/v1/traces`,
    rolloutId,
    attemptId,
    compression ?? '',
  ];
  const { stdout, stderr } = await promisify(execFile)(process.execPath, args, {
    cwd: PACKAGE_DIR,
  });
  expect(stderr).toBe('');
  return JSON.parse(stdout) as ExportedIds;
}

async function expectStoredSpans(ids: ExportedIds) {
  const { items } = await store.querySpans(rolloutId);
  expect(items.map((span) => [span.name, span.sequence_id])).toEqual([
    ['openai.chat.completion', 1],
    ['agent.run', 2],
  ]);
  const [child, parent] = items;
  expect(parent).toMatchObject({
    rollout_id: rolloutId,
    attempt_id: attemptId,
    trace_id: ids.parent.traceId,
    span_id: ids.parent.spanId,
    parent_id: null,
    start_time: 1767225620,
    end_time: 1767225622,
    status: { status_code: 'UNSET', description: null },
  });
  expect(child).toEqual({
    rollout_id: rolloutId,
    attempt_id: attemptId,
    sequence_id: 1,
    trace_id: ids.parent.traceId,
    span_id: ids.child.spanId,
    parent_id: ids.parent.spanId,
    name: 'openai.chat.completion',
    status: { status_code: 'ERROR', description: 'rate limited' },
    attributes: {
      'gen_ai.request.model': 'm',
      'gen_ai.usage.prompt_tokens': 12,
      temperature: 0.5,
      stream: false,
      tags: ['a', 'b'],
    },
    events: [{ name: 'first_token', attributes: { 'token.index': 0 }, timestamp: 1767225620.5 }],
    links: [
      {
        context: {
          trace_id: ids.parent.traceId,
          span_id: ids.parent.spanId,
          is_remote: false,
          trace_state: {},
        },
        attributes: { reason: 'follows' },
      },
    ],
    start_time: 1767225620.25,
    end_time: 1767225621.75,
    context: {
      trace_id: ids.child.traceId,
      span_id: ids.child.spanId,
      is_remote: false,
      trace_state: {},
    },
    parent: null,
    resource: {
      attributes: expect.objectContaining({
        'service.name': 'otlp-e2e',
        'agentlightning.rollout_id': rolloutId,
        'agentlightning.attempt_id': attemptId,
      }),
      schema_url: '',
    },
  });
  expect((await store.getLatestAttempt(rolloutId))?.status).toBe('running');
  expect((await store.getRolloutById(rolloutId))?.status).toBe('running');
}

describe('the real OpenTelemetry OTLP/HTTP protobuf exporter', () => {
  it('exports spans that the store keeps with allocated sequence ids', async () => {
    const ids = await exportSpans();
    expect(received).toEqual([
      { contentType: 'application/x-protobuf', contentEncoding: undefined, status: 200 },
    ]);
    await expectStoredSpans(ids);
  });

  it('exports gzip-compressed spans', async () => {
    const ids = await exportSpans('gzip');
    expect(received).toEqual([
      { contentType: 'application/x-protobuf', contentEncoding: 'gzip', status: 200 },
    ]);
    await expectStoredSpans(ids);
  });
});

describe('OTLP/JSON built by hand', () => {
  it('is stored like protobuf and answered with {}', async () => {
    const body = {
      resourceSpans: [
        {
          resource: {
            attributes: [
              { key: 'agentlightning.rollout_id', value: { stringValue: rolloutId } },
              { key: 'agentlightning.attempt_id', value: { stringValue: attemptId } },
            ],
          },
          scopeSpans: [
            {
              scope: { name: 'hand' },
              spans: [
                {
                  traceId: '5b8efff798038103d269b633813fc60c',
                  spanId: 'eee19b7ec3c1b175',
                  parentSpanId: 'eee19b7ec3c1b173',
                  name: 'otlp.json.span',
                  kind: 1,
                  startTimeUnixNano: '1767225630000000000',
                  endTimeUnixNano: '1767225631000000000',
                  attributes: [
                    { key: 'agentlightning.span_sequence_id', value: { intValue: '42' } },
                    { key: 'count', value: { intValue: 3 } },
                  ],
                  status: { code: 1 },
                },
              ],
            },
          ],
        },
      ],
    };
    const response = await fetch(`${baseUrl}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({});
    const { items } = await store.querySpans(rolloutId);
    expect(items).toEqual([
      expect.objectContaining({
        sequence_id: 42,
        trace_id: '5b8efff798038103d269b633813fc60c',
        span_id: 'eee19b7ec3c1b175',
        parent_id: 'eee19b7ec3c1b173',
        name: 'otlp.json.span',
        status: { status_code: 'OK', description: null },
        attributes: { 'agentlightning.span_sequence_id': 42, count: 3 },
        start_time: 1767225630,
        end_time: 1767225631,
      }),
    ]);
    expect((await store.getLatestAttempt(rolloutId))?.status).toBe('running');
  });
});
