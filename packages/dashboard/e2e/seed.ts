import type { LightningStore } from '@agl/store-core';
import type { Span } from '@agl/types';
import { hexId, makeSpan, openAiCall, prng, rewardAttributes, SECRETS, XSS } from './seed-spans';

/** A settable clock: the seed moves it so timestamps spread over the day before `now`. */
export class SeedClock {
  /** Current time, epoch seconds; `null` = the real clock. */
  t: number | null = null;
  /** @returns the time */
  now(): number {
    return this.t ?? Date.now() / 1000;
  }
}

/**
 * The digits of a seeded store's rollout and attempt ids: give it to the store
 * (`randomHex` of `InMemoryLightningStore`) so that ids repeat from run to
 * run. Its own generator, apart from the content's, so ids and contents do
 * not shift each other.
 *
 * @param seed - the same seed as `seedStore`'s
 */
export function seededIdDigits(seed = 1): (length: number) => string {
  const random = prng(seed ^ 0x5eed1d5);
  return (length) => hexId(random, length);
}

/** Options of `seedStore`. */
export interface SeedOptions {
  /** PRNG seed. */
  seed?: number;
  /** The seed's "now", epoch seconds. */
  now: number;
  /** Number of rollouts (default 500). */
  rollouts?: number;
  /** Spans per attempt (`full` writes the agent tree; `small` three spans). */
  spans?: 'full' | 'small';
  /** The clock the store was created with. */
  clock: SeedClock;
}

/** What the seed produced, for assertions. */
export interface SeedResult {
  statusCounts: Record<string, number>;
  special: {
    xss: string;
    secret: string;
    retried: string;
    orphan: string;
    running: string;
    noReward: string;
    longMessage: string;
    noTokenIds: string;
  };
  rewards: Map<string, number | null>;
  workers: { busyLost: string };
}

const STATUS_PLAN = [
  'succeeded',
  'succeeded',
  'succeeded',
  'failed',
  'running',
  'queuing',
  'preparing',
  'cancelled',
  'requeuing',
  'succeeded',
] as const;
const MODES = ['train', 'val', 'test', null] as const;

function spansFor(
  random: () => number,
  rolloutId: string,
  attemptId: string,
  start: number,
  options: {
    full: boolean;
    reward: number | null;
    running: boolean;
    special?: string;
    tokenIds: boolean;
  },
): Span[] {
  const trace = hexId(random, 32);
  const id = () => hexId(random, 16);
  let seq = 0;
  const out: Span[] = [];
  const add = (
    parentId: string | null,
    name: string,
    t0: number,
    t1: number | null,
    attributes: Record<string, unknown> = {},
    error?: string,
  ) => {
    const spanId = id();
    out.push(
      makeSpan({
        rolloutId,
        attemptId,
        sequenceId: ++seq,
        traceId: trace,
        spanId,
        parentId,
        name,
        start: t0,
        end: t1,
        attributes,
        ...(error ? { error } : {}),
      }),
    );
    return spanId;
  };
  const end = options.running ? null : start + 4;
  const root = add(null, 'agent.run', start, end, { 'agent.name': 'math-agent' });
  if (!options.full) {
    add(
      root,
      'openai.chat.completion',
      start + 0.1,
      start + 1,
      openAiCall({
        prompt: [{ role: 'user', content: 'q' }],
        answer: 'a',
        model: 'gpt-mini',
        tokens: [10, 2],
        tokenIds: options.tokenIds,
      }),
    );
    if (options.reward !== null)
      add(
        root,
        'agentlightning.annotation',
        start + 3.9,
        start + 3.9,
        rewardAttributes([['primary', options.reward]]),
      );
    return out;
  }
  const question =
    options.special === 'xss'
      ? `Solve ${XSS.script} ${XSS.img}`
      : `What is ${Math.floor(random() * 90 + 10)} * ${Math.floor(random() * 9 + 1)}?`;
  const system =
    'You are a careful math assistant.\nThink step by step.\nUse the calculator tool for arithmetic.\nAnswer with a number.';
  const first = add(
    root,
    'openai.chat.completion',
    start + 0.2,
    start + 1.1,
    openAiCall({
      prompt: [
        { role: 'system', content: system },
        {
          role: 'user',
          content:
            options.special === 'long'
              ? `${question}\n${'long context line. '.repeat(11_000)}`
              : question,
        },
      ],
      answer: '',
      toolCall: { name: 'calculator', arguments: '{"expression": "6 * 7"}' },
      model: 'gpt-4o-mini',
      tokens: [180 + Math.floor(random() * 50), 24],
      tokenIds: options.tokenIds,
      responseId: `chatcmpl-${rolloutId}-1`,
    }),
  );
  add(first, 'tool.call', start + 1.2, start + 1.5, {
    'tool.name': 'calculator',
    'tool.output': '42',
  });
  add(root, 'execute_tool calculator', start + 1.2, start + 1.6, {
    'gen_ai.tool.name': 'calculator',
  });
  add(
    root,
    'openai.chat.completion',
    start + 1.7,
    options.running ? null : start + 3.2,
    openAiCall({
      prompt: [
        { role: 'system', content: system },
        { role: 'user', content: question },
        { role: 'assistant', content: '' },
        { role: 'tool', content: '42' },
      ],
      answer: options.special === 'xss' ? `The answer is 42 ${XSS.js}` : 'The answer is 42.',
      model: 'gpt-4o-mini',
      tokens: [240, 12],
      tokenIds: options.tokenIds,
      responseId: `chatcmpl-${rolloutId}-2`,
    }),
  );
  if (options.special === 'proxy') {
    const proxy = add(null, 'Received Proxy Server Request', start + 1.7, start + 3.3, {});
    add(proxy, 'proxy_pre_call', start + 1.71, start + 1.72, {});
    add(proxy, 'litellm_request', start + 1.72, start + 3.2, {
      'gen_ai.response.id': `chatcmpl-${rolloutId}-2`,
      'gen_ai.request.model': 'gpt-4o-mini',
    });
    add(proxy, 'raw_gen_ai_request', start + 1.73, start + 3.1, {
      'gen_ai.input.messages': JSON.stringify([
        { role: 'user', parts: [{ type: 'text', content: question }] },
      ]),
      'gen_ai.output.messages': JSON.stringify([
        { role: 'assistant', parts: [{ type: 'text', content: 'The answer is 42.' }] },
      ]),
      'gen_ai.response.id': `chatcmpl-${rolloutId}-2`,
    });
  }
  if (options.special === 'secret') {
    add(root, 'http.request', start + 0.05, start + 0.1, {
      'http.request.header.authorization': SECRETS.bearer,
      'http.url': 'https://api.example.invalid/v1',
    });
  }
  if (options.special === 'orphan') {
    add('feedfacefeedface', 'orphan.child', start + 2, start + 2.5);
    const a = id();
    const b = id();
    out.push(
      makeSpan({
        rolloutId,
        attemptId,
        sequenceId: ++seq,
        traceId: trace,
        spanId: a,
        parentId: b,
        name: 'cycle.a',
        start: start + 2.6,
        end: start + 2.7,
      }),
    );
    out.push(
      makeSpan({
        rolloutId,
        attemptId,
        sequenceId: ++seq,
        traceId: trace,
        spanId: b,
        parentId: a,
        name: 'cycle.b',
        start: start + 2.65,
        end: start + 2.7,
      }),
    );
    add(root, 'untimed.span', null as unknown as number, null);
  }
  if (random() < 0.1)
    add(
      root,
      'agentlightning.exception',
      start + 3.3,
      start + 3.31,
      { 'exception.message': 'tool timeout' },
      'tool timeout',
    );
  add(root, 'agentlightning.message', start + 3.4, start + 3.4, { message: 'finished reasoning' });
  if (options.reward !== null) {
    const dims: [string, number][] = [['primary', options.reward]];
    if (random() < 0.5) dims.push(['format', 1]);
    add(root, 'agentlightning.annotation', start + 3.9, start + 3.9, rewardAttributes(dims));
  }
  return out;
}

/**
 * Fills a store with a deterministic, realistic training run through the
 * `LightningStore` API: rollouts in every status with retries, runners with
 * heartbeats (one busy with a lost heartbeat), resources snapshots with a
 * masked API key and prompt templates, and attempts whose spans hold LLM
 * calls, tool calls, rewards, errors, orphans, a cycle, long messages,
 * secrets and XSS payloads. Same seed and `now` → same ids and timestamps.
 *
 * @param store - a store created with `options.clock`
 * @param options - seed, now, size
 */
export async function seedStore(store: LightningStore, options: SeedOptions): Promise<SeedResult> {
  const random = prng(options.seed ?? 1);
  const clock = options.clock;
  const total = options.rollouts ?? 500;
  const full = (options.spans ?? 'full') === 'full';
  const day = 86_400;
  const at = (offset: number) => {
    clock.t = options.now - day + offset;
  };
  // Resources: ten APO-like versions, then `default` updated four times.
  at(10);
  for (let v = 0; v < 10; v++) {
    at(20 + v * 60);
    await store.updateResources(`v${v}`, {
      main_llm: {
        resource_type: 'llm',
        endpoint: 'https://llm.example.invalid/v1',
        model: 'gpt-4o-mini',
        api_key: v === 3 ? 'sk-test-SECRET-rotated-000000' : SECRETS.apiKey,
        sampling_parameters: { temperature: 0.2 + v / 10, top_p: 1 },
      },
      proxy: {
        resource_type: 'proxy_llm',
        endpoint: 'http://127.0.0.1:9000',
        model: 'agent-model',
        sampling_parameters: {},
      },
      prompt: {
        resource_type: 'prompt_template',
        engine: 'f-string',
        template: `You are a math tutor (round ${v}).\nQuestion: {question}\nShow work for {student}.`,
      },
      jinja_prompt: {
        resource_type: 'prompt_template',
        engine: 'jinja',
        template: '{% for q in questions %}Q: {{ q }}\n{% endfor %}',
      },
      poml_prompt: {
        resource_type: 'prompt_template',
        engine: 'poml',
        template: `<poml><p>${XSS.script}</p></poml>`,
      },
    } as never);
  }
  for (let v = 1; v <= 5; v++) {
    at(700 + v * 30);
    await store.updateResources('default', {
      prompt: {
        resource_type: 'prompt_template',
        engine: 'f-string',
        template: `Answer {question}. Version ${v}.`,
      },
    } as never);
  }
  const counts: Record<string, number> = {};
  const rewards = new Map<string, number | null>();
  const ids: string[] = [];
  const workers = Array.from({ length: 12 }, (_, i) =>
    i === 11 ? `runner-${XSS.img}` : `runner-${String(i).padStart(2, '0')}`,
  );
  for (let i = 0; i < total; i++) {
    const offset = 1000 + (i / total) * (day - 3000);
    at(offset);
    const plan = STATUS_PLAN[i % STATUS_PLAN.length] as (typeof STATUS_PLAN)[number];
    const special =
      i === 0
        ? 'xss'
        : i === 1
          ? 'secret'
          : i === 2
            ? 'orphan'
            : i === 3
              ? 'proxy'
              : i === 4
                ? 'long'
                : undefined;
    const input =
      special === 'xss'
        ? { question: XSS.script, note: XSS.img }
        : { question: `task ${i}`, expected: 42, שאלה: 'מה התשובה? 🤖' };
    const rollout = await store.enqueueRollout(input, {
      mode: MODES[i % 4] as never,
      resourcesId: `v${i % 10}`,
      config: { max_attempts: 3, retry_condition: ['timeout', 'unresponsive', 'failed'] },
      metadata: special === 'xss' ? { tag: XSS.js } : { batch: Math.floor(i / 50) },
    });
    ids.push(rollout.rollout_id);
    if (plan === 'queuing') {
      counts.queuing = (counts.queuing ?? 0) + 1;
      rewards.set(rollout.rollout_id, null);
      continue;
    }
    if (plan === 'cancelled') {
      await store.updateRollout(rollout.rollout_id, { status: 'cancelled' });
      counts.cancelled = (counts.cancelled ?? 0) + 1;
      rewards.set(rollout.rollout_id, null);
      continue;
    }
    const worker = workers[i % 11] as string;
    const retries =
      plan === 'failed'
        ? 3
        : plan === 'requeuing'
          ? 1
          : i % 7 === 0 && plan === 'succeeded'
            ? 2
            : 0;
    let last: { attempt: { attempt_id: string } } | null;
    for (let attempt = 0; attempt <= Math.min(retries, 2); attempt++) {
      at(offset + 5 + attempt * 20);
      last = (await store.startAttempt(rollout.rollout_id, { workerId: worker })) as {
        attempt: { attempt_id: string };
      } | null;
      if (!last) break;
      const aid = last.attempt.attempt_id;
      if (plan === 'preparing') break;
      const isLast = attempt === Math.min(retries, 2);
      const running = plan === 'running' && isLast;
      const failing = !isLast || plan === 'failed' || plan === 'requeuing';
      const reward = failing ? (random() < 0.5 ? 0 : null) : Math.round(random() * 1000) / 1000;
      const noTokenIds = i % 13 === 5;
      await store.addManySpans(
        spansFor(random, rollout.rollout_id, aid, options.now - day + offset + 6 + attempt * 20, {
          full,
          reward: i === 5 ? null : reward,
          running,
          ...(special ? { special } : {}),
          tokenIds: !noTokenIds,
        }),
      );
      at(offset + 12 + attempt * 20);
      await store.updateAttempt(
        rollout.rollout_id,
        aid,
        running
          ? { status: 'running', lastHeartbeatTime: options.now - 5 }
          : { status: failing ? 'failed' : 'succeeded' },
      );
      if (plan === 'requeuing' && attempt === 0) break;
      if (isLast)
        rewards.set(rollout.rollout_id, i === 5 || failing ? (failing ? reward : null) : reward);
    }
    const status = (await store.getRolloutById(rollout.rollout_id))?.status ?? 'unknown';
    counts[status] = (counts[status] ?? 0) + 1;
  }
  // Heartbeats: most runners fresh, some stale, one never, one busy with a lost heartbeat.
  for (let w = 0; w < 11; w++) {
    const age = w < 6 ? 5 + w : w < 9 ? 60 + w : 900;
    clock.t = options.now - age;
    await store.updateWorker(workers[w] as string, {
      heartbeatStats: { cpu_percent: 20 + w * 5, memory_mb: 800 + w * 10, gpu_util: w / 11 },
    });
  }
  clock.t = options.now - 3600;
  await store.updateWorker(workers[11] as string, { heartbeatStats: { cpu_percent: 1 } });
  const lost = 'runner-lost';
  clock.t = options.now - 2000;
  const stuck = await store.enqueueRollout({ question: 'stuck' }, { resourcesId: 'default' });
  const claim = await store.startAttempt(stuck.rollout_id, { workerId: lost });
  // Running makes the runner busy on this attempt (a claim alone leaves it `unknown`).
  await store.updateAttempt(stuck.rollout_id, claim.attempt.attempt_id, { status: 'running' });
  await store.updateWorker(lost, { heartbeatStats: { cpu_percent: 99 } });
  counts.running = (counts.running ?? 0) + 1;
  clock.t = null;
  return {
    statusCounts: counts,
    special: {
      xss: ids[0] as string,
      secret: ids[1] as string,
      orphan: ids[2] as string,
      retried: (ids[70] ?? ids[0]) as string,
      running: ids[4] as string,
      noReward: ids[5] as string,
      longMessage: ids[4] as string,
      noTokenIds: (ids[31] ?? ids[0]) as string,
    },
    rewards,
    workers: { busyLost: lost },
  };
}
