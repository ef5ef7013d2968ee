import { InvalidArgumentError, InvalidStateError } from '@agl/store-core';
import { describe, expect, it } from 'vitest';
import { emitReward, operation } from '../../src/emitter';
import { OtelTracer } from '../../src/tracer';

async function capture(body: () => unknown) {
  const tracer = new OtelTracer();
  await tracer.initWorker(0);
  try {
    await tracer.traceContext({}, body as () => Promise<unknown>);
    return tracer.getLastTrace();
  } finally {
    await tracer.teardown();
  }
}

describe('operation wrapper form', () => {
  it('records name, positional inputs and output of an async function', async () => {
    async function plan(goal: string, budget: { steps: number }) {
      await Promise.resolve();
      return { plan: `do ${goal}`, steps: budget.steps };
    }
    const wrapped = operation(plan);
    const spans = await capture(async () => {
      expect(await wrapped('x', { steps: 3 })).toEqual({ plan: 'do x', steps: 3 });
    });
    expect(spans).toHaveLength(1);
    expect(spans[0]?.name).toBe('agentlightning.operation');
    expect(spans[0]?.attributes).toEqual({
      'agentlightning.operation.name': 'plan',
      'agentlightning.operation.input.args.0': 'x',
      'agentlightning.operation.input.args.1.steps': 3,
      'agentlightning.operation.output.plan': 'do x',
      'agentlightning.operation.output.steps': 3,
    });
  });

  it('uses paramNames and an explicit name; scalar outputs go to the output key', async () => {
    const add = operation((a: number, b: number, c: number) => a + b + c, {
      name: 'adder',
      paramNames: ['a', 'b'],
    });
    const spans = await capture(() => expect(add(1, 2, 3)).toBe(6));
    expect(spans[0]?.attributes).toEqual({
      'agentlightning.operation.name': 'adder',
      'agentlightning.operation.input.a': 1,
      'agentlightning.operation.input.b': 2,
      'agentlightning.operation.input.args.2': 3,
      'agentlightning.operation.output': 6,
    });
  });

  it('records exceptions with status ERROR and re-throws', async () => {
    const fail = operation(async function failing() {
      throw new Error('nope');
    });
    const spans = await capture(() => expect(fail()).rejects.toThrow('nope'));
    expect(spans[0]?.status).toEqual({ status_code: 'ERROR', description: 'nope' });
  });

  it('nests spans created inside under the operation span', async () => {
    const scored = operation(async () => {
      await new Promise((r) => setTimeout(r, 1));
      emitReward(1);
    });
    const [reward, op] = await capture(() => scored());
    expect(reward?.parent_id).toBe(op?.span_id);
  });

  it('resolves the tracer at each call, not when wrapping', async () => {
    const lazy = operation(() => 1);
    expect(() => lazy()).toThrow(/No active tracer found. Cannot trace operation spans./);
    expect(await capture(() => lazy())).toHaveLength(1);
  });
});

describe('operation context form', () => {
  it('records inputs and output inside run and exposes span() afterwards', () => {
    const op = operation({ propagate: false, name: 'fetch', tags: ['a', 'b'] });
    expect(() => op.span()).toThrow(/Span is not ready yet./);
    expect(() => op.setInput(['x'])).toThrow(InvalidStateError);
    const out = op.run((o) => {
      o.setInput(['q'], { limit: 5 });
      o.setOutput({ rows: 2 });
      return 'ok';
    });
    expect(out).toBe('ok');
    expect(op.span().name).toBe('agentlightning.operation');
    expect(op.span().attributes).toEqual({
      tags: ['a', 'b'],
      'agentlightning.operation.name': 'fetch',
      'agentlightning.operation.input.args.0': 'q',
      'agentlightning.operation.input.limit': 5,
      'agentlightning.operation.output.rows': 2,
    });
    expect(op.span().status.status_code).toBe('OK');
    expect(() => op.setOutput(1)).toThrow(InvalidStateError);
  });

  it('rejects a span name string and conflicting names', () => {
    expect(() => operation('custom' as never)).toThrow(InvalidArgumentError);
    expect(() => operation({ name: 'x', 'agentlightning.operation.name': 'y' })).toThrow(
      InvalidArgumentError,
    );
    const explicit = operation({ propagate: false, 'agentlightning.operation.name': 'y' });
    explicit.run(() => {});
    expect(explicit.span().attributes['agentlightning.operation.name']).toBe('y');
  });
});
