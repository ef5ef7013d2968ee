/**
 * Where the CPU went during a workload row: the database (every PostgreSQL
 * backend serving the benchmark database plus the server's background
 * processes: WAL writer, checkpointer, ...), the store server processes, the
 * load generator (this process), and everything else on the machine. Read
 * from `/proc` (user + system time), so it needs Linux; elsewhere the split
 * is empty and the table prints dashes.
 *
 * A row whose four shares add up to the machine's core count was limited by
 * the machine, not by the code under test.
 *
 * @module
 */
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { processTicks as processTicksOf, TICKS_PER_SECOND } from '../proc';

/** CPU used during a measured interval, in cores (CPU seconds per wall second). */
export interface CpuSplit {
  /** PostgreSQL processes of the benchmark database and the server's background processes. */
  readonly database: number;
  /** The store server processes. */
  readonly servers: number;
  /** The load generator (this process, including the feeder). */
  readonly load: number;
  /** Everything else on the machine (other users, the kernel's own threads). */
  readonly other: number;
  /** Cores of the machine. */
  readonly cores: number;
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** utime + stime of a process in ticks, or `null` when it is gone. */
function processTicks(pid: number): number | null {
  const ticks = processTicksOf(pid);
  return ticks === null ? null : ticks.user + ticks.system;
}

/** Busy ticks of the whole machine (everything but idle and iowait), summed over cores. */
function machineTicks(): number | null {
  const line = readText('/proc/stat')?.split('\n')[0];
  if (!line?.startsWith('cpu ')) return null;
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = values;
  return user + nice + system + irq + softirq + steal;
}

/**
 * PostgreSQL processes that count as "the database" of this benchmark: client
 * backends connected to `database` and the server's background processes
 * (backends of other databases, i.e. other users of a shared server, are left out).
 * A backend's command line reads `postgres: [cluster: ]user database host(port) state`.
 */
function databasePids(database: string): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const pids: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = readText(`/proc/${entry}/cmdline`);
    if (!cmdline) continue;
    const command = cmdline.replaceAll('\0', ' ').trim();
    if (command.includes('/bin/postgres ')) {
      pids.push(Number(entry)); // the postmaster itself
      continue;
    }
    if (!command.startsWith('postgres: ')) continue;
    const words = command
      .slice('postgres: '.length)
      .replace(/^\S+: /, '')
      .split(' ');
    const backend = words.length >= 3 && /\(\d+\)$|^\[local\]$/.test(words[2] ?? '');
    if (!backend || words[1] === database) pids.push(Number(entry));
  }
  return pids;
}

function ticksOf(pids: readonly number[]): Map<number, number> {
  const ticks = new Map<number, number>();
  for (const pid of pids) {
    const value = processTicks(pid);
    if (value !== null) ticks.set(pid, value);
  }
  return ticks;
}

/** A running measurement; `stop()` ends it. */
export interface CpuSplitMeasurement {
  /** Ends the interval and returns the split (`null` without `/proc`). */
  stop(): CpuSplit | null;
}

/**
 * Starts measuring. Database backends that start during the interval count
 * with all their CPU (they were born inside it); ones that exit during it are
 * missed, which the pools of the benchmark servers do not do.
 *
 * @param options - the server process ids, and the benchmark database's name
 *   (`null`: a backend without a database, nothing counts as the database)
 */
export function startCpuSplit(options: {
  readonly serverPids: readonly number[];
  readonly database: string | null;
}): CpuSplitMeasurement {
  const started = performance.now();
  const machine = machineTicks();
  const database = options.database;
  const dbBefore = database === null ? new Map() : ticksOf(databasePids(database));
  const serversBefore = ticksOf(options.serverPids);
  const loadBefore = processTicks(process.pid);
  return {
    stop() {
      const seconds = (performance.now() - started) / 1000;
      const machineAfter = machineTicks();
      const loadAfter = processTicks(process.pid);
      if (machine === null || machineAfter === null || loadBefore === null || loadAfter === null) {
        return null;
      }
      const delta = (before: Map<number, number>, after: Map<number, number>) => {
        let sum = 0;
        for (const [pid, ticks] of after) sum += ticks - (before.get(pid) ?? 0);
        return sum;
      };
      const db = database === null ? 0 : delta(dbBefore, ticksOf(databasePids(database)));
      const servers = delta(serversBefore, ticksOf(options.serverPids));
      const load = loadAfter - loadBefore;
      const cores = (ticks: number) => ticks / TICKS_PER_SECOND / seconds;
      return {
        database: cores(db),
        servers: cores(servers),
        load: cores(load),
        other: Math.max(0, cores(machineAfter - machine - db - servers - load)),
        cores: cpus().length,
      };
    },
  };
}

/**
 * The split as one table cell: `db 0.71 · servers 0.67 · load 0.26 · other 0.30 / 2`.
 *
 * @param split - the measured split, or `null`
 */
export function formatCpuSplit(split: CpuSplit | null): string {
  if (split === null) return '—';
  const f = (n: number) => n.toFixed(2);
  return `db ${f(split.database)} · servers ${f(split.servers)} · load ${f(split.load)} · other ${f(split.other)} / ${split.cores}`;
}

/**
 * CPU per finished rollout as one table cell: `db 2.1 · servers 1.9 ms`. It
 * depends less on what else the machine runs than rollouts/s does.
 *
 * @param split - the measured split, or `null`
 * @param rolloutsPerSecond - the row's throughput
 */
export function formatCpuPerRollout(split: CpuSplit | null, rolloutsPerSecond: number): string {
  if (split === null || rolloutsPerSecond <= 0) return '—';
  const ms = (cores: number) => ((cores / rolloutsPerSecond) * 1000).toFixed(2);
  return `db ${ms(split.database)} · servers ${ms(split.servers)} ms`;
}

/**
 * The database name of a `postgres://` URL, or `null`.
 *
 * @param url - the URL
 */
export function databaseName(url: string): string | null {
  // Not `new URL`: a Unix-socket URL (`postgres://user@/db?host=/run/postgresql`) has no host.
  const path = /^[a-z]+:\/\/[^/]*\/([^?#]+)/i.exec(url)?.[1];
  try {
    return path ? decodeURIComponent(path) : null;
  } catch {
    return null;
  }
}
