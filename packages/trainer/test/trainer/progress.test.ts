import { PassThrough } from 'node:stream';
import { InMemoryLightningStore } from '@agl/store-memory';
import { describe, expect, it } from 'vitest';
import { emitReward } from '../../src/emitter';
import { spanFromCoreFields } from '../../src/tracer';
import {
  defaultProgressReporter,
  formatProgress,
  LogProgressReporter,
  ProgressMonitor,
  type ProgressReporter,
  type ProgressSnapshot,
  TtyProgressReporter,
} from '../../src/trainer';

const snapshot: ProgressSnapshot = {
  elapsedSeconds: 12.3,
  finished: 48,
  succeeded: 46,
  failed: 2,
  cancelled: 0,
  running: 2,
  queued: 10,
  meanReward: 0.8125,
  throughput: 4.2,
};

function collect(stream: PassThrough): () => string {
  let text = '';
  stream.on('data', (chunk) => {
    text += chunk;
  });
  return () => text;
}

describe('progress reporters', () => {
  it('formats one summary line', () => {
    expect(formatProgress(snapshot)).toBe(
      'rollouts 48 done (46 ok, 2 failed) | 2 running, 10 queued | mean reward 0.813 | 4.20 rollouts/s | 12s',
    );
    expect(formatProgress({ ...snapshot, meanReward: null, cancelled: 1 })).toContain(
      '2 failed, 1 cancelled) ',
    );
    expect(formatProgress({ ...snapshot, meanReward: null })).toContain('mean reward n/a');
  });

  it('the TTY reporter redraws one line in place and ends it on finish', () => {
    const stream = new PassThrough();
    const text = collect(stream);
    const tty = new TtyProgressReporter(stream, []);
    tty.update(snapshot);
    tty.update({ ...snapshot, finished: 49 });
    tty.finish({ ...snapshot, finished: 50 });
    expect(text()).toBe(
      `\r\x1b[2K[agl] ${formatProgress(snapshot)}\r\x1b[2K[agl] ${formatProgress({ ...snapshot, finished: 49 })}` +
        `\r\x1b[2K[agl] ${formatProgress({ ...snapshot, finished: 50 })}\n`,
    );
  });

  it('the TTY reporter erases its line before anything else is printed on the terminal', () => {
    // Two streams on one terminal: what reaches the screen, in order.
    const screen: string[] = [];
    const terminal = new PassThrough();
    const other = new PassThrough();
    for (const stream of [terminal, other])
      stream.on('data', (chunk: Buffer) => screen.push(chunk.toString()));
    const tty = new TtyProgressReporter(terminal, [other]);
    tty.update(snapshot);
    other.write('a log line\n');
    terminal.write('another\n');
    tty.update(snapshot);
    tty.finish(snapshot);
    const line = `\r\x1b[2K[agl] ${formatProgress(snapshot)}`;
    expect(screen.join('')).toBe(`${line}\r\x1b[2Ka log line\nanother\n${line}${line}\n`);
    // Finished: the streams write directly again.
    expect(Object.hasOwn(other, 'write')).toBe(false);
    other.write('after\n');
    expect(screen.at(-1)).toBe('after\n');
  });

  it('the log reporter prints plain lines, throttled, plus the final line', () => {
    const lines: string[] = [];
    const log = new LogProgressReporter((line) => lines.push(line), 3600);
    log.update(snapshot);
    log.update(snapshot);
    log.finish(snapshot);
    expect(lines).toEqual([
      `[agl] progress: ${formatProgress(snapshot)}`,
      `[agl] finished: ${formatProgress(snapshot)}`,
    ]);
    expect(lines.join('')).not.toContain('\r');
  });

  it('picks the TTY reporter only on a terminal outside CI', () => {
    const tty = Object.assign(new PassThrough(), { isTTY: true });
    expect(defaultProgressReporter({}, tty)).toBeInstanceOf(TtyProgressReporter);
    expect(defaultProgressReporter({ CI: 'true' }, tty)).toBeInstanceOf(LogProgressReporter);
    expect(defaultProgressReporter({ CI: 'false' }, tty)).toBeInstanceOf(TtyProgressReporter);
    expect(defaultProgressReporter({}, new PassThrough())).toBeInstanceOf(LogProgressReporter);
  });
});

describe('ProgressMonitor', () => {
  it('computes counts and the mean final reward from the store', async () => {
    const store = new InMemoryLightningStore({ watchdogIntervalSeconds: null });
    const finishWith = async (reward: number | null, status: 'succeeded' | 'failed') => {
      const rollout = await store.startRollout(null);
      if (reward !== null) {
        const core = emitReward(reward, { propagate: false });
        const sequenceId = await store.getNextSpanSequenceId(
          rollout.rollout_id,
          rollout.attempt.attempt_id,
        );
        await store.addSpan(
          spanFromCoreFields(core, {
            rolloutId: rollout.rollout_id,
            attemptId: rollout.attempt.attempt_id,
            sequenceId,
          }),
        );
      }
      await store.updateAttempt(rollout.rollout_id, rollout.attempt.attempt_id, { status });
    };
    await finishWith(1, 'succeeded');
    await finishWith(0.5, 'succeeded');
    await finishWith(null, 'failed');
    await store.startRollout(null);
    await store.enqueueRollout(null);
    const finals: ProgressSnapshot[] = [];
    const reporter: ProgressReporter = { update: () => {}, finish: (s) => void finals.push(s) };
    const monitor = new ProgressMonitor(store, reporter, { intervalSeconds: 3600 });
    expect(await monitor.snapshot()).toMatchObject({
      finished: 3,
      succeeded: 2,
      failed: 1,
      running: 1,
      queued: 1,
      meanReward: 0.75,
    });
    await finishWith(0, 'succeeded');
    monitor.start();
    await monitor.stop();
    expect(finals).toHaveLength(1);
    expect(finals[0]).toMatchObject({ finished: 4, succeeded: 3, meanReward: 0.5 });
    await store.close();
  });
});
