/**
 * A recording store with only what APO calls (`updateResources`,
 * `enqueueRollout`, `waitForRollouts`, `querySpans`), for unit tests of the
 * loop without runners. Scripted: `waitResults` answers the waits in turn.
 * Auto-running (`autoRun`): each wait first "runs" the pending rollouts with
 * the number-lab model, storing a chat span and a reward span, so whole
 * scenarios run in milliseconds.
 *
 * @module
 */
import type { LightningStore } from '@agl/store-core';
import {
  chatRequestAttributes,
  chatResponseAttributes,
  PromptTemplate,
  spanFromAttributes,
} from '@agl/trainer';
import type { NamedResources, Rollout, RolloutMode, RolloutStatus, Span } from '@agl/types';
import { chatResponse, type LabTask, labReply, labReward } from './number-lab';

/** Deterministic hex ids from a rollout id, so runs of the fake store compare equal. */
function ids(rolloutId: string, sequenceId: number) {
  let hash = 0x811c9dc5;
  for (const c of `${rolloutId}#${sequenceId}`)
    hash = Math.imul(hash ^ c.charCodeAt(0), 0x01000193);
  const hex = (hash >>> 0).toString(16).padStart(8, '0');
  return { traceId: hex.repeat(4), spanId: hex.repeat(2) };
}

/**
 * A reward span as the reference's `emit_reward` writes it.
 *
 * @param rolloutId - the rollout
 * @param value - the reward
 * @param sequenceId - its sequence id
 */
export function rewardSpan(rolloutId: string, value: number, sequenceId = 1): Span {
  return spanFromAttributes(
    { 'agentlightning.reward.0.name': 'primary', 'agentlightning.reward.0.value': value },
    {
      rolloutId,
      attemptId: `at-${rolloutId}`,
      sequenceId,
      name: 'agentlightning.annotation',
      ...ids(rolloutId, sequenceId),
    },
  );
}

/**
 * A traced chat call span (one user message and the assistant's reply).
 *
 * @param rolloutId - the rollout
 * @param prompt - the user message
 * @param reply - the reply
 * @param sequenceId - its sequence id
 */
export function chatSpan(rolloutId: string, prompt: string, reply: string, sequenceId = 0): Span {
  const request = { model: 'fake-agent', messages: [{ role: 'user', content: prompt }] };
  return spanFromAttributes(
    { ...chatRequestAttributes(request), ...chatResponseAttributes(chatResponse(reply)) },
    {
      rolloutId,
      attemptId: `at-${rolloutId}`,
      sequenceId,
      name: 'openai.chat.completion',
      ...ids(rolloutId, sequenceId),
    },
  );
}

/** Options of {@link FakeApoStore}. */
export interface FakeApoStoreOptions {
  /** Run pending rollouts with the number-lab model on each wait. */
  autoRun?: boolean;
  /** With `autoRun`: rollouts of these tasks stay pending forever. */
  neverFinish?: (task: LabTask) => boolean;
  /** With `autoRun`: rollouts of these tasks fail without spans. */
  failWhen?: (task: LabTask) => boolean;
}

/** An enqueue call as recorded. */
export interface FakeEnqueue {
  /** The rollout id returned. */
  rolloutId: string;
  /** The task. */
  input: unknown;
  /** The mode. */
  mode: RolloutMode | null;
  /** The resources id. */
  resourcesId: string | null;
}

/** The recording store; `asStore()` casts it to `LightningStore`. */
export class FakeApoStore {
  /** `updateResources` calls, in order. */
  readonly updates: [string, NamedResources][] = [];
  /** `enqueueRollout` calls, in order. */
  readonly enqueues: FakeEnqueue[] = [];
  /** `waitForRollouts` calls, in order. */
  readonly waits: { ids: string[]; timeoutSeconds: number | null | undefined }[] = [];
  /** Scripted answers of the waits (used when not auto-running). */
  readonly waitResults: Rollout[][] = [];
  /** Spans by rollout id. */
  readonly spansById: Record<string, Span[]> = {};
  /** Rollouts by id (auto-running). */
  readonly rollouts = new Map<string, Rollout>();
  readonly #options: FakeApoStoreOptions;

  /** @param options - auto-running settings */
  constructor(options: FakeApoStoreOptions = {}) {
    this.#options = options;
  }

  /** This object typed as a store (only the four methods exist). */
  asStore(): LightningStore {
    return this as unknown as LightningStore;
  }

  /** Records and echoes the id. */
  async updateResources(resourcesId: string, resources: NamedResources) {
    this.updates.push([resourcesId, resources]);
    return { resources_id: resourcesId, resources, create_time: 0, update_time: 0, version: 1 };
  }

  /** Records and returns `rollout-<k>`. */
  async enqueueRollout(
    input: unknown,
    options: { mode?: RolloutMode | null; resourcesId?: string | null } = {},
  ): Promise<Rollout> {
    const rolloutId = `rollout-${this.enqueues.length}`;
    const mode = options.mode ?? null;
    const resourcesId = options.resourcesId ?? null;
    this.enqueues.push({ rolloutId, input, mode, resourcesId });
    const rollout = makeRollout(rolloutId, input, 'queuing', mode, resourcesId);
    this.rollouts.set(rolloutId, rollout);
    return rollout;
  }

  /** Records; auto-runs or answers the next scripted result. */
  async waitForRollouts(ids: readonly string[], options: { timeoutSeconds?: number | null } = {}) {
    this.waits.push({ ids: [...ids], timeoutSeconds: options.timeoutSeconds });
    if (!this.#options.autoRun) return this.waitResults.shift() ?? [];
    for (const id of ids) this.#run(id);
    return ids
      .map((id) => this.rollouts.get(id))
      .filter((r): r is Rollout => r !== undefined && r.status !== 'queuing');
  }

  /** The spans of a rollout. */
  async querySpans(rolloutId: string) {
    const items = this.spansById[rolloutId] ?? [];
    return { items, limit: -1, offset: 0, total: items.length };
  }

  /** Enqueued rollouts of a mode. */
  count(mode: RolloutMode): number {
    return this.enqueues.filter((e) => e.mode === mode).length;
  }

  #run(id: string): void {
    const rollout = this.rollouts.get(id);
    if (rollout?.status !== 'queuing') return;
    const task = rollout.input as LabTask;
    if (this.#options.neverFinish?.(task)) return;
    if (this.#options.failWhen?.(task)) {
      this.rollouts.set(id, { ...rollout, status: 'failed' });
      return;
    }
    const snapshot = this.updates.filter(([rid]) => rid === rollout.resources_id).at(-1)?.[1];
    const wire = Object.values(snapshot ?? {}).find((r) => r.resource_type === 'prompt_template');
    const template = wire ? PromptTemplate.fromWire(wire) : new PromptTemplate('');
    const prompt = template.format({ ...task });
    const reply = labReply(prompt);
    this.spansById[id] = [
      chatSpan(id, prompt, reply, 0),
      rewardSpan(id, labReward(reply, task), 1),
    ];
    this.rollouts.set(id, { ...rollout, status: 'succeeded' });
  }
}

/**
 * A rollout record with defaults.
 *
 * @param rolloutId - id
 * @param input - task
 * @param status - status
 * @param mode - mode
 * @param resourcesId - resources id
 */
export function makeRollout(
  rolloutId: string,
  input: unknown,
  status: RolloutStatus,
  mode: RolloutMode | null = null,
  resourcesId: string | null = null,
): Rollout {
  return {
    rollout_id: rolloutId,
    input,
    start_time: 0,
    end_time: null,
    mode,
    resources_id: resourcesId,
    status,
    config: {
      timeout_seconds: null,
      unresponsive_seconds: null,
      max_attempts: 1,
      retry_condition: [],
    },
    metadata: {},
  };
}
