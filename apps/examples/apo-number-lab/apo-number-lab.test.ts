import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { F_BAD, F_FMT, F_NUM } from '@agl/algorithm-apo/testing';
import { InMemoryLightningStore } from '@agl/store-memory';
import { afterAll, describe, expect, it } from 'vitest';
import { startTs } from '../shared/processes';
import { trainNumberLab } from './train';

const BEST = 'Solve the task. Add {a} and {b}. Answer with the number only.';
const tmp = mkdtempSync(path.join(tmpdir(), 'apo-demo-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
// The demo must stay offline in CI whatever the environment says.
const OFFLINE = { OPENAI_BASE_URL: '', AGL_LOG_LEVEL: 'warn' };

describe('APO demo on the number lab', () => {
  it('in process: critique-and-edit raises the validation score strictly, round after round', async () => {
    const store = new InMemoryLightningStore({ watchdogIntervalSeconds: null });
    const rounds: number[] = [];
    const result = await trainNumberLab({
      store,
      progress: false,
      env: { OPENAI_BASE_URL: '' },
      onRound: (entry) => rounds.push(entry.round),
    });
    expect(result).not.toBeNull();
    expect(result?.realCritic).toBe(false);
    expect(rounds).toEqual([0, 1, 2]);
    const best = result?.history.map((h) => h.bestScore) ?? [];
    expect(best).toEqual([0, 0.5, 1]);
    expect(result?.bestScore).toBeGreaterThan(best[0] ?? 1);
    expect(result?.bestPrompt.template).toBe(BEST);
    for (const part of [F_NUM, F_FMT]) expect(result?.bestPrompt.template).toContain(part);
    expect(result?.bestPrompt.template).not.toContain(F_BAD);
    // The critic's edits made the candidates, and a harmful edit each round was never kept.
    for (const h of result?.history.slice(1) ?? []) {
      expect(h.candidates.every((c) => c.critique?.startsWith('- ADD: '))).toBe(true);
      expect(h.candidates.some((c) => c.template.includes(F_BAD))).toBe(true);
      expect(h.beam.some((b) => b.template.includes(F_BAD))).toBe(false);
    }
    const rollouts = (await store.queryRollouts()).items;
    expect(rollouts).toHaveLength(84);
    expect(rollouts.every((r) => r.status === 'succeeded')).toBe(true);
    expect((await store.getLatestResources())?.resources_id).toBe(result?.bestVersion);
    await store.close();
  }, 60_000);

  it('the demo command prints the rounds, the table of scores per round and the best prompt', async () => {
    const historyFile = path.join(tmp, 'history.json');
    const demo = startTs('apo-number-lab/main.ts', ['--history', historyFile], OFFLINE);
    expect(await demo.exited, demo.output()).toBe(0);
    const out = demo.output();
    expect(out).toContain(
      'APO round 1/2 | beam [v1:0.500, v2:0.500] | leader v1 0.500 | best v1 0.500 (improved)',
    );
    expect(out).toMatch(
      /round {2}new {2}beam \(batch scores\) {2}leader {2}val score {2}best so far\n0 /,
    );
    expect(out).toContain('score history: 0.00 -> 0.50 -> 1.00');
    expect(out).toContain(`best prompt v5 (validation score 1.00):\n  ${BEST}`);
    expect(out).toContain('[agl] finished: rollouts 84 done (84 ok, 0 failed)');
    const history = JSON.parse(readFileSync(historyFile, 'utf8'));
    expect(history.history).toHaveLength(3);
    expect(history.history[2].candidates[0]).toHaveProperty('parentVersion');
  }, 60_000);

  it('the demo command with runner processes (client-server) reaches the same prompt', async () => {
    const demo = startTs('apo-number-lab/main.ts', ['--strategy', 'cs', '--runners', '2'], {
      ...OFFLINE,
      AGL_SERVER_PORT: '0',
    });
    expect(await demo.exited, demo.output()).toBe(0);
    expect(demo.output()).toContain('score history: 0.00 -> 0.50 -> 1.00');
    expect(demo.output().match(/APO on the number lab:/g)).toHaveLength(1);
  }, 90_000);
});
