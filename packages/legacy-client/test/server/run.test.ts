import { EventEmitter } from 'node:events';
import { createServer } from 'node:net';
import { AddressInUseError } from '@agl/store-core';
import { describe, expect, it } from 'vitest';
import { runLegacyServer } from '../../src/server/run';
import { recordingLogger } from '../helpers';

const signals = () => {
  const emitter = new EventEmitter();
  return { emitter, source: { on: emitter.on.bind(emitter), off: emitter.off.bind(emitter) } };
};

describe('runLegacyServer', () => {
  it('logs its address and serves until SIGTERM', async () => {
    const { logger, lines } = recordingLogger();
    const { emitter, source } = signals();
    const running = await runLegacyServer({
      port: 0,
      taskTimeoutSeconds: 7,
      logger,
      signalSource: source,
    });
    expect(running.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(lines.some((l) => l.level === 'info' && l.message.includes(running.endpoint))).toBe(
      true,
    );
    expect(running.server.taskTimeoutSeconds).toBe(7);
    expect((await fetch(`${running.endpoint}/task`)).status).toBe(200);
    expect(emitter.listenerCount('SIGINT')).toBe(1);

    emitter.emit('SIGTERM');
    await running.closed;
    expect(running.server.isRunning).toBe(false);
    expect(emitter.listenerCount('SIGINT') + emitter.listenerCount('SIGTERM')).toBe(0);
    await expect(fetch(`${running.endpoint}/task`)).rejects.toThrow();
  });

  it('stops on SIGINT too, and stop() can be called again safely', async () => {
    const { logger } = recordingLogger();
    const { emitter, source } = signals();
    const running = await runLegacyServer({ port: 0, logger, signalSource: source });
    emitter.emit('SIGINT');
    await running.closed;
    await running.stop();
    expect(running.server.isRunning).toBe(false);
  });

  it('throws AddressInUseError for a taken port and leaves no handlers behind', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const { emitter, source } = signals();
    try {
      await expect(
        runLegacyServer({ port, logger: recordingLogger().logger, signalSource: source }),
      ).rejects.toThrow(AddressInUseError);
      expect(emitter.listenerCount('SIGINT')).toBe(0);
    } finally {
      blocker.close();
    }
  });

  it('rejects invalid options with a clear message', async () => {
    const logger = recordingLogger().logger;
    await expect(runLegacyServer({ port: 70_000, logger })).rejects.toThrow(
      /port must be an integer/,
    );
    await expect(runLegacyServer({ port: 0, taskTimeoutSeconds: -1, logger })).rejects.toThrow(
      /taskTimeoutSeconds/,
    );
  });
});
