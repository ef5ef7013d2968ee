import { LightningStoreClient } from '@agl/store-client';
import { until } from '@agl/store-core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import {
  EXAMPLES_DIR,
  portIsFree,
  type RunningProcess,
  startAglStore,
  startTs,
  stopProcess,
} from '../shared/processes';

const started: RunningProcess[] = [];
afterEach(async () => {
  // Whatever happened, leave no process behind.
  await Promise.all(started.splice(0).map((p) => stopProcess(p, 'SIGKILL')));
});

describe('distributed run: agl store, two runner processes, one algorithm process', () => {
  it('the runners finish every rollout and every process exits cleanly', async () => {
    const { store, url } = await startAglStore();
    started.push(store);
    const port = new URL(url).port;
    const roleEnv = (role: string, extra: Record<string, string> = {}) => ({
      AGL_CURRENT_ROLE: role,
      AGL_MANAGED_STORE: '0',
      AGL_SERVER_HOST: '127.0.0.1',
      AGL_SERVER_PORT: port,
      ...extra,
    });
    const runners = ['0', '1'].map((id) =>
      startTs('distributed/train.ts', [], roleEnv('runner', { AGL_RUNNER_WORKER_ID: id })),
    );
    started.push(...runners);

    const client = new LightningStoreClient(url);
    // Both runners are polling (the store knows their workers) before the algorithm starts.
    await until(async () => (await client.queryWorkers()).items.length === 2, {
      timeoutSeconds: 60,
      intervalSeconds: 0.1,
    });

    const algorithm = startTs('distributed/train.ts', [], roleEnv('algorithm'));
    started.push(algorithm);
    expect(await algorithm.exited, algorithm.output()).toBe(0);
    expect(algorithm.output()).toContain('score history: 0.0 -> 0.5 -> 1.0');

    const rollouts = (await client.queryRollouts()).items;
    expect(rollouts).toHaveLength(120);
    expect(rollouts.filter((r) => r.status !== 'succeeded')).toEqual([]);
    const workers = new Set<string>();
    for (const r of rollouts)
      workers.add(String((await client.getLatestAttempt(r.rollout_id))?.worker_id));
    expect([...workers].sort()).toEqual(['Worker-0', 'Worker-1']);
    await client.close();

    // Ctrl+C on each runner, then on the store: all exit 0 and the port is released.
    expect(await Promise.all(runners.map((r) => stopProcess(r)))).toEqual([0, 0]);
    for (const r of runners) expect(r.output()).toContain('[runner] stopped');
    expect(await stopProcess(store)).toBe(0);
    expect(await portIsFree(Number(port))).toBe(true);
  });
});

describe('distributed run stopped with Ctrl+C', () => {
  it('with AGL_N_RUNNERS=2: one Ctrl+C stops every process, fit returns, exit 0', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--conditions=@agl/source', 'distributed/train.ts'],
      {
        cwd: EXAMPLES_DIR,
        detached: true,
        env: { ...process.env, AGL_N_RUNNERS: '2', AGL_SERVER_PORT: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    for (const stream of [child.stdout, child.stderr])
      stream.on('data', (chunk) => {
        output += chunk;
      });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await until(async () => output.includes('round 0:'), { timeoutSeconds: 60 });
    // A terminal's Ctrl+C: SIGINT to every process of the group (the script and its runners).
    process.kill(-(child.pid as number), 'SIGINT');
    expect(await exited, output).toBe(0);
    expect(output).toContain('[both] stopped');
    expect(output).toMatch(/SIGINT received; stopping/);
    expect(output).not.toMatch(/received again|exited early|unexpected exit codes/);
    // Nothing of the group is left.
    await until(
      async () => {
        try {
          process.kill(-(child.pid as number), 0);
          return false;
        } catch {
          return true;
        }
      },
      { timeoutSeconds: 30 },
    );
  });
});
