import { createServer, type Server, type Socket } from 'node:net';
import { InvalidArgumentError } from '@agl/store-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgClient } from '../../src/index';

// A server that accepts connections and never answers: a client can only give up on it by its
// connection timeout, which is what these tests observe.
let silent: Server;
let url: string;
const sockets = new Set<Socket>();
beforeAll(async () => {
  silent = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const address = silent.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  url = `postgres://agl@127.0.0.1:${address.port}/agl`;
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => silent.close(resolve));
});

/** The query's error and how long the client waited for it (ms). */
async function failureOf(
  options: Parameters<typeof createPgClient>[0],
): Promise<{ error: Error; waitedMs: number }> {
  const client = createPgClient(options);
  const started = performance.now();
  try {
    await client.query('SELECT 1');
  } catch (error) {
    return { error: error as Error, waitedMs: performance.now() - started };
  } finally {
    await client.close().catch(() => undefined);
  }
  throw new Error('the query against a silent server succeeded');
}

describe('createPgClient connection timeout', () => {
  it('gives up after connectionTimeoutSeconds', async () => {
    const { error, waitedMs } = await failureOf({
      databaseUrl: url,
      connectionTimeoutSeconds: 0.2,
    });
    expect(error.message).toMatch(/timeout/i);
    // A lower bound only (a busy machine can make it longer, never shorter): read as
    // milliseconds, 0.2 would have given up at once.
    expect(waitedMs).toBeGreaterThanOrEqual(150);
  });

  it('still takes the deprecated connectionTimeoutMs', async () => {
    const { error, waitedMs } = await failureOf({ databaseUrl: url, connectionTimeoutMs: 200 });
    expect(error.message).toMatch(/timeout/i);
    expect(waitedMs).toBeGreaterThanOrEqual(150);
  });

  it('refuses both names with different values, and values that are not positive', () => {
    const both = () =>
      createPgClient({ databaseUrl: url, connectionTimeoutSeconds: 1, connectionTimeoutMs: 2000 });
    expect(both).toThrow(InvalidArgumentError);
    expect(both).toThrow(
      /connectionTimeoutSeconds \(1\) and its deprecated alias connectionTimeoutMs/,
    );
    expect(() => createPgClient({ databaseUrl: url, connectionTimeoutSeconds: 0 })).toThrow(
      /connectionTimeoutSeconds must be a finite number > 0/,
    );
    expect(() =>
      createPgClient({ databaseUrl: url, connectionTimeoutMs: Number.POSITIVE_INFINITY }),
    ).toThrow(/connectionTimeoutMs/);
  });

  it('accepts both names when they agree', async () => {
    const client = createPgClient({
      databaseUrl: url,
      connectionTimeoutSeconds: 1.5,
      connectionTimeoutMs: 1500,
    });
    await client.close();
  });
});
