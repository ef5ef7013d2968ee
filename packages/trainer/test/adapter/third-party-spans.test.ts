import { describe, expect, it } from 'vitest';
import type { Triplet, TripletPrompt, TripletResponse } from '../../src/adapter';
import {
  DEFAULT_LLM_CALL_MATCH,
  isLlmCallSpan,
  KNOWN_LLM_CALL_MATCH,
  PYTHON_LLM_CALL_MATCH,
  readLlmSpan,
  spanAgentName,
  TracerTraceToTriplet,
  TraceToMessages,
} from '../../src/adapter';
import { captureLogs } from '../../src/logging';
import { llm, mk, reward } from './build';

function promptOf(t: Triplet | undefined): TripletPrompt {
  return (t as Triplet).prompt as TripletPrompt;
}

function responseOf(t: Triplet | undefined): TripletResponse {
  return (t as Triplet).response as TripletResponse;
}

/** GenAI JSON attributes as OpenLLMetry's OpenAI instrumentation records a tool turn (parts layout). */
const GENAI_TOOL_TURN = {
  'gen_ai.operation.name': 'chat',
  'gen_ai.provider.name': 'openai',
  'gen_ai.request.model': 'm1',
  'gen_ai.request.temperature': 0.2,
  'gen_ai.response.model': 'm1-served',
  'gen_ai.response.id': 'chatcmpl-g1',
  'gen_ai.response.finish_reasons': ['tool_call'],
  'gen_ai.usage.input_tokens': 7,
  'gen_ai.usage.output_tokens': 3,
  'gen_ai.input.messages': JSON.stringify([
    { role: 'user', parts: [{ type: 'text', content: 'weather?' }] },
    {
      role: 'assistant',
      parts: [{ type: 'tool_call', id: 'call_2', name: 'weather', arguments: { city: 'Paris' } }],
    },
    { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_2', response: 'sunny' }] },
    { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_3', result: { t: 21 } }] },
  ]),
  'gen_ai.output.messages': JSON.stringify([
    {
      role: 'assistant',
      parts: [
        { type: 'text', content: 'Checking' },
        { type: 'tool_call', id: 'call_4', name: 'weather', arguments: { city: 'Rome' } },
      ],
      finish_reason: 'tool_call',
    },
  ]),
  'gen_ai.tool.definitions': JSON.stringify([
    { type: 'function', function: { name: 'weather', parameters: { type: 'object' } } },
  ]),
};

/** One step of a Vercel AI SDK `generateText` (the `doGenerate` span), as the SDK records it. */
function aiSdkStep(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    'operation.name': 'ai.generateText.doGenerate agent',
    'ai.operationId': 'ai.generateText.doGenerate',
    'ai.model.id': 'm1',
    'ai.model.provider': 'vllm.chat',
    'gen_ai.system': 'vllm.chat',
    'gen_ai.request.model': 'm1',
    'gen_ai.request.temperature': 0,
    'ai.prompt.messages': JSON.stringify([
      { role: 'system', content: 'sys' },
      { role: 'user', content: [{ type: 'text', text: 'weather?' }] },
      {
        role: 'assistant',
        content: [
          {
            type: 'tool-call',
            toolCallId: 'call_1',
            toolName: 'weather',
            input: { city: 'Paris' },
          },
        ],
      },
      {
        role: 'tool',
        content: [
          {
            type: 'tool-result',
            toolCallId: 'call_1',
            toolName: 'weather',
            output: { type: 'text', value: 'sunny in Paris' },
          },
        ],
      },
    ]),
    'ai.prompt.tools': [
      JSON.stringify({ type: 'function', name: 'weather', inputSchema: { type: 'object' } }),
    ],
    'ai.response.text': 'It is sunny.',
    'ai.response.finishReason': 'stop',
    'ai.response.id': id,
    'gen_ai.response.id': id,
    'ai.response.model': 'm1-served',
    'gen_ai.response.model': 'm1-served',
    'gen_ai.response.finish_reasons': ['stop'],
    'gen_ai.usage.input_tokens': 12,
    'gen_ai.usage.output_tokens': 4,
    'ai.response.providerMetadata': JSON.stringify({
      vllm: {},
      agl: { prompt_token_ids: [101, 102, 103], response_token_ids: [201, 202] },
    }),
    ...extra,
  };
}

describe('item 1: KNOWN_LLM_CALL_MATCH (table)', () => {
  const pattern = new RegExp(KNOWN_LLM_CALL_MATCH);
  const genai = { 'gen_ai.operation.name': 'chat' };
  it.each([
    'openai.chat.completion',
    'x.openai.chat.completion.create',
    'ai.generateText.doGenerate',
    'ai.streamText.doStream',
    'ai.generateObject.doGenerate',
    'ai.streamObject.doStream',
    'chat m1',
    'text_completion m1',
    'generate_content g',
    'openai.chat',
    'openai.completion',
  ])('matches %s', (name) => {
    expect(isLlmCallSpan({ name, attributes: genai }, pattern)).toBe(true);
  });
  it.each([
    'ai.generateText',
    'ai.streamText',
    'ai.toolCall',
    'invoke_agent m1',
    'step 1',
    'execute_tool weather',
    'embeddings m',
    'workflow x',
    'chat',
    'agents.agent',
  ])('does not match %s', (name) => {
    expect(isLlmCallSpan({ name, attributes: genai }, pattern)).toBe(false);
  });
});

describe('item 2: GenAI names need gen_ai.operation.name', () => {
  it('does not take a "chat …" span without gen_ai.operation.name for a call', () => {
    const pattern = new RegExp(KNOWN_LLM_CALL_MATCH);
    expect(isLlmCallSpan({ name: 'chat with bob', attributes: {} }, pattern)).toBe(false);
    expect(isLlmCallSpan({ name: 'text_completion m1', attributes: {} }, pattern)).toBe(false);
    const spans = [
      mk('root', null, 'session', 0, 10),
      mk('c', 'root', 'chat with bob', 1, 2, { 'gen_ai.response.id': 'x' }),
    ];
    expect(new TracerTraceToTriplet().adapt(spans)).toEqual([]);
  });
});

describe('item 3: strict parity', () => {
  it('exports the reference pattern and keeps reference-layout triplets identical', () => {
    expect(PYTHON_LLM_CALL_MATCH).toBe('openai\\.chat\\.completion');
    expect(DEFAULT_LLM_CALL_MATCH).toBe(KNOWN_LLM_CALL_MATCH);
    const spans = [
      mk('root', null, 'session', 0, 10),
      llm('a', 'root', 1, 2, { 'gen_ai.prompt.0.role': 'user', 'gen_ai.prompt.0.content': 'q' }),
      reward('r', 'root', 3, 1),
    ];
    expect(new TracerTraceToTriplet().adapt(spans)).toEqual(
      new TracerTraceToTriplet({ llmCallMatch: PYTHON_LLM_CALL_MATCH }).adapt(spans),
    );
    const third = [...spans, mk('c', 'root', 'chat m1', 4, 5, GENAI_TOOL_TURN)];
    expect(
      new TracerTraceToTriplet({ llmCallMatch: PYTHON_LLM_CALL_MATCH }).adapt(third),
    ).toHaveLength(1);
    expect(new TracerTraceToTriplet().adapt(third)).toHaveLength(2);
  });
});

describe('items 4, 5, 9: GenAI JSON spans', () => {
  it('reads prompt, completion (tool calls, finish reason), both tool-response spellings and metadata', () => {
    const spans = [mk('root', null, 's', 0, 10), mk('c', 'root', 'chat m1', 1, 2, GENAI_TOOL_TURN)];
    const [t] = new TracerTraceToTriplet().adapt(spans);
    expect(promptOf(t).raw_content).toEqual([
      { role: 'user', content: 'weather?' },
      {
        role: 'assistant',
        content: '',
        tool_calls: [{ id: 'call_2', name: 'weather', arguments: '{"city":"Paris"}' }],
      },
      { role: 'tool', tool_call_id: 'call_2', content: 'sunny' },
      { role: 'tool', tool_call_id: 'call_3', content: '{"t":21}' },
    ]);
    expect(responseOf(t).raw_content).toEqual([
      {
        role: 'assistant',
        content: 'Checking',
        finish_reason: 'tool_call',
        tool_calls: [{ id: 'call_4', name: 'weather', arguments: '{"city":"Rome"}' }],
      },
    ]);
    expect(t?.metadata.response_id).toBe('chatcmpl-g1');
    expect(t?.metadata.request).toMatchObject({ model: 'm1', temperature: 0.2 });
    expect(t?.metadata.response).toMatchObject({
      id: 'chatcmpl-g1',
      model: 'm1-served',
      finish_reasons: ['tool_call'],
    });
  });

  it('turns gen_ai.system_instructions into a leading system message and keeps image parts', () => {
    const span = mk('c', null, 'chat m1', 1, 2, {
      'gen_ai.operation.name': 'chat',
      'gen_ai.system_instructions': JSON.stringify([{ type: 'text', content: 'be brief' }]),
      'gen_ai.input.messages': JSON.stringify([
        {
          role: 'user',
          parts: [
            { type: 'text', content: 'what is this?' },
            { type: 'uri', modality: 'image', uri: 'https://img/1.png' },
            { type: 'blob', modality: 'image', mime_type: 'image/jpeg', content: 'QUJD' },
          ],
        },
      ]),
    });
    const [t] = new TracerTraceToTriplet().adapt([span]);
    const prompt = t?.prompt as { raw_content: { role: string }[]; image_urls: string[] };
    expect(prompt.raw_content[0]).toEqual({ role: 'system', content: 'be brief' });
    expect(prompt.image_urls).toEqual(['https://img/1.png', 'data:image/jpeg;base64,QUJD']);
  });
});

describe('items 6, 7, 8: Vercel AI SDK spans', () => {
  it('reads the doGenerate prompt, completion, finish reason and providerMetadata token ids', () => {
    const read = readLlmSpan(mk('d', null, 'ai.generateText.doGenerate', 1, 2, aiSdkStep('r1')));
    expect(read?.promptMessages).toEqual([
      { role: 'system', content: 'sys' },
      { role: 'user', content: 'weather?' },
      {
        role: 'assistant',
        content: '',
        tool_calls: [{ id: 'call_1', name: 'weather', arguments: '{"city":"Paris"}' }],
      },
      { role: 'tool', tool_call_id: 'call_1', content: 'sunny in Paris' },
    ]);
    expect(read?.completionMessages).toEqual([
      { role: 'assistant', content: 'It is sunny.', finish_reason: 'stop' },
    ]);
    expect(read?.promptTokenIds).toEqual([101, 102, 103]);
    expect(read?.responseTokenIds).toEqual([201, 202]);
  });

  it('keeps tool-call arguments a JSON string', () => {
    const read = readLlmSpan(
      mk('d', null, 'ai.generateText.doGenerate', 1, 2, {
        ...aiSdkStep('r1'),
        'ai.response.text': undefined,
        'ai.response.finishReason': 'tool-calls',
        'ai.response.toolCalls': JSON.stringify([
          { toolCallId: 'c9', toolName: 'weather', input: '{"city":"Oslo"}' },
        ]),
      }),
    );
    expect(read?.completionMessages).toEqual([
      {
        role: 'assistant',
        content: '',
        finish_reason: 'tool-calls',
        tool_calls: [{ id: 'c9', name: 'weather', arguments: '{"city":"Oslo"}' }],
      },
    ]);
  });

  it('warns and gives [] for non-integer token ids; explicit attributes win over providerMetadata', () => {
    const logs = captureLogs();
    const bad = readLlmSpan(
      mk('d', null, 'ai.generateText.doGenerate', 1, 2, {
        ...aiSdkStep('r1'),
        'ai.response.providerMetadata': JSON.stringify({ agl: { prompt_token_ids: ['a'] } }),
      }),
    );
    logs.restore();
    expect(bad?.promptTokenIds).toEqual([]);
    expect(
      logs.records.some((r) => r.level === 'warn' && /not a list of integers/.test(r.message)),
    ).toBe(true);
    const [t] = new TracerTraceToTriplet().adapt([
      mk('d', null, 'ai.generateText.doGenerate', 1, 2, {
        ...aiSdkStep('r1'),
        prompt_token_ids: [7, 8],
        response_token_ids: [9],
      }),
    ]);
    expect(promptOf(t).token_ids).toEqual([7, 8]);
    expect(responseOf(t).token_ids).toEqual([9]);
  });

  it('gives exactly one triplet per step, in step order (not the wrapper, not the tool span)', () => {
    const spans = [
      mk('root', null, 'session', 0, 20),
      mk('gt', 'root', 'ai.generateText', 1, 10, {
        'ai.model.id': 'm1',
        'ai.response.text': 'It is sunny.',
        'ai.response.providerMetadata': aiSdkStep('x')['ai.response.providerMetadata'],
      }),
      mk('s1', 'gt', 'ai.generateText.doGenerate', 2, 4, aiSdkStep('r1')),
      mk('tool', 'gt', 'ai.toolCall', 4.5, 5, { 'ai.toolCall.name': 'weather' }),
      mk('s2', 'gt', 'ai.generateText.doGenerate', 6, 9, aiSdkStep('r2')),
      reward('rw', 'root', 11, 1),
    ];
    const triplets = new TracerTraceToTriplet().adapt(spans);
    expect(triplets.map((t) => [t.metadata.response_id, t.reward])).toEqual([
      ['r1', null],
      ['r2', 1],
    ]);
  });
});

describe('item 10: agent name rule 8', () => {
  it('falls back to gen_ai.agent.name after the reference rules', () => {
    expect(
      spanAgentName({ name: 'invoke_agent x', attributes: { 'gen_ai.agent.name': 'g' } }),
    ).toBe('g');
    expect(
      spanAgentName({ name: 'x', attributes: { 'agent.name': 'a', 'gen_ai.agent.name': 'g' } }),
    ).toBe('a');
  });
});

describe('item 11: TraceToMessages on third-party spans', () => {
  it('turns GenAI JSON and AI SDK spans into {messages, tools}', () => {
    const records = new TraceToMessages().adapt([
      mk('c', null, 'chat m1', 1, 2, GENAI_TOOL_TURN),
      mk('gt', null, 'ai.generateText', 1, 10, { 'ai.model.id': 'm1', 'ai.response.text': 'x' }),
      mk('d', 'gt', 'ai.generateText.doGenerate', 2, 3, aiSdkStep('r1')),
    ]);
    expect(records).toHaveLength(2);
    expect(records[0]?.messages.at(-1)).toEqual({
      role: 'assistant',
      content: 'Checking',
      tool_calls: [
        {
          id: 'call_4',
          type: 'function',
          function: { name: 'weather', arguments: '{"city":"Rome"}' },
        },
      ],
    });
    expect(records[0]?.tools).toEqual([
      { type: 'function', function: { name: 'weather', parameters: { type: 'object' } } },
    ]);
    expect(records[1]?.messages.map((m) => m.role)).toEqual([
      'system',
      'user',
      'assistant',
      'tool',
      'assistant',
    ]);
    expect(records[1]?.tools).toEqual([
      {
        type: 'function',
        function: { name: 'weather', description: '', parameters: { type: 'object' } },
      },
    ]);
  });
});

describe('item 12: recognised spans without content', () => {
  it('gives a triplet with null raw content and empty token ids, without throwing', () => {
    const [t] = new TracerTraceToTriplet().adapt([
      mk('c', null, 'chat m1', 1, 2, {
        'gen_ai.operation.name': 'chat',
        'gen_ai.request.model': 'm1',
        'gen_ai.response.id': 'chatcmpl-n',
      }),
    ]);
    expect(t?.prompt).toEqual({ token_ids: [], raw_content: null, image_urls: [] });
    expect(t?.response).toEqual({ token_ids: [], raw_content: null });
  });
});

describe('item 13: one completion seen by two instrumentations', () => {
  it('gives one triplet when both spans carry the same response id', () => {
    const spans = [
      mk('root', null, 'session', 0, 10),
      llm('h', 'root', 1, 5, { 'gen_ai.response.id': 'chatcmpl-X' }),
      mk('c', 'h', 'chat m1', 2, 4, { ...GENAI_TOOL_TURN, 'gen_ai.response.id': 'chatcmpl-X' }),
    ];
    expect(new TracerTraceToTriplet().adapt(spans).map((t) => t.metadata.response_id)).toEqual([
      'chatcmpl-X',
    ]);
  });
});
