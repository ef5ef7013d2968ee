import { describe, expect, it } from 'vitest';
import { buildConversation, extractLlmCall, isLlmCall, sameResponseAs } from '../src/core/messages';

const span = (name: string, attributes: Record<string, unknown>) => ({ name, attributes });

describe('isLlmCall', () => {
  it('recognises every convention and ignores plain spans', () => {
    expect(isLlmCall(span('openai.chat.completion', {}))).toBe(true);
    expect(isLlmCall(span('x', { 'gen_ai.prompt.0.role': 'user' }))).toBe(true);
    expect(isLlmCall(span('x', { 'gen_ai.input.messages': '[]' }))).toBe(true);
    expect(isLlmCall(span('raw_gen_ai_request', {}))).toBe(true);
    expect(isLlmCall(span('x', { 'openinference.span.kind': 'LLM' }))).toBe(true);
    expect(isLlmCall(span('x', { 'agentlightning.operation.input.messages.0.role': 'user' }))).toBe(
      true,
    );
    expect(isLlmCall(span('tool.call', { 'tool.name': 'search' }))).toBe(false);
    expect(isLlmCall(span('my.llm', {}), /my\.llm/)).toBe(true);
  });
});

describe('extractLlmCall', () => {
  it('reads OpenAI-style flattened messages, tool calls, usage and token ids', () => {
    const call = extractLlmCall(
      span('openai.chat.completion', {
        'gen_ai.prompt.0.role': 'system',
        'gen_ai.prompt.0.content': 'Be brief.',
        'gen_ai.prompt.1.role': 'user',
        'gen_ai.prompt.1.content': 'Weather in Paris?',
        'gen_ai.completion.0.role': 'assistant',
        'gen_ai.completion.0.finish_reason': 'tool_calls',
        'gen_ai.completion.0.tool_calls.0.function.name': 'weather',
        'gen_ai.completion.0.tool_calls.0.function.arguments': '{"city":"Paris"}',
        'gen_ai.request.model': 'gpt-test',
        'gen_ai.request.temperature': 0.2,
        'gen_ai.usage.prompt_tokens': 12,
        'gen_ai.usage.completion_tokens': 5,
        prompt_token_ids: [1, 2, 3],
        response_token_ids: '[4, 5]',
      }),
    );
    expect(call.prompt.map((m) => [m.role, m.content])).toEqual([
      ['system', 'Be brief.'],
      ['user', 'Weather in Paris?'],
    ]);
    expect(call.completion[0]?.toolCalls[0]).toMatchObject({
      name: 'weather',
      arguments: '{\n  "city": "Paris"\n}',
    });
    expect(call.completion[0]?.finishReason).toBe('tool_calls');
    expect(call).toMatchObject({
      model: 'gpt-test',
      inputTokens: 12,
      outputTokens: 5,
      promptTokenIds: 3,
      responseTokenIds: 2,
    });
    expect(call.parameters).toEqual({ temperature: 0.2 });
  });

  it('reads OTel gen_ai.input/output.messages with parts and never loads images', () => {
    const call = extractLlmCall(
      span('chat', {
        'gen_ai.system_instructions': JSON.stringify([{ type: 'text', content: 'You are a bot.' }]),
        'gen_ai.input.messages': JSON.stringify([
          {
            role: 'user',
            parts: [
              { type: 'text', content: 'Look' },
              { type: 'uri', uri: 'https://example.invalid/cat.png' },
            ],
          },
        ]),
        'gen_ai.output.messages': JSON.stringify([
          {
            role: 'assistant',
            parts: [{ type: 'tool_call', name: 'zoom', arguments: { level: 2 } }],
          },
        ]),
        'gen_ai.response.model': 'm2',
        'gen_ai.usage.input_tokens': 7,
      }),
    );
    expect(call.prompt[0]).toMatchObject({ role: 'system', content: 'You are a bot.' });
    expect(call.prompt[1]?.content).toBe('Look\n[image: https://example.invalid/cat.png]');
    expect(call.completion[0]?.toolCalls[0]?.name).toBe('zoom');
    expect(call.promptTokenIds).toBeNull();
    expect(call.model).toBe('m2');
  });

  it('reads JSON gen_ai.prompt, OpenInference, AGL operations and proxy output', () => {
    expect(
      extractLlmCall(span('x', { 'gen_ai.prompt': '[{"role":"user","content":"hi"}]' })).prompt[0]
        ?.content,
    ).toBe('hi');
    const oi = extractLlmCall(
      span('x', {
        'llm.input_messages.0.message.role': 'user',
        'llm.input_messages.0.message.content': 'q',
        'llm.output_messages.0.message.role': 'assistant',
        'llm.output_messages.0.message.content': 'a',
        'llm.model_name': 'oi-model',
        'llm.token_count.prompt': 3,
      }),
    );
    expect([oi.prompt[0]?.content, oi.completion[0]?.content, oi.model, oi.inputTokens]).toEqual([
      'q',
      'a',
      'oi-model',
      3,
    ]);
    const op = extractLlmCall(
      span('x', {
        'agentlightning.operation.input.messages': JSON.stringify([
          { role: 'user', content: 'op' },
        ]),
        'agentlightning.operation.output.choices.0.message.role': 'assistant',
        'agentlightning.operation.output.choices.0.message.content': 'done',
        'agentlightning.operation.output.id': 'resp-1',
      }),
    );
    expect([op.prompt[0]?.content, op.completion[0]?.content, op.responseId]).toEqual([
      'op',
      'done',
      'resp-1',
    ]);
  });
});

describe('conversation', () => {
  it('folds messages already shown earlier and links shared response ids', () => {
    const first = extractLlmCall(
      span('c', {
        'gen_ai.prompt': '[{"role":"user","content":"a"}]',
        'gen_ai.completion': '[{"role":"assistant","content":"b"}]',
        'gen_ai.response.id': 'r1',
      }),
    );
    const second = extractLlmCall(
      span('c', {
        'gen_ai.prompt':
          '[{"role":"user","content":"a"},{"role":"assistant","content":"b"},{"role":"user","content":"c"}]',
        'gen_ai.completion': '[{"role":"assistant","content":"d"}]',
        'gen_ai.response.id': 'r1',
      }),
    );
    const turns = buildConversation([
      { spanId: 's1', call: first },
      { spanId: 's2', call: second },
    ]);
    expect(turns[1]?.items[0]).toEqual({ kind: 'earlier', count: 2 });
    expect(turns[1]?.items).toHaveLength(3);
    const same = sameResponseAs([
      { spanId: 's1', call: first },
      { spanId: 's2', call: second },
    ]);
    expect(same.get('s2')).toBe('s1');
    expect(same.get('s1')).toBe('s2');
  });
});
