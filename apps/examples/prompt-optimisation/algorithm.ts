/**
 * The algorithm of the "prompt arithmetic" demo: a greedy
 * search that appends one fragment per round to the best template so far,
 * scores every candidate through the store, and stops when a round brings
 * no strict improvement. It talks only to the store.
 *
 * @module
 */
import { algo, type FunctionalAlgorithm } from '@agl/trainer';
import type { NamedResources } from '@agl/types';
import { scoreTemplates } from './evaluate';
import type { ArithmeticTask } from './tasks';

/** The fragments the search may append, in the order it tries them. */
const FRAGMENTS: readonly string[] = [
  'Compute {a} {op} {b}.',
  'Reply exactly as ### <number> ###.',
  'Show your work.',
  'Be polite.',
];

/** One scored template. */
interface Candidate {
  /** The full template. */
  template: string;
  /** The fragment appended to the incumbent (`null` for the seed). */
  added: string | null;
  /** Mean validation reward. */
  score: number;
}

/** What one round tried and what it kept. */
export interface Round {
  /** 0 for the seed, then 1, 2, ... */
  round: number;
  /** Every candidate of the round, in fragment order. */
  candidates: Candidate[];
  /** The best candidate of the round (the first of equal scores). */
  best: Candidate;
  /** Whether `best` beat the incumbent strictly and became the new incumbent. */
  improved: boolean;
  /** The incumbent's score after the round. */
  bestSoFar: number;
}

/** The outcome of the search. */
export interface SearchResult {
  /** Every round, the seed first. */
  rounds: Round[];
  /** The incumbent's score after each accepted improvement (the seed first). */
  history: number[];
  /** The winning template. */
  bestTemplate: string;
  /** Its validation score. */
  bestScore: number;
}

/** Reads the seed template from the initial resources. */
function seedTemplate(resources: NamedResources | null): string {
  const seed = resources?.prompt_template;
  if (seed?.resource_type !== 'prompt_template') {
    throw new Error('The search needs an initial `prompt_template` resource (a PromptTemplate).');
  }
  return seed.template;
}

/** Options of `greedyPromptSearch`. */
export interface GreedySearchOptions {
  /** Receives the result when the search ends (in the algorithm's process). */
  onResult: (result: SearchResult) => void;
  /** Receives each round as soon as it is scored (live progress). */
  onRound?: (round: Round) => void;
  /** The fragment library (default `FRAGMENTS`). */
  fragments?: readonly string[];
}

/**
 * Builds the greedy search.
 *
 * @param options - result and progress callbacks, fragment library
 */
export function greedyPromptSearch(
  options: GreedySearchOptions,
): FunctionalAlgorithm<ArithmeticTask> {
  const { onResult, onRound, fragments = FRAGMENTS } = options;
  return algo<ArithmeticTask>(async ({ store, valDataset, initialResources, signal }) => {
    const tasks = Array.from({ length: valDataset?.length ?? 0 }, (_, i) => valDataset?.[i]);
    if (tasks.length === 0) throw new Error('The search needs a validation dataset.');
    let version = 0;
    const score = async (candidates: Omit<Candidate, 'score'>[]): Promise<Candidate[]> => {
      const versions = candidates.map((c) => ({ version: `v${version++}`, template: c.template }));
      const scores = await scoreTemplates(store, versions, tasks);
      return candidates.map((c, i) => ({ ...c, score: scores[i] ?? 0 }));
    };

    const [seed] = await score([{ template: seedTemplate(initialResources), added: null }]);
    let incumbent = seed as Candidate;
    const rounds: Round[] = [
      {
        round: 0,
        candidates: [incumbent],
        best: incumbent,
        improved: true,
        bestSoFar: incumbent.score,
      },
    ];
    onRound?.(rounds[0] as Round);
    const history = [incumbent.score];
    const unused = [...fragments];
    while (unused.length > 0) {
      // Stopped (Ctrl+C): the store's waits have ended early, so the scores are partial; no result.
      if (signal.aborted) return;
      const candidates = await score(
        unused.map((added) => ({ template: `${incumbent.template} ${added}`, added })),
      );
      const best = candidates.reduce((a, b) => (b.score > a.score ? b : a));
      const improved = best.score > incumbent.score;
      if (improved) {
        incumbent = best;
        history.push(best.score);
        unused.splice(unused.indexOf(best.added as string), 1);
      }
      const round = {
        round: rounds.length,
        candidates,
        best,
        improved,
        bestSoFar: incumbent.score,
      };
      rounds.push(round);
      onRound?.(round);
      if (!improved) break;
    }
    if (signal.aborted) return;
    onResult({ rounds, history, bestTemplate: incumbent.template, bestScore: incumbent.score });
  });
}
