import { describe, expect, it } from 'vitest';
import {
  APPLY_EDIT_PROMPTS,
  type GradientPromptContext,
  TEXT_GRADIENT_PROMPTS,
  textGradientVariant01,
  textGradientVariant02,
  textGradientVariant03,
} from '../src/index';
import { chatSpan, rewardSpan } from '../src/testing/index';

const prompt = 'Add {a} and {b}.\n  Reply briefly.  <b>&</b> {{x}}';
const context: GradientPromptContext = {
  prompt_template: prompt,
  experiments: [
    {
      status: 'succeeded',
      final_reward: 1,
      spans: [chatSpan('ro-1', 'Add 2 and 3.', '5'), rewardSpan('ro-1', 1)],
      messages: [
        {
          messages: [
            { role: 'user', content: 'x    y\t\tz' },
            { role: 'assistant', content: '5' },
          ],
          tools: null,
        },
      ],
    },
    { status: 'failed', final_reward: null, spans: [], messages: [] },
  ],
};

describe('built-in prompts', () => {
  it('have the message roles of their kind and carry the prompt verbatim', () => {
    expect(textGradientVariant01.render(context).map((m) => m.role)).toEqual(['user']);
    expect(textGradientVariant02.render(context).map((m) => m.role)).toEqual(['user']);
    expect(textGradientVariant03.render(context).map((m) => m.role)).toEqual(['system', 'user']);
    for (const p of TEXT_GRADIENT_PROMPTS) {
      expect(p.render(context).at(-1)?.content).toContain(`\n\n${prompt}\n\n`);
    }
    for (const p of APPLY_EDIT_PROMPTS) {
      const messages = p.render({ prompt_template: prompt, critique: '- ADD: X  Y' });
      expect(messages.map((m) => m.role)).toEqual(['system', 'user']);
      expect(messages[1]?.content).toContain(prompt);
      expect(messages[1]?.content.endsWith('- ADD: X  Y')).toBe(true);
    }
  });

  it('show status, reward and messages (01, 03) or the spans (02), numbered from 1', () => {
    const v1 = textGradientVariant01.render(context)[0]?.content ?? '';
    expect(v1).toContain('## Run 1\n\nOutcome: succeeded. Final reward: 1\n\n');
    expect(v1).toContain('## Run 2\n\nOutcome: failed. Final reward:\n\n');
    // Message JSON is compact with runs of spaces collapsed.
    expect(v1).toContain('[{"messages":[{"role":"user","content":"x y\\t\\tz"}');
    const v2 = textGradientVariant02.render(context)[0]?.content ?? '';
    expect(v2).toContain('## Trace of Run #1\n\n{"rollout_id":"ro-1"');
    expect(v2).toContain('"agentlightning.reward.0.value":1');
    expect(v2).not.toContain('Final reward');
    const v3 = textGradientVariant03.render(context)[1]?.content ?? '';
    expect(v3).toContain('The run ended as failed with a final score of .');
  });

  it('keep the experiments heading when there are no experiments', () => {
    const empty = textGradientVariant01.render({ prompt_template: 'P', experiments: [] });
    expect(empty[0]?.content).toContain('# Runs Made With This Template\n\n# What To Do');
  });
});
