import { Pool } from 'undici';

/**
 * The value below which a fraction `q` of the sorted samples lie.
 *
 * @param sorted - samples in ascending order
 * @param q - between 0 and 1
 */
export function percentile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

/** One request of a closed-loop load test. */
export interface LoadRequest {
  /** HTTP method. */
  method: 'GET' | 'POST';
  /** Path (with query string) on the pool's origin. */
  path: string;
  /** JSON body, already serialised. */
  body?: string;
}

/** What a load test measured. */
export interface LoadResult {
  /** Completed requests per second. */
  readonly rps: number;
  /** Median latency, ms. */
  readonly p50: number;
  /** 99th percentile latency, ms. */
  readonly p99: number;
  /** Requests that did not answer 2xx. */
  readonly errors: number;
}

/**
 * Runs a closed-loop load test: `concurrency` loops each send one request,
 * wait for the whole answer, and send the next, for `seconds` (after a short
 * warm-up that is not counted). Keep-alive connections, no pipelining.
 *
 * @param origin - `http://host:port`
 * @param concurrency - requests in flight at once
 * @param seconds - measured duration
 * @param next - builds the i-th request
 */
export async function closedLoop(
  origin: string,
  concurrency: number,
  seconds: number,
  next: (i: number) => LoadRequest,
): Promise<LoadResult> {
  const pool = new Pool(origin, { connections: concurrency, pipelining: 1 });
  let counter = 0;
  const latencies: number[] = [];
  let errors = 0;
  let measuring = false;
  let done = false;
  const loop = async () => {
    while (!done) {
      const request = next(counter++);
      const start = performance.now();
      const answer = await pool.request({
        origin,
        method: request.method,
        path: request.path,
        ...(request.body === undefined
          ? {}
          : { body: request.body, headers: { 'content-type': 'application/json' } }),
      });
      await answer.body.arrayBuffer();
      if (!measuring) continue;
      latencies.push(performance.now() - start);
      if (answer.statusCode >= 300) errors++;
    }
  };
  const loops = Array.from({ length: concurrency }, loop);
  await new Promise((resolve) => setTimeout(resolve, 500));
  measuring = true;
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  measuring = false;
  const elapsed = (performance.now() - started) / 1000;
  const count = latencies.length;
  done = true;
  await Promise.all(loops);
  await pool.close();
  latencies.sort((a, b) => a - b);
  return {
    rps: count / elapsed,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    errors,
  };
}
