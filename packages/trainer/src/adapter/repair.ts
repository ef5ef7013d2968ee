import type { TraceNode } from './trace-node';

/** The tightest strict encloser of `child` among `candidates`, or `null`. */
function tightestEncloser(child: TraceNode, candidates: readonly TraceNode[]): TraceNode | null {
  const { start, end } = child;
  if (start === null || end === null) return null;
  let best: TraceNode | null = null;
  let bestSlack = Number.POSITIVE_INFINITY;
  for (const p of candidates) {
    if (p.start === null || p.end === null) continue;
    if (p.start > start || p.end < end) continue;
    const slack = p.end - end + (start - p.start);
    if (slack > 0 && slack < bestSlack) {
      best = p;
      bestSlack = slack;
    }
  }
  return best;
}

/**
 * Hierarchy repair: children of a node that are enclosed in
 * time by another node of the subtree move under the tightest such node.
 * A node with a single child delegates to that child. Only one level is
 * repaired. Nodes with missing times are skipped, and a child never moves
 * under its own descendant (that would detach it from the tree).
 */
export function repairHierarchy(root: TraceNode): void {
  let node = root;
  while (node.children.length === 1) node = node.children[0] as TraceNode;
  for (const child of [...node.children]) {
    if (node.children.length <= 1) break;
    const own = new Set(child.traverse());
    const candidates = node.traverse().filter((n) => n !== node && !own.has(n));
    const parent = tightestEncloser(child, candidates);
    if (parent === null) continue;
    node.children.splice(node.children.indexOf(child), 1);
    parent.children.push(child);
  }
}
