import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { listenOn } from '../src/backend';
import { AddressInUseError, UnavailableError } from '../src/index';

describe('listenOn', () => {
  it('resolves with the bound port, and a taken port rejects with AddressInUseError', async () => {
    const first = createServer();
    const port = await listenOn(first, 0, '127.0.0.1');
    expect(port).toBeGreaterThan(0);
    try {
      const second = createServer();
      const error = await listenOn(second, port, '127.0.0.1').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AddressInUseError);
      expect(error).toBeInstanceOf(UnavailableError);
      expect(error).toMatchObject({
        name: 'AddressInUseError',
        code: 'UNAVAILABLE',
        osCode: 'EADDRINUSE',
        host: '127.0.0.1',
        port,
        message: `Cannot listen on 127.0.0.1:${port}: address already in use`,
      });
      expect((error as Error).cause).toMatchObject({ code: 'EADDRINUSE' });
      const named = await listenOn(createServer(), port, '127.0.0.1', 'taken').catch((e) => e);
      expect((named as Error).message).toBe('taken');
    } finally {
      await new Promise((resolve) => first.close(resolve));
    }
  });
});
