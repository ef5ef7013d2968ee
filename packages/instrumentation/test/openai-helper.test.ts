import { createConsoleLogger, type Logger } from '@agl/store-core';
import { OtelTracer } from '@agl/trainer';
import { context, SeverityNumber, trace } from '@opentelemetry/api';
import { OpenAIInstrumentation } from '@opentelemetry/instrumentation-openai';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { createTokenIdFetch, genAiLogEnricher, lightningTracerProvider } from '../src/index';
import { instrumentOpenAI } from '../src/openai';
import { startHarness } from './fixtures/rollout';
import { promptOf, useTestbed } from './fixtures/testbed';

const bed = useTestbed();

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return {
    ...createConsoleLogger({ level: 'error' }),
    warn: (m: string) => warnings.push(m),
    warnings,
  };
}

const streamRequest = {
  model: 'm1',
  messages: [{ role: 'user' as const, content: '[[say:hello]]' }],
  stream: true as const,
  stream_options: { include_usage: true },
};

describe('C. the OpenAI helper and its work-arounds', () => {
  it('item 25 (guard): without a meter provider the raw instrumentation throws into a streamed loop', async () => {
    const openai = await import('openai');
    const raw = new OpenAIInstrumentation();
    raw.setTracerProvider(lightningTracerProvider());
    const [definition] = raw.getModuleDefinitions();
    definition?.patch?.(openai, '7.60.0');
    try {
      const client = new OpenAI({ baseURL: bed.server.url, apiKey: 'unused' });
      await expect(
        bed.harness.rollout(async () => {
          for await (const _ of await client.chat.completions.create(streamRequest)) {
            // Reading is what fails.
          }
        }),
      ).rejects.toThrow(TypeError);
    } finally {
      raw.disable();
      definition?.unpatch?.(openai, '7.60.0');
    }
  });

  it('items 25, 26: with the helper the same stream works; installing twice still gives one span per call', async () => {
    const openai = await import('openai');
    const first = instrumentOpenAI({ openai });
    const second = instrumentOpenAI({ openai });
    expect(second).toBe(first);
    try {
      const client = new OpenAI({ baseURL: bed.server.url, apiKey: 'unused' });
      const { spans } = await bed.harness.rollout(async () => {
        let text = '';
        for await (const chunk of await client.chat.completions.create(streamRequest)) {
          text += chunk.choices[0]?.delta?.content ?? '';
        }
        return text;
      });
      const chat = spans.filter((s) => s.name === 'chat m1');
      expect(chat).toHaveLength(1);
      // Item 40: id, model, finish reasons, usage and the concatenated text are on the span.
      expect(chat[0]?.attributes).toMatchObject({
        'gen_ai.response.id': bed.server.answers[0]?.id,
        'gen_ai.response.model': 'm1',
        'gen_ai.response.finish_reasons': ['stop'],
        'gen_ai.usage.input_tokens': expect.any(Number),
        'gen_ai.completion.0.content': 'hello',
      });
    } finally {
      first.uninstrument();
    }
  });

  it('item 27: an openai version outside the supported range is left alone, with a warning', () => {
    const log = recordingLogger();
    const stub = { default: { OpenAI: {} } };
    const handle = instrumentOpenAI({ openai: stub, version: '3.3.0', logger: log });
    expect(handle.instrumentation).toBeNull();
    expect(log.warnings.some((w) => /not supported/.test(w))).toBe(true);
    expect(
      instrumentOpenAI({ openai: stub, version: '8.0.0', logger: log }).instrumentation,
    ).toBeNull();
  });

  it('item 24: with content capture off the span keeps roles only, no content, no crash', async () => {
    const openai = await import('openai');
    const handle = instrumentOpenAI({ openai, captureMessageContent: false });
    try {
      const client = new OpenAI({ baseURL: bed.server.url, apiKey: 'unused' });
      const { spans, triplets } = await bed.harness.rollout(() =>
        client.chat.completions.create({
          model: 'm1',
          messages: [
            { role: 'system', content: 'secret system' },
            { role: 'user', content: '[[say:secret answer]]' },
          ],
        }),
      );
      const chat = spans.find((s) => s.name === 'chat m1');
      expect(chat?.attributes['gen_ai.prompt.0.role']).toBe('system');
      expect(chat?.attributes['gen_ai.prompt.1.role']).toBe('user');
      expect(JSON.stringify(chat?.attributes)).not.toContain('secret');
      expect(promptOf(triplets[0]).raw_content).toEqual([{ role: 'system' }, { role: 'user' }]);
    } finally {
      handle.uninstrument();
    }
  });
});

describe('C. the GenAI log enricher (fixture records)', () => {
  it('item 23: a Responses-API details record puts gen_ai.input/output.messages on the span as JSON', async () => {
    const tracer = new OtelTracer();
    const local = await startHarness(tracer);
    const logger = genAiLogEnricher().getLogger('fixture');
    const input = [{ role: 'user', parts: [{ type: 'text', content: 'hi' }] }];
    const output = [
      { role: 'assistant', parts: [{ type: 'text', content: 'hello' }], finish_reason: 'stop' },
    ];
    const { spans, triplets } = await local.rollout(async () => {
      const span = lightningTracerProvider()
        .getTracer('fixture')
        .startSpan('chat m1', {
          attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.response.id': 'resp_1' },
        });
      logger.emit({
        eventName: 'gen_ai.client.inference.operation.details',
        severityNumber: SeverityNumber.INFO,
        context: trace.setSpan(context.active(), span),
        attributes: {
          'gen_ai.input.messages': input as never,
          'gen_ai.output.messages': output as never,
        },
      });
      span.end();
    });
    expect(spans[0]?.attributes['gen_ai.input.messages']).toBe(JSON.stringify(input));
    expect(promptOf(triplets[0]).raw_content).toEqual([{ role: 'user', content: 'hi' }]);
    await local.close();
  });
});

describe('E2. the token-id fetch', () => {
  it('item 28: plain and streamed bodies reach the caller unchanged; ids land on the active span', async () => {
    const plainBody = {
      model: 'm1',
      messages: [{ role: 'user', content: '[[say:same body]]' }],
      return_token_ids: true,
    };
    const post = (f: typeof fetch, body: unknown) =>
      f(`${bed.server.url}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then((r) => r.text());
    const wrapped = createTokenIdFetch();
    const { spans, value } = await bed.harness.rollout(async () => {
      const tracer = lightningTracerProvider().getTracer('fixture');
      const plain = await tracer.startActiveSpan('chat plain', async (span) => {
        const text = await post(wrapped, plainBody);
        span.end();
        return text;
      });
      const streamed = await tracer.startActiveSpan('chat streamed', async (span) => {
        const text = await post(wrapped, { ...plainBody, stream: true });
        span.end();
        return text;
      });
      return { plain, streamed };
    });
    const [plainAnswer, streamedAnswer] = bed.server.answers;
    const direct = { plain: await post(fetch, plainBody) };
    // Only the generated id differs between two calls of the fake bed.server.
    const withoutId = (text: string) => text.replace(/chatcmpl-fake-\d+/g, 'ID');
    expect(withoutId(value.plain)).toEqual(withoutId(direct.plain));
    expect(value.streamed).toContain('data: [DONE]');
    const byName = Object.fromEntries(spans.map((s) => [s.name, s.attributes]));
    expect(byName['chat plain']?.prompt_token_ids).toEqual(plainAnswer?.promptTokenIds);
    expect(byName['chat plain']?.response_token_ids).toEqual(plainAnswer?.responseTokenIds);
    expect(byName['chat streamed']?.prompt_token_ids).toEqual(streamedAnswer?.promptTokenIds);
    expect(byName['chat streamed']?.response_token_ids).toEqual(streamedAnswer?.responseTokenIds);
  });

  it('item 50: requestTokenIds adds return_token_ids to bodies that lack it', async () => {
    const client = new OpenAI({
      baseURL: bed.server.url,
      apiKey: 'unused',
      fetch: createTokenIdFetch({ requestTokenIds: true }),
    });
    await client.chat.completions.create({
      model: 'm1',
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(bed.server.requests[0]?.body).toMatchObject({ return_token_ids: true });
  });
});
