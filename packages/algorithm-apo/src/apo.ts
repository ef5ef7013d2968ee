/**
 * APO, Automatic Prompt Optimization: beam search over prompt texts. Each
 * round, every parent prompt is run on training tasks; a critic model reads
 * the prompt and those rollouts (their LLM-call messages and rewards) and
 * writes a critique (the "textual gradient"); an editor model rewrites the
 * prompt according to it. All prompts of the round are scored on one
 * validation batch, the best `beamWidth` survive, and the leader is scored
 * on the whole validation set to decide the best prompt so far.
 *
 * @module
 */
import { InvalidArgumentError, InvalidStateError } from '@agl/store-core';
import { type AlgorithmRunArgs, type Dataset, PromptTemplate, withLlmProxy } from '@agl/trainer';
import { sample } from './random';
import { formatScore, formatVersions } from './report';
import { ApoSteps } from './steps';
import type { ApoCandidateRecord, VersionedPromptTemplate } from './types';

/** Where a run stands: the optimised resource and the two batch iterators. */
export interface ApoRunState<T> {
  /** The key of the optimised `PromptTemplate` in the resources. */
  resourceName: string;
  /** The seed prompt, versioned. */
  seed: VersionedPromptTemplate;
  /** Endless training batches. */
  gradIter: Iterator<T[], never>;
  /** Endless validation batches. */
  valIter: Iterator<T[], never>;
  /** The whole validation set. */
  valTasks: T[];
}

const toArray = <T>(dataset: Dataset<T>): T[] =>
  Array.from({ length: dataset.length }, (_, i) => dataset[i] as T);

const beamRecord = (p: VersionedPromptTemplate) => ({
  version: p.version,
  template: p.promptTemplate.template,
  score: p.score,
});

/**
 * The APO algorithm. Use it with a `Trainer` whose adapter is `TraceToMessages`
 * and whose initial resources hold the seed `PromptTemplate`:
 *
 * @example
 * const apo = new APO({ beamRounds: 2, seed: 7 });
 * const trainer = new Trainer({ algorithm: apo, adapter: new TraceToMessages(),
 *   initialResources: { prompt_template: new PromptTemplate('Solve: {question}') } });
 * await trainer.fit(agent, train, { valDataset: val });
 * console.log(apo.getBestPrompt().template);
 */
export class APO<T = unknown> extends ApoSteps<T> {
  /** Runs the optimisation (starting a configured, stopped LLM proxy for its duration). */
  override async run(args: AlgorithmRunArgs = {}): Promise<void> {
    await this.#runWithProxy.call(this, args as AlgorithmRunArgs<T>);
  }

  readonly #runWithProxy = withLlmProxy()<[AlgorithmRunArgs<T>], void, APO<T>>(async function (
    this: APO<T>,
    _proxy: unknown,
    args: AlgorithmRunArgs<T>,
  ) {
    this.getStore(); // fails first when there is no store
    const state = this.initializeBeam(args);
    const { resourceName, seed } = state;
    let beam = [seed];
    if (this.options.runInitialValidation) {
      const prefix = this.formatLogPrefix({ round: 0, promptVersion: seed.version });
      this.failedInRound = 0;
      this.logger.info(
        `${prefix}Evaluating seed prompt on validation dataset before optimization...`,
      );
      const { average } = await this.evaluatePromptOnBatch(
        seed,
        resourceName,
        state.valTasks,
        'val',
        { prefix },
      );
      this.logger.info(`${prefix}Seed prompt baseline score: ${formatScore(average)}`);
      const improved = this.offerBest(seed, average, prefix);
      this.recordRound({
        round: 0,
        candidates: [],
        scored: [],
        beam: [beamRecord(seed)],
        leaderVersion: seed.version,
        leaderScore: average,
        bestVersion: this.bestVersion ?? seed.version,
        bestScore: this.bestScore,
        improved,
        failedRollouts: this.failedInRound,
      });
    }
    for (let rnd = 0; rnd < this.options.beamRounds; rnd++) {
      this.failedInRound = 0;
      const prefix = this.formatLogPrefix({ round: rnd + 1 });
      this.logger.info(`${prefix}Round ${rnd + 1}/${this.options.beamRounds}...`);
      const parents = this.sampleParentPrompts(beam, rnd);
      const made = await this.generateCandidatePrompts(parents, resourceName, state.gradIter, rnd);
      const scored = [...beam, ...made.map((m) => m.prompt)];
      beam = await this.evaluateAndSelectBeam(scored, resourceName, state.valIter, rnd);
      const { leaderScore, improved } = await this.updateBestPrompt(
        beam,
        resourceName,
        state.valTasks,
        rnd,
      );
      this.recordRound({
        round: rnd + 1,
        candidates: made.map((m) => m.record),
        scored: scored.map(beamRecord),
        beam: beam.map(beamRecord),
        leaderVersion: (beam[0] as VersionedPromptTemplate).version,
        leaderScore,
        bestVersion: this.bestVersion ?? '',
        bestScore: this.bestScore,
        improved,
        failedRollouts: this.failedInRound,
      });
    }
    await this.finish(resourceName);
  });

  /**
   * Checks everything a run needs before the first store call and sets up
   * the seed, the best prompt and the batch iterators.
   *
   * @throws InvalidArgumentError for missing or empty datasets, no seed prompt, or a wrong adapter
   */
  protected initializeBeam(args: AlgorithmRunArgs<T>): ApoRunState<T> {
    const [resourceName, seedTemplate] = this.getSeedPromptTemplate();
    const { trainDataset, valDataset } = args;
    if (trainDataset == null) {
      throw new InvalidArgumentError('train_dataset is required for APO algorithm');
    }
    if (valDataset == null) {
      throw new InvalidArgumentError('val_dataset is required for APO algorithm');
    }
    if (trainDataset.length === 0) {
      throw new InvalidArgumentError('train_dataset must not be empty');
    }
    if (valDataset.length === 0) throw new InvalidArgumentError('val_dataset must not be empty');
    this.getAdapter(); // a wrong adapter would otherwise fail only after the first batch ran
    const gradIter = this.batches(trainDataset, this.options.gradientBatchSize);
    const valIter = this.batches(valDataset, this.options.valBatchSize);
    const seed = this.createVersionedPrompt(seedTemplate);
    this.resetBest(seedTemplate, seed.version);
    return { resourceName, seed, gradIter, valIter, valTasks: toArray(valDataset) };
  }

  /** The parents of a round: the beam replicated to `beamWidth` while it is smaller, else a random permutation. */
  protected sampleParentPrompts(
    beam: readonly VersionedPromptTemplate[],
    roundIndex: number,
  ): [number, VersionedPromptTemplate][] {
    const width = this.options.beamWidth;
    if (beam.length < width) {
      // Info, not a warning: the first round always starts from the seed alone.
      this.logger.info(
        `${this.formatLogPrefix({ round: roundIndex + 1 })}Beam width is currently ${width}, but only ${beam.length} prompts in beam. Replicating all prompts.`,
      );
      return Array.from({ length: width }, (_, i) => [
        i % beam.length,
        beam[i % beam.length] as VersionedPromptTemplate,
      ]);
    }
    const indices = sample(
      beam.map((_, i) => i),
      width,
      this.random,
    );
    return indices.map((i) => [i, beam[i] as VersionedPromptTemplate]);
  }

  /** `branchFactor` critique-and-edit children per parent, each from a fresh training batch. */
  protected async generateCandidatePrompts(
    parents: readonly [number, VersionedPromptTemplate][],
    resourceName: string,
    gradIter: Iterator<T[], never>,
    roundIndex: number,
  ): Promise<{ prompt: VersionedPromptTemplate; record: ApoCandidateRecord }[]> {
    const round = roundIndex + 1;
    const { branchFactor } = this.options;
    const head = this.formatLogPrefix({ round });
    this.logger.info(
      `${head}Applying ${branchFactor} edits to each of the ${parents.length} parents based on gradients computed on training dataset`,
    );
    this.logger.info(`${head}Parent prompts: ${formatVersions(parents.map(([, p]) => p))}`);
    const seen = new Set<number>();
    const out: { prompt: VersionedPromptTemplate; record: ApoCandidateRecord }[] = [];
    for (const [position, [beamIndex, parent]] of parents.entries()) {
      if (seen.has(beamIndex)) {
        this.logger.info(
          `${this.formatLogPrefix({ round, beamIndex, promptVersion: parent.version })}Duplicated beam index found. Might be caused by beam_width too high. The real index of this beam is ${position + 1}.`,
        );
      }
      seen.add(beamIndex);
      for (let branchIndex = 0; branchIndex < branchFactor; branchIndex++) {
        const prefix = this.formatLogPrefix({
          round,
          beamIndex,
          branchIndex,
          promptVersion: parent.version,
        });
        this.logger.info(
          `${prefix}Use parent prompt ${parent.version} as a baseline to generate a new prompt. Baseline score: ${formatScore(parent.score)}`,
        );
        const tasks = gradIter.next().value;
        const { results } = await this.evaluatePromptOnBatch(parent, resourceName, tasks, 'train', {
          prefix,
        });
        const { critique, text } = await this.critiqueAndEdit(parent, results, { prefix });
        if (!text) {
          this.logger.error(
            `${prefix}Failed to compute edit for prompt: ${parent.promptTemplate.template}`,
          );
          continue;
        }
        // Candidates are always f-string templates: the edit prompts ask to keep {placeholders}.
        const prompt = this.createVersionedPrompt(new PromptTemplate(text, 'f-string'));
        this.logger.info(
          `${prefix}New prompt template created from parent ${parent.version}: ${prompt.version}`,
        );
        this.logger.info(
          `${this.formatLogPrefix({ round, promptVersion: prompt.version })}New prompt template created from parent ${parent.version}:\n\`\`\`\n${text}\n\`\`\``,
        );
        out.push({
          prompt,
          record: {
            version: prompt.version,
            parentVersion: parent.version,
            template: text,
            critique,
          },
        });
      }
    }
    return out;
  }

  /** Scores every prompt on one validation batch and keeps the best `beamWidth` (stable on ties). */
  protected async evaluateAndSelectBeam(
    prompts: readonly VersionedPromptTemplate[],
    resourceName: string,
    valIter: Iterator<T[], never>,
    roundIndex: number,
  ): Promise<VersionedPromptTemplate[]> {
    const round = roundIndex + 1;
    this.logger.info(
      `${this.formatLogPrefix({ round })}Evaluating ${prompts.length} candidates on validation dataset`,
    );
    const batch = valIter.next().value; // one batch, so every prompt meets the same tasks
    for (const prompt of prompts) {
      const prefix = this.formatLogPrefix({ round, promptVersion: prompt.version });
      const { average } = await this.evaluatePromptOnBatch(prompt, resourceName, batch, 'val', {
        prefix,
      });
      prompt.score = average;
      this.logger.info(`${prefix}Candidate score: ${formatScore(average)}`);
    }
    const beam = [...prompts]
      .sort((a, b) => (b.score ?? 0) - (a.score ?? 0))
      .slice(0, this.options.beamWidth);
    if (beam.length === 0) throw new InvalidStateError('No beam candidates any more');
    this.logger.info(
      `${this.formatLogPrefix({ round })}Top ${beam.length} candidates on validation dataset: [${formatVersions(beam)}]`,
    );
    return beam;
  }

  /** Scores the beam leader on the whole validation set and keeps it when it beats the best strictly. */
  protected async updateBestPrompt(
    beam: readonly VersionedPromptTemplate[],
    resourceName: string,
    valTasks: readonly T[],
    roundIndex: number,
  ): Promise<{ leaderScore: number; improved: boolean }> {
    const leader = beam[0];
    if (leader === undefined) throw new InvalidStateError('No beam candidates any more');
    const prefix = this.formatLogPrefix({ round: roundIndex + 1, promptVersion: leader.version });
    const { average } = await this.evaluatePromptOnBatch(leader, resourceName, valTasks, 'val', {
      prefix,
    });
    this.logger.info(`${prefix}Beam leader score: ${formatScore(average)}`);
    return { leaderScore: average, improved: this.offerBest(leader, average, prefix) };
  }
}
