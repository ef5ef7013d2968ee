import { describe, expect, it } from 'vitest';
import { barLayout, buildSpanTree, pathsTo, visibleRows } from '../src/core/span-tree';
import type { WireSpan } from '../src/core/wire';
import { wireSpan } from './wire-span';

const span = (
  id: string,
  parent: string | null,
  start: number | null,
  end: number | null = start === null ? null : start + 1,
  name = id,
) => wireSpan(id, parent, start, { end, name });

describe('buildSpanTree', () => {
  it('puts children under parents, orders siblings by start, flags missing parents, cycles and untimed spans', () => {
    const tree = buildSpanTree(
      [
        span('b', 'root', 20),
        span('root', null, 10, 40),
        span('a', 'root', 15),
        span('orphan1', 'gone', 30),
        span('orphan2', 'gone', 25),
        span('c1', 'c2', 50),
        span('c2', 'c1', 51),
        span('late', null, null),
      ],
      5,
    );
    const rows = visibleRows(tree, () => true).map((n) => n.id);
    expect(rows).toEqual([
      'root',
      'a',
      'b',
      'missing:gone',
      'orphan2',
      'orphan1',
      'c1',
      'c2',
      'late',
    ]);
    expect(tree.byId.get('missing:gone')).toMatchObject({
      missingParent: 'gone',
      start: 25,
      end: 31,
    });
    expect(tree.byId.get('c1')?.cycle).toBe(true);
    expect(tree.byId.get('c2')?.depth).toBe(1);
    expect(tree.untimed.map((n) => n.id)).toEqual(['late']);
    expect(tree.t0).toBe(5);
    expect(tree.byId.get('root')?.descendants).toBe(2);
  });

  it('collapses, and keeps only paths to marked spans', () => {
    const tree = buildSpanTree([
      span('r', null, 1),
      span('x', 'r', 2),
      span('llm', 'x', 3),
      span('y', 'r', 4),
      span('z', 'y', 5),
    ]);
    expect(visibleRows(tree, (id) => id !== 'r').map((n) => n.id)).toEqual(['r']);
    const keep = pathsTo(tree, (n) => n.id === 'llm');
    expect([...keep].sort()).toEqual(['r', 'x']);
  });

  it('handles 100,000 spans', () => {
    const spans: WireSpan[] = [span('s0', null, 0, 1000)];
    for (let i = 1; i < 100_000; i++)
      spans.push(span(`s${i}`, `s${Math.floor((i - 1) / 8)}`, i / 100));
    const tree = buildSpanTree(spans);
    expect(visibleRows(tree, () => true)).toHaveLength(100_000);
    expect(tree.byId.get('s0')?.descendants).toBe(99_999);
  });
});

describe('barLayout', () => {
  it('places bars relative to t0 and draws open spans to now', () => {
    expect(barLayout(15, 20, { t0: 10, t1: 30, now: null })).toEqual({
      left: 0.25,
      width: 0.25,
      open: false,
    });
    expect(barLayout(20, null, { t0: 10, t1: 30, now: 30 })).toMatchObject({
      left: 0.5,
      width: 0.5,
      open: true,
    });
    expect(barLayout(20, null, { t0: 10, t1: 30, now: null }).width).toBe(0.002);
  });
});
