import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

// `agl store` flags for operators: the access key and the metrics trackers.
const BIN = fileURLToPath(new URL('../src/bin.ts', import.meta.url));
const CWD = fileURLToPath(new URL('..', import.meta.url));
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

/** Starts `agl store` on a free port and resolves with its base URL once it listens. */
async function store(args: string[], env: Record<string, string> = {}) {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--conditions=@agl/source',
      BIN,
      'store',
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      ...args,
    ],
    { cwd: CWD, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } },
  );
  children.push(child);
  let err = '';
  const base = await new Promise<string>((resolve, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      const match = /Starting server at (http:\/\/127\.0\.0\.1:\d+)/.exec(err);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('close', () => reject(new Error(`agl store exited:\n${err}`)));
  });
  return { base, stderr: () => err };
}

describe('agl store --api-key', () => {
  it('requires the key on every route but health', async () => {
    const { base } = await store(['--api-key', 'k-1']);
    expect((await fetch(`${base}/v1/agl/health`)).status).toBe(200);
    expect((await fetch(`${base}/v1/agl/statistics`)).status).toBe(401);
    const served = await fetch(`${base}/v1/agl/statistics`, { headers: { 'x-api-key': 'k-1' } });
    expect(served.status).toBe(200);
  }, 60_000);

  it('takes the key from AGL_STORE_API_KEY', async () => {
    const { base } = await store([], { AGL_STORE_API_KEY: 'k-2' });
    expect((await fetch(`${base}/v1/agl/statistics`)).status).toBe(401);
    const served = await fetch(`${base}/v1/agl/statistics`, {
      headers: { authorization: 'Bearer k-2' },
    });
    expect(served.status).toBe(200);
  }, 60_000);
});

describe('agl store --tracker', () => {
  it('prometheus serves the HTTP metrics at the reference path and /metrics', async () => {
    const { base, stderr } = await store(['--tracker', 'prometheus']);
    await fetch(`${base}/v1/agl/health`);
    for (const path of ['/v1/prometheus/', '/metrics']) {
      const text = await (await fetch(`${base}${path}`)).text();
      expect(text).toContain('agl_http_total{path="/v1/agl/health",method="GET",status="200"}');
      expect(text).toContain('agl_queue_depth 0');
    }
    expect(stderr()).toContain('Metrics trackers enabled: prometheus');
  }, 60_000);
});

describe('agl store --claim-timeout-seconds', () => {
  it('requeues a claim that never had a heartbeat', async () => {
    const { base } = await store([
      '--claim-timeout-seconds',
      '1',
      '--watchdog-interval-seconds',
      '0.5',
      '--scan-debounce-seconds',
      '0',
    ]);
    const post = (path: string, body: unknown) =>
      fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then((response) => response.json() as Promise<{ rollout_id: string; status: string }[]>);
    const [queued] = await post('/v1/agl/queues/rollouts/enqueue', { rollouts: [{ input: 1 }] });
    await post('/v1/agl/queues/rollouts/dequeue', { limit: 1 });
    let status = 'preparing';
    while (status !== 'requeuing') {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const read = await fetch(`${base}/v1/agl/rollouts/${queued?.rollout_id}`);
      status = ((await read.json()) as { status: string }).status;
    }
    expect(status).toBe('requeuing');
  }, 60_000);
});
