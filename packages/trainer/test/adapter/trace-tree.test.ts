import { InvalidArgumentError } from '@agl/store-core';
import { describe, expect, it } from 'vitest';
import { TracerTraceToTriplet, TraceTree } from '../../src/adapter';
import { llm, mk } from './build';

describe('TraceTree.fromSpans', () => {
  it('gives a child with an absent parent a virtual parent spanning its children', () => {
    const tree = TraceTree.fromSpans([mk('c1', 'p', 'a', 3, 5), mk('c2', 'p', 'b', 1, 4)]);
    expect(tree.id).toBe('p');
    expect(tree.span.name).toBe('agentlightning.virtual');
    expect(tree.span).toMatchObject({
      span_id: 'p',
      parent_id: null,
      attributes: {},
      rollout_id: 'ro-1',
      attempt_id: 'at-1',
    });
    expect([tree.start, tree.end]).toEqual([1, 5]);
    expect(tree.children.map((c) => c.id)).toEqual(['c1', 'c2']);
  });

  it('joins several roots under virtual-root from the first start to the last root end', () => {
    const tree = TraceTree.fromSpans([
      mk('r1', null, 'a', 1, 10),
      mk('x', 'r1', 'x', 2, 3),
      mk('r2', null, 'b', 4, 6),
    ]);
    expect(tree.id).toBe('virtual-root');
    expect(tree.span.name).toBe('virtual-root');
    expect(tree.span.span_id).toMatch(/^[0-9a-f]{16}$/);
    expect([tree.start, tree.end]).toEqual([1, 6]);
    expect(tree.children.map((c) => c.id)).toEqual(['r1', 'r2']);
    expect(tree.findId('x')?.span.name).toBe('x');
    expect(tree.traverse().map((n) => n.id)).toEqual(['virtual-root', 'r1', 'x', 'r2']);
  });

  it('throws for no spans and for a parent cycle', () => {
    expect(() => TraceTree.fromSpans([])).toThrow(/No spans provided to create TraceTree./);
    expect(() => new TracerTraceToTriplet().adapt([])).toThrow(InvalidArgumentError);
    expect(() => TraceTree.fromSpans([mk('a', 'b', 'a', 0, 1), mk('b', 'a', 'b', 0, 1)])).toThrow(
      /No root spans found in the trace./,
    );
  });

  it('names agents by the reference rules', () => {
    const tree = TraceTree.fromSpans([
      mk('r', null, 'root', 0, 10),
      mk('a1', 'r', 'x', 0, 1, { 'agent.name': 'oa' }),
      mk('a2', 'r', 'x', 0, 1, { 'agentops.span.kind': 'agent', 'operation.name': 'ops' }),
      mk('a3', 'r', 'x', 0, 1, { recipient_agent_type: 'autogen' }),
      mk('a4', 'r', 'x', 0, 1, { 'langchain.chain.type': 'graph' }),
      mk('a5', 'r', 'x', 0, 1, { 'executor.id': 'exec' }),
      mk('a6', 'r', 'x', 0, 1, { type: 'agent', 'agentlightning.operation.input.name': 'weave' }),
      mk('a7', 'r', 'langchain.Chain.foo', 0, 1, { lc_name: 'lc' }),
      mk('a8', 'r', 'x', 0, 1, { 'operation.name': 'not-an-agent' }),
    ]);
    expect(tree.children.map((c) => c.agentName())).toEqual([
      'oa',
      'ops',
      'autogen',
      'graph',
      'exec',
      'weave',
      'lc',
      null,
    ]);
    expect(tree.namesTuple()).toEqual([
      'root',
      ...Array.from({ length: 6 }, () => ['x [agent]']),
      ['langchain.Chain.foo [agent]'],
      ['x'],
    ]);
    expect(tree.toJson().children).toHaveLength(8);
  });

  it('treats operation spans named agentlightning.reward as reward spans', () => {
    const tree = TraceTree.fromSpans([
      mk('op', null, 'agentlightning.operation', 0, 1, {
        'agentlightning.operation.name': 'agentlightning.reward',
      }),
    ]);
    expect(tree.isRewardSpan()).toBe(true);
    expect(tree.maybeReward()).toBeNull();
  });
});

describe('hierarchy repair', () => {
  it('moves an LLM span parented to the root under the agent span enclosing it in time', () => {
    const tree = TraceTree.fromSpans([
      mk('root', null, 'session', 0, 10),
      mk('agent', 'root', 'agent', 1, 9, { 'agent.name': 'planner' }),
      llm('l1', 'root', 2, 3),
    ]);
    tree.repairHierarchy();
    expect(tree.children.map((c) => c.id)).toEqual(['agent']);
    expect(tree.findId('agent')?.children.map((c) => c.id)).toEqual(['l1']);
  });

  it('descends through single children and picks the tightest encloser', () => {
    const tree = TraceTree.fromSpans([
      mk('top', null, 'top', 0, 20),
      mk('s', 'top', 'session', 0, 20),
      mk('outer', 's', 'outer', 1, 19),
      mk('inner', 'outer', 'inner', 2, 10),
      llm('l1', 's', 3, 4),
    ]);
    tree.repairHierarchy();
    expect(tree.findId('s')?.children.map((c) => c.id)).toEqual(['outer']);
    expect(tree.findId('inner')?.children.map((c) => c.id)).toEqual(['l1']);
  });

  it('ignores zero slack and missing times, and repairs one level only', () => {
    const tree = TraceTree.fromSpans([
      mk('root', null, 'root', 0, 10),
      mk('a', 'root', 'a', 1, 5),
      mk('same', 'root', 'same', 1, 5),
      { ...llm('l1', 'root', 2, 3), start_time: null },
    ]);
    tree.repairHierarchy();
    // 'a' and 'same' share one interval (zero slack): neither moves under the other.
    expect(tree.children.map((c) => c.id)).toEqual(['a', 'same', 'l1']);
  });
});
