import { AgentLightningServer } from '@agl/legacy-client';
import { createConsoleLogger } from '@agl/store-core';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningProcess, startTs, stopProcess } from '../shared/processes';
import { runLegacyAgent } from './agent';
import { CANDIDATE_PROMPTS, evaluatePrompts } from './apo';
import { fakeChat, grade, QA_TASKS } from './fake-model';

const started: RunningProcess[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((p) => stopProcess(p, 'SIGKILL')));
});

describe('the fake chat model', () => {
  it('phrases its answer by the system prompt; the grade rewards exact one-word answers', () => {
    const q = 'What is the capital of France?';
    expect(grade(fakeChat('Answer with one word.', q), 'Paris')).toBe(1);
    expect(grade(fakeChat('You are helpful.', q), 'Paris')).toBe(0.5);
    expect(grade(fakeChat('You are a pirate.', q), 'Paris')).toBe(0);
  });
});

describe('legacy pair end to end', () => {
  it('the server retrieves every rollout, each with its reward, and keeps the one-word prompt', async () => {
    const server = new AgentLightningServer({
      port: 0,
      logger: createConsoleLogger({ level: 'error' }),
    });
    await server.start();
    const stop = new AbortController();
    const agent = runLegacyAgent({
      endpoint: server.endpoint,
      signal: stop.signal,
      pollIntervalSeconds: 0.05,
    });
    try {
      const scores = await evaluatePrompts(server, QA_TASKS, { timeoutSeconds: 30 });
      expect(scores.map((s) => s.prompt)).toEqual(CANDIDATE_PROMPTS);
      expect(scores.map((s) => s.meanReward)).toEqual([0.5, 0, 1]);
      for (const score of scores) {
        expect(score.results).toHaveLength(QA_TASKS.length);
        for (const result of score.results) {
          expect(result.final_reward).toBe(score.meanReward);
          // The traced chat call became one triplet, with the system prompt that was published.
          expect(result.triplets).toHaveLength(1);
          expect(result.triplets?.[0]).toMatchObject({
            prompt: { raw_content: [{ role: 'system', content: score.prompt }, { role: 'user' }] },
            metadata: { response_id: expect.stringMatching(/^chatcmpl-legacy-\d+$/) },
          });
          expect(result.trace?.map((span) => span.name)).toContain('openai.chat.completion');
        }
      }
      expect(await server.retrieveCompletedRollouts()).toEqual([]); // every result was taken
    } finally {
      stop.abort();
      expect(await agent).toBe(CANDIDATE_PROMPTS.length * QA_TASKS.length);
      await server.stop();
    }
  });

  it('as two commands: server.ts and client.ts in separate processes', async () => {
    const server = startTs('legacy-pair/server.ts', ['--port', '0']);
    started.push(server);
    const [, endpoint] = await server.waitFor(/Legacy server at (http:\/\/127\.0\.0\.1:\d+)/);
    const client = startTs('legacy-pair/client.ts', ['--endpoint', endpoint as string]);
    started.push(client);

    expect(await server.exited, server.output()).toBe(0);
    expect(server.output()).toContain(
      'best prompt: You are a precise assistant. Answer with one word. (mean reward 1.00)',
    );
    expect(await stopProcess(client)).toBe(0);
    expect(client.output()).toContain(
      `stopped after ${CANDIDATE_PROMPTS.length * QA_TASKS.length} tasks`,
    );
    // The server answers the last result before it exits.
    expect(client.output()).not.toContain('could not be delivered');
  });
});
