/**
 * The demo must not report a mean reward over rollouts that all failed, nor
 * bury an unreachable endpoint under a stack trace per rollout.
 */
import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { portIsFree, startTs } from '../shared/processes';
import { AllRolloutsFailedError } from './algorithm';
import { tuneTemperature } from './train';

describe('temperature tuning when the endpoint fails', () => {
  it('stops with an error naming the failure when every rollout failed', async () => {
    // Answers every request with an error the OpenAI client does not retry.
    const broken = createServer((_req, res) => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'model not found' } }));
    });
    await new Promise<void>((resolve) => broken.listen(0, '127.0.0.1', resolve));
    const port = (broken.address() as { port: number }).port;
    try {
      const run = tuneTemperature({
        endpoint: { endpoint: `http://127.0.0.1:${port}/v1`, model: 'missing' },
        progress: false,
      });
      await expect(run).rejects.toBeInstanceOf(AllRolloutsFailedError);
      await expect(run).rejects.toThrow(/all 20 rollouts of temperature-1 failed.*model not found/);
    } finally {
      broken.close();
    }
  });

  it('prints a short error and exits non-zero against an unreachable endpoint', async () => {
    let port = 40_000 + Math.floor(Math.random() * 20_000);
    while (!(await portIsFree(port))) port += 1;
    const demo = startTs('temperature-tuning/main.ts', [], {
      OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1`,
    });
    expect(await demo.exited).toBe(1);
    const lines = demo.output().trim().split('\n');
    expect(lines.at(-1)).toContain(`cannot reach OPENAI_BASE_URL=http://127.0.0.1:${port}/v1`);
    expect(lines.length, demo.output()).toBeLessThanOrEqual(3);
    expect(demo.output()).not.toContain('mean reward');
  });
});
