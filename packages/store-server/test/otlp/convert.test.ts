import { silentLogger } from '@agl/store-core';
import { SpanSchema } from '@agl/types';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  anyValueToJson,
  attributesToRecord,
  convertTraceRequest,
  nanosToSeconds,
  type OtlpAnyValue,
  type OtlpKeyValue,
  type OtlpSpan,
  type OtlpTraceRequest,
} from '../../src/otlp';

const str = (value: string): OtlpAnyValue => ({ kind: 'string', value });
const int = (value: bigint): OtlpAnyValue => ({ kind: 'int', value });
const dbl = (value: number): OtlpAnyValue => ({ kind: 'double', value });
const bool = (value: boolean): OtlpAnyValue => ({ kind: 'bool', value });
const arr = (...values: OtlpAnyValue[]): OtlpAnyValue => ({ kind: 'array', values });
const kvlist = (...values: OtlpKeyValue[]): OtlpAnyValue => ({ kind: 'kvlist', values });
const UNSET: OtlpAnyValue = { kind: 'unset' };
const kv = (key: string, value: OtlpAnyValue): OtlpKeyValue => ({ key, value });

const IDS = [
  kv('agentlightning.rollout_id', str('ro-1')),
  kv('agentlightning.attempt_id', str('at-1')),
];

function span(overrides: Partial<OtlpSpan> = {}): OtlpSpan {
  return {
    traceId: '5b8efff798038103d269b633813fc60c',
    spanId: 'eee19b7ec3c1b174',
    parentSpanId: '',
    traceState: '',
    name: 'span',
    kind: 1,
    startTimeUnixNano: 1767225620000000000n,
    endTimeUnixNano: 1767225621500000000n,
    attributes: [],
    events: [],
    links: [],
    status: { code: 0, message: '' },
    flags: 0,
    ...overrides,
  };
}

function request(
  resourceAttributes: OtlpKeyValue[],
  spans: OtlpSpan[],
  schemaUrl = '',
): OtlpTraceRequest {
  return {
    resourceSpans: [
      { resourceAttributes, schemaUrl, scopeSpans: [{ scope: { name: 's', version: '' }, spans }] },
    ],
  };
}

function collectingLogger() {
  const warnings: string[] = [];
  const errors: string[] = [];
  return {
    warnings,
    errors,
    logger: {
      ...silentLogger,
      warn: (m: string) => warnings.push(m),
      error: (m: string) => errors.push(m),
    },
  };
}

function convertOne(spanAttributes: OtlpKeyValue[], resourceAttributes: OtlpKeyValue[] = IDS) {
  const log = collectingLogger();
  const result = convertTraceRequest(
    request(resourceAttributes, [span({ attributes: spanAttributes })]),
    log.logger,
  );
  return { ...result, ...log };
}

describe('convertTraceRequest: the span table', () => {
  it('converts every field as the reference does', () => {
    const { spans, needsSequenceId, skipped } = convertTraceRequest(
      request(
        [kv('service.name', str('agent')), ...IDS],
        [
          span({
            traceId: '0a0b',
            spanId: 'ff',
            parentSpanId: '01',
            traceState: 'k=v',
            name: 'llm.call',
            kind: 3,
            attributes: [
              kv('gen_ai.system', str('openai')),
              kv('agentlightning.span_sequence_id', str('7')),
            ],
            events: [
              { timeUnixNano: 1767225620250000000n, name: 'first', attributes: [kv('i', int(0n))] },
              { timeUnixNano: 0n, name: 'untimed', attributes: [] },
            ],
            links: [
              { traceId: 'aa', spanId: 'bb', attributes: [] },
              { traceId: '', spanId: '', attributes: [kv('why', str('retry'))] },
            ],
            status: { code: 2, message: 'failed' },
            flags: 1,
          }),
        ],
        'https://opentelemetry.io/schemas/1.21.0',
      ),
      collectingLogger().logger,
    );
    expect(skipped).toBe(0);
    expect(needsSequenceId).toEqual([false]);
    const converted = spans[0];
    const context = {
      trace_id: '00000000000000000000000000000a0b',
      span_id: '00000000000000ff',
      is_remote: false,
      trace_state: {},
    };
    expect(converted).toEqual({
      rollout_id: 'ro-1',
      attempt_id: 'at-1',
      sequence_id: 7,
      trace_id: context.trace_id,
      span_id: context.span_id,
      parent_id: '0000000000000001',
      name: 'llm.call',
      status: { status_code: 'ERROR', description: 'failed' },
      attributes: { 'gen_ai.system': 'openai', 'agentlightning.span_sequence_id': '7' },
      events: [
        { name: 'first', attributes: { i: 0 }, timestamp: 1767225620.25 },
        { name: 'untimed', attributes: {}, timestamp: null },
      ],
      links: [
        {
          context: {
            trace_id: `${'0'.repeat(30)}aa`,
            span_id: `${'0'.repeat(14)}bb`,
            is_remote: false,
            trace_state: {},
          },
          attributes: null,
        },
        {
          context: {
            trace_id: '0'.repeat(32),
            span_id: '0'.repeat(16),
            is_remote: false,
            trace_state: {},
          },
          attributes: { why: 'retry' },
        },
      ],
      start_time: 1767225620,
      end_time: 1767225621.5,
      context,
      parent: null,
      resource: {
        attributes: {
          'service.name': 'agent',
          'agentlightning.rollout_id': 'ro-1',
          'agentlightning.attempt_id': 'at-1',
        },
        schema_url: 'https://opentelemetry.io/schemas/1.21.0',
      },
    });
    expect(Object.keys(converted ?? {})).toEqual([
      'rollout_id',
      'attempt_id',
      'sequence_id',
      'trace_id',
      'span_id',
      'parent_id',
      'name',
      'status',
      'attributes',
      'events',
      'links',
      'start_time',
      'end_time',
      'context',
      'parent',
      'resource',
    ]);
    expect(v.is(SpanSchema, converted)).toBe(true);
  });

  it('pads empty ids with zeros, gives null parent_id and times for unset values', () => {
    const { spans } = convertTraceRequest(
      request(IDS, [span({ traceId: '', spanId: '', startTimeUnixNano: 0n, endTimeUnixNano: 0n })]),
      collectingLogger().logger,
    );
    expect(spans[0]).toMatchObject({
      trace_id: '0'.repeat(32),
      span_id: '0'.repeat(16),
      parent_id: null,
      start_time: null,
      end_time: null,
      status: { status_code: 'UNSET', description: null },
      resource: { schema_url: '' },
    });
  });

  it.each([
    [0, 'UNSET'],
    [1, 'OK'],
    [2, 'ERROR'],
    [3, 'UNSET'],
    [-1, 'UNSET'],
  ])('maps status code %i to %s', (code, name) => {
    const { spans } = convertTraceRequest(
      request(IDS, [span({ status: { code, message: '' } })]),
      collectingLogger().logger,
    );
    expect(spans[0]?.status.status_code).toBe(name);
  });

  it('converts nanoseconds to seconds with sub-second precision', () => {
    const { spans } = convertTraceRequest(
      request(IDS, [span({ startTimeUnixNano: 1767225620123456789n, endTimeUnixNano: 1n })]),
      collectingLogger().logger,
    );
    expect(spans[0]?.start_time).toBe(1767225620.1234567);
    expect(spans[0]?.end_time).toBe(1e-9);
  });
});

describe('nanosToSeconds', () => {
  it('gives the double nearest to the exact quotient (as parsing the decimal does)', () => {
    for (const nanos of [
      1767225620250000000n,
      1767225621500000001n,
      999999999n,
      1n,
      4102444800123456789n,
    ]) {
      const text = nanos.toString().padStart(10, '0');
      expect(nanosToSeconds(nanos)).toBe(Number(`${text.slice(0, -9)}.${text.slice(-9)}`));
    }
    expect(nanosToSeconds(0n)).toBeNull();
  });
});

describe('AnyValue conversion', () => {
  it('follows the AnyValue rules', () => {
    expect(anyValueToJson(str('s'))).toBe('s');
    expect(anyValueToJson(bool(false))).toBe(false);
    expect(anyValueToJson(int(9007199254740991n))).toBe(9007199254740991);
    expect(anyValueToJson(int(-12n))).toBe(-12);
    expect(anyValueToJson(dbl(0.7))).toBe(0.7);
    expect(anyValueToJson({ kind: 'bytes', hex: '00ff' })).toBe('00ff');
    expect(anyValueToJson(arr(int(1n), arr(str('x'))))).toEqual([1, ['x']]);
    expect(anyValueToJson(kvlist(kv('a', int(1n)), kv('b', kvlist(kv('c', UNSET)))))).toEqual({
      a: 1,
      b: { c: null },
    });
    expect(anyValueToJson(UNSET)).toBeNull();
    expect(anyValueToJson(dbl(Number.NaN))).toBe('NaN');
    expect(anyValueToJson(dbl(Number.POSITIVE_INFINITY))).toBe('Infinity');
  });

  it('stores values the reference rejects in a form the Span schema accepts', () => {
    const record = attributesToRecord([
      kv('nested', kvlist(kv('a', int(1n)), kv('b', arr(str('x'))))),
      kv('mixed', arr(int(1n), str('a'))),
      kv('withNull', arr(str('a'), UNSET)),
      kv('arrayOfArrays', arr(arr(int(1n)))),
      kv('null', UNSET),
      kv('ints', arr(int(1n), dbl(2.5))),
      kv('bools', arr(bool(true), bool(false))),
      kv('empty', arr()),
      kv('nan', dbl(Number.NaN)),
    ]);
    expect(record).toEqual({
      nested: '{"a":1,"b":["x"]}',
      mixed: '[1,"a"]',
      withNull: '["a",null]',
      arrayOfArrays: '[[1]]',
      ints: [1, 2.5],
      bools: [true, false],
      empty: [],
      nan: 'NaN',
    });
    expect('null' in record).toBe(false);
    const { spans } = convertTraceRequest(
      request(IDS, [span({ attributes: [kv('nested', kvlist(kv('a', UNSET))), kv('n', UNSET)] })]),
      collectingLogger().logger,
    );
    expect(v.is(SpanSchema, spans[0])).toBe(true);
  });

  it('keeps the last value of a repeated key, and handles the key __proto__ as data', () => {
    const record = attributesToRecord([
      kv('k', str('first')),
      kv('__proto__', str('p')),
      kv('k', str('last')),
    ]);
    expect(record.k).toBe('last');
    expect(Object.getOwnPropertyDescriptor(record, '__proto__')?.value).toBe('p');
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
    expect(attributesToRecord([kv('k', str('set')), kv('k', UNSET)])).toEqual({});
  });
});

describe('attribution', () => {
  it('lets span attributes override resource attributes, each key separately', () => {
    const { spans } = convertOne(
      [
        kv('agentlightning.attempt_id', str('at-span')),
        kv('agentlightning.span_sequence_id', int(3n)),
      ],
      [...IDS, kv('agentlightning.span_sequence_id', str('9'))],
    );
    expect(spans[0]).toMatchObject({ rollout_id: 'ro-1', attempt_id: 'at-span', sequence_id: 3 });
    expect(spans[0]?.resource.attributes['agentlightning.attempt_id']).toBe('at-1');
  });

  it('falls back to the resource when the span value is null (unset)', () => {
    const { spans } = convertOne([kv('agentlightning.rollout_id', UNSET)]);
    expect(spans[0]?.rollout_id).toBe('ro-1');
  });

  it('renders non-string ids as strings', () => {
    const { spans } = convertOne([kv('agentlightning.rollout_id', int(12n))]);
    expect(spans[0]?.rollout_id).toBe('12');
  });

  it('skips spans without a rollout or attempt id with a warning and keeps the others', () => {
    const log = collectingLogger();
    const result = convertTraceRequest(
      {
        resourceSpans: [
          {
            resourceAttributes: [kv('agentlightning.rollout_id', str('ro-1'))],
            schemaUrl: '',
            scopeSpans: [
              {
                scope: { name: '', version: '' },
                spans: [
                  span({ name: 'no-attempt' }),
                  span({
                    name: 'attempt-on-span',
                    attributes: [kv('agentlightning.attempt_id', str('at-2'))],
                  }),
                ],
              },
            ],
          },
          {
            resourceAttributes: [],
            schemaUrl: '',
            scopeSpans: [{ scope: { name: '', version: '' }, spans: [span({ name: 'nothing' })] }],
          },
        ],
      },
      log.logger,
    );
    expect(result.skipped).toBe(2);
    expect(result.spans.map((s) => [s.name, s.attempt_id])).toEqual([['attempt-on-span', 'at-2']]);
    expect(log.warnings).toHaveLength(2);
    expect(log.warnings[0]).toMatch(/"no-attempt".*skipped: no agentlightning\.attempt_id/);
    expect(log.warnings[1]).toMatch(/"nothing".*skipped: no agentlightning\.rollout_id/);
  });
});

describe('sequence ids', () => {
  it.each([
    ['a decimal string', str('12'), 12],
    ['an int', int(12n), 12],
    ['zero', str('0'), 0],
    ['a string with spaces and a sign', str(' +7 '), 7],
  ])('accepts %s', (_label, value, expected) => {
    const { spans, needsSequenceId, warnings, errors } = convertOne([
      kv('agentlightning.span_sequence_id', value),
    ]);
    expect(spans[0]?.sequence_id).toBe(expected);
    expect(needsSequenceId).toEqual([false]);
    expect([...warnings, ...errors]).toEqual([]);
  });

  it.each([
    ['"12.0"', str('12.0')],
    ['a double', dbl(12)],
    ['a boolean', bool(true)],
    ['an empty string', str('')],
    ['an int beyond 2^53', int(2n ** 60n)],
  ])('warns about %s and leaves the id to be allocated', (_label, value) => {
    const { needsSequenceId, warnings, errors } = convertOne([
      kv('agentlightning.span_sequence_id', value),
    ]);
    expect(needsSequenceId).toEqual([true]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /agentlightning\.span_sequence_id .* is not an integer; allocating one/,
    );
    expect(errors).toEqual([]);
  });

  it.each([
    ['a negative int', int(-3n)],
    ['a negative string', str('-3')],
  ])('logs an error for %s and leaves the id to be allocated', (_label, value) => {
    const { needsSequenceId, warnings, errors } = convertOne([
      kv('agentlightning.span_sequence_id', value),
    ]);
    expect(needsSequenceId).toEqual([true]);
    expect(warnings).toEqual([]);
    expect(errors[0]).toMatch(/span_sequence_id "-3" is negative; allocating one/);
  });

  it('applies a resource-level sequence id to every span that does not override it', () => {
    const log = collectingLogger();
    const { spans, needsSequenceId } = convertTraceRequest(
      request(
        [...IDS, kv('agentlightning.span_sequence_id', str('5'))],
        [
          span({ name: 'a' }),
          span({ name: 'b', attributes: [kv('agentlightning.span_sequence_id', int(8n))] }),
          span({ name: 'c' }),
        ],
      ),
      log.logger,
    );
    expect(spans.map((s) => s.sequence_id)).toEqual([5, 8, 5]);
    expect(needsSequenceId).toEqual([false, false, false]);
  });

  it('marks spans without a sequence id for allocation, in conversion order', () => {
    const { spans, needsSequenceId } = convertTraceRequest(
      request(IDS, [
        span({ name: 'a' }),
        span({ name: 'b', attributes: [kv('agentlightning.span_sequence_id', int(4n))] }),
        span({ name: 'c' }),
      ]),
      collectingLogger().logger,
    );
    expect(spans.map((s) => s.name)).toEqual(['a', 'b', 'c']);
    expect(needsSequenceId).toEqual([true, false, true]);
  });
});
