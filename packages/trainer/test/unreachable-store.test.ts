/**
 * A runner process whose store is not there: its log must say so once per
 * outage, naming the address and what to check, instead of a stack trace for
 * every poll. Measured as lines of output over several seconds of outage.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { until } from '@agl/store-core/testing';
import { describe, expect, it } from 'vitest';
import { freePort } from './helpers';

const fixture = fileURLToPath(new URL('./fixtures/stop-trainer.ts', import.meta.url));
const packageDir = fileURLToPath(new URL('..', import.meta.url));

describe('a runner process whose store is unreachable', () => {
  it('logs one line for the outage, with the URL and advice', async () => {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--conditions=@agl/source', fixture],
      {
        cwd: packageDir,
        env: {
          ...process.env,
          AGL_CURRENT_ROLE: 'runner',
          AGL_SERVER_HOST: '127.0.0.1',
          AGL_SERVER_PORT: String(port),
          STOP_RUNNERS: '1',
          AGL_LOG_LEVEL: 'info',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await until(() => output.includes('Cannot reach the store'), { timeoutSeconds: 60 });
    // Default settings poll every few seconds and retry each call with pauses of 1, 2 and 5 s:
    // 15 s of outage means dozens of failed requests.
    await new Promise((resolve) => setTimeout(resolve, 15_000));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const lines = output.trim().split('\n');
    const outage = lines.filter((l) => l.includes('Cannot reach the store'));
    expect(outage).toHaveLength(1);
    expect(outage[0]).toContain(`http://127.0.0.1:${port}`);
    expect(outage[0]).toContain('AGL_SERVER_HOST and AGL_SERVER_PORT');
    expect(
      lines.filter((l) => /^\s+at /.test(l)),
      output,
    ).toEqual([]);
    // The outage line, the stop line and the fixture's own line.
    expect(lines.length, output).toBeLessThanOrEqual(4);
  }, 120_000);
});
