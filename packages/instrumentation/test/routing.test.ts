import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { captureLogs, OtelTracer, operation } from '@agl/trainer';
import { type Span, trace } from '@opentelemetry/api';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { ABANDONED_ATTRIBUTE, lightningSpanProcessor, lightningTracerProvider } from '../src/index';
import { startHarness } from './fixtures/rollout';

const provider = lightningTracerProvider();

function llmSpan(name: string): void {
  provider
    .getTracer('test-instrumentation')
    .startActiveSpan(name, { attributes: { 'gen_ai.operation.name': 'chat' } }, (span) =>
      span.end(),
    );
}

describe('B. capture routing', () => {
  it('item 14: one provider, two OtelTracer clones, rollouts in turn and at once: no span crosses over', async () => {
    const base = new OtelTracer();
    const a = await startHarness(base.clone());
    const b = await startHarness(base.clone());
    expect(lightningTracerProvider()).toBe(provider);
    const first = await a.rollout(async () => llmSpan('chat a1'));
    const second = await b.rollout(async () => llmSpan('chat b1'));
    expect(first.spans.map((s) => s.name)).toEqual(['chat a1']);
    expect(second.spans.map((s) => s.name)).toEqual(['chat b1']);
    const tick = () => new Promise((r) => setTimeout(r, 5));
    const [x, y] = await Promise.all([
      a.rollout(async () => {
        llmSpan('chat x1');
        await tick();
        llmSpan('chat x2');
      }),
      b.rollout(async () => {
        await tick();
        llmSpan('chat y1');
      }),
    ]);
    expect(x.spans.map((s) => s.name)).toEqual(['chat x1', 'chat x2']);
    expect(y.spans.map((s) => s.name)).toEqual(['chat y1']);
    await a.close();
    await b.close();
  });

  it('item 15: outside any trace context, spans are non-recording and never stored', async () => {
    const harness = await startHarness();
    const outside = provider.getTracer('t').startSpan('chat m1');
    expect(outside.isRecording()).toBe(false);
    outside.end();
    const { spans } = await harness.rollout(async () => llmSpan('chat inside'));
    expect(spans.map((s) => s.name)).toEqual(['chat inside']);
    await harness.close();
  });

  it('item 16: a library span inside an operation is stored as its child with the attempt ids', async () => {
    const harness = await startHarness();
    const { spans } = await harness.rollout(async () => {
      await operation(async () => llmSpan('chat m1'), { name: 'agent', 'agent.name': 'a' })();
    });
    const chat = spans.find((s) => s.name === 'chat m1');
    const op = spans.find((s) => s.span_id === chat?.parent_id);
    expect(op).toBeDefined();
    expect(op?.attributes['agent.name']).toBe('a');
    expect(chat?.rollout_id).toBe(op?.rollout_id);
    expect(chat?.attempt_id).toBe(op?.attempt_id);
    await harness.close();
  });

  it('item 16: in OTLP mode a library span is exported with the rollout and attempt stamped on its resource', async () => {
    const exported: { name: string; resource: { attributes: Record<string, unknown> } }[] = [];
    const exporter = {
      export(spans: never[], done: (result: { code: number }) => void) {
        exported.push(...spans);
        done({ code: 0 });
      },
      shutdown: async () => undefined,
    };
    const tracer = new OtelTracer({ otlpExporterFactory: () => exporter as never });
    const store = {
      capabilities: { otlp_traces: true },
      otlpTracesEndpoint: () => 'http://store.invalid/v1/traces',
    };
    await tracer.initWorker(0, store as never);
    await tracer.traceContext({ rolloutId: 'ro-otlp', attemptId: 'at-otlp' }, async () =>
      llmSpan('chat m1'),
    );
    expect(exported.map((s) => s.name)).toEqual(['chat m1']);
    expect(exported[0]?.resource.attributes).toMatchObject({
      'agentlightning.rollout_id': 'ro-otlp',
      'agentlightning.attempt_id': 'at-otlp',
    });
    await tracer.teardown();
  });

  it('item 17: registerGlobal captures spans of the global provider; a second registration logs and keeps the first', async () => {
    const first = new OtelTracer({ registerGlobal: true });
    const harness = await startHarness(first);
    const logs = captureLogs();
    const second = new OtelTracer({ registerGlobal: true });
    await second.initWorker(1);
    logs.restore();
    expect(logs.records.some((r) => r.level === 'error' && /already set/.test(r.message))).toBe(
      true,
    );
    const { spans } = await harness.rollout(async () => {
      trace.getTracer('global-lib').startSpan('chat g1', { attributes: {} }).end();
    });
    expect(spans.map((s) => s.name)).toEqual(['chat g1']);
    await second.teardown();
    await harness.close();
    trace.disable();
  });

  it('item 18: lightningSpanProcessor on your own provider stores rollout spans and drops the others', async () => {
    const harness = await startHarness();
    const own = new TracerProvider({ spanProcessors: [lightningSpanProcessor()] });
    const tracer = own.getTracer('app');
    tracer.startSpan('app startup').end();
    const { spans } = await harness.rollout(async () => {
      tracer.startActiveSpan('chat own', (span: Span) => span.end());
    });
    expect(spans.map((s) => s.name)).toEqual(['chat own']);
    tracer.startSpan('app shutdown').end();
    await own.shutdown();
    // The OtelTracer still works after the user's provider shut down.
    const again = await harness.rollout(async () => llmSpan('chat after'));
    expect(again.spans.map((s) => s.name)).toEqual(['chat after']);
    await harness.close();
  });

  it('item 19: a span its library leaves open is ended when the rollout ends, stored and marked abandoned', async () => {
    const harness = await startHarness();
    let late: Span | undefined;
    const { spans } = await harness.rollout(async () => {
      late = provider.getTracer('t').startSpan('chat late', {
        attributes: { 'gen_ai.operation.name': 'chat' },
      });
    });
    expect(spans.map((s) => [s.name, s.attributes[ABANDONED_ATTRIBUTE]])).toEqual([
      ['chat late', true],
    ]);
    // The library's own end, later, changes nothing.
    late?.end();
    expect(harness.tracer.getLastTrace().map((s) => s.name)).toEqual(['chat late']);
    await harness.close();
  });

  it('item 20: one @opentelemetry/api copy for the trainer, the instrumentations and @ai-sdk/otel', () => {
    const here = fileURLToPath(new URL('..', import.meta.url));
    const resolveFrom = (pkg: string) => {
      const dir = realpathSync(`${here}node_modules/${pkg}`);
      return realpathSync(createRequire(`${dir}/package.json`).resolve('@opentelemetry/api'));
    };
    const paths = new Set(
      ['@agl/trainer', '@opentelemetry/instrumentation-openai', '@ai-sdk/otel'].map(resolveFrom),
    );
    expect(paths.size).toBe(1);
  });
});
