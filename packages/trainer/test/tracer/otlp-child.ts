/**
 * Child process of otlp-mode.test.ts: runs one trace context in OTLP mode
 * with the real OTLP/HTTP protobuf exporter (normal Node module resolution)
 * against the endpoint given as argv[2], then prints the last trace as JSON.
 */
import type { LightningStore } from '@agl/store-core';
import { emitMessage, emitReward } from '../../src/emitter';
import { OtelTracer } from '../../src/tracer';

const endpoint = process.argv[2] ?? '';
const store = {
  capabilities: { otlp_traces: true },
  otlpTracesEndpoint: () => endpoint,
  addOtelSpan: () => {
    throw new Error('store writes must be disabled in OTLP mode');
  },
} as unknown as LightningStore;

const tracer = new OtelTracer();
await tracer.initWorker(0, store);
await tracer.traceContext({ rolloutId: 'ro-otlp1', attemptId: 'at-otlp1' }, () => {
  emitMessage('hello');
  emitReward(0.25);
});
process.stdout.write(JSON.stringify(tracer.getLastTrace()));
await tracer.teardown();
