import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createFakeUpstream,
  FAKE_EOS_ID,
  type FakeUpstream,
  fakeTokenize,
} from '../src/testing/index.js';
import { payloads, readSse } from './sse.js';

let fake: FakeUpstream;
let client: OpenAI;

beforeAll(async () => {
  fake = await createFakeUpstream();
  client = new OpenAI({ baseURL: fake.url, apiKey: 'token-abc123', maxRetries: 0 });
});
afterAll(() => fake.close());
afterEach(() => fake.reset());

const post = (path: string, body: unknown): Promise<Response> =>
  fetch(`${fake.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

// vLLM's extension; the openai client sends unknown body keys as they are.
const VLLM_TOKEN_IDS = { return_token_ids: true } as object;

const HI_PROMPT_IDS = [
  151644, 117, 115, 101, 114, 10, 72, 105, 151645, 10, 151644, 97, 115, 115, 105, 115, 116, 97, 110,
  116, 10,
];

describe('non-streamed chat', () => {
  it('answers the golden call byte for byte in vLLM key order', async () => {
    const separate = await createFakeUpstream();
    try {
      const res = await fetch(`${separate.url}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          model: 'fake/toy-1',
          messages: [{ role: 'user', content: 'Hi' }],
          temperature: 0.7,
          return_token_ids: true,
        }),
      });
      expect(res.status).toBe(200);
      expect(await res.text()).toBe(
        JSON.stringify({
          id: 'chatcmpl-fake-1',
          object: 'chat.completion',
          created: 1700000000,
          model: 'fake/toy-1',
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: 'Echo: Hi', tool_calls: [] },
              logprobs: null,
              finish_reason: 'stop',
              stop_reason: null,
              token_ids: [69, 99, 104, 111, 58, 32, 72, 105, 151645],
            },
          ],
          usage: { prompt_tokens: 21, completion_tokens: 9, total_tokens: 30 },
          prompt_logprobs: null,
          prompt_token_ids: HI_PROMPT_IDS,
          kv_transfer_params: null,
        }),
      );
    } finally {
      await separate.close();
    }
  });

  it('serves the real openai client, and leaves token ids null unless asked', async () => {
    const answer = await client.chat.completions.create({
      model: 'fake/toy-1',
      messages: [{ role: 'user', content: '[[say:Hello there]]' }],
    });
    expect(answer.choices[0]?.message.content).toBe('Hello there');
    expect(answer.id).toMatch(/^chatcmpl-fake-\d+$/);
    const raw = answer as unknown as {
      prompt_token_ids: unknown;
      choices: Array<{ token_ids: unknown }>;
    };
    expect(raw.prompt_token_ids).toBeNull();
    expect(raw.choices[0]?.token_ids).toBeNull();
    expect(answer.usage).toEqual({ prompt_tokens: 38, completion_tokens: 12, total_tokens: 50 });
  });

  it('answers a tool directive with a tool call whose ids spell the tool-call text', async () => {
    const body = (await (
      await post('/chat/completions', {
        messages: [{ role: 'user', content: 'weather? [[tool:get_weather {"city": "Paris"}]]' }],
        return_token_ids: true,
      })
    ).json()) as { id: string; choices: Array<Record<string, unknown>> };
    const choice = body.choices[0] as Record<string, unknown>;
    const n = body.id.split('-').pop();
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message).toEqual({
      role: 'assistant',
      content: null,
      tool_calls: [
        {
          id: `call_fake_${n}`,
          type: 'function',
          function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
        },
      ],
    });
    expect(choice.token_ids).toEqual([
      ...fakeTokenize('<tool_call>{"name":"get_weather","arguments":{"city":"Paris"}}</tool_call>'),
      FAKE_EOS_ID,
    ]);
  });

  it('truncates at max_tokens without the end-of-sequence id', async () => {
    const body = (await (
      await post('/chat/completions', {
        messages: [{ role: 'user', content: 'Hi' }],
        max_tokens: 4,
        n: 2,
        return_token_ids: true,
      })
    ).json()) as { choices: Array<Record<string, unknown>>; usage: Record<string, number> };
    expect(body.choices).toHaveLength(2);
    for (const choice of body.choices) {
      expect(choice.finish_reason).toBe('length');
      expect(choice.token_ids).toEqual([69, 99, 104, 111]);
      expect((choice.message as { content: string }).content).toBe('Echo');
    }
    expect(body.usage.completion_tokens).toBe(8);
  });

  it('returns log-probs with the chosen token first', async () => {
    const answer = await client.chat.completions.create({
      model: 'fake/toy-1',
      messages: [{ role: 'user', content: '[[say:ab]]' }],
      logprobs: true,
      top_logprobs: 2,
    });
    const content = answer.choices[0]?.logprobs?.content ?? [];
    expect(content.map((c) => c.token)).toEqual(['a', 'b', '<|im_end|>']);
    expect(content[0]).toEqual({
      token: 'a',
      logprob: -((97 % 7) / 8),
      bytes: [97],
      top_logprobs: [
        { token: 'a', logprob: -((97 % 7) / 8), bytes: [97] },
        { token: 'b', logprob: -((98 % 7) / 8) - 1, bytes: [98] },
      ],
    });
  });
});

describe('streamed chat', () => {
  it('streams role, content, finish and usage chunks whose token ids add up to the full answer', async () => {
    const stream = await client.chat.completions.create({
      model: 'fake/toy-1',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
      stream_options: { include_usage: true },
      ...VLLM_TOKEN_IDS,
    });
    const chunks: Array<Record<string, unknown>> = [];
    for await (const chunk of stream) chunks.push(chunk as unknown as Record<string, unknown>);
    expect(chunks[0]?.prompt_token_ids).toEqual(HI_PROMPT_IDS);
    const choices = chunks.flatMap((c) => c.choices as Array<Record<string, unknown>>);
    const text = choices.map((c) => (c.delta as { content?: string }).content ?? '').join('');
    expect(text).toBe('Echo: Hi');
    expect(choices.flatMap((c) => (c.token_ids as number[] | undefined) ?? [])).toEqual([
      ...fakeTokenize('Echo: Hi'),
      FAKE_EOS_ID,
    ]);
    expect(choices.at(-1)?.finish_reason).toBe('stop');
    expect(chunks.at(-1)).toMatchObject({
      choices: [],
      usage: { prompt_tokens: 21, completion_tokens: 9 },
    });
    expect(chunks).toHaveLength(1 + 8 + 1 + 1);
  });

  it('streams a tool call with a delta-less chunk carrying the closing ids', async () => {
    const res = await post('/chat/completions', {
      messages: [{ role: 'user', content: '[[tool:lookup {"query":"a long query text"}]]' }],
      stream: true,
      return_token_ids: true,
    });
    const chunks = payloads(await readSse(res));
    const choices = chunks.map(
      (c) => (c.choices as Array<Record<string, unknown>>)[0] as Record<string, unknown>,
    );
    const first = choices[1]?.delta as { tool_calls: Array<Record<string, unknown>> };
    expect(first.tool_calls[0]).toMatchObject({
      index: 0,
      type: 'function',
      function: { name: 'lookup', arguments: '' },
    });
    const args = choices
      .flatMap(
        (c) =>
          (c.delta as { tool_calls?: Array<{ function: { arguments?: string } }> }).tool_calls ??
          [],
      )
      .map((t) => t.function.arguments ?? '')
      .join('');
    expect(args).toBe('{"query":"a long query text"}');
    const empty = choices.find(
      (c) => Object.keys(c.delta as object).length === 0 && c.finish_reason === null,
    );
    expect(empty?.token_ids).toEqual(fakeTokenize('}</tool_call>'));
    expect(choices.flatMap((c) => (c.token_ids as number[]) ?? [])).toEqual([
      ...fakeTokenize(
        '<tool_call>{"name":"lookup","arguments":{"query":"a long query text"}}</tool_call>',
      ),
      FAKE_EOS_ID,
    ]);
    expect(choices.at(-1)?.finish_reason).toBe('tool_calls');
  });

  it('paces chunks by chunkDelayMs, so the first arrives long before the last', async () => {
    const paced = await createFakeUpstream({ chunkDelayMs: 50 });
    try {
      const started = performance.now();
      const res = await fetch(`${paced.url}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          messages: [{ role: 'user', content: '[[say:0123456789]]' }],
          stream: true,
        }),
      });
      const events = await readSse(res);
      const content = events.filter(
        (e) => e.data.includes('"content":"') && !e.data.includes('"content":""'),
      );
      expect(content).toHaveLength(10);
      // Nine gaps of 50 ms separate the ten content chunks; under load they only grow.
      expect((content.at(-1)?.at ?? 0) - (content[0]?.at ?? 0)).toBeGreaterThanOrEqual(400);
      expect((content[0]?.at ?? 0) - started).toBeLessThan((content.at(-1)?.at ?? 0) - started);
    } finally {
      await paced.close();
    }
  });

  it('sends an error event after K chunks for stream-error, and drops the socket for drop', async () => {
    const errored = await readSse(
      await post('/chat/completions', {
        messages: [{ role: 'user', content: '[[stream-error:3]]' }],
        stream: true,
      }),
    );
    const data = errored.map((e) => e.data);
    expect(data.at(-1)).toBe('[DONE]');
    expect(JSON.parse(data.at(-2) as string)).toMatchObject({
      error: { type: 'InternalServerError' },
    });
    expect(
      data.filter((d) => d.includes('"content":"') && !d.includes('"content":""')),
    ).toHaveLength(3);

    const dropped = await post('/chat/completions', {
      messages: [{ role: 'user', content: '[[drop:2]]' }],
      stream: true,
    });
    await expect(readSse(dropped)).rejects.toThrow();
  });
});

describe('completions', () => {
  it('tokenizes string prompts as is, takes integer prompts as ids, and answers one choice per prompt', async () => {
    const body = (await (
      await post('/completions', { prompt: ['Hi', 'Ho'], return_token_ids: true, logprobs: 1 })
    ).json()) as { object: string; choices: Array<Record<string, unknown>> };
    expect(body.object).toBe('text_completion');
    expect(body.choices.map((c) => c.prompt_token_ids)).toEqual([
      [72, 105],
      [72, 111],
    ]);
    expect(body.choices[1]?.text).toBe('Echo: Ho');
    const ids = (await (
      await post('/completions', { prompt: [72, 105], return_token_ids: true })
    ).json()) as {
      choices: Array<{ text: string; prompt_token_ids: number[] }>;
    };
    expect(ids.choices[0]).toMatchObject({ text: 'Echo: Hi', prompt_token_ids: [72, 105] });
    expect(body.choices[0]?.text).toBe('Echo: Hi');
    expect(Object.keys(body.choices[0] as object)).toEqual([
      'index',
      'text',
      'logprobs',
      'finish_reason',
      'stop_reason',
      'prompt_logprobs',
      'prompt_token_ids',
      'token_ids',
    ]);
    const lp = body.choices[0]?.logprobs as {
      tokens: string[];
      text_offset: number[];
      top_logprobs: unknown[];
    };
    expect(lp.tokens.slice(0, 4)).toEqual(['E', 'c', 'h', 'o']);
    expect(lp.text_offset.slice(0, 3)).toEqual([0, 1, 2]);
    expect(lp.top_logprobs[0]).toEqual({ E: -((69 % 7) / 8) });
  });

  it('streams with prompt ids inside the first chunk choice (openai client)', async () => {
    const stream = await client.completions.create({
      model: 'fake/toy-1',
      prompt: 'Hi',
      stream: true,
      ...VLLM_TOKEN_IDS,
    });
    const choices: Array<Record<string, unknown>> = [];
    for await (const chunk of stream)
      choices.push(...(chunk.choices as unknown as Array<Record<string, unknown>>));
    expect(choices[0]?.prompt_token_ids).toEqual([72, 105]);
    expect(choices.slice(1).some((c) => 'prompt_token_ids' in c)).toBe(false);
    expect(choices.map((c) => c.text).join('')).toBe('Echo: Hi');
    expect(choices.flatMap((c) => c.token_ids as number[])).toEqual([
      ...fakeTokenize('Echo: Hi'),
      FAKE_EOS_ID,
    ]);
  });
});

describe('validation and failure modes', () => {
  it('validates like vLLM', async () => {
    const noStream = await post('/chat/completions', {
      messages: [{ role: 'user', content: 'x' }],
      stream_options: { include_usage: true },
    });
    expect(noStream.status).toBe(400);
    expect(((await noStream.json()) as { message: string }).message).toBe(
      'Stream options can only be defined when `stream=True`.',
    );
    const wrongModel = await post('/chat/completions', { model: 'other', messages: [] });
    expect(wrongModel.status).toBe(404);
    expect(await wrongModel.json()).toEqual({
      object: 'error',
      message: 'The model `other` does not exist.',
      type: 'NotFoundError',
      param: null,
      code: 404,
    });
    expect((await post('/chat/completions', {})).status).toBe(400);
    expect((await post('/completions', {})).status).toBe(400);
  });

  it('answers status directives with vLLM error bodies, which the openai client surfaces', async () => {
    await expect(
      client.chat.completions.create({
        model: 'fake/toy-1',
        messages: [{ role: 'user', content: '[[status:503]]' }],
      }),
    ).rejects.toMatchObject({ status: 503 });
    const res = await post('/chat/completions', {
      messages: [{ role: 'user', content: '[[status:422]]' }],
    });
    expect(await res.json()).toEqual({
      object: 'error',
      message: 'fake error 422',
      type: 'BadRequestError',
      param: null,
      code: 422,
    });
  });

  it('plays queued behaviours in order and records every request', async () => {
    fake.enqueue(
      { status: 429, headers: { 'retry-after': '7' } },
      { invalidJson: true },
      { jsonForStream: true },
      { resetConnection: true },
    );
    const msg = { messages: [{ role: 'user', content: 'Hi' }] };
    const limited = await post('/chat/completions', msg);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    await expect((await post('/chat/completions', msg)).json()).rejects.toThrow();
    const json = await post('/chat/completions', { ...msg, stream: true });
    expect(json.headers.get('content-type')).toContain('application/json');
    await expect(post('/chat/completions', msg)).rejects.toThrow();
    const ok = await post('/chat/completions', msg);
    expect(ok.status).toBe(200);
    expect(fake.requests.map((r) => r.path)).toEqual(Array(5).fill('/v1/chat/completions'));
    expect(fake.requests[0]?.body).toEqual(msg);
    expect(fake.requests[0]?.headers['content-type']).toBe('application/json');
  });

  it('drops a stream after k chunks when asked, and hangs before headers when asked', async () => {
    fake.enqueue({ dropAfterChunks: 1 }, { hangMs: 5_000 });
    const dropped = await post('/chat/completions', {
      messages: [{ role: 'user', content: 'x' }],
      stream: true,
    });
    await expect(readSse(dropped)).rejects.toThrow();
    await expect(
      fetch(`${fake.url}/chat/completions`, {
        method: 'POST',
        body: JSON.stringify({ messages: [{ role: 'user', content: 'x' }] }),
        signal: AbortSignal.timeout(200),
      }),
    ).rejects.toThrow();
  });

  it('honours returnTokenIds and dropTokenIdsInChunks', async () => {
    const never = await createFakeUpstream({
      returnTokenIds: 'nonStreamOnly',
      dropTokenIdsInChunks: [1],
    });
    try {
      const call = (stream: boolean) =>
        fetch(`${never.url}/chat/completions`, {
          method: 'POST',
          body: JSON.stringify({
            messages: [{ role: 'user', content: 'ab' }],
            stream,
            return_token_ids: true,
          }),
        });
      const plain = (await (await call(false)).json()) as { prompt_token_ids: unknown };
      expect(Array.isArray(plain.prompt_token_ids)).toBe(true);
      const streamed = payloads(await readSse(await call(true)));
      expect(streamed.some((c) => 'prompt_token_ids' in c)).toBe(false);
    } finally {
      await never.close();
    }
    const dropping = await createFakeUpstream({ dropTokenIdsInChunks: [1] });
    try {
      const res = await fetch(`${dropping.url}/chat/completions`, {
        method: 'POST',
        body: JSON.stringify({
          messages: [{ role: 'user', content: 'ab' }],
          stream: true,
          return_token_ids: true,
        }),
      });
      const content = payloads(await readSse(res))
        .slice(1, -1)
        .map((c) => (c.choices as Array<Record<string, unknown>>)[0] as Record<string, unknown>);
      expect(content.map((c) => 'token_ids' in c)).toEqual([
        true,
        false,
        true,
        true,
        true,
        true,
        true,
        true,
      ]);
    } finally {
      await dropping.close();
    }
  });

  it('requires its api key when one is set; serves models and health', async () => {
    const locked = await createFakeUpstream({ apiKey: 'sk-up', servedModel: 'm' });
    try {
      const denied = new OpenAI({ baseURL: locked.url, apiKey: 'wrong', maxRetries: 0 });
      await expect(denied.models.list()).rejects.toMatchObject({ status: 401 });
      const allowed = new OpenAI({ baseURL: locked.url, apiKey: 'sk-up', maxRetries: 0 });
      const models = await allowed.models.list();
      expect(models.data.map((m) => m.id)).toEqual(['m']);
      const health = await fetch(`${locked.url.replace(/\/v1$/, '')}/health`);
      expect(health.status).toBe(200);
      expect(await health.text()).toBe('');
    } finally {
      await locked.close();
    }
  });

  it('rejects invalid options and behaviours with InvalidArgumentError', async () => {
    await expect(createFakeUpstream({ tokensPerChunk: 0 })).rejects.toMatchObject({
      name: 'InvalidArgumentError',
    });
    expect(() => fake.enqueue({ status: 42 })).toThrow(/HTTP status/);
  });
});
