/**
 * The system statistics a runner reports with each heartbeat,
 * from what Node's `os` and `fs` provide without blocking. Values the
 * platform cannot supply are `null`; GPU statistics are not collected.
 *
 * @module
 */
import { readFile, statfs } from 'node:fs/promises';
import os from 'node:os';

const GB = 1024 ** 3;
const MB = 1024 ** 2;

function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

function cpuTotals(): { idle: number; total: number } {
  let idle = 0;
  let total = 0;
  for (const cpu of os.cpus()) {
    const t = cpu.times;
    idle += t.idle;
    total += t.user + t.nice + t.sys + t.idle + t.irq;
  }
  return { idle, total };
}

let previousCpu = cpuTotals();

function cpuUsagePct(): number | null {
  const now = cpuTotals();
  const total = now.total - previousCpu.total;
  const idle = now.idle - previousCpu.idle;
  previousCpu = now;
  return total > 0 ? round((100 * (total - idle)) / total, 1) : null;
}

async function disk(): Promise<{ used: number; total: number } | null> {
  try {
    const s = await statfs(os.platform() === 'win32' ? process.cwd().slice(0, 3) : '/');
    const total = s.blocks * s.bsize;
    return { total, used: total - s.bfree * s.bsize };
  } catch {
    return null;
  }
}

async function network(): Promise<{ sent: number; recv: number } | null> {
  if (os.platform() !== 'linux') return null;
  try {
    const text = await readFile('/proc/net/dev', 'utf8');
    let sent = 0;
    let recv = 0;
    for (const line of text.split('\n').slice(2)) {
      const [iface, data] = line.split(':');
      if (!data || iface?.trim() === 'lo') continue;
      const fields = data.trim().split(/\s+/).map(Number);
      recv += fields[0] ?? 0;
      sent += fields[8] ?? 0;
    }
    return { sent, recv };
  } catch {
    return null;
  }
}

/**
 * Takes a snapshot with the reference's keys: `timestamp`, `host`, `os`,
 * `cpu_name`, `cpu_cores`, `cpu_threads`, `cpu_usage_pct`, `mem_used_gb`,
 * `mem_total_gb`, `mem_pct`, `disk_used_gb`, `disk_total_gb`, `disk_pct`,
 * `bytes_sent_mb`, `bytes_recv_mb`.
 */
export async function systemSnapshot(): Promise<Record<string, unknown>> {
  const cpus = os.cpus();
  const memTotal = os.totalmem();
  const memUsed = memTotal - os.freemem();
  const [d, n] = await Promise.all([disk(), network()]);
  return {
    timestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    host: os.hostname(),
    os: `${os.type()} ${os.release()}`,
    cpu_name: cpus[0]?.model ?? null,
    cpu_cores:
      typeof os.availableParallelism === 'function' ? os.availableParallelism() : cpus.length,
    cpu_threads: cpus.length,
    cpu_usage_pct: cpuUsagePct(),
    mem_used_gb: round(memUsed / GB),
    mem_total_gb: round(memTotal / GB),
    mem_pct: memTotal > 0 ? round((100 * memUsed) / memTotal, 1) : null,
    disk_used_gb: d ? round(d.used / GB) : null,
    disk_total_gb: d ? round(d.total / GB) : null,
    disk_pct: d && d.total > 0 ? round((100 * d.used) / d.total, 1) : null,
    bytes_sent_mb: n ? round(n.sent / MB) : null,
    bytes_recv_mb: n ? round(n.recv / MB) : null,
  };
}
