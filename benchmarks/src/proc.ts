/**
 * CPU time of a process from `/proc/<pid>/stat` (Linux), for the benchmarks
 * that judge a change by CPU per operation rather than by throughput.
 *
 * @module
 */
import { readFileSync } from 'node:fs';

/** Clock ticks per second of `/proc` times; 100 on every Linux configuration in use. */
export const TICKS_PER_SECOND = 100;

/**
 * User and system CPU time of a process in clock ticks, or `null` when it is
 * gone (or there is no `/proc`).
 *
 * @param pid - the process
 */
export function processTicks(pid: number): { user: number; system: number } | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) may contain spaces; the fields after it are fixed.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { user: Number(fields[11]), system: Number(fields[12]) };
}

/**
 * User and system CPU time of a live process in milliseconds.
 *
 * @param pid - the process
 */
export function processCpuMs(pid: number): { user: number; system: number } {
  const ticks = processTicks(pid);
  if (ticks === null) throw new Error(`process ${pid} is gone`);
  const ms = 1000 / TICKS_PER_SECOND;
  return { user: ticks.user * ms, system: ticks.system * ms };
}
