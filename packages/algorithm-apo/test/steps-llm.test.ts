/** The LLM steps of APO: critique, edit, retries of failed calls, and determinism. */
import { PromptTemplate } from '@agl/trainer';
import { describe, expect, it, vi } from 'vitest';
import { APO, type VersionedPromptTemplate } from '../src/index';
import { createFakeApoLlm } from '../src/testing/index';
import { recordingLogger, scenario } from './helpers';

const versioned = (version: string, text: string): VersionedPromptTemplate => ({
  version,
  promptTemplate: new PromptTemplate(text),
  score: null,
});

describe('critique and edit', () => {
  const r = { status: 'succeeded' as const, final_reward: 0, spans: [], messages: [] };

  it('applies the critique: the editor appends the asked fragment', async () => {
    const llm = createFakeApoLlm();
    const apo = new APO({
      client: llm.client,
      gradientModel: 'fake-critic',
      applyEditModel: 'fake-editor',
      diversityTemperature: 0.9,
      logger: recordingLogger(),
    });
    const text = await apo.textualGradientAndApplyEdit(versioned('v0', 'Solve.'), [r]);
    expect(text).toBe('Solve. Add {a} and {b}.');
    expect(llm.calls.map((c) => [c.model, c.temperature])).toEqual([
      ['fake-critic', 0.9],
      ['fake-editor', 0.9],
    ]);
  });

  it('keeps the parent text without an edit call when the critique is null', async () => {
    const llm = createFakeApoLlm({ nullCritiqueOn: [1] });
    const logger = recordingLogger();
    const apo = new APO({
      client: llm.client,
      gradientModel: 'fake-critic',
      applyEditModel: 'fake-editor',
      logger,
    });
    expect(await apo.textualGradientAndApplyEdit(versioned('v0', 'old prompt'), [r])).toBe(
      'old prompt',
    );
    expect(llm.calls).toHaveLength(1);
    expect(logger.lines).toContain('ERROR Failed to compute critique for prompt.');
  });

  it('S1-null: the copied parent becomes v1; the run still reaches 1', async () => {
    const s = scenario({ llm: { nullCritiqueOn: [1] } });
    await s.run();
    expect(s.apo.history[1]?.candidates[0]).toMatchObject({
      version: 'v1',
      template: 'Solve the task.',
      critique: null,
    });
    expect(s.llm.editCalls).toBe(7);
    expect(s.apo.history[1]?.beam.map((b) => b.version)).toEqual(['v2', 'v4']);
    expect([s.apo.bestVersion, s.apo.bestScore]).toEqual(['v5', 1]);
  });

  it('S1-empty: an empty edit makes no candidate and consumes no version', async () => {
    const s = scenario({ llm: { emptyEditOn: [2] } });
    await s.run();
    expect(s.apo.history[1]?.candidates.map((c) => c.version)).toEqual(['v1', 'v2', 'v3']);
    expect(s.apo.history[1]?.beam.map((b) => b.version)).toEqual(['v1', 'v3']);
    expect([s.apo.bestVersion, s.apo.bestScore]).toEqual(['v4', 1]);
    expect(s.store.count('val')).toBe(64);
    expect(
      s.logger.lines.some(
        (l) => l.startsWith('ERROR') && l.includes('Failed to compute edit for prompt'),
      ),
    ).toBe(true);
  });
});

describe('LLM failures', () => {
  it('retries a failed call with back-off and ends the run with the same result', async () => {
    const waits: number[] = [];
    const s = scenario({
      llm: { throwOn: [1, 2] },
      apo: {
        retry: { sleep: async (w) => void waits.push(w), initialDelaySeconds: 1, random: () => 0 },
      },
    });
    await s.run();
    expect(waits).toEqual([1, 2]);
    expect([s.apo.bestVersion, s.apo.bestScore]).toEqual(['v5', 1]);
    expect(s.llm.calls).toHaveLength(18);
    expect(
      s.logger.lines.filter((l) => l.startsWith('WARN Chat completion with fake-critic failed')),
    ).toHaveLength(2);
  });

  it('gives up after maxAttempts with a clear error and no further store call', async () => {
    const s = scenario({
      llm: { throwOn: [1, 2, 3] },
      apo: { retry: { maxAttempts: 3, sleep: async () => {} } },
    });
    await expect(s.run()).rejects.toThrow(
      "APO: chat completion with model 'fake-critic' failed after 3 attempts (HTTP 500): injected failure of call 3",
    );
    expect(s.store.updates).toHaveLength(2); // seed validation + the first training batch
  });

  it('does not retry a request error such as HTTP 400', async () => {
    const s = scenario({ apo: { gradientModel: 'no-such-model' } });
    await expect(s.run()).rejects.toMatchObject({
      name: 'ApoLlmError',
      attempts: 1,
      httpStatus: 400,
    });
    expect(s.llm.calls).toHaveLength(1);
  });
});

describe('determinism', () => {
  it('the same seed gives the same calls, versions and scores; Math.random is not used', async () => {
    const spy = vi.spyOn(Math, 'random');
    const a = scenario({ seed: 7 });
    const b = scenario({ seed: 7 });
    await a.run();
    await b.run();
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
    expect(b.llm.calls.map((c) => c.messages)).toEqual(a.llm.calls.map((c) => c.messages));
    expect(b.store.enqueues).toEqual(a.store.enqueues);
    expect(b.apo.history).toEqual(a.apo.history);
  });

  it('with random () => 0 the first templates are always drawn', async () => {
    const s = scenario({ apo: { random: () => 0 } });
    await s.run();
    const used = s.logger.lines
      .filter((l) => l.includes('with template:'))
      .map((l) => l.split('template: ')[1]);
    expect(new Set(used)).toEqual(new Set(['text_gradient_variant01', 'apply_edit_variant01']));
  });
});
