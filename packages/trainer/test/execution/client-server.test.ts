import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { LightningStoreClient } from '@agl/store-client';
import type { LightningStore } from '@agl/store-core';
import { AddressInUseError, InvalidArgumentError } from '@agl/store-core';
import { InMemoryLightningStore } from '@agl/store-memory';
import { LightningStoreServer } from '@agl/store-server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type ChildHandle,
  ClientServerExecutionStrategy,
  exitCodeOf,
  shutdownChildren,
  spawnRoleProcess,
} from '../../src/execution';
import { captureLogs } from '../../src/logging';
import { portIsFree } from '../helpers';

let capture = captureLogs();
afterEach(() => {
  capture.restore();
  capture = captureLogs();
});

const stubborn = fileURLToPath(new URL('../fixtures/stubborn-child.mjs', import.meta.url));

function spawnStubborn(mode: string): Promise<ChildHandle> {
  const child = spawnRoleProcess(
    `child-${mode}`,
    { execPath: process.execPath, execArgv: [], script: stubborn, args: [] },
    {
      ...process.env,
      STUBBORN_MODE: mode,
    },
  );
  return new Promise((resolve) => {
    child.process.once('message', () => resolve(child));
    void child.exited.then(() => resolve(child));
  });
}

describe('client-server options', () => {
  it('resolves explicit options, then env vars, then defaults', () => {
    const defaults = new ClientServerExecutionStrategy({ env: {} });
    expect([
      defaults.role,
      defaults.serverHost,
      defaults.serverPort,
      defaults.managedStore,
    ]).toEqual(['both', 'localhost', 4747, true]);
    expect(defaults.allowedExitCodes).toEqual([0, -15]);
    const env = {
      AGL_SERVER_PORT: '10000',
      AGL_CURRENT_ROLE: 'algorithm',
      AGL_MANAGED_STORE: '0',
      AGL_SERVER_HOST: 'h',
    };
    const fromEnv = new ClientServerExecutionStrategy({ env });
    expect([fromEnv.role, fromEnv.serverHost, fromEnv.serverPort, fromEnv.managedStore]).toEqual([
      'algorithm',
      'h',
      10000,
      false,
    ]);
    const explicit = new ClientServerExecutionStrategy({
      env,
      role: 'runner',
      serverPort: 9999,
      managedStore: true,
    });
    expect([explicit.role, explicit.serverPort, explicit.managedStore]).toEqual([
      'runner',
      9999,
      true,
    ]);
  });

  it('rejects invalid values', () => {
    expect(() => new ClientServerExecutionStrategy({ env: { AGL_CURRENT_ROLE: 'boss' } })).toThrow(
      InvalidArgumentError,
    );
    expect(() => new ClientServerExecutionStrategy({ env: { AGL_SERVER_PORT: 'abc' } })).toThrow(
      'AGL_SERVER_PORT must be an integer',
    );
    expect(() => new ClientServerExecutionStrategy({ env: { AGL_MANAGED_STORE: 'sure' } })).toThrow(
      'AGL_MANAGED_STORE must be one of',
    );
    expect(
      () =>
        new ClientServerExecutionStrategy({ env: {}, mainProcess: 'runner', role: 'algorithm' }),
    ).toThrow(InvalidArgumentError);
    expect(
      () => new ClientServerExecutionStrategy({ env: {}, mainProcess: 'runner', nRunners: 2 }),
    ).toThrow(InvalidArgumentError);
    expect(new ClientServerExecutionStrategy({ env: {}, mainProcess: 'runner' }).mainProcess).toBe(
      'runner',
    );
  });
});

describe('client-server in-process variant', () => {
  it('serves the store to HTTP clients, closes them, stops the server and sets the event', async () => {
    const store = new InMemoryLightningStore({ watchdogIntervalSeconds: null });
    let port = 0;
    const strategy = new ClientServerExecutionStrategy({
      env: {},
      serverPort: 0,
      nRunners: 2,
      inProcessRunners: true,
      handleSignals: false,
    });
    const runnerStores: LightningStore[] = [];
    const closed = vi.spyOn(LightningStoreClient.prototype, 'close');
    let eventSetAfterAlgorithm = false;
    await strategy.execute(
      async (algorithmStore, event) => {
        expect(algorithmStore).toBe(store);
        await algorithmStore.enqueueRollout('task');
        while (runnerStores.length < 2) await new Promise((r) => setTimeout(r, 5));
        port = Number(new URL((runnerStores[0] as LightningStoreClient).config.serverAddress).port);
        expect(event.isSet()).toBe(false);
      },
      async (runnerStore, workerId, event) => {
        expect(runnerStore).toBeInstanceOf(LightningStoreClient);
        runnerStores.push(runnerStore);
        if (workerId === 0)
          expect(await runnerStore.dequeueRollout({ workerId: 'Worker-0' })).not.toBeNull();
        await event.wait();
        eventSetAfterAlgorithm = true;
      },
      store,
    );
    expect(eventSetAfterAlgorithm).toBe(true);
    expect(closed).toHaveBeenCalledTimes(2);
    closed.mockRestore();
    expect(port).toBeGreaterThan(0);
    expect(await portIsFree(port)).toBe(true);
    await store.close();
  });

  it('uses a store client as it is instead of serving it again on its port', async () => {
    const backing = new InMemoryLightningStore({ watchdogIntervalSeconds: null });
    const running = new LightningStoreServer({ store: backing, host: '127.0.0.1', port: 0 });
    await running.start();
    const client = new LightningStoreClient(`http://127.0.0.1:${running.port}`);
    // The default (managed) settings on the same port as the running store.
    const strategy = new ClientServerExecutionStrategy({
      env: {},
      serverHost: '127.0.0.1',
      serverPort: running.port,
      inProcessRunners: true,
      handleSignals: false,
    });
    const seen: LightningStore[] = [];
    await strategy.execute(
      async (s) => {
        seen.push(s);
        await s.enqueueRollout('task');
      },
      async (s, _id, event) => {
        seen.push(s);
        await event.wait();
      },
      client,
    );
    expect(seen).toEqual([client, client]);
    expect((await backing.queryRollouts()).total).toBe(1);
    expect(capture.records.some((r) => r.message.includes('every process uses it directly'))).toBe(
      true,
    );
    await client.close();
    await running.stop();
    await backing.close();
  });

  it('fails fast with a clear error when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const store = new InMemoryLightningStore({ watchdogIntervalSeconds: null });
    const strategy = new ClientServerExecutionStrategy({
      env: {},
      serverHost: '127.0.0.1',
      serverPort: port,
      inProcessRunners: true,
      handleSignals: false,
    });
    let ran = false;
    const run = strategy.execute(
      async () => {
        ran = true;
      },
      async () => {
        ran = true;
      },
      store,
    );
    await expect(run).rejects.toThrow(AddressInUseError);
    await expect(run).rejects.toThrow(`port ${port} on 127.0.0.1 is already in use`);
    await expect(run).rejects.toThrow('pass store: new LightningStoreClient(');
    expect(ran).toBe(false);
    await new Promise((resolve) => blocker.close(resolve));
    await store.close();
  });

  it('unmanaged: both sides get the given store', async () => {
    const store = new InMemoryLightningStore({ watchdogIntervalSeconds: null });
    const strategy = new ClientServerExecutionStrategy({
      env: {},
      managedStore: false,
      inProcessRunners: true,
      handleSignals: false,
    });
    const seen: LightningStore[] = [];
    await strategy.execute(
      async (s) => void seen.push(s),
      async (s, _id, event) => {
        seen.push(s);
        await event.wait();
      },
      store,
    );
    expect(seen).toEqual([store, store]);
    await store.close();
  });

  it('role algorithm runs only the algorithm; role runner runs one runner against the client', async () => {
    const store = new InMemoryLightningStore({ watchdogIntervalSeconds: null });
    const calls: string[] = [];
    await new ClientServerExecutionStrategy({
      env: {},
      role: 'algorithm',
      serverPort: 0,
      handleSignals: false,
    }).execute(
      async () => void calls.push('algorithm'),
      async () => void calls.push('runner'),
      store,
    );
    await new ClientServerExecutionStrategy({
      env: { AGL_RUNNER_WORKER_ID: '3' },
      role: 'runner',
      managedStore: false,
      handleSignals: false,
    }).execute(
      async () => void calls.push('algorithm'),
      async (_s, id) => void calls.push(`runner-${id}`),
      store,
    );
    expect(calls).toEqual(['algorithm', 'runner-3']);
    await store.close();
  });
});

describe('child process shutdown', () => {
  it('maps exits to the reference codes', () => {
    expect(exitCodeOf(0, null)).toBe(0);
    expect(exitCodeOf(null, 'SIGTERM')).toBe(-15);
    expect(exitCodeOf(null, 'SIGKILL')).toBe(-9);
  });

  it('escalates stop message → SIGINT → SIGTERM → SIGKILL', async () => {
    const [obeys, onTerm, ignores] = await Promise.all([
      spawnStubborn('obey'),
      spawnStubborn('exit-on-term'),
      spawnStubborn('ignore-all'),
    ]);
    await shutdownChildren([obeys, onTerm, ignores], {
      gracefulTimeout: 0.3,
      terminateTimeout: 0.3,
    });
    expect(obeys.exitCode).toBe(0);
    expect(onTerm.exitCode).toBe(0);
    expect(ignores.exitCode).toBe(-9);
    const warnings = capture.records.filter((l) => l.level === 'warn').map((l) => l.message);
    expect(warnings.some((m) => m.startsWith('Sending SIGINT'))).toBe(true);
    expect(
      warnings.some(
        (m) =>
          m.startsWith('Sending SIGKILL') &&
          m.includes('child-ignore-all') &&
          !m.includes('exit-on-term'),
      ),
    ).toBe(true);
  });

  const stubbornEntry = { execArgv: [], script: stubborn, args: [] };

  it('raises InvalidStateError for children that exit with an unexpected code', async () => {
    const store = new InMemoryLightningStore({ watchdogIntervalSeconds: null });
    const strategy = new ClientServerExecutionStrategy({
      env: {},
      role: 'runner',
      nRunners: 2,
      handleSignals: false,
      entry: stubbornEntry,
      childEnv: { STUBBORN_MODE: 'fail' },
    });
    await expect(
      strategy.execute(
        async () => {},
        async () => {},
        store,
      ),
    ).rejects.toThrow(/Subprocesses failed with unexpected exit codes: runner-0=1, runner-1=1/);
    await store.close();
  });

  it('counts a child killed by the Ctrl+C of its process group as stopped, not failed', async () => {
    const store = new InMemoryLightningStore({ watchdogIntervalSeconds: null });
    const pids: number[] = [];
    const strategy = new ClientServerExecutionStrategy({
      env: {},
      role: 'runner',
      nRunners: 2,
      entry: stubbornEntry,
      childEnv: { STUBBORN_MODE: 'booting' },
      // The terminal's Ctrl+C: the child (no handler yet) and this process both get SIGINT.
      onSpawn: (_name, pid) => {
        pids.push(pid as number);
        if (pids.length === 2)
          setTimeout(() => {
            for (const child of pids) process.kill(child, 'SIGINT');
            process.emit('SIGINT', 'SIGINT');
          }, 300);
      },
    });
    await expect(
      strategy.execute(
        async () => {},
        async () => {},
        store,
      ),
    ).resolves.toBeUndefined();
    expect(capture.records.some((l) => l.message.includes('SIGINT received; stopping'))).toBe(true);
    expect(
      capture.records.filter((l) => /unexpected exit codes|exited early/.test(l.message)),
    ).toEqual([]);
    await store.close();
  });

  it('only warns about exit codes while another error propagates', async () => {
    const store = new InMemoryLightningStore({ watchdogIntervalSeconds: null });
    const pids: number[] = [];
    const strategy = new ClientServerExecutionStrategy({
      env: {},
      serverPort: 0,
      nRunners: 1,
      handleSignals: false,
      entry: stubbornEntry,
      childEnv: { STUBBORN_MODE: 'fail' },
      onSpawn: (_name, pid) => pids.push(pid as number),
    });
    await expect(
      strategy.execute(
        async () => {
          throw new Error('algorithm broke');
        },
        async () => {},
        store,
      ),
    ).rejects.toThrow('algorithm broke');
    expect(
      capture.records.some(
        (l) => l.level === 'warn' && l.message.includes('unexpected exit codes'),
      ),
    ).toBe(true);
    expect(pids).toHaveLength(1);
    await store.close();
  });

  it('abandons the algorithm and fails when every runner process dies', async () => {
    const store = new InMemoryLightningStore({ watchdogIntervalSeconds: null });
    const strategy = new ClientServerExecutionStrategy({
      env: {},
      serverPort: 0,
      nRunners: 2,
      handleSignals: false,
      entry: stubbornEntry,
      childEnv: { STUBBORN_MODE: 'fail' },
    });
    const waitsForever = async () => new Promise<void>(() => {});
    await expect(strategy.execute(waitsForever, async () => {}, store)).rejects.toThrow(
      'Subprocesses failed with unexpected exit codes',
    );
    expect(
      capture.records.some((l) => l.message.includes('Every runner process exited with an error')),
    ).toBe(true);
    await store.close();
  });
});
