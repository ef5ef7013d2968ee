import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fakeChatPrompt, fakeDetokenize, fakeTokenize } from '../src/testing/index.js';

describe('fake tokenizer', () => {
  it('maps the three special tokens and every other code point', () => {
    expect(fakeTokenize('<|im_start|>a<|im_end|><|endoftext|>😀<|x')).toEqual([
      151644, 97, 151645, 151643, 0x1f600, 60, 124, 120,
    ]);
  });

  it('round-trips through fakeDetokenize', () => {
    const text = '<|im_start|>user\ncafé 你好 😀<|im_end|>';
    expect(fakeDetokenize(fakeTokenize(text))).toBe(text);
  });
});

describe('fakeChatPrompt', () => {
  it('renders tools, multimodal content and assistant tool calls', () => {
    const tools = [{ type: 'function', function: { name: 'f', parameters: {} } }];
    const prompt = fakeChatPrompt(
      [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'look ' },
            { type: 'image_url', image_url: { url: 'x' } },
          ],
        },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ function: { name: 'f', arguments: '{"a": 1}' } }],
        },
        { role: 'tool', content: 'done' },
      ],
      tools,
    );
    expect(prompt).toBe(
      `<|im_start|>system\n# Tools\n${JSON.stringify(tools)}<|im_end|>\n` +
        '<|im_start|>user\nlook <image><|im_end|>\n' +
        '<|im_start|>assistant\n<tool_call>{"name":"f","arguments":{"a":1}}</tool_call><|im_end|>\n' +
        '<|im_start|>tool\ndone<|im_end|>\n' +
        '<|im_start|>assistant\n',
    );
  });

  it('omits the tools header when there are none', () => {
    expect(fakeChatPrompt([{ role: 'user', content: 'Hi' }], [])).toBe(
      '<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n',
    );
  });
});

describe('fake upstream as a process', () => {
  it('prints its URL and stops on SIGTERM', async () => {
    const main = fileURLToPath(new URL('../src/testing/fake-upstream-main.ts', import.meta.url));
    const child = spawn(
      process.execPath,
      ['--conditions=@agl/source', '--import', 'tsx', main, '--port', '0'],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    try {
      const lines = createInterface({ input: child.stdout });
      const url = await new Promise<string>((resolve) => lines.once('line', resolve));
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
      const models = (await (await fetch(`${url}/models`)).json()) as {
        data: Array<{ id: string }>;
      };
      expect(models.data[0]?.id).toBe('fake/toy-1');
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
