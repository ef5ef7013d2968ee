import { InMemoryLightningStore } from '@agl/store-memory';
import type { ProgressReporter, ProgressSnapshot } from '@agl/trainer';
import { describe, expect, it } from 'vitest';
import { startTs } from '../shared/processes';
import { CONFUSED_ANSWER, fakeModel, rewardOf } from './fake-model';
import { VAL_TASKS } from './tasks';
import { trainPrompt } from './train';

const task = { id: 't', a: 7, b: 3, op: 'minus' as const };

describe('the fake model and reward of the prompt arithmetic demo', () => {
  it('answers by the rules: confused, hedging, ### wrapped, showing work', () => {
    expect(fakeModel('Please solve the task.')).toBe(CONFUSED_ANSWER);
    expect(fakeModel('Compute 7 minus 3.')).toBe('The answer might be 4, I am not sure.');
    expect(fakeModel('Compute 7 minus 3. Reply as ### <number> ###.')).toBe('### 4 ###');
    expect(fakeModel('Compute 7 times 3. ### Show your work.')).toBe('Work: 7 times 3 gives 21');
  });

  it('rewards 1 for the wrapped correct value, 0.5 for the bare correct value, else 0', () => {
    expect(rewardOf('### 4 ###', task)).toBe(1);
    expect(rewardOf('### 5 ###', task)).toBe(0);
    expect(rewardOf('The answer might be 4, I am not sure.', task)).toBe(0.5);
    expect(rewardOf(CONFUSED_ANSWER, task)).toBe(0);
  });
});

describe('prompt optimisation end to end', () => {
  it('shared memory: the validation score rises 0 -> 0.5 -> 1.0 and every rollout succeeds', async () => {
    const store = new InMemoryLightningStore({ watchdogIntervalSeconds: null });
    const snapshots: ProgressSnapshot[] = [];
    const reporter: ProgressReporter = {
      update: (s) => snapshots.push(s),
      finish: (s) => snapshots.push(s),
    };
    const rounds: number[] = [];
    const result = await trainPrompt({
      store,
      progress: reporter,
      onRound: (r) => rounds.push(r.round),
    });

    expect(result).not.toBeNull();
    expect(result?.history).toEqual([0, 0.5, 1]);
    expect(result?.bestScore).toBe(1);
    for (const part of ['{a}', '{b}', '###']) expect(result?.bestTemplate).toContain(part);
    expect(result?.bestTemplate).not.toMatch(/show your work/i);
    const bestSoFar = result?.rounds.map((r) => r.bestSoFar) ?? [];
    expect(bestSoFar).toEqual([...bestSoFar].sort((a, b) => a - b));
    expect(result?.rounds.at(-1)?.improved).toBe(false);
    expect(rounds).toEqual([0, 1, 2, 3]);

    // 1 seed + 4 + 3 + 2 candidates, 12 validation tasks each.
    const rollouts = (await store.queryRollouts()).items;
    expect(rollouts).toHaveLength(10 * VAL_TASKS.length);
    expect(rollouts.every((r) => r.status === 'succeeded' && r.mode === 'val')).toBe(true);
    expect(snapshots.at(-1)).toMatchObject({ finished: 120, succeeded: 120, failed: 0 });
    await store.close();
  });

  it('the demo command prints the table and the winning prompt (shared memory)', async () => {
    const demo = startTs('prompt-optimisation/main.ts');
    expect(await demo.exited, demo.output()).toBe(0);
    const out = demo.output();
    expect(out).toContain('score history: 0.0 -> 0.5 -> 1.0');
    expect(out).toMatch(
      /winning prompt \(score 1\.00\):\n {2}Please solve the task\. Compute \{a\} \{op\} \{b\}\. Reply exactly as ### <number> ###\./,
    );
    expect(out).toContain('[agl] finished: rollouts 120 done (120 ok, 0 failed)');
  });

  it('the demo command over HTTP with runner processes (client-server) reaches 1.0 too', async () => {
    const demo = startTs('prompt-optimisation/main.ts', ['--strategy', 'cs', '--runners', '2'], {
      AGL_SERVER_PORT: '0',
    });
    expect(await demo.exited, demo.output()).toBe(0);
    expect(demo.output()).toContain('score history: 0.0 -> 0.5 -> 1.0');
    expect(demo.output().match(/Prompt optimisation:/g)).toHaveLength(1);
  });
});
