/**
 * Registers APO as the trainer's `algorithm` component, so a component spec
 * such as `{ type: 'APO', beam_width: 2 }` builds it without code. The spec's
 * keys are the reference's option names (snake_case, camel-cased by the
 * trainer); `rollout_batch_timeout` counts seconds like
 * `rolloutBatchTimeoutSeconds`. Without a `client`, APO creates the default
 * `openai` client when it runs.
 *
 * @module
 */
import { InvalidArgumentError } from '@agl/store-core';
import { type ComponentClass, registerComponent } from '@agl/trainer';
import { APO } from './apo';
import type { APOOptions } from './options';

/** Options a spec may set: the constructor's, plus the reference's name of the batch deadline. */
type ApoSpecOptions = APOOptions & { rolloutBatchTimeout?: number };

const SPEC_KEYS: readonly string[] = [
  'client',
  'gradientModel',
  'applyEditModel',
  'diversityTemperature',
  'gradientBatchSize',
  'valBatchSize',
  'beamWidth',
  'branchFactor',
  'beamRounds',
  'rolloutBatchTimeout',
  'rolloutBatchTimeoutSeconds',
  'pollIntervalSeconds',
  'runInitialValidation',
  'gradientPrompts',
  'applyEditPrompts',
  'seed',
  'random',
  'retry',
  'publishBest',
  'historyPath',
  'onRound',
  'logger',
];

// A subclass only so that the spec's names can be mapped before the options are validated;
// instances are still `APO`s, and error messages name the class `APO`.
class APOFromSpec<T> extends APO<T> {
  static readonly optionKeys: readonly string[] = [];
  static readonly specKeys = SPEC_KEYS;

  constructor(options: ApoSpecOptions = {}) {
    const { rolloutBatchTimeout, ...rest } = options;
    if (rolloutBatchTimeout !== undefined && rest.rolloutBatchTimeoutSeconds !== undefined) {
      throw new InvalidArgumentError(
        'Give rollout_batch_timeout or rollout_batch_timeout_seconds, not both.',
      );
    }
    super(
      rolloutBatchTimeout === undefined
        ? rest
        : { ...rest, rolloutBatchTimeoutSeconds: rolloutBatchTimeout },
    );
  }
}
Object.defineProperty(APOFromSpec, 'name', { value: 'APO' });

/** The keys APO is registered under: its name and the reference's import paths. */
export const APO_COMPONENT_KEYS: readonly string[] = [
  'APO',
  'agentlightning.algorithm.APO',
  'agentlightning.algorithm.apo.APO',
];

const [key, ...aliases] = APO_COMPONENT_KEYS as [string, ...string[]];
registerComponent('algorithm', key, APOFromSpec as unknown as ComponentClass, aliases);
