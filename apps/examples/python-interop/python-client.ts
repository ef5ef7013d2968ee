/**
 * The HTTP traffic of a Python agent-lightning v0.3.0 process, written out
 * request by request: the same routes and the same
 * bodies as the Python `LightningStoreClient` sends, no `Idempotency-Key`,
 * no batch routes, `wait_for_rollouts` polled with `timeout` 0.1. The
 * interop test drives our server with it, because Python itself cannot be
 * installed here.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { AttemptedRollout, NamedResources, ResourcesUpdate, Rollout, Span } from '@agl/types';

/** One JSON call the way the Python client makes it; throws on a non-2xx answer. */
async function pyCall<T>(
  base: string,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<T> {
  const init: RequestInit = { method };
  if (body !== undefined) {
    init.headers = { 'content-type': 'application/json' };
    init.body = JSON.stringify(body);
  }
  const res = await fetch(`${base}/v1/agl${path}`, init);
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
  return JSON.parse(text) as T;
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/**
 * The reward span a Python runner stores for an agent that returned a number:
 * `/spans/next` for a sequence id, then `POST /spans` with every key.
 */
async function storeRewardSpan(
  base: string,
  rollout: AttemptedRollout,
  reward: number,
): Promise<void> {
  const ids = { rollout_id: rollout.rollout_id, attempt_id: rollout.attempt.attempt_id };
  const { sequence_id } = await pyCall<{ sequence_id: number }>(base, 'POST', '/spans/next', ids);
  const [traceId, spanId, now] = [hex(16), hex(8), Date.now() / 1000];
  const span: Span = {
    ...ids,
    sequence_id,
    trace_id: traceId,
    span_id: spanId,
    parent_id: null,
    name: 'agentlightning.annotation',
    status: { status_code: 'OK', description: null },
    attributes: {
      'agentlightning.reward.0.name': 'primary',
      'agentlightning.reward.0.value': reward,
    },
    events: [],
    links: [],
    start_time: now,
    end_time: now,
    context: { trace_id: traceId, span_id: spanId, is_remote: false, trace_state: {} },
    parent: null,
    resource: { attributes: { 'service.name': 'python-runner' }, schema_url: '' },
  };
  await pyCall(base, 'POST', '/spans', span);
}

/** Options of `runPythonShapedRunner`. */
export interface PythonShapedRunnerOptions {
  /** The store server root, e.g. `http://127.0.0.1:4747`. */
  base: string;
  /** The worker id, e.g. `Worker-0`. */
  workerId: string;
  /** The agent: task input and resources in, reward out. */
  agent: (input: unknown, resources: NamedResources) => number;
  /** Stops the loop after the current rollout. */
  signal: AbortSignal;
}

/**
 * A Python runner's loop: heartbeat, dequeue as the worker, load the
 * rollout's resources, run the agent, store its reward span, report success.
 *
 * @returns how many rollouts it finished
 */
export async function runPythonShapedRunner(options: PythonShapedRunnerOptions): Promise<number> {
  const { base, workerId, agent, signal } = options;
  const stats = { heartbeat_stats: { host: 'python-runner', cpu_usage_pct: 1.5 } };
  await pyCall(base, 'POST', `/workers/${workerId}`, stats);
  let done = 0;
  while (!signal.aborted) {
    const claimed = await pyCall<AttemptedRollout[]>(base, 'POST', '/queues/rollouts/dequeue', {
      limit: 1,
      worker_id: workerId,
    });
    const rollout = claimed[0];
    if (!rollout) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      continue;
    }
    const path = rollout.resources_id ? `/resources/${rollout.resources_id}` : '/resources/latest';
    const update = await pyCall<ResourcesUpdate | null>(base, 'GET', path);
    const status = update ? 'succeeded' : 'failed';
    if (update) await storeRewardSpan(base, rollout, agent(rollout.input, update.resources));
    const attemptPath = `/rollouts/${rollout.rollout_id}/attempts/${rollout.attempt.attempt_id}`;
    await pyCall(base, 'POST', attemptPath, { status });
    await pyCall(base, 'POST', `/workers/${workerId}`, stats);
    done += 1;
  }
  return done;
}

/**
 * A Python algorithm's evaluation of one resources snapshot: `update_resources`,
 * `enqueue_many_rollouts` (five keys per item), `wait_for_rollouts` polled
 * with `timeout` 0.1, then `query_spans(rollout_id, attempt_id="latest")`.
 *
 * @param base - the store server root
 * @param version - the resources id to publish
 * @param resources - the resources
 * @param inputs - one rollout per input
 * @returns the spans of each rollout, in input order
 */
export async function pythonShapedEvaluation(
  base: string,
  version: string,
  resources: NamedResources,
  inputs: readonly unknown[],
): Promise<{ rollouts: Rollout[]; spans: Span[][] }> {
  await pyCall(base, 'POST', `/resources/${version}`, resources);
  const rollouts = inputs.map((input) => ({
    input,
    mode: 'val',
    resources_id: version,
    config: null,
    metadata: null,
  }));
  const queued = await pyCall<Rollout[]>(base, 'POST', '/queues/rollouts/enqueue', { rollouts });
  const ids = queued.map((r) => r.rollout_id);
  let finished: Rollout[] = [];
  while (finished.length < ids.length) {
    finished = await pyCall<Rollout[]>(base, 'POST', '/waits/rollouts', {
      rollout_ids: ids,
      timeout: 0.1,
    });
  }
  const spans = [];
  for (const id of ids) {
    const page = await pyCall<{ items: Span[] }>(base, 'POST', '/spans/search', {
      rollout_id: id,
      attempt_id: 'latest',
      limit: -1,
      offset: 0,
      filter_logic: 'and',
      sort_by: 'sequence_id',
      sort_order: 'asc',
    });
    spans.push(page.items);
  }
  return { rollouts: finished, spans };
}
