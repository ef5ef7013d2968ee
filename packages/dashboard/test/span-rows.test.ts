import { describe, expect, it } from 'vitest';
import {
  ROW_FLAGS,
  ROW_KINDS,
  rowId,
  rowIndexOf,
  rowLabel,
  rowPathsTo,
  toRowModel,
  visibleIndices,
} from '../src/core/span-rows';
import { buildSpanTree, visibleRows } from '../src/core/span-tree';
import type { WireSpan } from '../src/core/wire';
import { wireSpan } from './wire-span';

const span = (id: string, parent: string | null, start: number | null, name = id, error = false) =>
  wireSpan(id, parent, start, { name, error });

const plain = { kind: () => 'plain' as const, reward: () => null, note: () => null };

describe('toRowModel', () => {
  const tree = buildSpanTree(
    [
      span('b', 'root', 20, 'step'),
      span('root', null, 10, 'agent.run'),
      span('a', 'root', 15, 'step', true),
      span('orphan', 'gone-parent-id', 30),
      span('c1', 'c2', 50),
      span('c2', 'c1', 51),
      span('late', null, null),
    ],
    5,
  );
  const model = toRowModel(tree, {
    kind: (node) => (node.id === 'a' ? 'llm' : node.id === 'b' ? 'reward' : 'plain'),
    reward: (node) => (node.id === 'b' ? 0.5 : null),
    note: (node) => (node.id === 'a' ? 'gpt · 1→2 tokens' : null),
  });

  it('lists the nodes in the same order as the tree rows, untimed spans last', () => {
    const ids = Array.from({ length: model.count }, (_, i) => rowId(model, i));
    expect(ids).toEqual(visibleRows(tree, () => true).map((n) => n.id));
    expect(ids.at(-1)).toBe('late');
    expect(rowIndexOf(model, 'root')).toBe(0);
    expect(rowIndexOf(model, 'late')).toBe(model.count - 1);
    expect(rowIndexOf(model, 'ro')).toBeUndefined();
    expect(rowIndexOf(model, 'nope')).toBeUndefined();
  });

  it('keeps depth, sizes, parents, kinds, flags, rewards, notes and labels', () => {
    const root = rowIndexOf(model, 'root') as number;
    const a = rowIndexOf(model, 'a') as number;
    const b = rowIndexOf(model, 'b') as number;
    const virtual = rowIndexOf(model, 'missing:gone-parent-id') as number;
    const c1 = rowIndexOf(model, 'c1') as number;
    expect([model.depth[a], model.size[root], model.children[root], model.parent[a]]).toEqual([
      1,
      2,
      2,
      root,
    ]);
    expect(ROW_KINDS[model.kind[a] as number]).toBe('llm');
    expect(model.flags[a]).toBe(ROW_FLAGS.error);
    expect(model.reward[b]).toBe(0.5);
    expect(Number.isNaN(model.reward[a] as number)).toBe(true);
    expect(model.notes.get(a)).toBe('gpt · 1→2 tokens');
    expect(rowLabel(model, a)).toBe('step');
    expect(rowLabel(model, virtual)).toBe('missing parent gone-par');
    expect(rowLabel(model, c1)).toBe('c1 (cycle in parent ids)');
    expect(model.flags[rowIndexOf(model, 'late') as number]).toBe(ROW_FLAGS.untimed);
    expect(model.names.filter((n) => n === 'step')).toHaveLength(1);
    expect(model.t0).toBe(5);
  });

  it('skips collapsed subtrees and keeps paths to marked rows', () => {
    const root = rowIndexOf(model, 'root') as number;
    const shown = visibleIndices(model, (i) => i === root);
    expect(Array.from(shown, (i) => rowId(model, i))).not.toContain('a');
    expect(shown).toHaveLength(model.count - 2);
    expect(visibleIndices(model, () => false)).toHaveLength(model.count);
    const keep = rowPathsTo(model, (i) => i === rowIndexOf(model, 'a'));
    expect([...keep]).toEqual([root]);
  });

  it('flattens 100,000 spans', () => {
    const spans: WireSpan[] = [span('s0', null, 0)];
    for (let i = 1; i < 100_000; i++)
      spans.push(span(`s${i}`, `s${Math.floor((i - 1) / 8)}`, i / 100));
    const big = toRowModel(buildSpanTree(spans), plain);
    expect(big.count).toBe(100_000);
    expect(big.size[0]).toBe(99_999);
    expect(visibleIndices(big, (i) => i === 0)).toHaveLength(1);
    expect(rowIndexOf(big, 's99999')).toBeGreaterThan(0);
  });
});
