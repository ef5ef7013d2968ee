import { InMemoryLightningStore } from '@agl/store-memory';
import { Trainer } from '@agl/trainer';
import { describe, expect, it } from 'vitest';
import { APO, APO_COMPONENT_KEYS } from '../src/index';
import {
  createNumberLabAgent,
  labSeedResources,
  startFakeApoLlmServer,
  TRAIN_TASKS,
  VAL_TASKS,
} from '../src/testing/index';
import { quietTrainerLogs } from './helpers';

quietTrainerLogs();

const apoOf = (trainer: Trainer): APO => {
  const algorithm = trainer.algorithm;
  if (!(algorithm instanceof APO)) throw new Error('the trainer did not build an APO');
  return algorithm;
};

describe('APO as a trainer component spec', () => {
  it('builds from every registered key with the reference option names', () => {
    for (const type of APO_COMPONENT_KEYS) {
      const apo = apoOf(
        new Trainer({
          algorithm: { type, beam_width: 2, branch_factor: 3, rollout_batch_timeout: 30 },
        }),
      );
      expect(apo.options.beamWidth).toBe(2);
      expect(apo.options.branchFactor).toBe(3);
      expect(apo.options.rolloutBatchTimeoutSeconds).toBe(30);
    }
    expect(apoOf(new Trainer({ algorithm: 'APO' })).options.beamRounds).toBe(3);
  });

  it('names a misspelt key and suggests the right one', () => {
    expect(() => new Trainer({ algorithm: { type: 'APO', beam_widht: 2 } })).toThrow(
      /APO has no option 'beam_widht'\. Did you mean 'beam_width'\?/,
    );
  });

  it('refuses both names of the batch deadline, and bad values like the constructor', () => {
    expect(
      () =>
        new Trainer({
          algorithm: { type: 'APO', rollout_batch_timeout: 5, rollout_batch_timeout_seconds: 5 },
        }),
    ).toThrow(/not both/);
    expect(() => new Trainer({ algorithm: { type: 'APO', beam_width: 0 } })).toThrow(/beamWidth/);
  });

  it('trains from a spec alone: the default client reaches the model through the environment', async () => {
    const server = await startFakeApoLlmServer();
    const saved = { url: process.env.OPENAI_BASE_URL, key: process.env.OPENAI_API_KEY };
    process.env.OPENAI_BASE_URL = server.baseUrl;
    process.env.OPENAI_API_KEY = 'test';
    try {
      const trainer = new Trainer({
        algorithm: {
          type: 'agentlightning.algorithm.apo.APO',
          gradient_model: 'fake-critic',
          apply_edit_model: 'fake-editor',
          beam_width: 2,
          branch_factor: 2,
          beam_rounds: 2,
          gradient_batch_size: 2,
          val_batch_size: 4,
          rollout_batch_timeout: 60,
          poll_interval_seconds: 0.01,
          seed: 11,
        },
        adapter: 'TraceToMessages',
        strategy: { type: 'shm', main_thread: 'algorithm' },
        nRunners: 2,
        runner: { type: 'LitAgentRunner', poll_interval: 0.05, interval_jitter: 0.02 },
        initialResources: labSeedResources(),
        store: new InMemoryLightningStore({ watchdogIntervalSeconds: null }),
        progress: false,
      });
      await trainer.fit(createNumberLabAgent(), TRAIN_TASKS, { valDataset: VAL_TASKS });
      const apo = apoOf(trainer);
      expect(apo.history.map((h) => h.bestScore)).toEqual([0, 0.5, 1]);
      // Every critique and edit went to the fake server through the default client.
      const calls = server.calls.map((c) => c.model);
      expect(calls.filter((m) => m === 'fake-critic').length).toBeGreaterThan(0);
      expect(calls.filter((m) => m === 'fake-editor').length).toBeGreaterThan(0);
    } finally {
      process.env.OPENAI_BASE_URL = saved.url;
      process.env.OPENAI_API_KEY = saved.key;
      if (saved.url === undefined) delete process.env.OPENAI_BASE_URL;
      if (saved.key === undefined) delete process.env.OPENAI_API_KEY;
      await server.close();
    }
  });
});
