import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeTraceRequestJson, OtlpDecodeError, type OtlpSpan } from '../../../src/otlp';

const recordedJsonBody = (() => {
  const line = readFileSync(
    new URL('../../../../../spec/fixtures/store-v0.3.0.jsonl', import.meta.url),
    'utf8',
  )
    .split('\n')
    .find((text) => text.includes('"otlp.traces.400_json_content_type_rejected"'));
  if (!line) throw new Error('fixture missing');
  return (JSON.parse(line) as { request: { body: unknown } }).request.body;
})();

/** Decodes a request holding one span and returns that span. */
function decodeSpan(span: Record<string, unknown>): OtlpSpan {
  const decoded = decodeTraceRequestJson(
    JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [span] }] }] }),
  );
  const only = decoded.resourceSpans[0]?.scopeSpans[0]?.spans[0];
  if (!only) throw new Error('no span decoded');
  return only;
}

describe('decodeTraceRequestJson', () => {
  it('decodes the OTLP/JSON body recorded against the reference', () => {
    expect(decodeTraceRequestJson(JSON.stringify(recordedJsonBody))).toEqual({
      resourceSpans: [
        {
          resourceAttributes: [
            {
              key: 'agentlightning.rollout_id',
              value: { kind: 'string', value: 'ro-071bce08b00c' },
            },
            { key: 'agentlightning.attempt_id', value: { kind: 'string', value: 'at-118b4c85' } },
          ],
          schemaUrl: '',
          scopeSpans: [
            {
              scope: { name: 'fixture.tracer', version: '' },
              spans: [
                {
                  traceId: '5b8efff798038103d269b633813fc60c',
                  spanId: 'eee19b7ec3c1b175',
                  parentSpanId: '',
                  traceState: '',
                  name: 'otlp.json.span',
                  kind: 1,
                  startTimeUnixNano: 1767225630000000000n,
                  endTimeUnixNano: 1767225631000000000n,
                  attributes: [],
                  events: [],
                  links: [],
                  status: { code: 0, message: '' },
                  flags: 0,
                },
              ],
            },
          ],
        },
      ],
    });
  });

  it.each(['', '   ', '{}', 'null', '{"resourceSpans": null}', '{"resourceSpans": []}'])(
    'decodes %j as an empty request',
    (text) => {
      expect(decodeTraceRequestJson(text)).toEqual({ resourceSpans: [] });
    },
  );

  it('accepts snake_case keys, enum names, base64 ids and int64 numbers', () => {
    const span = decodeSpan({
      trace_id: Buffer.from('5b8efff798038103d269b633813fc60c', 'hex').toString('base64'),
      span_id: 'EEE19B7EC3C1B175',
      parent_span_id: Buffer.from('eee19b7ec3c1b173', 'hex').toString('base64'),
      kind: 'SPAN_KIND_CLIENT',
      start_time_unix_nano: 1767225630000000000,
      end_time_unix_nano: '1767225631000000001',
      status: { code: 'STATUS_CODE_ERROR', message: 'bad' },
      attributes: [{ key: 'n', value: { int_value: 12 } }],
    });
    expect(span).toMatchObject({
      traceId: '5b8efff798038103d269b633813fc60c',
      spanId: 'eee19b7ec3c1b175',
      parentSpanId: 'eee19b7ec3c1b173',
      kind: 3,
      startTimeUnixNano: 1767225630000000000n,
      endTimeUnixNano: 1767225631000000001n,
      status: { code: 2, message: 'bad' },
      attributes: [{ key: 'n', value: { kind: 'int', value: 12n } }],
    });
  });

  it('decodes double spellings, ignores unknown keys and treats null as absent', () => {
    const span = decodeSpan({
      name: null,
      futureField: { anything: true },
      status: null,
      attributes: [
        { key: 'nan', value: { doubleValue: 'NaN' } },
        { key: 'inf', value: { doubleValue: '-Infinity' } },
        { key: 'text', value: { doubleValue: '1.5' } },
        { key: 'nullValue', value: null },
        { key: 'arr', value: { arrayValue: { values: [null, { stringValue: 'x' }] } } },
      ],
    });
    expect(span.name).toBe('');
    expect(span.status).toEqual({ code: 0, message: '' });
    expect(span.attributes).toEqual([
      { key: 'nan', value: { kind: 'double', value: Number.NaN } },
      { key: 'inf', value: { kind: 'double', value: Number.NEGATIVE_INFINITY } },
      { key: 'text', value: { kind: 'double', value: 1.5 } },
      { key: 'nullValue', value: { kind: 'unset' } },
      {
        key: 'arr',
        value: { kind: 'array', values: [{ kind: 'unset' }, { kind: 'string', value: 'x' }] },
      },
    ]);
  });

  it.each([
    ['not JSON', '{"resourceSpans": [', /^invalid JSON: /],
    ['a top-level array', '[]', /^expected a JSON object, got an array$/],
    ['a top-level string', '"x"', /^expected a JSON object, got string$/],
    [
      'resourceSpans not a list',
      '{"resourceSpans": {}}',
      /^resourceSpans: expected an array, got object$/,
    ],
    [
      'a numeric trace id',
      '{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":5}]}]}]}',
      /^resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]\.traceId: expected a string, got number$/,
    ],
    [
      'an id that is neither hex nor base64',
      '{"resourceSpans":[{"scopeSpans":[{"spans":[{"spanId":"not an id!"}]}]}]}',
      /spanId: expected base64 or hex bytes/,
    ],
    [
      'a fractional timestamp',
      '{"resourceSpans":[{"scopeSpans":[{"spans":[{"startTimeUnixNano":"1.5"}]}]}]}',
      /startTimeUnixNano: expected an integer/,
    ],
    [
      'a negative timestamp',
      '{"resourceSpans":[{"scopeSpans":[{"spans":[{"endTimeUnixNano":-1}]}]}]}',
      /endTimeUnixNano: expected a non-negative integer/,
    ],
    [
      'a fractional intValue',
      '{"resourceSpans":[{"resource":{"attributes":[{"key":"k","value":{"intValue":1.5}}]}}]}',
      /^resourceSpans\[0\]\.resource\.attributes\[0\]\.value\.intValue: expected an integer/,
    ],
    [
      'a string boolValue',
      '{"resourceSpans":[{"resource":{"attributes":[{"key":"k","value":{"boolValue":"true"}}]}}]}',
      /boolValue: expected a boolean, got string/,
    ],
    [
      'a boolean span kind',
      '{"resourceSpans":[{"scopeSpans":[{"spans":[{"kind":true}]}]}]}',
      /kind: expected an enum number or name, got boolean/,
    ],
  ])('rejects %s with the path of the problem', (_label, text, message) => {
    expect(() => decodeTraceRequestJson(text)).toThrow(OtlpDecodeError);
    expect(() => decodeTraceRequestJson(text)).toThrow(message);
  });

  it('rejects attribute values nested deeper than the limit', () => {
    let value: unknown = { stringValue: 'leaf' };
    for (let i = 0; i < 100; i++) value = { arrayValue: { values: [value] } };
    const text = JSON.stringify({
      resourceSpans: [{ resource: { attributes: [{ key: 'deep', value }] } }],
    });
    expect(() => decodeTraceRequestJson(text)).toThrow(/nested deeper than 64 levels/);
  });
});
