/**
 * A compact, flat form of a span tree for large attempts: one entry per node
 * in display order (depth first), held in typed arrays. A Web Worker builds
 * it and hands it to the page without copying much (typed arrays are
 * transferred), and the page computes the visible rows of any
 * expand/collapse state in one linear pass without touching span objects.
 *
 * @module
 */
import type { SpanNode, SpanTree } from './span-tree';

const SEP = '\u0000';

/** Kind codes of `SpanRowModel.kind`. */
export const ROW_KINDS = ['plain', 'llm', 'reward', 'tool', 'agent'] as const;
/** What a span is, for styling and navigation. */
export type RowKind = (typeof ROW_KINDS)[number];

/** Flag bits of `SpanRowModel.flags`. */
export const ROW_FLAGS = { error: 1, virtual: 2, cycle: 4, untimed: 8 } as const;

/** The tree of one attempt as parallel arrays, nodes in depth-first display order. */
export interface SpanRowModel {
  /** Number of nodes. */
  count: number;
  /**
   * Node ids (`missing:<parent id>` for a virtual node) joined by NUL; read
   * them with `rowId`/`rowIndexOf`. One string crosses from the worker to the
   * page as a single copy where 100,000 small strings would take a long task.
   */
  idText: string;
  /** Offset of each id in `idText`, plus the end (count + 1 entries). */
  idStart: Int32Array;
  /** Index into `names` of each node's span name (-1 for virtual nodes). */
  nameIndex: Int32Array;
  /** Distinct span names. */
  names: string[];
  /** Depth, 0 for roots and untimed spans. */
  depth: Int32Array;
  /** Number of descendants (the subtree that follows the node). */
  size: Int32Array;
  /** Number of direct children. */
  children: Int32Array;
  /** Parent index, -1 for roots. */
  parent: Int32Array;
  /** Start and end, epoch seconds (NaN when null). */
  start: Float64Array;
  end: Float64Array;
  /** Index into `ROW_KINDS`. */
  kind: Uint8Array;
  /** `ROW_FLAGS` bits. */
  flags: Uint8Array;
  /** Reward value of reward spans (NaN otherwise). */
  reward: Float64Array;
  /** A short label by node index (LLM calls: model and token counts). */
  notes: Map<number, string>;
  /** Axis bounds, epoch seconds. */
  t0: number | null;
  t1: number | null;
}

/** What the model needs to know about a node beyond the tree. */
export interface RowFacts {
  /** The span's kind. */
  kind(node: SpanNode): RowKind;
  /** Its reward value, when it carries one. */
  reward(node: SpanNode): number | null;
  /** A short label, when it has one. */
  note(node: SpanNode): string | null;
}

/**
 * Flattens a tree: timed nodes depth first in display order, then the untimed spans.
 *
 * @param tree - the tree (from `buildSpanTree`)
 * @param facts - kinds, rewards and labels of the nodes
 */
export function toRowModel(tree: SpanTree, facts: RowFacts): SpanRowModel {
  const order: SpanNode[] = [];
  const stack: SpanNode[] = [];
  for (let i = tree.roots.length - 1; i >= 0; i--) stack.push(tree.roots[i] as SpanNode);
  while (stack.length > 0) {
    const node = stack.pop() as SpanNode;
    order.push(node);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as SpanNode);
  }
  for (const node of tree.untimed) order.push(node);
  const count = order.length;
  const model: SpanRowModel = {
    count,
    idText: '',
    idStart: new Int32Array(count + 1),
    nameIndex: new Int32Array(count),
    names: [],
    depth: new Int32Array(count),
    size: new Int32Array(count),
    children: new Int32Array(count),
    parent: new Int32Array(count),
    start: new Float64Array(count),
    end: new Float64Array(count),
    kind: new Uint8Array(count),
    flags: new Uint8Array(count),
    reward: new Float64Array(count),
    notes: new Map(),
    t0: tree.t0,
    t1: tree.t1,
  };
  const index = new Map<string, number>();
  const nameIds = new Map<string, number>();
  const ids: string[] = [];
  let offset = 0;
  order.forEach((node, i) => {
    index.set(node.id, i);
    ids.push(node.id);
    model.idStart[i] = offset;
    offset += node.id.length + 1;
    const name = node.span?.name;
    let nameId = -1;
    if (name !== undefined) {
      nameId = nameIds.get(name) ?? -1;
      if (nameId < 0) {
        nameId = model.names.length;
        nameIds.set(name, nameId);
        model.names.push(name);
      }
    }
    model.nameIndex[i] = nameId;
    model.depth[i] = node.depth;
    model.size[i] = node.descendants;
    model.children[i] = node.children.length;
    model.parent[i] = node.parentId === null ? -1 : (index.get(node.parentId) ?? -1);
    model.start[i] = node.start ?? Number.NaN;
    model.end[i] = node.end ?? Number.NaN;
    model.kind[i] = ROW_KINDS.indexOf(facts.kind(node));
    model.flags[i] =
      (node.span?.status?.status_code === 'ERROR' ? ROW_FLAGS.error : 0) |
      (node.missingParent ? ROW_FLAGS.virtual : 0) |
      (node.cycle ? ROW_FLAGS.cycle : 0) |
      (node.start === null ? ROW_FLAGS.untimed : 0);
    model.reward[i] = facts.reward(node) ?? Number.NaN;
    const note = facts.note(node);
    if (note !== null) model.notes.set(i, note);
  });
  model.idStart[count] = offset;
  model.idText = ids.length > 0 ? `${ids.join(SEP)}${SEP}` : '';
  return model;
}

/** The typed arrays of a model, for `postMessage`'s transfer list. */
export function rowModelBuffers(model: SpanRowModel): ArrayBuffer[] {
  return [
    model.idStart,
    model.nameIndex,
    model.depth,
    model.size,
    model.children,
    model.parent,
    model.start,
    model.end,
    model.kind,
    model.flags,
    model.reward,
  ].map((array) => array.buffer as ArrayBuffer);
}

/**
 * The node indices shown for an expand/collapse state, in display order:
 * a collapsed node's subtree is skipped in one step.
 *
 * @param model - the model
 * @param isCollapsed - whether a node (with children) hides them
 */
export function visibleIndices(
  model: SpanRowModel,
  isCollapsed: (index: number) => boolean,
): Int32Array {
  const out = new Int32Array(model.count);
  let n = 0;
  let i = 0;
  while (i < model.count) {
    out[n++] = i;
    i += (model.children[i] as number) > 0 && isCollapsed(i) ? (model.size[i] as number) + 1 : 1;
  }
  return out.subarray(0, n);
}

/**
 * The indices to keep expanded so only paths to the marked nodes show
 * ("Collapse to LLM calls").
 *
 * @param model - the model
 * @param marked - whether a node is an LLM call or reward span
 */
export function rowPathsTo(model: SpanRowModel, marked: (index: number) => boolean): Set<number> {
  const keep = new Set<number>();
  for (let i = 0; i < model.count; i++) {
    if (!marked(i)) continue;
    let parent = model.parent[i] as number;
    while (parent >= 0 && !keep.has(parent)) {
      keep.add(parent);
      parent = model.parent[parent] as number;
    }
  }
  return keep;
}

/**
 * The label of a row: the span name, or a note for virtual and cycle nodes.
 *
 * @param model - the model
 * @param index - the node index
 */
export function rowLabel(model: SpanRowModel, index: number): string {
  const flags = model.flags[index] as number;
  if (flags & ROW_FLAGS.virtual)
    return `missing parent ${rowId(model, index).slice('missing:'.length, 'missing:'.length + 8)}`;
  const name = model.names[model.nameIndex[index] as number] ?? '';
  return flags & ROW_FLAGS.cycle ? `${name} (cycle in parent ids)` : name;
}

/**
 * The id of the node at `index`.
 *
 * @param model - the model
 * @param index - the node index
 */
export function rowId(model: SpanRowModel, index: number): string {
  return model.idText.slice(
    model.idStart[index] as number,
    (model.idStart[index + 1] as number) - 1,
  );
}

/**
 * The index of the node with this id, or undefined. A native substring search
 * over the joined ids and a binary search over the offsets: no map of every id.
 *
 * @param model - the model
 * @param id - a span id (or virtual node id)
 */
export function rowIndexOf(model: SpanRowModel, id: string): number | undefined {
  if (id.includes(SEP)) return undefined;
  const head = `${id}${SEP}`;
  let at = 0;
  if (!model.idText.startsWith(head)) {
    const found = model.idText.indexOf(`${SEP}${head}`);
    if (found < 0) return undefined;
    at = found + 1;
  }
  let lo = 0;
  let hi = model.count - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const start = model.idStart[mid] as number;
    if (start === at) return mid;
    if (start < at) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}
