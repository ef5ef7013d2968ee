/** Timing and memory helpers for the benchmarks. They print; they never assert. */

const gc = (globalThis as { gc?: () => void }).gc;

/** Whether the process runs with `--expose-gc` (heap figures are only meaningful then). */
export const hasGc = gc !== undefined;

/** Runs a full garbage collection (twice, to settle weak references) when available. */
export function collect(): void {
  gc?.();
  gc?.();
}

/** Bytes of JS heap in use. */
export function heapUsed(): number {
  return process.memoryUsage().heapUsed;
}

/** Result of a throughput measurement. */
export interface Throughput {
  /** Operations per second. */
  readonly opsPerSecond: number;
  /** Heap growth over the run, in bytes (after a GC at both ends when available). */
  readonly heapDelta: number;
}

/**
 * Measures how many times `op(i)` completes per second, awaiting each call in turn.
 *
 * @param count - number of calls
 * @param op - the operation (may be synchronous)
 */
export async function throughput(
  count: number,
  op: (i: number) => unknown | Promise<unknown>,
): Promise<Throughput> {
  collect();
  const before = heapUsed();
  const start = performance.now();
  for (let i = 0; i < count; i++) await op(i);
  const seconds = (performance.now() - start) / 1000;
  collect();
  return { opsPerSecond: count / seconds, heapDelta: heapUsed() - before };
}

/** Result of a latency measurement. */
export interface Latency {
  /** Median latency in milliseconds. */
  readonly p50: number;
  /** 99th percentile latency in milliseconds. */
  readonly p99: number;
  /**
   * 99th percentile of the process CPU time per call, in milliseconds: unlike
   * wall time it does not include waiting for a core on a loaded machine.
   */
  readonly cpuP99: number;
}

/**
 * Measures the latency distribution of `op(i)` over `count` calls, after a
 * warm-up of up to 200 calls or 300 ms (so the JIT has optimised the path).
 *
 * @param count - number of measured calls
 * @param op - the operation
 */
export async function latency(
  count: number,
  op: (i: number) => unknown | Promise<unknown>,
): Promise<Latency> {
  const warmUntil = performance.now() + 300;
  for (let i = 0; i < 200 && performance.now() < warmUntil; i++) await op(i % count);
  collect();
  const samples: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < count; i++) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    await op(i);
    samples.push(performance.now() - start);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
  }
  const p = (values: number[], q: number) => {
    values.sort((a, b) => a - b);
    return values[Math.min(values.length - 1, Math.floor(q * values.length))] ?? 0;
  };
  return { p50: p(samples, 0.5), p99: p(samples, 0.99), cpuP99: p(cpu, 0.99) };
}
