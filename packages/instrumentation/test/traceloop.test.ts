import { OpenAIInstrumentation } from '@traceloop/instrumentation-openai';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenIdFetch, lightningTracerProvider } from '../src/index';
import { promptOf, responseOf, useTestbed } from './fixtures/testbed';

const bed = useTestbed();
let instrumentation: OpenAIInstrumentation;

beforeAll(async () => {
  instrumentation = new OpenAIInstrumentation({ enrichTokens: false });
  instrumentation.setTracerProvider(lightningTracerProvider());
  instrumentation.manuallyInstrument(OpenAI as never);
});
afterAll(async () => {
  instrumentation.disable();
});

describe('item 39: OpenLLMetry (Traceloop) OpenAI instrumentation on the lightning tracer provider', () => {
  it('its GenAI JSON spans give triplets with prompt, completion and token ids', async () => {
    const client = new OpenAI({
      baseURL: bed.server.url,
      apiKey: 'unused',
      fetch: createTokenIdFetch(),
    });
    const { spans, triplets } = await bed.harness.rollout(() =>
      client.chat.completions.create({
        model: 'm1',
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: '[[say:traced by traceloop]]' },
        ],
        return_token_ids: true,
      } as never),
    );
    expect(spans.map((s) => s.name)).toEqual(['chat m1']);
    expect(triplets).toHaveLength(1);
    expect(promptOf(triplets[0]).raw_content).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: '[[say:traced by traceloop]]' },
    ]);
    expect(responseOf(triplets[0]).raw_content).toMatchObject([
      { role: 'assistant', content: 'traced by traceloop' },
    ]);
    expect(promptOf(triplets[0]).token_ids).toEqual(bed.server.answers[0]?.promptTokenIds);
    expect(responseOf(triplets[0]).token_ids).toEqual(bed.server.answers[0]?.responseTokenIds);
    expect(triplets[0]?.metadata.response_id).toBe(bed.server.answers[0]?.id);
  });
});
