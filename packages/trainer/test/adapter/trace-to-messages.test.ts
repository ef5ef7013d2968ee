import { InvalidArgumentError } from '@agl/store-core';
import { describe, expect, it } from 'vitest';
import { TraceToMessages } from '../../src/adapter';
import { mk } from './build';

describe('TraceToMessages', () => {
  it('turns gen_ai spans into chat records with tools', () => {
    const spans = [
      mk('root', null, 'session', 0, 10),
      mk('c1', 'root', 'openai.chat.completion', 1, 2, {
        'gen_ai.prompt.0.role': 'system',
        'gen_ai.prompt.0.content': 'You are a calculator.',
        'gen_ai.prompt.1.role': 'user',
        'gen_ai.prompt.1.content': '2+2?',
        'gen_ai.prompt.2.role': 'assistant',
        'gen_ai.prompt.2.tool_calls.0.id': 'call-1',
        'gen_ai.prompt.2.tool_calls.0.name': 'add',
        'gen_ai.prompt.2.tool_calls.0.arguments': '{"a":2,"b":2}',
        'gen_ai.prompt.3.role': 'tool',
        'gen_ai.prompt.3.content': '4',
        'gen_ai.prompt.3.tool_call_id': 'call-1',
        'gen_ai.completion.0.role': 'assistant',
        'gen_ai.completion.0.content': 'It is 4.',
        'gen_ai.request.functions.0.name': 'add',
        'gen_ai.request.functions.0.parameters': '{"type": "object"}',
      }),
    ];
    expect(new TraceToMessages().adapt(spans)).toEqual([
      {
        messages: [
          { role: 'system', content: 'You are a calculator.' },
          { role: 'user', content: '2+2?' },
          {
            role: 'assistant',
            content: null,
            tool_calls: [
              {
                id: 'call-1',
                type: 'function',
                function: { name: 'add', arguments: '{"a":2,"b":2}' },
              },
            ],
          },
          { role: 'tool', content: '4', tool_call_id: 'call-1' },
          { role: 'assistant', content: 'It is 4.' },
        ],
        tools: [
          {
            type: 'function',
            function: { name: 'add', description: '', parameters: { type: 'object' } },
          },
        ],
      },
    ]);
  });

  it('attaches tool calls from child spans to the completion and defaults content to ""', () => {
    const spans = [
      mk('c1', null, 'openai.chat.completion', 1, 5, {
        'gen_ai.prompt.0.role': 'user',
        'gen_ai.completion.0.role': 'assistant',
      }),
      mk('t1', 'c1', 'tool', 2, 3, {
        'tool.name': 'search',
        'tool.parameters': '{"q": "x"}',
        'tool.call.id': 'call-9',
        'tool.call.type': 'function',
      }),
    ];
    expect(new TraceToMessages().adapt(spans)).toEqual([
      {
        messages: [
          { role: 'user', content: '' },
          {
            role: 'assistant',
            content: '',
            tool_calls: [
              {
                id: 'call-9',
                type: 'function',
                function: { name: 'search', arguments: '{"q": "x"}' },
              },
            ],
          },
        ],
        tools: null,
      },
    ]);
  });

  it('rejects a prompt that is not a list', () => {
    const span = mk('c', null, 'x', 0, 1, { 'gen_ai.prompt.role': 'user' });
    expect(() => new TraceToMessages().adapt([span])).toThrow(InvalidArgumentError);
  });

  it('works as a plain function', () => {
    const adapt = new TraceToMessages().asFunction();
    expect(adapt([mk('x', null, 'other', 0, 1, { k: 1 })])).toEqual([]);
  });
});
