/** Load generation for the proxy benchmark: keep-alive undici requests, latencies in ms. */
import { Agent, request } from 'undici';
import { processTicks, TICKS_PER_SECOND } from '../proc';

/** A pooled client with up to `connections` keep-alive connections. */
export const createAgent = (connections: number): Agent =>
  new Agent({ connections, keepAliveTimeout: 60_000 });

/** One chat request body of about 1 KiB: three messages, the last asking for a ~1 KiB answer. */
export function chatBody(model: string, stream: boolean, say: string): string {
  const filler =
    'Please answer carefully and briefly; this sentence only pads the prompt to a realistic size. ';
  return JSON.stringify({
    model,
    messages: [
      { role: 'system', content: filler.repeat(4) },
      { role: 'user', content: filler.repeat(3) },
      { role: 'user', content: `[[say:${say}]]` },
    ],
    temperature: 0.7,
    ...(stream ? { stream: true } : {}),
    return_token_ids: true,
  });
}

/** Sends one request and reads the whole answer; returns the latency in ms. */
export async function call(agent: Agent, url: string, body: string): Promise<number> {
  const start = performance.now();
  const res = await request(url, {
    method: 'POST',
    body,
    dispatcher: agent,
    headers: { 'content-type': 'application/json' },
  });
  await res.body.arrayBuffer();
  if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode} from ${url}`);
  return performance.now() - start;
}

/** Streams one request; returns the arrival times (ms after sending) of the first and last chunk and the largest gap. */
export async function streamTimes(
  agent: Agent,
  url: string,
  body: string,
): Promise<{ first: number; last: number; maxGap: number }> {
  const start = performance.now();
  const res = await request(url, {
    method: 'POST',
    body,
    dispatcher: agent,
    headers: { 'content-type': 'application/json' },
  });
  let first = -1;
  let previous = -1;
  let maxGap = 0;
  let last = 0;
  for await (const _ of res.body) {
    const now = performance.now() - start;
    if (first < 0) first = now;
    if (previous >= 0) maxGap = Math.max(maxGap, now - previous);
    previous = now;
    last = now;
  }
  return { first, last, maxGap };
}

/** p-th percentile (0-100) of a sample. */
export function percentile(sample: readonly number[], p: number): number {
  const sorted = [...sample].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** What a closed loop of calls measured over its window (after the warm-up). */
export interface Throughput {
  /** Calls answered per second. */
  readonly rate: number;
  /** CPU µs per answered call of each watched process, in the order given. */
  readonly cpuUsPerCall: readonly number[];
  /** CPU µs per answered call of this process, the load generator. */
  readonly loadUsPerCall: number;
}

/** CPU time of each process (µs, from `/proc`; NaN once gone) and of this one. */
function cpuNow(pids: readonly number[]): { pids: number[]; self: number } {
  const usage = process.cpuUsage();
  return {
    pids: pids.map((pid) => {
      const t = processTicks(pid);
      return t === null ? Number.NaN : ((t.user + t.system) * 1e6) / TICKS_PER_SECOND;
    }),
    self: usage.user + usage.system,
  };
}

/**
 * Calls per second with `concurrency` workers for `seconds` after `warmupSeconds`, and the CPU
 * per call over the same window of the `watch`ed processes and of this one.
 */
export async function callsPerSecond(
  agent: Agent,
  url: string,
  body: string,
  concurrency: number,
  seconds: number,
  warmupSeconds: number,
  watch: readonly number[] = [],
): Promise<Throughput> {
  const warmEnd = performance.now() + warmupSeconds * 1000;
  const end = warmEnd + seconds * 1000;
  let counted = 0;
  let first: ReturnType<typeof cpuNow> | undefined;
  let last: ReturnType<typeof cpuNow> | undefined;
  const opening = setTimeout(() => {
    first = cpuNow(watch);
  }, warmupSeconds * 1000);
  const closing = setTimeout(
    () => {
      last = cpuNow(watch);
    },
    (warmupSeconds + seconds) * 1000,
  );
  const worker = async (): Promise<void> => {
    while (performance.now() < end) {
      await call(agent, url, body);
      const now = performance.now();
      if (now >= warmEnd && now <= end) counted++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  clearTimeout(opening);
  clearTimeout(closing);
  const perCall = (from: number | undefined, to: number | undefined) =>
    from === undefined || to === undefined || counted === 0 ? Number.NaN : (to - from) / counted;
  return {
    rate: counted / seconds,
    cpuUsPerCall: watch.map((_, i) => perCall(first?.pids[i], last?.pids[i])),
    loadUsPerCall: perCall(first?.self, last?.self),
  };
}

/** Sends `total` calls over `concurrency` workers (as fast as they are answered). */
export async function callsInTotal(
  agent: Agent,
  url: string,
  body: string,
  concurrency: number,
  total: number,
): Promise<void> {
  let sent = 0;
  const worker = async (): Promise<void> => {
    while (sent < total) {
      sent++;
      await call(agent, url, body);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
