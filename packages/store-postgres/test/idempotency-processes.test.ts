import { describe, expect, inject, it } from 'vitest';
import { uniquePartition } from './support/database';
import type { ServerProcess } from './support/processes';
import { useServerGroup } from './support/server-group';

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
  const group = useServerGroup(options);
  const { servers } = group;

  const count = async (table: string) => {
    const [row] = await group.db.query<{ n: number }>(
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
    const restarted = await group.replace(victim);
    const retry = await post(restarted, '/v1/agl/resources', {}, 'resources-1');
    expect(retry).toEqual(first);
    expect(await count('agl_resources')).toBe(1);
  }, 60_000);
});

describe.skipIf(url === null)('a claim whose answer was lost, across two server processes', () => {
  const partition = uniquePartition('claim');
  // A short claim timeout and a timer scan every second, so a stranded claim is seen quickly.
  const options = {
    databaseUrl: url as string,
    partition,
    claimTimeoutSeconds: 2,
    watchdogIntervalSeconds: 1,
    scanDebounceSeconds: 1,
  };
  const group = useServerGroup(options);
  const { servers } = group;

  const dequeue = (server: ServerProcess, key?: string) =>
    fetch(`${server.endpoint}/v1/agl/queues/rollouts/dequeue`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
      body: JSON.stringify({ limit: 1, worker_id: 'w-1' }),
    }).then(
      async (response) =>
        (await response.json()) as {
          rollout_id: string;
          attempt: { attempt_id: string; sequence_id: number };
        }[],
    );

  it('a retried dequeue with its claim key gets the same rollout back from the other process', async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    await post(
      a,
      '/v1/agl/queues/rollouts/enqueue',
      { rollouts: [{ input: 1 }, { input: 2 }] },
      'q',
    );
    const lost = await dequeue(a, 'claim-1');
    const retry = await dequeue(b, 'claim-1');
    expect(retry).toEqual(lost);
    expect(lost).toHaveLength(1);
    const [row] = await group.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM agl_attempts WHERE partition = $1',
      [partition],
    );
    expect(row?.n).toBe(1);
    // The other rollout is still there for the next claim.
    const next = await dequeue(b, 'claim-2');
    expect(next[0]?.rollout_id).not.toBe(lost[0]?.rollout_id);
  });

  it('a claim without a key whose answer was lost is requeued by the watchdog and finished', async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const [created] = await post(
      a,
      '/v1/agl/queues/rollouts/enqueue',
      { rollouts: [{ input: 3 }] },
      'q3',
    ).then((answer) => answer.body as unknown as { rollout_id: string }[]);
    // Drain whatever else is queued, then claim ours and "lose" the answer.
    let lost: { rollout_id: string }[] = [];
    for (let i = 0; i < 5 && lost[0]?.rollout_id !== created?.rollout_id; i++)
      lost = await dequeue(a);
    expect(lost[0]?.rollout_id).toBe(created?.rollout_id);
    // Claims of the first test were lost too: they come back as well, so keep
    // claiming until ours is handed out again.
    let again: Awaited<ReturnType<typeof dequeue>> = [];
    for (let i = 0; i < 100 && again[0]?.rollout_id !== created?.rollout_id; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      again = await dequeue(b);
    }
    expect(again[0]?.rollout_id).toBe(created?.rollout_id);
    expect(again[0]?.attempt.sequence_id).toBe(2);
    const finish = await fetch(
      `${b.endpoint}/v1/agl/rollouts/${created?.rollout_id}/attempts/${again[0]?.attempt.attempt_id}`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"status": "succeeded"}',
      },
    );
    expect(finish.status).toBe(200);
    const read = await fetch(`${a.endpoint}/v1/agl/rollouts/${created?.rollout_id}`);
    const rollout = (await read.json()) as { status: string };
    expect(rollout.status).toBe('succeeded');
  }, 60_000);
});
