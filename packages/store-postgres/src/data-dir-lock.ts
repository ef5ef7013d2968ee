/**
 * One process per embedded data directory. PGlite cannot share a directory
 * between processes: two stores on one directory both start, and whatever
 * the second one writes is lost at the next restart. A lock file holding the
 * owner's pid refuses the second process at start; a lock left by a process
 * that no longer runs (a crash, SIGKILL) is taken over.
 *
 * @module
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { InvalidStateError } from '@agl/store-core';

/** Name of the lock file inside the data directory. */
export const DATA_DIR_LOCK_FILE = 'agl-store.lock';

/** Another live process has the data directory open. */
export class DataDirLockedError extends InvalidStateError {
  /** The directory. */
  readonly dataDir: string;
  /** The pid of the process holding it. */
  readonly ownerPid: number;

  /**
   * @param dataDir - the directory
   * @param ownerPid - the process holding it
   */
  constructor(dataDir: string, ownerPid: number) {
    super(
      `${dataDir} is already open in another process (pid ${ownerPid}); one process per data directory. ` +
        "Stop that process, reach its store over HTTP ('agl store --data-dir' serves it), or choose another directory.",
    );
    this.dataDir = dataDir;
    this.ownerPid = ownerPid;
  }
}

interface LockContent {
  pid: number;
  host: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readLock(file: string): Promise<LockContent | null> {
  try {
    const content = JSON.parse(await readFile(file, 'utf8')) as Partial<LockContent>;
    return typeof content.pid === 'number'
      ? { pid: content.pid, host: String(content.host ?? '') }
      : null;
  } catch {
    return null;
  }
}

/**
 * Takes the lock of a data directory (which must exist).
 *
 * @param dataDir - the directory
 * @returns a function releasing the lock
 * @throws DataDirLockedError when a live process holds it
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const file = path.join(dataDir, DATA_DIR_LOCK_FILE);
  const content = JSON.stringify({ pid: process.pid, host: hostname() });
  for (let tries = 0; ; tries++) {
    try {
      await writeFile(file, content, { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || tries > 0) throw error;
    }
    const owner = await readLock(file);
    // A lock from another machine (a shared volume) cannot be checked: respect it.
    if (owner && (owner.host !== hostname() || owner.pid === process.pid || alive(owner.pid)))
      throw new DataDirLockedError(dataDir, owner.pid);
    // Stale: its process is gone (or the file is unreadable); take it over.
    await rm(file, { force: true });
  }
  return async () => {
    const owner = await readLock(file);
    if (owner?.pid === process.pid) await rm(file, { force: true });
  };
}
