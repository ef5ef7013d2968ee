import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createEmbeddedPostgresStore,
  DATA_DIR_LOCK_FILE,
  DataDirLockedError,
  lockDataDir,
} from '../src/index';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});
async function freshDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'agl-lock-'));
  dirs.push(dir);
  return dir;
}

describe('one process per data directory', () => {
  it('refuses a second store on an open directory and frees it on close', async () => {
    const dataDir = await freshDir();
    const first = await createEmbeddedPostgresStore({ dataDir });
    const lock = JSON.parse(await readFile(join(dataDir, DATA_DIR_LOCK_FILE), 'utf8'));
    expect(lock.pid).toBe(process.pid);
    const second = createEmbeddedPostgresStore({ dataDir });
    await expect(second).rejects.toBeInstanceOf(DataDirLockedError);
    await expect(second).rejects.toThrow(
      `${dataDir} is already open in another process (pid ${process.pid}); one process per data directory`,
    );
    await first.close();
    expect(existsSync(join(dataDir, DATA_DIR_LOCK_FILE))).toBe(false);
    const reopened = await createEmbeddedPostgresStore({ dataDir });
    await reopened.close();
  }, 120_000);

  it('refuses a directory held by another live process', async () => {
    const dataDir = await freshDir();
    // The parent of this test process is alive for sure.
    await writeFile(
      join(dataDir, DATA_DIR_LOCK_FILE),
      JSON.stringify({ pid: process.ppid, host: hostname() }),
    );
    await expect(lockDataDir(dataDir)).rejects.toThrow(`(pid ${process.ppid})`);
  });

  it('takes over a lock left by a process that is gone', async () => {
    const dataDir = await freshDir();
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    const deadPid = Number(gone.stdout.toString());
    await writeFile(
      join(dataDir, DATA_DIR_LOCK_FILE),
      JSON.stringify({ pid: deadPid, host: hostname() }),
    );
    const unlock = await lockDataDir(dataDir);
    const lock = JSON.parse(await readFile(join(dataDir, DATA_DIR_LOCK_FILE), 'utf8'));
    expect(lock.pid).toBe(process.pid);
    await unlock();
    expect(existsSync(join(dataDir, DATA_DIR_LOCK_FILE))).toBe(false);
  });
});
