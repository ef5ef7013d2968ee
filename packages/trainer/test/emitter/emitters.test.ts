import { InvalidArgumentError, InvalidStateError } from '@agl/store-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  emitAnnotation,
  emitException,
  emitMessage,
  emitObject,
  emitReward,
  getMessageValue,
  getObjectValue,
  makeLinkAttributes,
} from '../../src/emitter';
import { OtelTracer } from '../../src/tracer';
import * as registry from '../../src/tracer/registry';

afterEach(() => vi.restoreAllMocks());

/** Runs `body` under an OtelTracer in local mode and returns the captured spans. */
async function capture(body: () => void | Promise<void>) {
  const tracer = new OtelTracer();
  await tracer.initWorker(0);
  try {
    await tracer.traceContext({}, body);
    return tracer.getLastTrace();
  } finally {
    await tracer.teardown();
  }
}

describe('emitReward', () => {
  it('records an agentlightning.annotation span with the primary reward dimension', async () => {
    const [span] = await capture(() => {
      emitReward(0.5);
    });
    expect(span?.name).toBe('agentlightning.annotation');
    expect(span?.status).toEqual({ status_code: 'OK', description: null });
    expect(span?.attributes).toEqual({
      'agentlightning.reward.0.name': 'primary',
      'agentlightning.reward.0.value': 0.5,
    });
  });

  it('orders a multi-dimensional reward primary first, then insertion order', () => {
    const core = emitReward(
      { efficiency: 0.8, task_completion: 1 },
      { primaryKey: 'task_completion', propagate: false },
    );
    expect(core.attributes).toEqual({
      'agentlightning.reward.0.name': 'task_completion',
      'agentlightning.reward.0.value': 1,
      'agentlightning.reward.1.name': 'efficiency',
      'agentlightning.reward.1.value': 0.8,
    });
  });

  it('converts booleans and validates its input', () => {
    expect(emitReward(true, { propagate: false }).attributes['agentlightning.reward.0.value']).toBe(
      1,
    );
    expect(() => emitReward({ a: 1 }, { propagate: false })).toThrow(InvalidArgumentError);
    expect(() => emitReward({ a: 1 }, { primaryKey: 'b', propagate: false })).toThrow(
      InvalidArgumentError,
    );
    expect(() => emitReward({ a: 'x' } as never, { primaryKey: 'a', propagate: false })).toThrow(
      InvalidArgumentError,
    );
    expect(() => emitReward('0.5' as never, { propagate: false })).toThrow(InvalidArgumentError);
  });

  it('adds link attributes', () => {
    const core = emitReward(0.5, {
      attributes: makeLinkAttributes({ 'gen_ai.response.id': 'response-123' }),
      propagate: false,
    });
    expect(core.attributes['agentlightning.link.0.key_match']).toBe('gen_ai.response.id');
    expect(core.attributes['agentlightning.link.0.value_match']).toBe('response-123');
  });
});

describe('propagation', () => {
  it('every emitter throws InvalidStateError "No active tracer found" without an active tracer', () => {
    expect(() => emitReward(1)).toThrow(InvalidStateError);
    expect(() => emitAnnotation({ a: 1 })).toThrow(
      /No active tracer found. Cannot emit annotation span./,
    );
    expect(() => emitMessage('m')).toThrow(/No active tracer found. Cannot emit message span./);
    expect(() => emitObject(1)).toThrow(/No active tracer found. Cannot emit object span./);
    expect(() => emitException(new Error('e'))).toThrow(
      /No active tracer found. Cannot emit exception span./,
    );
  });

  it('never consults the registry with propagate: false', () => {
    const spy = vi.spyOn(registry, 'getActiveTracer');
    emitReward(1, { propagate: false });
    emitAnnotation({ a: 1 }, { propagate: false });
    emitMessage('m', { propagate: false });
    emitObject('x', { propagate: false });
    emitException(new Error('e'), { propagate: false });
    expect(spy).not.toHaveBeenCalled();
    // The spy does intercept the emitters' lookups when they propagate.
    expect(() => emitMessage('m')).toThrow(InvalidStateError);
    expect(spy).toHaveBeenCalledTimes(1);
  });
});

describe('emitAnnotation', () => {
  it('flattens the annotation', () => {
    expect(
      emitAnnotation({ meta: { tag: 'foo' }, score: 1.5 }, { propagate: false }).attributes,
    ).toEqual({
      'meta.tag': 'foo',
      score: 1.5,
    });
  });

  it('rejects Set and null leaves', () => {
    expect(() => emitAnnotation({ s: new Set([1]) }, { propagate: false })).toThrow(
      InvalidArgumentError,
    );
    expect(() => emitAnnotation({ n: null }, { propagate: false })).toThrow(InvalidArgumentError);
  });
});

describe('emitMessage', () => {
  it('sets the body, keeps leaf lists and leaves the status UNSET under OtelTracer', async () => {
    const [span] = await capture(() => emitMessage('hi', { attributes: { labels: ['a', 'b'] } }));
    expect(span?.name).toBe('agentlightning.message');
    expect(span?.attributes).toEqual({ 'agentlightning.message.body': 'hi', labels: ['a', 'b'] });
    expect(span?.status.status_code).toBe('UNSET');
    expect(getMessageValue(span ?? { attributes: {} })).toBe('hi');
  });

  it('rejects non-strings; getMessageValue checks the type', () => {
    expect(() => emitMessage(123 as never, { propagate: false })).toThrow(InvalidArgumentError);
    expect(getMessageValue({ attributes: {} })).toBeNull();
    expect(() => getMessageValue({ attributes: { 'agentlightning.message.body': 1 } })).toThrow(
      InvalidArgumentError,
    );
  });
});

describe('emitObject / getObjectValue', () => {
  const encode = (v: unknown) => emitObject(v, { propagate: false }).attributes;

  it('encodes literals with Python type names', () => {
    expect(encode('x')).toEqual({
      'agentlightning.object.type': 'str',
      'agentlightning.object.literal': 'x',
    });
    expect(encode(3)).toEqual({
      'agentlightning.object.type': 'int',
      'agentlightning.object.literal': '3',
    });
    expect(encode(2.5)).toEqual({
      'agentlightning.object.type': 'float',
      'agentlightning.object.literal': '2.5',
    });
    expect(encode(true)).toEqual({
      'agentlightning.object.type': 'bool',
      'agentlightning.object.literal': 'True',
    });
    expect(encode(new Uint8Array([1, 2, 255]))).toEqual({
      'agentlightning.object.type': 'bytes',
      'agentlightning.object.literal': 'AQL/',
    });
  });

  it('encodes other values as JSON', () => {
    const dict = encode({ k: 1 });
    expect(dict['agentlightning.object.type']).toBe('dict');
    expect(JSON.parse(dict['agentlightning.object.json'] as string)).toEqual({ k: 1 });
    expect(encode([1])['agentlightning.object.type']).toBe('list');
    expect(encode(null)['agentlightning.object.type']).toBe('NoneType');
    class Point {
      x = 1;
    }
    expect(encode(new Point())['agentlightning.object.type']).toBe('Point');
  });

  it('rejects values JSON cannot encode', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => encode(cyclic)).toThrow(/Object must be JSON serializable/);
    expect(() => encode(10n)).toThrow(InvalidStateError);
    expect(() => encode({ f: () => 1 })).toThrow(InvalidStateError);
  });

  it('round-trips every encoding and records an agentlightning.object span with status OK', async () => {
    for (const value of ['s', 7, 0.25, false, { a: [1, 'x'] }, [1, 2], null]) {
      expect(getObjectValue({ attributes: encode(value) })).toEqual(value);
    }
    expect(getObjectValue({ attributes: encode(new Uint8Array([9, 8])) })).toEqual(
      new Uint8Array([9, 8]),
    );
    const [span] = await capture(() => void emitObject({ k: 1 }));
    expect(span?.name).toBe('agentlightning.object');
    expect(span?.status.status_code).toBe('OK');
  });

  it('getObjectValue: null without payload, errors for bad JSON or unknown types', () => {
    expect(getObjectValue({ attributes: {} })).toBeNull();
    expect(getObjectValue({ attributes: { 'agentlightning.object.literal': 'plain' } })).toBe(
      'plain',
    );
    expect(
      getObjectValue({
        attributes: {
          'agentlightning.object.type': 'float',
          'agentlightning.object.literal': 'inf',
        },
      }),
    ).toBe(Infinity);
    expect(() => getObjectValue({ attributes: { 'agentlightning.object.json': '{bad' } })).toThrow(
      InvalidStateError,
    );
    expect(() =>
      getObjectValue({
        attributes: {
          'agentlightning.object.type': 'complex',
          'agentlightning.object.literal': '1j',
        },
      }),
    ).toThrow(/Unsupported object type for literal deserialization/);
  });
});

describe('emitException', () => {
  it('records the exception keys and status OK', async () => {
    const [span] = await capture(() =>
      emitException(new TypeError('boom'), { attributes: { where: 'tool' } }),
    );
    expect(span?.name).toBe('agentlightning.exception');
    expect(span?.status.status_code).toBe('OK');
    expect(span?.attributes['exception.type']).toBe('TypeError');
    expect(span?.attributes['exception.message']).toBe('boom');
    expect(span?.attributes['exception.escaped']).toBe(true);
    expect(span?.attributes['exception.stacktrace']).toContain('boom');
    expect(span?.attributes.where).toBe('tool');
  });

  it('rejects non-errors', () => {
    expect(() => emitException('boom' as never, { propagate: false })).toThrow(
      InvalidArgumentError,
    );
  });
});
