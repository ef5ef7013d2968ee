import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InMemoryLightningStore } from '@agl/store-memory';
import { TraceToMessages, Trainer } from '@agl/trainer';
import OpenAI from 'openai';
import { afterAll, describe, expect, it } from 'vitest';
import { APO, type ApoResult, type ChatCompletionsClient } from '../src/index';
import {
  createNumberLabAgent,
  F_BAD,
  F_FMT,
  F_NUM,
  labSeedResources,
  startFakeApoLlmServer,
  TRAIN_TASKS,
  VAL_TASKS,
} from '../src/testing/index';
import { quietTrainerLogs, recordingLogger, scenarioOptions } from './helpers';

const FINAL = 'Solve the task. Add {a} and {b}. Answer with the number only.';
const tmp = mkdtempSync(path.join(tmpdir(), 'apo-e2e-'));
quietTrainerLogs();
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

// The real openai client must fit the structural client type (compile-time check).
const typed: (c: OpenAI) => ChatCompletionsClient = (c) => c;

describe('APO through the Trainer, shared memory', () => {
  it('raises the best validation score strictly from the seed; every rollout succeeds', async () => {
    const server = await startFakeApoLlmServer();
    try {
      const client = typed(new OpenAI({ baseURL: server.baseUrl, apiKey: 'test', maxRetries: 0 }));
      const apo = new APO({ ...scenarioOptions(11), client, logger: recordingLogger() });
      const store = new InMemoryLightningStore({ watchdogIntervalSeconds: null });
      const trainer = new Trainer({
        algorithm: apo,
        adapter: 'TraceToMessages',
        strategy: { type: 'shm', main_thread: 'algorithm' },
        nRunners: 2,
        runner: { type: 'LitAgentRunner', poll_interval: 0.05, interval_jitter: 0.02 },
        initialResources: labSeedResources(),
        store,
        progress: false,
      });
      await trainer.fit(createNumberLabAgent({ client }), TRAIN_TASKS, { valDataset: VAL_TASKS });

      const seedScore = apo.history[0]?.leaderScore;
      expect(seedScore).toBe(0);
      expect(apo.bestScore).toBeGreaterThan(seedScore ?? 1);
      expect(apo.history.map((h) => h.bestScore)).toEqual([0, 0.5, 1]);
      expect(apo.getBestPrompt().template).toBe(FINAL);
      expect(apo.bestVersion).toBe('v5');
      const rollouts = (await store.queryRollouts()).items;
      expect(rollouts).toHaveLength(84);
      expect(rollouts.every((r) => r.status === 'succeeded')).toBe(true);
      // Each val rollout ran with the candidate published under its version.
      for (const r of rollouts.filter((x) => x.mode === 'val').slice(0, 20)) {
        const snapshot = await store.getResourcesById(r.resources_id ?? '');
        expect(snapshot?.resources.prompt_template?.resource_type).toBe('prompt_template');
      }
      // The best prompt is the store's latest snapshot at the end.
      const latest = await store.getLatestResources();
      expect(latest?.resources_id).toBe('v5');
      // Critic and editor went over HTTP with exactly model, messages, temperature.
      const apoCalls = server.calls.filter((c) => c.model !== 'fake-agent');
      expect(apoCalls).toHaveLength(16);
      for (const c of apoCalls)
        expect(Object.keys(c.body).sort()).toEqual(['messages', 'model', 'temperature']);
      // The agent's traced calls reached the critic: its requests show rendered prompts and rewards.
      const critiques = server.calls.filter((c) => c.model === 'fake-critic');
      // ("The sum might be N." is only ever said by the agent's model, in round-2 traces.)
      expect(critiques.some((c) => JSON.stringify(c.messages).includes('The sum might be'))).toBe(
        true,
      );
      await store.close();
    } finally {
      await server.close();
    }
  }, 60_000);

  it('retries an HTTP 500 of the fake server and surfaces an HTTP 400 at once', async () => {
    for (const [status, ok] of [
      [500, true],
      [400, false],
    ] as const) {
      const server = await startFakeApoLlmServer({ httpErrors: [{ request: 1, status }] });
      try {
        const { FakeApoStore } = await import('../src/testing/index');
        const client = new OpenAI({ baseURL: server.baseUrl, apiKey: 'test', maxRetries: 0 });
        const apo = new APO({
          ...scenarioOptions(),
          client,
          logger: recordingLogger(),
          retry: { sleep: async () => {} },
        });
        const store = new FakeApoStore({ autoRun: true });
        apo.setStore(store.asStore());
        apo.setAdapter(new TraceToMessages());
        apo.setInitialResources({ prompt_template: labSeedResources().prompt_template.toJSON() });
        const run = apo.run({ trainDataset: TRAIN_TASKS, valDataset: VAL_TASKS });
        if (ok) {
          await run;
          expect(server.calls).toHaveLength(17);
          expect(apo.bestScore).toBe(1);
        } else {
          await expect(run).rejects.toMatchObject({ httpStatus: 400, attempts: 1 });
          expect(server.calls).toHaveLength(1);
        }
      } finally {
        await server.close();
      }
    }
  });
});

describe('APO through the Trainer, client-server (runner processes over HTTP)', () => {
  it('reaches the same best prompt with runners in separate processes', async () => {
    const fixture = fileURLToPath(new URL('./fixtures/apo-trainer.ts', import.meta.url));
    const resultFile = path.join(tmp, 'cs.json');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--conditions=@agl/source', fixture],
      {
        cwd: fileURLToPath(new URL('..', import.meta.url)),
        env: {
          ...process.env,
          E2E_RESULT_FILE: resultFile,
          AGL_SERVER_PORT: '0',
          AGL_LOG_LEVEL: 'warn',
        },
        stdio: ['ignore', 'inherit', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr?.on('data', (chunk) => {
      stderr += chunk;
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, stderr).toBe(0);
    const result = JSON.parse(readFileSync(resultFile, 'utf8')) as ApoResult & {
      statuses: string[];
      agentCalls: number;
      latest: { resources_id: string };
    };
    expect(result.history.map((h) => h.bestScore)).toEqual([0, 0.5, 1]);
    expect(result.bestScore).toBe(1);
    const best = (result.bestPrompt as unknown as { template: string }).template;
    expect(best).toContain(F_NUM);
    expect(best).toContain(F_FMT);
    expect(best).not.toContain(F_BAD);
    expect(result.statuses).toHaveLength(84);
    expect(result.statuses.every((s) => s === 'succeeded')).toBe(true);
    expect(result.agentCalls).toBe(84);
    expect(result.latest.resources_id).toBe(result.bestVersion);
  }, 90_000);
});

describe('the default client', () => {
  it('is created from the openai package and OPENAI_BASE_URL / OPENAI_API_KEY on first use', async () => {
    const server = await startFakeApoLlmServer();
    const saved = { url: process.env.OPENAI_BASE_URL, key: process.env.OPENAI_API_KEY };
    try {
      process.env.OPENAI_BASE_URL = server.baseUrl;
      process.env.OPENAI_API_KEY = 'from-env';
      const { FakeApoStore } = await import('../src/testing/index');
      const apo = new APO({ ...scenarioOptions(), logger: recordingLogger() });
      const store = new FakeApoStore({ autoRun: true });
      apo.setStore(store.asStore());
      apo.setAdapter(new TraceToMessages());
      apo.setInitialResources({ prompt_template: labSeedResources().prompt_template.toJSON() });
      await apo.run({ trainDataset: TRAIN_TASKS, valDataset: VAL_TASKS });
      expect(apo.bestScore).toBe(1);
      expect(server.calls).toHaveLength(16);

      delete process.env.OPENAI_API_KEY;
      const keyless = new APO({ ...scenarioOptions(), logger: recordingLogger() });
      keyless.setStore(new FakeApoStore({ autoRun: true }).asStore());
      keyless.setAdapter(new TraceToMessages());
      keyless.setInitialResources({ prompt_template: labSeedResources().prompt_template.toJSON() });
      await expect(
        keyless.run({ trainDataset: TRAIN_TASKS, valDataset: VAL_TASKS }),
      ).rejects.toThrow(/could not create the default OpenAI client.*OPENAI_API_KEY/);
    } finally {
      for (const [k, v] of [
        ['OPENAI_BASE_URL', saved.url],
        ['OPENAI_API_KEY', saved.key],
      ] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      await server.close();
    }
  });

  it('explains how to fix a missing openai package', async () => {
    const { createDefaultClient } = await import('../src/index');
    await expect(
      createDefaultClient(() => Promise.reject(new Error("Cannot find package 'openai'"))),
    ).rejects.toThrow("pass `client`, or install the 'openai' package");
  });
});
