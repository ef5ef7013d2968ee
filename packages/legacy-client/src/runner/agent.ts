import { InvalidArgumentError } from '@agl/store-core';
import type { HasTracer, ResourceMap } from '@agl/trainer';
import type { RolloutLegacy } from '../wire/rollout';

/**
 * What the legacy runner drives: a `LitAgent` from `@agl/trainer` (including
 * the functional agents of `rollout`, `promptRollout` and `llmRollout`), or
 * any object with the two rollout methods.
 *
 * The runner calls `trainingRollout` for tasks with mode `train` and
 * `validationRollout` for every other mode, with `(input, resources, draft)`:
 * the hydrated resources (`PromptTemplate`, `LLM`, ... instances) and the
 * {@link RolloutLegacy} draft of the result (not a store rollout). Agents
 * flagged with {@link LEGACY_V01_SIGNATURE} get `(input, rolloutId, resources)`.
 * Parameters are typed `never` so that both signatures are accepted.
 */
export interface LegacyRolloutAgent {
  /** Runs a task of mode `train`. */
  trainingRollout(input: never, second: never, third: never): unknown;
  /** Runs a task of any other mode (`val`, `test` or none). */
  validationRollout(input: never, second: never, third: never): unknown;
  /** Receives the runner before every task (`LitAgent.setRunner`). */
  setRunner?(runner: HasTracer): void;
  /** Deprecated hook called before every rollout with `(task, runner, tracer)`. */
  onRolloutStart?(task: never, runner: never, tracer: never): unknown;
  /** Deprecated hook called after every rollout with `(task, result, runner, tracer)`. */
  onRolloutEnd?(task: never, result: never, runner: never, tracer: never): unknown;
}

/**
 * The name of the flag that selects the v0.1 call signature
 * `(input, rolloutId, resources)`: set `static legacyV01Signature = true` on
 * the agent's class, or a `legacyV01Signature: true` property on the agent.
 * (The reference detects a parameter named `rollout_id`; JavaScript cannot.)
 */
export const LEGACY_V01_SIGNATURE = 'legacyV01Signature';

/**
 * Whether the agent uses the v0.1 signature `(input, rolloutId, resources)`.
 *
 * @param agent - the agent
 */
function usesLegacyV01Signature(agent: object): boolean {
  const own = (agent as Record<string, unknown>)[LEGACY_V01_SIGNATURE];
  const onClass = (agent.constructor as unknown as Record<string, unknown> | undefined)?.[
    LEGACY_V01_SIGNATURE
  ];
  return own === true || onClass === true;
}

/**
 * Checks that a value can be driven by the legacy runner.
 *
 * @param agent - the value given as agent
 * @throws InvalidArgumentError naming the missing rollout methods
 */
export function checkLegacyAgent(agent: unknown): asserts agent is LegacyRolloutAgent {
  const record = (typeof agent === 'object' && agent !== null ? agent : {}) as Record<
    string,
    unknown
  >;
  const missing = ['trainingRollout', 'validationRollout'].filter(
    (name) => typeof record[name] !== 'function',
  );
  if (missing.length > 0) {
    throw new InvalidArgumentError(`The agent must have ${missing.join(' and ')} methods.`);
  }
}

/**
 * Calls the agent's rollout method for a task.
 *
 * @param agent - the agent
 * @param task - the task's mode, input and id
 * @param resources - the hydrated resources
 * @param draft - the result draft passed as third argument
 * @internal
 */
export function invokeLegacyAgent(
  agent: LegacyRolloutAgent,
  task: { mode: string | null; input: unknown; rollout_id: string },
  resources: ResourceMap,
  draft: RolloutLegacy,
): unknown {
  const method = (task.mode === 'train' ? agent.trainingRollout : agent.validationRollout) as (
    ...args: unknown[]
  ) => unknown;
  return usesLegacyV01Signature(agent)
    ? method.call(agent, task.input, task.rollout_id, resources)
    : method.call(agent, task.input, resources, draft);
}
