import type { Span } from '@agl/types';

/**
 * One node of a span tree, as the tree algorithms (hierarchy repair, LLM call
 * search, reward matching, trajectories) read it. `TraceTree` implements it;
 * the algorithms depend on this shape only, so `trace-tree.ts` can call them
 * without the modules importing each other in a circle.
 */
export interface TraceNode {
  /** Node id: the span id, or `virtual-root` for the synthetic root. */
  readonly id: string;
  /** The span of this node. */
  readonly span: Span;
  /** Child nodes; hierarchy repair moves nodes between these arrays. */
  readonly children: TraceNode[];
  /** Start time in epoch seconds, or `null`. */
  readonly start: number | null;
  /** End time in epoch seconds, or `null`. */
  readonly end: number | null;
  /** The agent this node represents, or `null`. */
  agentName(): string | null;
  /** The reward the span carries, or `null`. */
  maybeReward(): number | null;
  /** Whether the span is a reward span. */
  isRewardSpan(): boolean;
  /** Every node in pre-order (node first, then its children). */
  traverse(): TraceNode[];
}
