import { LightningStoreClient } from '@agl/store-client';
import { spanJsonMaker } from '../fixtures';
import { closedLoop, type LoadRequest, type LoadResult } from './load';

/** One measured request type and how it compares to the ceiling. */
export interface RequestRow {
  /** What was sent. */
  readonly name: string;
  /** The load test's figures (median round by throughput). */
  readonly result: LoadResult;
  /** Throughput relative to the ceiling measured in the rounds around it (median of rounds). */
  readonly ratio: number;
}

/** The name of the add-span row sent to the do-nothing server instead of the store. */
export const DO_NOTHING_SPAN_ROW =
  'POST /v1/agl/spans to the do-nothing server (body read, recorded span answered)';

/** Rounds per row; the ceiling is measured before each round so both see the same machine. */
const ROUNDS = 3;

const median = <T>(values: T[], key: (value: T) => number): T => {
  const sorted = [...values].sort((a, b) => key(a) - key(b));
  return sorted[Math.floor(sorted.length / 2)] as T;
};

/**
 * Measures single requests against a running server: `GET /v1/agl/rollouts/{id}`,
 * dequeue and add-span, each with `concurrency` requests in flight, in
 * `ROUNDS` rounds that alternate with the ceiling route (a constant JSON
 * answer on the same hono/node-server stack), so a busy moment of the machine
 * does not distort the ratio. The first row is the ceiling itself.
 *
 * @param endpoint - the store server's root
 * @param ceiling - URL of the constant JSON route on the same stack
 * @param concurrency - requests in flight at once
 * @param seconds - measured duration per row (split over the rounds)
 * @param doNothing - root of the do-nothing server: when given, the span
 *   request is also sent to it, a row of what carrying the span in and out
 *   costs before any store work (the most add-span can reach)
 */
export async function requestRows(
  endpoint: string,
  ceiling: string,
  concurrency: number,
  seconds: number,
  doNothing?: string,
): Promise<RequestRow[]> {
  const ceilingUrl = new URL(ceiling);
  const perRound = seconds / ROUNDS;
  const ceilings: LoadResult[] = [];
  const measure = async (
    name: string,
    next: (i: number) => LoadRequest,
    target = endpoint,
  ): Promise<RequestRow> => {
    const rounds: { result: LoadResult; ratio: number }[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const top = await closedLoop(ceilingUrl.origin, concurrency, perRound, () => ({
        method: 'GET',
        path: ceilingUrl.pathname,
      }));
      ceilings.push(top);
      const result = await closedLoop(target, concurrency, perRound, next);
      rounds.push({ result, ratio: result.rps / top.rps });
    }
    const { result } = median(rounds, (r) => r.result.rps);
    return { name, result, ratio: median(rounds, (r) => r.ratio).ratio };
  };

  const client = new LightningStoreClient(endpoint, { logger: null });
  const started = await client.startRollout({ task: 'read me' }, { workerId: 'bench' });
  const rows: RequestRow[] = [];
  rows.push(
    await measure('GET /v1/agl/rollouts/{id}', () => ({
      method: 'GET',
      path: `/v1/agl/rollouts/${started.rollout_id}`,
    })),
  );

  // Keep the queue deep enough that every dequeue claims a rollout.
  const batch = Array.from({ length: 1000 }, (_, i) => ({ input: { i } }));
  for (let i = 0; i < 150; i++) await client.enqueueManyRollouts(batch);
  rows.push(
    await measure('POST /v1/agl/queues/rollouts/dequeue', () => ({
      method: 'POST',
      path: '/v1/agl/queues/rollouts/dequeue',
      body: '{"limit":1,"worker_id":"bench"}',
    })),
  );

  const { rollout_id, attempt } = started;
  // Each request a fresh span (new ids and attribute texts) filled into a text
  // serialised once: building every span from scratch cost this process about
  // 25 µs of CPU per request on the cores it shares with the server.
  const nextSpan = spanJsonMaker(rollout_id, attempt.attempt_id);
  const spanRequest = (i: number): LoadRequest => ({
    method: 'POST',
    path: '/v1/agl/spans',
    body: nextSpan(i + 1),
  });
  rows.push(await measure('POST /v1/agl/spans (span with 5 kB of attributes)', spanRequest));
  if (doNothing !== undefined) {
    rows.push(await measure(DO_NOTHING_SPAN_ROW, spanRequest, doNothing));
  }
  await client.close();
  const top = median(ceilings, (r) => r.rps);
  return [
    { name: 'GET bare hono JSON route, rollout-sized body (ceiling)', result: top, ratio: 1 },
    ...rows,
  ];
}
