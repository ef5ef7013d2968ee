import { mkdtemp, rm } from 'node:fs/promises';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { agl, aglWith, killLeftovers, startedStore, startedStoreWith } from './helpers/agl';

/** A reachable PostgreSQL server for the --n-workers test, or undefined (the test is then skipped). */
const postgresUrl = await reachablePostgres(
  process.env.AGL_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
);
// On CI the multi-process test must run: a missing server fails loudly instead of skipping.
if (postgresUrl === undefined && /^(1|true|yes)$/i.test(process.env.CI ?? ''))
  throw new Error('CI=true but PostgreSQL is not reachable (AGL_TEST_DATABASE_URL)');

async function reachablePostgres(url: string): Promise<string | undefined> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || 5432) });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.end();
      resolve(url);
    });
    socket.once('error', () => resolve(undefined));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(undefined);
    });
  });
}

/** Runs `body` while another server holds a port on 127.0.0.1. */
async function withTakenPort(body: (port: number) => Promise<void>): Promise<void> {
  const blocker: Server = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  try {
    await body((blocker.address() as { port: number }).port);
  } finally {
    blocker.close();
  }
}

afterEach(killLeftovers);

describe('agl store', () => {
  it('serves the store until SIGTERM, then exits 0', async () => {
    const { run, base } = await startedStore();
    await run.waitFor(/Store server is reachable at http:\/\/127\.0\.0\.1:\d+/);
    const health = await fetch(`${base}/v1/agl/health`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { status: string }).status).toBe('ok');
    run.child.kill('SIGTERM');
    expect(await run.exit).toEqual({ code: 0, signal: null });
    expect(run.stderr()).toContain('Received SIGTERM, shutting down');
  });

  it('finishes an in-flight request on SIGINT and exits 0', async () => {
    const { run, base } = await startedStore();
    const started = (await (
      await fetch(`${base}/v1/agl/rollouts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ input: 'long' }),
      })
    ).json()) as { rollout_id: string };
    const waiting = fetch(`${base}/v1/agl/waits/rollouts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rollout_ids: [started.rollout_id], timeout: null }),
    });
    // Give the wait time to reach the server (it logs only when it answers).
    await new Promise((resolve) => setTimeout(resolve, 500));
    run.child.kill('SIGINT');
    const answer = await waiting;
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual([]);
    expect(await run.exit).toEqual({ code: 0, signal: null });
  }, 30_000);

  it('logs requests at DEBUG only when asked', async () => {
    const { run, base } = await startedStore('--log-level', 'debug');
    await fetch(`${base}/v1/agl/statistics`);
    await run.waitFor(/DEBUG agl\.store: .*"GET \/v1\/agl\/statistics HTTP\/1\.1" 200/);
    run.child.kill('SIGTERM');
    expect((await run.exit).code).toBe(0);
  });

  it('takes its level from AGL_LOG_LEVEL when --log-level is absent, the flag winning', async () => {
    const { run, base } = await startedStoreWith({ env: { AGL_LOG_LEVEL: 'DEBUG' } });
    await fetch(`${base}/v1/agl/statistics`);
    await run.waitFor(/DEBUG agl\.store: .*"GET \/v1\/agl\/statistics HTTP\/1\.1" 200/);
    await run.waitFor(/Health check passed/);
    run.child.kill('SIGTERM');
    expect((await run.exit).code).toBe(0);

    const quiet = await startedStoreWith(
      { env: { AGL_LOG_LEVEL: 'debug' } },
      '--log-level',
      'info',
    );
    await fetch(`${quiet.base}/v1/agl/statistics`);
    await quiet.run.waitFor(/Health check passed/);
    quiet.run.child.kill('SIGTERM');
    expect((await quiet.run.exit).code).toBe(0);
    expect(quiet.run.stderr()).not.toContain('DEBUG');
  });

  it('prints one line and exits 2 for an unknown AGL_LOG_LEVEL', async () => {
    const run = aglWith({ env: { AGL_LOG_LEVEL: 'loud' } }, 'store', '--port', '0');
    expect((await run.exit).code).toBe(2);
    expect(run.stderr().trim().split('\n')).toEqual([
      "agl store: AGL_LOG_LEVEL: unknown log level 'loud' (expected debug, info, warn, error)",
    ]);
  });

  it('prints one line and exits 1 when the port is taken', async () => {
    await withTakenPort(async (port) => {
      const run = agl('store', '--host', '127.0.0.1', '--port', String(port));
      expect((await run.exit).code).toBe(1);
      const lines = run.stderr().trim().split('\n');
      expect(lines).toEqual([
        `agl store: port ${port} on 127.0.0.1 is already in use (address already in use)`,
      ]);
    });
  });

  it('exits 2 with a usage hint for invalid flags', async () => {
    for (const args of [
      ['--bogus'],
      ['--port', 'abc'],
      ['--log-level', 'loud'],
      ['--backend', 'sqlite'],
    ]) {
      const run = agl('store', ...args);
      expect({ args, code: (await run.exit).code }).toEqual({ args, code: 2 });
      expect(run.stderr()).toContain('agl store --help');
    }
  });

  it('exits 1 for backends it cannot run (mongo, several workers)', async () => {
    const mongo = agl('store', '--backend', 'mongo');
    expect((await mongo.exit).code).toBe(1);
    expect(mongo.stderr()).toContain('mongo backend is not available');
    const workers = agl('store', '--n-workers', '2');
    expect((await workers.exit).code).toBe(1);
    expect(workers.stderr()).toContain('--n-workers 2');
  });

  it('refuses contradictory backend flags', async () => {
    const none = agl('store', '--backend', 'postgres');
    expect((await none.exit).code).toBe(2);
    expect(none.stderr()).toContain('--database-url URL');
    const both = agl(
      'store',
      '--backend',
      'postgres',
      '--database-url',
      'postgres://x/y',
      '--data-dir',
      'd',
    );
    expect((await both.exit).code).toBe(2);
    const stray = agl('store', '--data-dir', 'd');
    expect((await stray.exit).code).toBe(2);
    expect(stray.stderr()).toContain('need --backend postgres');
    const lax = agl('store', '--synchronous-commit', 'off');
    expect((await lax.exit).code).toBe(2);
    expect(lax.stderr()).toContain('--synchronous-commit needs --backend postgres --database-url');
    const unknown = agl(
      'store',
      '--backend',
      'postgres',
      '--database-url',
      'postgres://x/y',
      '--synchronous-commit',
      'sometimes',
    );
    expect((await unknown.exit).code).toBe(2);
    expect(unknown.stderr()).toContain('sometimes');
    const embedded = agl('store', '--backend', 'postgres', '--data-dir', 'd', '--n-workers', '2');
    expect((await embedded.exit).code).toBe(1);
    expect(embedded.stderr()).toContain('embedded PostgreSQL');
  });

  it('serves an embedded PostgreSQL store that keeps its data across restarts', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'agl-cli-'));
    try {
      const first = await startedStore('--backend', 'postgres', '--data-dir', dataDir);
      const created = (await (
        await fetch(`${first.base}/v1/agl/rollouts`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ input: 'kept' }),
        })
      ).json()) as { rollout_id: string };
      first.run.child.kill('SIGTERM');
      expect((await first.run.exit).code).toBe(0);

      const second = await startedStore('--backend', 'postgres', '--data-dir', dataDir);
      expect(second.run.stderr()).toContain(
        `(backend postgres, embedded database in ${dataDir}, partition 'default')`,
      );
      // A second process on the same directory would lose what it writes: refused at start.
      const intruder = agl('store', '--port', '0', '--backend', 'postgres', '--data-dir', dataDir);
      expect((await intruder.exit).code).toBe(1);
      expect(intruder.stderr()).toContain(
        `is already open in another process (pid ${second.run.child.pid}); one process per data directory`,
      );
      const read = (await (
        await fetch(`${second.base}/v1/agl/rollouts/${created.rollout_id}`)
      ).json()) as { input: unknown } | null;
      expect(read?.input).toBe('kept');
      second.run.child.kill('SIGTERM');
      expect((await second.run.exit).code).toBe(0);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);

  it.skipIf(!postgresUrl)(
    'serves one shared state from several processes with --n-workers on a PostgreSQL server',
    async () => {
      const partition = `cli-${Date.now().toString(36)}`;
      const { run, base } = await startedStore(
        '--backend',
        'postgres',
        '--database-url',
        postgresUrl as string,
        '--partition',
        partition,
        '--n-workers',
        '2',
        '--synchronous-commit',
        'off',
      );
      await run.waitFor(/Serving with 2 server processes/);
      // No process sees the other's writes, so neither may promise live events:
      // health leaves `events` out and the stream route does not exist.
      for (let i = 0; i < 4; i++) {
        const health = (await (
          await fetch(`${base}/v1/agl/health`, { headers: { connection: 'close' } })
        ).json()) as { capabilities: Record<string, unknown> };
        expect(health.capabilities.events).toBeUndefined();
        const stream = await fetch(`${base}/v1/agl/events`, { headers: { connection: 'close' } });
        expect(stream.status).toBe(404);
        await stream.body?.cancel();
      }
      const ids = new Set<string>();
      for (let i = 0; i < 20; i++) {
        const answer = await fetch(`${base}/v1/agl/queues/rollouts/enqueue`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', connection: 'close' },
          body: JSON.stringify({ rollouts: [{ input: i }] }),
        });
        const [rollout] = (await answer.json()) as { rollout_id: string }[];
        ids.add(rollout?.rollout_id ?? '');
      }
      const page = (await (
        await fetch(`${base}/v1/agl/rollouts?limit=100`, { headers: { connection: 'close' } })
      ).json()) as { total: number };
      expect(page.total).toBe(20);
      expect(ids.size).toBe(20);
      run.child.kill('SIGTERM');
      expect((await run.exit).code).toBe(0);
    },
    60_000,
  );

  it('binds 127.0.0.1 by default and names the backend in its start line', async () => {
    const run = agl('store', '--port', '0');
    await run.waitFor(/Health check passed/);
    expect(run.stderr()).toMatch(
      /Starting server at http:\/\/127\.0\.0\.1:\d+ \(backend memory \(in this process, lost on exit\)\)/,
    );
    run.child.kill('SIGTERM');
    expect((await run.exit).code).toBe(0);
  });

  it('never shows the database password', async () => {
    // Nothing listens on port 9: the store cannot open, and says so without the password.
    const run = agl(
      'store',
      '--backend',
      'postgres',
      '--database-url',
      'postgres://agl:hunter2@127.0.0.1:9/agl',
    );
    expect((await run.exit).code).toBe(1);
    expect(run.stderr()).toContain('postgres://agl:***@127.0.0.1:9/agl');
    expect(run.stderr() + run.stdout()).not.toContain('hunter2');
  }, 60_000);

  it('exits 2 for invalid store settings', async () => {
    const run = agl('store', '--eviction-threshold-bytes', '100', '--safe-threshold-bytes', '200');
    expect((await run.exit).code).toBe(2);
    expect(run.stderr()).toMatch(/^agl store: .*safe threshold/i);
  });
});

describe('agl legacy-server', () => {
  it('reads --log-level and AGL_LOG_LEVEL like agl store', async () => {
    const flag = agl('legacy-server', '--port', '0', '--log-level', 'loud');
    expect((await flag.exit).code).toBe(2);
    expect(flag.stderr()).toContain("option '--log-level <level>' argument 'loud' is invalid");
    expect(flag.stderr()).toContain('agl legacy-server --help');
    const env = aglWith({ env: { AGL_LOG_LEVEL: 'loud' } }, 'legacy-server', '--port', '0');
    expect((await env.exit).code).toBe(2);
    expect(env.stderr().trim().split('\n')).toEqual([
      "agl legacy-server: AGL_LOG_LEVEL: unknown log level 'loud' (expected debug, info, warn, error)",
    ]);
  });

  it('serves the legacy protocol until SIGTERM, then exits 0', async () => {
    const run = agl('legacy-server', '--port', '0', '--host', '127.0.0.1');
    let port: string | undefined;
    while (port === undefined) {
      port = /listening on http:\/\/127\.0\.0\.1:(\d+)/i.exec(run.stdout() + run.stderr())?.[1];
      if (run.child.exitCode !== null) throw new Error(`exited early:\n${run.stderr()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const task = await fetch(`http://127.0.0.1:${port}/task`);
    expect(task.status).toBe(200);
    expect(await task.json()).toMatchObject({ is_available: false });
    run.child.kill('SIGTERM');
    expect((await run.exit).code).toBe(0);
  });

  it('prints one line and exits 1 when the port is taken', async () => {
    await withTakenPort(async (port) => {
      const run = agl('legacy-server', '--host', '127.0.0.1', '--port', String(port));
      expect((await run.exit).code).toBe(1);
      // The deprecation notice is printed first; the failure itself is one line.
      const lines = run.stderr().trim().split('\n');
      expect(lines.filter((line) => line.includes('already in use'))).toEqual([
        `Cannot start the legacy server: port ${port} on 127.0.0.1 is already in use.`,
      ]);
      expect(lines.filter((line) => !/deprecated/.test(line))).toHaveLength(1);
    });
  });
});

describe('agl help', () => {
  it('lists the commands and every store flag', async () => {
    const top = agl('--help');
    expect((await top.exit).code).toBe(0);
    expect(top.stdout()).toContain('store');
    const store = agl('store', '--help');
    expect((await store.exit).code).toBe(0);
    for (const flag of [
      '--host',
      '--port',
      '--cors-origin',
      '--log-level',
      '--backend',
      '--n-workers',
      '--mongo-uri',
      '--tracker',
      '--debug',
      '--eviction-threshold-bytes',
      '--eviction-threshold-ratio',
      '--safe-threshold-bytes',
      '--safe-threshold-ratio',
      '--scan-debounce-seconds',
      '--watchdog-interval-seconds',
      '--database-url',
      '--data-dir',
      '--partition',
    ])
      expect(store.stdout()).toContain(flag);
  });

  it('exits 2 for an unknown command', async () => {
    const run = agl('nope');
    expect((await run.exit).code).toBe(2);
    expect(run.stderr()).toContain("unknown command 'nope'");
  });
});
