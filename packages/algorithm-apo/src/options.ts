/**
 * The options of `APO`, their defaults and their validation. Everything is
 * checked at construction, so a bad value fails before any rollout or paid
 * LLM call.
 *
 * @module
 */
import { InvalidArgumentError, type Logger } from '@agl/store-core';
import { sleepSeconds } from '@agl/store-core/backend';
import { APPLY_EDIT_PROMPTS, TEXT_GRADIENT_PROMPTS } from './prompts';
import { type RandomSource, seededRandom } from './random';
import type {
  ApoHistoryEntry,
  ApoPrompt,
  ApplyEditPromptContext,
  ChatCompletionsClient,
  GradientPromptContext,
} from './types';

/** How failed critic/editor calls are retried. */
export interface ApoRetryOptions {
  /** Attempts per call, the first included (default 4; 1 = no retry). */
  maxAttempts?: number;
  /** Wait before the first retry, doubled after each failure (default 1 s). */
  initialDelaySeconds?: number;
  /** Upper bound of one wait (default 30 s). */
  maxDelaySeconds?: number;
  /** Waits; injectable so tests do not sleep (default: a timer). */
  sleep?: (seconds: number) => Promise<void>;
  /** Source of the jitter (up to +25 % of each wait); default: a generator derived from `seed` (or a fixed one when `random` is given), else `Math.random`. Never the main source, so retries do not shift the run's other draws. */
  random?: RandomSource;
}

/** Options of `new APO(options)`. */
export interface APOOptions {
  /** The OpenAI-compatible client of the critic and the editor; default: `new OpenAI()` from the `openai` package, created on first use (reads `OPENAI_BASE_URL`, `OPENAI_API_KEY`). */
  client?: ChatCompletionsClient;
  /** Model of every critique call (default `gpt-5-mini`). */
  gradientModel?: string;
  /** Model of every edit call (default `gpt-4.1-mini`). */
  applyEditModel?: string;
  /** Temperature of both calls (default 1). */
  diversityTemperature?: number;
  /** Training tasks per critique batch, and rollouts shown to one critique (default 4). */
  gradientBatchSize?: number;
  /** Validation tasks per selection batch (default 16). */
  valBatchSize?: number;
  /** Prompts kept after each round (default 4). */
  beamWidth?: number;
  /** Children edited from each parent per round (default 4). */
  branchFactor?: number;
  /** Number of rounds (default 3). */
  beamRounds?: number;
  /** Deadline of one batch evaluation (default 3600 s). */
  rolloutBatchTimeoutSeconds?: number;
  /** Pause between two polls of the store while a batch runs (default 2 s). */
  pollIntervalSeconds?: number;
  /** Score the seed on the whole validation set first (default true). */
  runInitialValidation?: boolean;
  /** Critique templates; `null`/empty → the built-ins. */
  gradientPrompts?: readonly ApoPrompt<GradientPromptContext>[] | null;
  /** Edit templates; `null`/empty → the built-ins. */
  applyEditPrompts?: readonly ApoPrompt<ApplyEditPromptContext>[] | null;
  /** Seed of the random choices (batches, parents, templates, samples); same seed + same model answers → same run. */
  seed?: number;
  /** Source of every random draw (overrides `seed`; default `Math.random`). */
  random?: RandomSource;
  /** Retries of failed critic/editor calls. */
  retry?: ApoRetryOptions;
  /** Publish the best prompt as the latest resources snapshot at the end (default true). */
  publishBest?: boolean;
  /** Write the history as JSON to this file at the end of `run`. */
  historyPath?: string;
  /** Called after each scoring of the beam (round 0 = the seed) with its history entry. */
  onRound?: (entry: ApoHistoryEntry) => void;
  /** Where log lines go (default: a console logger named `agl.algorithm.apo` at `AGL_LOG_LEVEL`, else `info`). */
  logger?: Logger;
}

/** The options after defaults (what the getters of `APO` expose). */
export interface ResolvedApoOptions {
  /** See {@link APOOptions.gradientModel}. */
  gradientModel: string;
  /** See {@link APOOptions.applyEditModel}. */
  applyEditModel: string;
  /** See {@link APOOptions.diversityTemperature}. */
  diversityTemperature: number;
  /** See {@link APOOptions.gradientBatchSize}. */
  gradientBatchSize: number;
  /** See {@link APOOptions.valBatchSize}. */
  valBatchSize: number;
  /** See {@link APOOptions.beamWidth}. */
  beamWidth: number;
  /** See {@link APOOptions.branchFactor}. */
  branchFactor: number;
  /** See {@link APOOptions.beamRounds}. */
  beamRounds: number;
  /** See {@link APOOptions.rolloutBatchTimeoutSeconds}. */
  rolloutBatchTimeoutSeconds: number;
  /** See {@link APOOptions.pollIntervalSeconds}. */
  pollIntervalSeconds: number;
  /** See {@link APOOptions.runInitialValidation}. */
  runInitialValidation: boolean;
  /** See {@link APOOptions.publishBest}. */
  publishBest: boolean;
  /** The critique templates in use. */
  gradientPrompts: readonly ApoPrompt<GradientPromptContext>[];
  /** The edit templates in use. */
  applyEditPrompts: readonly ApoPrompt<ApplyEditPromptContext>[];
}

/** Retry settings after defaults. */
export interface ResolvedRetry {
  maxAttempts: number;
  initialDelaySeconds: number;
  maxDelaySeconds: number;
  sleep: (seconds: number) => Promise<void>;
  random: RandomSource;
}

const integerAtLeast = (value: number, min: number, name: string): number => {
  if (!Number.isInteger(value) || value < min) {
    throw new InvalidArgumentError(`${name} must be an integer >= ${min}, got ${value}`);
  }
  return value;
};

const positiveSeconds = (value: number, name: string): number => {
  if (!Number.isFinite(value) || value <= 0) {
    throw new InvalidArgumentError(`${name} must be a finite number of seconds > 0, got ${value}`);
  }
  return value;
};

const nonNegative = (value: number, name: string): number => {
  if (!Number.isFinite(value) || value < 0) {
    throw new InvalidArgumentError(`${name} must be a finite number >= 0, got ${value}`);
  }
  return value;
};

/**
 * Applies defaults and validates.
 *
 * @throws InvalidArgumentError naming the first bad option
 */
export function resolveApoOptions(o: APOOptions): ResolvedApoOptions {
  return {
    gradientModel: o.gradientModel ?? 'gpt-5-mini',
    applyEditModel: o.applyEditModel ?? 'gpt-4.1-mini',
    diversityTemperature: nonNegative(o.diversityTemperature ?? 1, 'diversityTemperature'),
    gradientBatchSize: integerAtLeast(o.gradientBatchSize ?? 4, 1, 'gradientBatchSize'),
    valBatchSize: integerAtLeast(o.valBatchSize ?? 16, 1, 'valBatchSize'),
    beamWidth: integerAtLeast(o.beamWidth ?? 4, 1, 'beamWidth'),
    branchFactor: integerAtLeast(o.branchFactor ?? 4, 0, 'branchFactor'),
    beamRounds: integerAtLeast(o.beamRounds ?? 3, 0, 'beamRounds'),
    rolloutBatchTimeoutSeconds: positiveSeconds(
      o.rolloutBatchTimeoutSeconds ?? 3600,
      'rolloutBatchTimeoutSeconds',
    ),
    pollIntervalSeconds: positiveSeconds(o.pollIntervalSeconds ?? 2, 'pollIntervalSeconds'),
    runInitialValidation: o.runInitialValidation ?? true,
    publishBest: o.publishBest ?? true,
    // Empty lists fall back too: drawing from an empty list could never work.
    gradientPrompts: o.gradientPrompts?.length ? o.gradientPrompts : TEXT_GRADIENT_PROMPTS,
    applyEditPrompts: o.applyEditPrompts?.length ? o.applyEditPrompts : APPLY_EDIT_PROMPTS,
  };
}

/** The random source: `random`, else a generator seeded with `seed`, else `Math.random`. */
export function resolveRandom(o: APOOptions): RandomSource {
  if (o.seed !== undefined && !Number.isInteger(o.seed)) {
    throw new InvalidArgumentError(`seed must be an integer, got ${o.seed}`);
  }
  return o.random ?? (o.seed !== undefined ? seededRandom(o.seed) : Math.random);
}

/**
 * Retry settings after defaults. The jitter never draws from the main random
 * source, so a retried call does not change which batches or templates the
 * rest of the run picks.
 */
export function resolveRetry(o: APOOptions): ResolvedRetry {
  const r = o.retry ?? {};
  const initialDelaySeconds = nonNegative(r.initialDelaySeconds ?? 1, 'retry.initialDelaySeconds');
  const maxDelaySeconds = nonNegative(r.maxDelaySeconds ?? 30, 'retry.maxDelaySeconds');
  const jitter =
    r.random ??
    (o.seed !== undefined
      ? seededRandom(o.seed ^ 0x5bd1e995)
      : o.random
        ? seededRandom(0)
        : Math.random);
  return {
    maxAttempts: integerAtLeast(r.maxAttempts ?? 4, 1, 'retry.maxAttempts'),
    initialDelaySeconds,
    maxDelaySeconds,
    sleep: r.sleep ?? sleepSeconds,
    random: jitter,
  };
}
