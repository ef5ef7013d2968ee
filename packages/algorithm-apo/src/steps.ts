/**
 * The single steps of APO, under the search loop of `APO`: a critique
 * ("textual gradient") from rollout results, an edit applying it, scoring a
 * prompt on a batch through the store, and the best-prompt bookkeeping.
 *
 * @module
 */
import { writeFile } from 'node:fs/promises';
import {
  createConsoleLogger,
  InvalidArgumentError,
  InvalidStateError,
  type Logger,
} from '@agl/store-core';
import { sleepSeconds } from '@agl/store-core/backend';
import {
  Algorithm,
  batchIterOverDataset,
  type Dataset,
  PromptTemplate,
  type ResourceMap,
  TraceToMessages,
  toWireResources,
} from '@agl/trainer';
import type { NamedResources, Rollout, RolloutMode } from '@agl/types';
import { type BatchOutcome, evaluateOnBatch, readRolloutResults } from './batch';
import { applyEdit, type CritiqueDeps, critique } from './critique';
import { createDefaultClient } from './default-client';
import { completeWithRetry } from './llm-call';
import {
  type APOOptions,
  type ResolvedApoOptions,
  type ResolvedRetry,
  resolveApoOptions,
  resolveRandom,
  resolveRetry,
} from './options';
import type { RandomSource } from './random';
import { formatHistoryTable, formatLogPrefix, formatRoundLine, formatScore } from './report';
import type {
  ApoChatMessage,
  ApoHistoryEntry,
  ApoResult,
  ApoStepOptions,
  ChatCompletionsClient,
  CritiqueAndEdit,
  RolloutResultForAPO,
  VersionedPromptTemplate,
} from './types';

/** The steps APO's loop is made of; see `APO`. */
export abstract class ApoSteps<T = unknown> extends Algorithm {
  /** The effective options (defaults applied). */
  readonly options: Readonly<ResolvedApoOptions>;
  /** The log sink. */
  protected readonly logger: Logger;
  /** Source of every random draw. */
  protected readonly random: RandomSource;
  readonly #retry: ResolvedRetry;
  readonly #onRound: ((entry: ApoHistoryEntry) => void) | undefined;
  readonly #historyPath: string | undefined;
  #client: ChatCompletionsClient | null;
  #versionCounter = 0;
  #bestPrompt: PromptTemplate | null = null;
  #bestScore = Number.NEGATIVE_INFINITY;
  #bestVersion: string | null = null;
  #history: ApoHistoryEntry[] = [];
  /** Rollouts of the current round that ended failed or cancelled. */
  protected failedInRound = 0;

  /**
   * @param options - see {@link APOOptions}
   * @throws InvalidArgumentError for a bad option value
   */
  constructor(options: APOOptions = {}) {
    super();
    this.options = Object.freeze(resolveApoOptions(options));
    this.random = resolveRandom(options);
    this.#retry = resolveRetry(options);
    this.#client = options.client ?? null;
    this.#onRound = options.onRound;
    this.#historyPath = options.historyPath;
    this.logger = options.logger ?? createConsoleLogger({ name: 'agl.algorithm.apo' });
  }

  /** The best score so far (`-Infinity` before any measurement). */
  get bestScore(): number {
    return this.#bestScore;
  }

  /** The best prompt's version, or `null` before `run`. */
  get bestVersion(): string | null {
    return this.#bestVersion;
  }

  /** Every scoring of the beam of the last run, the seed validation first. */
  get history(): readonly ApoHistoryEntry[] {
    return this.#history;
  }

  /**
   * The best prompt so far (the seed resource's own object or a candidate's).
   *
   * @throws InvalidStateError before `run` started
   */
  getBestPrompt(): PromptTemplate {
    if (this.#bestPrompt === null) throw new InvalidStateError('No best prompt found');
    return this.#bestPrompt;
  }

  /** Best prompt, version, score and the full history. */
  result(): ApoResult {
    return {
      bestPrompt: this.getBestPrompt(),
      bestVersion: this.#bestVersion ?? '',
      bestScore: this.#bestScore,
      history: [...this.#history],
    };
  }

  /**
   * The adapter, which must convert spans to chat messages.
   *
   * @throws InvalidArgumentError when it is not a `TraceToMessages`
   */
  override getAdapter(): TraceToMessages {
    const adapter = super.getAdapter();
    if (!(adapter instanceof TraceToMessages)) {
      throw new InvalidArgumentError(
        'Adapter must be a TraceToMessages for APO algorithm (pass `adapter: new TraceToMessages()` or "TraceToMessages" to the Trainer)',
      );
    }
    return adapter;
  }

  /**
   * The optimised resource: the first `PromptTemplate` of the initial resources.
   *
   * @throws InvalidArgumentError when there are no initial resources or no prompt template among them
   */
  getSeedPromptTemplate(): [string, PromptTemplate] {
    const resources = this.getInitialResources() as NamedResources | ResourceMap | null;
    if (resources === null) {
      throw new InvalidArgumentError(
        'initial_resources are not set for APO algorithm. Pass `initialResources` to the Trainer or call setInitialResources()',
      );
    }
    for (const [name, resource] of Object.entries(resources)) {
      if (resource instanceof PromptTemplate) return [name, resource];
      if (resource.resource_type === 'prompt_template') {
        return [name, PromptTemplate.fromWire(resource)];
      }
    }
    throw new InvalidArgumentError('No prompt template resource found in initial_resources');
  }

  /** Critique of a prompt from rollout results: one critic call. */
  async computeTextualGradient(
    prompt: VersionedPromptTemplate,
    results: readonly RolloutResultForAPO[],
    options: ApoStepOptions = {},
  ): Promise<string | null> {
    return critique(this.#deps, prompt, results, options.prefix ?? '');
  }

  /** Critique then edit; the new prompt text (see {@link CritiqueAndEdit}). */
  async textualGradientAndApplyEdit(
    prompt: VersionedPromptTemplate,
    results: readonly RolloutResultForAPO[],
    options: ApoStepOptions = {},
  ): Promise<string | null> {
    return (await this.critiqueAndEdit(prompt, results, options)).text;
  }

  /** Critique then edit, returning both. */
  async critiqueAndEdit(
    prompt: VersionedPromptTemplate,
    results: readonly RolloutResultForAPO[],
    options: ApoStepOptions = {},
  ): Promise<CritiqueAndEdit> {
    const prefix = options.prefix ?? '';
    const text = await this.computeTextualGradient(prompt, results, options);
    if (!text) {
      // Without a critique there is nothing to apply: the parent text is kept as a fresh candidate.
      this.logger.error(`${prefix}Failed to compute critique for prompt.`);
      return { critique: null, text: prompt.promptTemplate.template };
    }
    return { critique: text, text: await applyEdit(this.#deps, prompt, text, prefix) };
  }

  get #deps(): CritiqueDeps {
    return {
      options: this.options,
      random: this.random,
      logger: this.logger,
      complete: (model, messages) => this.complete(model, messages),
    };
  }

  /** Reads spans, chat messages and final reward of finished rollouts. */
  async getRolloutResults(
    rollouts: readonly Rollout[],
    options: ApoStepOptions = {},
  ): Promise<RolloutResultForAPO[]> {
    const p = options.prefix ?? '';
    return readRolloutResults(this.getStore(), this.getAdapter(), rollouts, (level, m) =>
      this.logger[level](`${p}${m}`),
    );
  }

  /** Scores a prompt on tasks through the store; `results` and the mean reward `average`. */
  async evaluatePromptOnBatch(
    prompt: VersionedPromptTemplate,
    resourceName: string,
    tasks: readonly unknown[],
    mode: RolloutMode,
    options: ApoStepOptions = {},
  ): Promise<BatchOutcome> {
    const p = options.prefix ?? '';
    const outcome = await evaluateOnBatch(
      {
        store: this.getStore(),
        adapter: this.getAdapter(),
        log: (level, m) => this.logger[level](`${p}${m}`),
        baseResources: toWireResources(
          (this.getInitialResources() ?? {}) as NamedResources | ResourceMap,
        ),
        timeoutSeconds: this.options.rolloutBatchTimeoutSeconds,
        pollIntervalSeconds: this.options.pollIntervalSeconds,
        sleep: sleepSeconds,
      },
      prompt,
      resourceName,
      tasks,
      mode,
    );
    this.failedInRound += outcome.failed;
    return outcome;
  }

  /** A new version id for a prompt (`v0`, `v1`, ...; never reused by this instance). */
  protected createVersionedPrompt(promptTemplate: PromptTemplate): VersionedPromptTemplate {
    return { version: `v${this.#versionCounter++}`, promptTemplate, score: null };
  }

  /** The log prefix of a step. */
  protected formatLogPrefix(parts: Parameters<typeof formatLogPrefix>[0]): string {
    return formatLogPrefix(parts);
  }

  /** One critic or editor call (with retries). */
  protected async complete(model: string, messages: ApoChatMessage[]): Promise<string | null> {
    this.#client ??= await createDefaultClient();
    const request = { model, messages, temperature: this.options.diversityTemperature };
    return completeWithRetry(this.#client, request, this.#retry, this.logger);
  }

  /** Resets the best prompt and history at the start of a run. */
  protected resetBest(seed: PromptTemplate, version: string): void {
    this.#bestPrompt = seed;
    this.#bestScore = Number.NEGATIVE_INFINITY;
    this.#bestVersion = version;
    this.#history = [];
  }

  /** Takes `candidate` as the best when `score` beats the best strictly; returns whether it did. */
  protected offerBest(candidate: VersionedPromptTemplate, score: number, prefix: string): boolean {
    if (score > this.#bestScore) {
      this.logger.info(
        `${prefix}Best prompt updated. New best score: ${formatScore(score)} (prev: ${formatScore(this.#bestScore)})`,
      );
      this.#bestPrompt = candidate.promptTemplate;
      this.#bestScore = score;
      this.#bestVersion = candidate.version;
      return true;
    }
    this.logger.warn(
      `${prefix}Best prompt not updated. Current score: ${formatScore(score)} vs. history best: ${formatScore(this.#bestScore)}`,
    );
    return false;
  }

  /** Records a history entry and reports it (progress callback and an info line). */
  protected recordRound(entry: ApoHistoryEntry): void {
    this.#history.push(entry);
    this.logger.info(formatRoundLine(entry, this.options.beamRounds));
    this.#onRound?.(entry);
  }

  /** End of a run: publish the best prompt, log the table, write the history file. */
  protected async finish(resourceName: string): Promise<void> {
    const best = this.getBestPrompt();
    if (this.options.publishBest && this.#bestVersion !== null) {
      // Upserting the best version's snapshot makes it the store's latest resources again.
      await this.getStore().updateResources(
        this.#bestVersion,
        toWireResources({
          ...((this.getInitialResources() ?? {}) as ResourceMap),
          [resourceName]: best,
        }),
      );
    }
    this.logger.info(
      `APO finished. Best prompt ${this.#bestVersion} (score ${formatScore(this.#bestScore)}):\n${best.template}\n\n${formatHistoryTable(this.#history)}`,
    );
    if (this.#historyPath !== undefined) {
      await writeFile(this.#historyPath, `${JSON.stringify(this.result(), null, 2)}\n`);
    }
  }

  /** Batches of a dataset drawn with this instance's random source. */
  protected batches(dataset: Dataset<T>, size: number): Generator<T[], never, unknown> {
    return batchIterOverDataset(dataset, size, this.random);
  }
}
