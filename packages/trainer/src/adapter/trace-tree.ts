import { InvalidArgumentError } from '@agl/store-core';
import type { Span } from '@agl/types';
import { getRewardValue } from '../reward/readers';
import {
  AGL_OPERATION,
  AGL_REWARD,
  AGL_VIRTUAL,
  LightningSpanAttributes,
} from '../semconv/constants';
import { randomSpanId, spanFromAttributes } from '../tracer/synthetic';
import { spanAgentName } from './agent-name';
import { repairHierarchy } from './repair';
import type { TraceNode } from './trace-node';
import { type TrajectoryOptions, toTrajectory } from './trajectory';
import type { Triplet } from './triplet';

/** Node id of the synthetic root that joins several roots. */
export const VIRTUAL_ROOT_ID = 'virtual-root';

/** A span with its children: the trace as a tree. */
export class TraceTree implements TraceNode {
  /** @param id - node id (the span id, or `virtual-root`) @param span - the span @param children - child nodes */
  constructor(
    readonly id: string,
    readonly span: Span,
    readonly children: TraceTree[] = [],
  ) {}

  /** Start time in epoch seconds, or `null`. */
  get start(): number | null {
    return this.span.start_time;
  }

  /** End time in epoch seconds, or `null`. */
  get end(): number | null {
    return this.span.end_time;
  }

  /**
   * Builds the tree. Parents that are referenced but absent get a synthetic
   * `agentlightning.virtual` node; several roots are joined under a
   * `virtual-root` node.
   *
   * @throws InvalidArgumentError for no spans or no root (a parent cycle)
   */
  static fromSpans(spans: readonly Span[]): TraceTree {
    if (spans.length === 0)
      throw new InvalidArgumentError('No spans provided to create TraceTree.');
    const nodes = new Map<string, TraceTree>();
    for (const span of spans)
      if (!nodes.has(span.span_id)) nodes.set(span.span_id, new TraceTree(span.span_id, span));
    const orphans = new Map<string, Span[]>();
    for (const span of spans) {
      if (span.parent_id !== null && !nodes.has(span.parent_id)) {
        orphans.set(span.parent_id, [...(orphans.get(span.parent_id) ?? []), span]);
      }
    }
    for (const [id, children] of orphans)
      nodes.set(id, new TraceTree(id, virtualParent(id, children)));
    const roots: TraceTree[] = [];
    for (const span of spans) {
      const node = nodes.get(span.span_id) as TraceTree;
      if (node.span !== span) continue;
      if (span.parent_id === null) roots.push(node);
      else (nodes.get(span.parent_id) as TraceTree).children.push(node);
    }
    for (const id of orphans.keys()) roots.push(nodes.get(id) as TraceTree);
    if (roots.length === 0) throw new InvalidArgumentError('No root spans found in the trace.');
    if (roots.length === 1) return roots[0] as TraceTree;
    const first = (roots[0] as TraceTree).span;
    const root = spanFromAttributes(
      {},
      {
        rolloutId: first.rollout_id,
        attemptId: first.attempt_id,
        sequenceId: first.sequence_id,
        traceId: first.trace_id,
        spanId: randomSpanId(),
        name: VIRTUAL_ROOT_ID,
        startTime: first.start_time,
        endTime: (roots[roots.length - 1] as TraceTree).span.end_time,
      },
    );
    return new TraceTree(VIRTUAL_ROOT_ID, root, roots);
  }

  /** The agent this node represents, or `null` (see `spanAgentName`). */
  agentName(): string | null {
    return spanAgentName(this.span);
  }

  /** The reward the span carries (`getRewardValue`), or `null`. */
  maybeReward(): number | null {
    return getRewardValue(this.span);
  }

  /** Whether the span carries a reward or is an operation named `agentlightning.reward`. */
  isRewardSpan(): boolean {
    if (this.maybeReward() !== null) return true;
    return (
      this.span.name === AGL_OPERATION &&
      this.span.attributes[LightningSpanAttributes.OPERATION_NAME] === AGL_REWARD
    );
  }

  /** Repairs the hierarchy in place (see `repairHierarchy`). */
  repairHierarchy(): void {
    repairHierarchy(this);
  }

  /** The triplets of this tree (see `toTrajectory`). */
  toTrajectory(options: TrajectoryOptions = {}): Triplet[] {
    return toTrajectory(this, options);
  }

  /** Every node in pre-order (node first, then its children). */
  traverse(): TraceTree[] {
    const out: TraceTree[] = [];
    const visit = (node: TraceTree): void => {
      out.push(node);
      for (const child of node.children) visit(child);
    };
    visit(this);
    return out;
  }

  /** The node with this id, or `null`. */
  findId(id: string): TraceTree | null {
    return this.traverse().find((node) => node.id === id) ?? null;
  }

  /** Debug view: `[name (+ " [agent]" for agents), ...children]`, recursively. */
  namesTuple(): [string, ...unknown[]] {
    const label = this.agentName() === null ? this.span.name : `${this.span.name} [agent]`;
    return [label, ...this.children.map((child) => child.namesTuple())];
  }

  /** Debug view: `{id, span, children}`, recursively. */
  toJson(): { id: string; span: Span; children: unknown[] } {
    return { id: this.id, span: this.span, children: this.children.map((child) => child.toJson()) };
  }
}

function virtualParent(id: string, children: readonly Span[]): Span {
  const first = children[0] as Span;
  const starts = children.map((c) => c.start_time).filter((t): t is number => t !== null);
  const ends = children.map((c) => c.end_time).filter((t): t is number => t !== null);
  return spanFromAttributes(
    {},
    {
      rolloutId: first.rollout_id,
      attemptId: first.attempt_id,
      sequenceId: first.sequence_id,
      traceId: first.trace_id,
      spanId: id,
      name: AGL_VIRTUAL,
      startTime: starts.length > 0 ? Math.min(...starts) : null,
      endTime: ends.length > 0 ? Math.max(...ends) : null,
    },
  );
}
