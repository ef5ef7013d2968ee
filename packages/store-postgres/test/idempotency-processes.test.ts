import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createPgClient, deletePartition } from '../src/index';
import type { SqlClient } from '../src/sql/client';
import { uniquePartition } from './support/database';
import { type ServerProcess, startServerProcess } from './support/processes';

const url = inject('pgUrl');

async function post(server: ServerProcess, path: string, body: unknown, key: string) {
  const response = await fetch(`${server.endpoint}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe.skipIf(url === null)('an idempotency key across two server processes', () => {
  const partition = uniquePartition('idem');
  const options = { databaseUrl: url as string, partition };
  let db: SqlClient;
  const servers: ServerProcess[] = [];

  beforeAll(async () => {
    db = createPgClient({ databaseUrl: url as string, maxConnections: 2 });
    servers.push(
      ...(await Promise.all([startServerProcess(options), startServerProcess(options)])),
    );
  }, 60_000);

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await deletePartition(db, partition);
    await db.close();
  });

  const count = async (table: string) => {
    const [row] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${table} WHERE partition = $1`,
      [partition],
    );
    return row?.n;
  };

  it('creates once when the retry reaches the other process', async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const first = await post(a, '/v1/agl/rollouts', { input: { task: 'x' } }, 'start-1');
    const retry = await post(b, '/v1/agl/rollouts', { input: { task: 'x' } }, 'start-1');
    expect(first.status).toBe(201);
    expect(retry).toEqual(first);
    expect(await count('agl_rollouts')).toBe(1);
  });

  it('creates once when both processes get the key at the same moment', async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const body = { rollouts: [{ input: 1 }, { input: 2 }] };
    const path = '/v1/agl/queues/rollouts/enqueue';
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) => post(i % 2 ? a : b, path, body, 'enqueue-1')),
    );
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(await count('agl_rollouts')).toBe(3);
  });

  it('answers the retry from the record after the first process was killed and restarted', async () => {
    const victim = servers[0] as ServerProcess;
    const first = await post(victim, '/v1/agl/resources', {}, 'resources-1');
    expect(first.status).toBe(201);
    await victim.kill();
    const restarted = await startServerProcess({ ...options, port: victim.port });
    servers[0] = restarted;
    const retry = await post(restarted, '/v1/agl/resources', {}, 'resources-1');
    expect(retry).toEqual(first);
    expect(await count('agl_resources')).toBe(1);
  }, 60_000);
});
