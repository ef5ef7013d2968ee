import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Span } from '@agl/types';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emitMessage } from '../../src/emitter';
import { captureLogs } from '../../src/logging';
import { OtelTracer } from '../../src/tracer';
import { RecordingStore } from './fake-store';

/** A real OTLP/HTTP endpoint on port 0 that records request bodies. */
let server: Server;
let bodies: { contentType: string | undefined; body: Buffer }[];
let url: string;

beforeEach(async () => {
  bodies = [];
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      bodies.push({ contentType: req.headers['content-type'], body: Buffer.concat(chunks) });
      res.writeHead(200, { 'content-type': 'application/x-protobuf' });
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`;
});

afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const execFileAsync = promisify(execFile);
const child = fileURLToPath(new URL('./otlp-child.ts', import.meta.url));

describe('OtelTracer OTLP mode', () => {
  it('exports every span with the real OTLP exporter, with rollout/attempt resource attributes, before resolving', async () => {
    // A child process, so the exporter loads with plain Node module resolution.
    const { stdout } = await execFileAsync(
      process.execPath,
      ['--import', 'tsx', '--conditions=@agl/source', child, url],
      { cwd: fileURLToPath(new URL('../..', import.meta.url)) },
    );
    // Flushed before traceContext resolved: the child printed after both exports reached us.
    expect(bodies).toHaveLength(2);
    for (const { contentType, body } of bodies) {
      expect(contentType).toBe('application/x-protobuf');
      const text = body.toString('latin1');
      for (const fragment of [
        'agentlightning.rollout_id',
        'ro-otlp1',
        'agentlightning.attempt_id',
        'at-otlp1',
      ]) {
        expect(text).toContain(fragment);
      }
    }
    expect(bodies[0]?.body.toString('latin1')).toContain('agentlightning.message.body');
    expect(bodies[1]?.body.toString('latin1')).toContain('agentlightning.reward.0.value');
    const last = JSON.parse(stdout) as Span[];
    expect(last.map((s) => s.name)).toEqual([
      'agentlightning.message',
      'agentlightning.annotation',
    ]);
    expect(last[0]).toMatchObject({ rollout_id: 'ro-otlp1', attempt_id: 'at-otlp1' });
    expect(last[0]?.resource.attributes).toMatchObject({
      'agentlightning.rollout_id': 'ro-otlp1',
      'agentlightning.attempt_id': 'at-otlp1',
    });
  });

  it('routes spans to the exporter built for the store endpoint and never writes to the store', async () => {
    const exported: ReadableSpan[] = [];
    const urls: string[] = [];
    const exporter: SpanExporter = {
      export: (spans, done) => {
        exported.push(...spans);
        setTimeout(() => done({ code: 0 }), 2);
      },
      shutdown: async () => {},
    };
    const store = new RecordingStore(() => ({}), { otlp_traces: true }, 'http://store/v1/traces');
    const tracer = new OtelTracer({
      otlpExporterFactory: (u) => {
        urls.push(u);
        return exporter;
      },
    });
    await tracer.initWorker(0, store.asStore());
    try {
      await tracer.traceContext({ rolloutId: 'r1', attemptId: 'a1' }, () => emitMessage('x'));
      await tracer.traceContext({ rolloutId: 'r2', attemptId: 'a2' }, () => emitMessage('y'));
    } finally {
      await tracer.teardown();
    }
    expect(urls).toEqual(['http://store/v1/traces']);
    expect(store.received).toEqual([]);
    expect(exported.map((s) => s.resource.attributes['agentlightning.rollout_id'])).toEqual([
      'r1',
      'r2',
    ]);
    expect(exported.map((s) => s.resource.attributes['agentlightning.attempt_id'])).toEqual([
      'a1',
      'a2',
    ]);
  });

  it('logs and keeps the local copy when an export fails', async () => {
    const logs = captureLogs();
    const exporter: SpanExporter = {
      export: (_spans, done) => done({ code: 1, error: new Error('collector down') }),
      shutdown: async () => {},
    };
    const store = new RecordingStore(() => ({}), { otlp_traces: true }, 'http://store/v1/traces');
    const tracer = new OtelTracer({ otlpExporterFactory: () => exporter });
    await tracer.initWorker(0, store.asStore());
    try {
      await tracer.traceContext({ rolloutId: 'r', attemptId: 'a' }, () => emitMessage('x'));
      expect(tracer.getLastTrace()).toHaveLength(1);
      expect(logs.records.some((r) => r.level === 'error' && /OTLP/.test(r.message))).toBe(true);
    } finally {
      logs.restore();
      await tracer.teardown();
    }
  });
});
