import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { until } from '@agl/store-core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, portIsFree, processAlive } from './helpers';

const fixture = fileURLToPath(new URL('./fixtures/cs-trainer.ts', import.meta.url));
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const tmp = mkdtempSync(path.join(tmpdir(), 'agl-cs-e2e-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface RolloutReport {
  input: { x: number };
  status: string;
  reward: number | null;
  attempts: { status: string; worker: string }[];
}

interface FixtureRun {
  child: ChildProcess;
  resultFile: string;
  stderr: () => string;
  exit: Promise<number | null>;
}

/** Starts the fixture trainer as a separate Node process (it spawns its own role processes). */
function startFixture(mode: string, port: number, rollouts = 50): FixtureRun {
  const resultFile = path.join(tmp, `${mode}.json`);
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@agl/source', fixture], {
    cwd: packageDir,
    env: {
      ...process.env,
      E2E_MODE: mode,
      E2E_ROLLOUTS: String(rollouts),
      E2E_RESULT_FILE: resultFile,
      AGL_SERVER_PORT: String(port),
      AGL_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, resultFile, stderr: () => stderr, exit };
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

/** Runs the fixture to completion and checks that no process or port is left behind. */
async function runToCompletion(mode: string, rollouts = 50) {
  const port = await freePort();
  const run = startFixture(mode, port, rollouts);
  const code = await run.exit;
  if (code !== 0) throw new Error(`fixture exited with ${code}:\n${run.stderr()}`);
  const { rollouts: report } = readJson<{ rollouts: RolloutReport[] }>(run.resultFile);
  const { children } = readJson<{ children: { name: string; pid: number }[] }>(
    `${run.resultFile}.children`,
  );
  await until(() => children.every((c) => !processAlive(c.pid)), { timeoutSeconds: 5 });
  expect(await portIsFree(port)).toBe(true);
  return { report, children, stderr: run.stderr() };
}

describe('client-server end to end with role processes', () => {
  it('2 runner processes complete 50 rollouts and leave no process or port behind', async () => {
    const { report, children, stderr } = await runToCompletion('basic');
    expect(report).toHaveLength(50);
    for (const r of report) {
      expect(r.status).toBe('succeeded');
      expect(r.reward).toBe((r.input.x % 5) / 4);
    }
    const workers = new Set(report.map((r) => r.attempts[0]?.worker));
    expect([...workers].every((w) => w === 'Worker-0' || w === 'Worker-1')).toBe(true);
    expect(children.map((c) => c.name)).toEqual(['runner-0', 'runner-1']);
    expect(stderr).toContain('[agl] finished: rollouts 50 done (50 ok, 0 failed)');
  }, 60_000);

  it('a runner killed with SIGKILL mid-attempt: the watchdog requeues its rollout and the other runner finishes it', async () => {
    const { report } = await runToCompletion('kill');
    expect(report).toHaveLength(50);
    expect(report.every((r) => r.status === 'succeeded')).toBe(true);
    const killed = report.find((r) => r.input.x === 7);
    expect(killed?.attempts.map((a) => a.status)).toEqual(['unresponsive', 'succeeded']);
    expect(killed?.attempts[0]?.worker).not.toBe(killed?.attempts[1]?.worker);
    expect(killed?.reward).toBe(0.5);
    expect(report.filter((r) => r.input.x !== 7).every((r) => r.attempts.length === 1)).toBe(true);
  }, 60_000);

  it('mainProcess runner: the algorithm and server run in a child process, the runner here', async () => {
    const { report, children } = await runToCompletion('runner-main', 10);
    expect(children.map((c) => c.name)).toEqual(['algorithm']);
    expect(report).toHaveLength(10);
    expect(
      report.every((r) => r.status === 'succeeded' && r.attempts[0]?.worker === 'Worker-0'),
    ).toBe(true);
  }, 60_000);

  it('Ctrl+C on the main process stops everything cleanly and fit returns', async () => {
    const port = await freePort();
    const run = startFixture('interrupt', port, 200);
    await until(() => existsSync(`${run.resultFile}.started`), { timeoutSeconds: 30 });
    run.child.kill('SIGINT');
    const code = await run.exit;
    expect(code, run.stderr()).toBe(0);
    expect(run.stderr()).toContain('SIGINT received; stopping');
    expect(run.stderr()).not.toContain('KeyboardInterrupt');
    const { children } = readJson<{ children: { name: string; pid: number }[] }>(
      `${run.resultFile}.children`,
    );
    expect(children).toHaveLength(2);
    await until(() => children.every((c) => !processAlive(c.pid)), { timeoutSeconds: 5 });
    expect(await portIsFree(port)).toBe(true);
  }, 60_000);
});
