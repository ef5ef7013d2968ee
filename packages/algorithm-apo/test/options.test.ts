import { InvalidArgumentError } from '@agl/store-core';
import { describe, expect, it } from 'vitest';
import {
  APO,
  APPLY_EDIT_PROMPTS,
  type ApoPrompt,
  type GradientPromptContext,
  TEXT_GRADIENT_PROMPTS,
} from '../src/index';
import { createFakeApoLlm } from '../src/testing/index';

const client = createFakeApoLlm().client;

describe('APO options', () => {
  it('has the reference defaults', () => {
    const apo = new APO({ client });
    expect(apo.options).toMatchObject({
      gradientModel: 'gpt-5-mini',
      applyEditModel: 'gpt-4.1-mini',
      diversityTemperature: 1,
      gradientBatchSize: 4,
      valBatchSize: 16,
      beamWidth: 4,
      branchFactor: 4,
      beamRounds: 3,
      rolloutBatchTimeoutSeconds: 3600,
      pollIntervalSeconds: 2,
      runInitialValidation: true,
      publishBest: true,
    });
    expect(apo.options.gradientPrompts.map((p) => p.name)).toEqual([
      'text_gradient_variant01',
      'text_gradient_variant02',
      'text_gradient_variant03',
    ]);
    expect(apo.options.applyEditPrompts).toBe(APPLY_EDIT_PROMPTS);
    expect(apo.bestScore).toBe(Number.NEGATIVE_INFINITY);
    expect(apo.bestVersion).toBeNull();
    expect(apo.history).toEqual([]);
    expect(() => apo.getBestPrompt()).toThrow('No best prompt found');
  });

  it('keeps every option given', () => {
    const apo = new APO({
      client,
      gradientModel: 'g-model',
      applyEditModel: 'a-model',
      diversityTemperature: 0.7,
      gradientBatchSize: 3,
      valBatchSize: 5,
      beamWidth: 2,
      branchFactor: 3,
      beamRounds: 4,
      rolloutBatchTimeoutSeconds: 42,
      runInitialValidation: false,
    });
    expect(apo.options).toMatchObject({
      gradientModel: 'g-model',
      applyEditModel: 'a-model',
      diversityTemperature: 0.7,
      gradientBatchSize: 3,
      valBatchSize: 5,
      beamWidth: 2,
      branchFactor: 3,
      beamRounds: 4,
      rolloutBatchTimeoutSeconds: 42,
      runInitialValidation: false,
    });
  });

  it('uses replacement templates exclusively and falls back on null or []', () => {
    const mine: ApoPrompt<GradientPromptContext> = { name: 'mine', render: () => [] };
    expect(new APO({ client, gradientPrompts: [mine] }).options.gradientPrompts).toEqual([mine]);
    expect(new APO({ client, gradientPrompts: [] }).options.gradientPrompts).toBe(
      TEXT_GRADIENT_PROMPTS,
    );
    expect(new APO({ client, applyEditPrompts: null }).options.applyEditPrompts).toBe(
      APPLY_EDIT_PROMPTS,
    );
  });

  it.each([
    [{ beamWidth: 0 }, 'beamWidth'],
    [{ gradientBatchSize: 1.5 }, 'gradientBatchSize'],
    [{ valBatchSize: 0 }, 'valBatchSize'],
    [{ branchFactor: -1 }, 'branchFactor'],
    [{ beamRounds: -1 }, 'beamRounds'],
    [{ rolloutBatchTimeoutSeconds: 0 }, 'rolloutBatchTimeoutSeconds'],
    [{ pollIntervalSeconds: 0 }, 'pollIntervalSeconds'],
    [{ diversityTemperature: Number.NaN }, 'diversityTemperature'],
    [{ seed: 1.5 }, 'seed'],
    [{ retry: { maxAttempts: 0 } }, 'retry.maxAttempts'],
  ])('rejects %o naming the option', (bad, name) => {
    expect(() => new APO({ client, ...bad })).toThrow(InvalidArgumentError);
    expect(() => new APO({ client, ...bad })).toThrow(name);
  });
});
