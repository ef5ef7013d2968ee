import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import Long from 'long';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import {
  decodeTraceRequestJson,
  decodeTraceRequestProtobuf,
  type OtlpAnyValue,
  OtlpDecodeError,
  type OtlpKeyValue,
  type OtlpTraceRequest,
} from '../../../src/otlp';

/** Field `field` (wire type 2) holding `bytes`: one level of a hand-built message. */
const embed = (field: number, bytes: Uint8Array): Uint8Array =>
  protobuf.Writer.create()
    .uint32((field << 3) | 2)
    .bytes(bytes)
    .finish();

// An independent encoder: protobufjs over the public OTLP field numbers.
const PROTO = `
syntax = "proto3";
package otlp;
message ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
message ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; string schema_url = 3; }
message Resource { repeated KeyValue attributes = 1; uint32 dropped_attributes_count = 2; }
message ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; string schema_url = 3; }
message InstrumentationScope { string name = 1; string version = 2; repeated KeyValue attributes = 3; }
message Span {
  bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; bytes parent_span_id = 4;
  string name = 5; SpanKind kind = 6; fixed64 start_time_unix_nano = 7; fixed64 end_time_unix_nano = 8;
  repeated KeyValue attributes = 9; uint32 dropped_attributes_count = 10; repeated Event events = 11;
  uint32 dropped_events_count = 12; repeated Link links = 13; uint32 dropped_links_count = 14;
  Status status = 15; fixed32 flags = 16;
  message Event { fixed64 time_unix_nano = 1; string name = 2; repeated KeyValue attributes = 3; }
  message Link { bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; repeated KeyValue attributes = 4; fixed32 flags = 6; }
  enum SpanKind { SPAN_KIND_UNSPECIFIED = 0; SPAN_KIND_INTERNAL = 1; SPAN_KIND_SERVER = 2; SPAN_KIND_CLIENT = 3; SPAN_KIND_PRODUCER = 4; SPAN_KIND_CONSUMER = 5; }
}
message Status { string message = 2; StatusCode code = 3;
  enum StatusCode { STATUS_CODE_UNSET = 0; STATUS_CODE_OK = 1; STATUS_CODE_ERROR = 2; } }
message KeyValue { string key = 1; AnyValue value = 2; }
message AnyValue { oneof value { string string_value = 1; bool bool_value = 2; int64 int_value = 3;
  double double_value = 4; ArrayValue array_value = 5; KeyValueList kvlist_value = 6; bytes bytes_value = 7; } }
message ArrayValue { repeated AnyValue values = 1; }
message KeyValueList { repeated KeyValue values = 1; }
`;
// protobufjs only keeps 64-bit values exact when it has `long`.
protobuf.util.Long = Long;
protobuf.configure();
const root = protobuf.parse(PROTO, { keepCase: true }).root;
const RequestType = root.lookupType('otlp.ExportTraceServiceRequest');

/** Encodes a request given in protobuf's JSON mapping (snake_case, base64 bytes). */
function encode(message: Record<string, unknown>): Uint8Array {
  return RequestType.encode(RequestType.fromObject(message)).finish();
}

const b64 = (hex: string) => Buffer.from(hex, 'hex').toString('base64');

// Renders the decoded model in protobuf's JSON mapping (defaults omitted), like `body_decoded`.
const KINDS = ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'];
const CODES = ['UNSET', 'OK', 'ERROR'];
function omitDefaults(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(fields).filter(
      ([, v]) =>
        v !== '' &&
        v !== '0' &&
        v !== 0 &&
        !(Array.isArray(v) && v.length === 0) &&
        v !== undefined,
    ),
  );
}
function renderValue(value: OtlpAnyValue): Record<string, unknown> {
  switch (value.kind) {
    case 'string':
      return { string_value: value.value };
    case 'bool':
      return { bool_value: value.value };
    case 'int':
      return { int_value: String(value.value) };
    case 'double':
      return { double_value: value.value };
    case 'bytes':
      return { bytes_value: b64(value.hex) };
    case 'array':
      return { array_value: { values: value.values.map(renderValue) } };
    case 'kvlist':
      return { kvlist_value: { values: renderAttributes(value.values) } };
    case 'unset':
      return {};
  }
}
function renderAttributes(pairs: readonly OtlpKeyValue[]) {
  return pairs.map(({ key, value }) => ({ key, value: renderValue(value) }));
}
function render(request: OtlpTraceRequest) {
  return omitDefaults({
    resource_spans: request.resourceSpans.map((rs) =>
      omitDefaults({
        resource: omitDefaults({ attributes: renderAttributes(rs.resourceAttributes) }),
        scope_spans: rs.scopeSpans.map((ss) => ({
          scope: omitDefaults(ss.scope),
          spans: ss.spans.map((span) =>
            omitDefaults({
              trace_id: b64(span.traceId),
              span_id: b64(span.spanId),
              parent_span_id: b64(span.parentSpanId),
              trace_state: span.traceState,
              name: span.name,
              kind: span.kind === 0 ? undefined : `SPAN_KIND_${KINDS[span.kind]}`,
              start_time_unix_nano: String(span.startTimeUnixNano),
              end_time_unix_nano: String(span.endTimeUnixNano),
              attributes: renderAttributes(span.attributes),
              events: span.events.map((e) =>
                omitDefaults({
                  time_unix_nano: String(e.timeUnixNano),
                  name: e.name,
                  attributes: renderAttributes(e.attributes),
                }),
              ),
              links: span.links.map((l) =>
                omitDefaults({
                  trace_id: b64(l.traceId),
                  span_id: b64(l.spanId),
                  attributes: renderAttributes(l.attributes),
                }),
              ),
              status: omitDefaults({
                message: span.status.message,
                code: span.status.code === 0 ? undefined : `STATUS_CODE_${CODES[span.status.code]}`,
              }),
              flags: span.flags,
            }),
          ),
        })),
        schema_url: rs.schemaUrl,
      }),
    ),
  });
}

interface Exchange {
  name: string;
  request: { body_base64?: string; body_decoded?: unknown; headers: Record<string, string> };
}
const fixtures: Exchange[] = readFileSync(
  new URL('../../../../../spec/fixtures/store-v0.3.0.jsonl', import.meta.url),
  'utf8',
)
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as Exchange);
const exchange = (name: string) => {
  const found = fixtures.find((entry) => entry.name === name);
  if (!found) throw new Error(`no fixture ${name}`);
  return found;
};

describe('decodeTraceRequestProtobuf on recorded traffic', () => {
  it.each([
    'otlp.traces.protobuf',
    'otlp.traces.protobuf_gzip_span_sequence_id',
    'otlp.traces.500_unknown_rollout',
  ])('%s decodes to the recorded body_decoded', (name) => {
    const { request } = exchange(name);
    let bytes: Uint8Array = Buffer.from(request.body_base64 ?? '', 'base64');
    if (request.headers['content-encoding'] === 'gzip') bytes = gunzipSync(bytes);
    expect(render(decodeTraceRequestProtobuf(bytes))).toEqual(request.body_decoded);
  });

  it('rejects the recorded unparsable payload', () => {
    const bytes = Buffer.from(
      exchange('otlp.traces.400_unparsable_protobuf').request.body_base64 ?? '',
      'base64',
    );
    expect(() => decodeTraceRequestProtobuf(bytes)).toThrow(OtlpDecodeError);
  });

  it('decodes an empty body as an empty request', () => {
    expect(decodeTraceRequestProtobuf(new Uint8Array(0))).toEqual({ resourceSpans: [] });
  });
});

const FULL_SPAN = {
  trace_id: b64('0102030405060708090a0b0c0d0e0f10'),
  span_id: b64('1112131415161718'),
  parent_span_id: b64('2122232425262728'),
  trace_state: 'vendor=1',
  name: 'full',
  kind: 'SPAN_KIND_SERVER',
  start_time_unix_nano: '1767225620123456789',
  end_time_unix_nano: '18446744073709551615',
  attributes: [
    { key: 's', value: { string_value: 'text' } },
    { key: 'b', value: { bool_value: true } },
    { key: 'big', value: { int_value: '9007199254740993' } },
    { key: 'neg', value: { int_value: '-42' } },
    { key: 'd', value: { double_value: -0.5 } },
    { key: 'bytes', value: { bytes_value: b64('00ff10') } },
    { key: 'arr', value: { array_value: { values: [{ int_value: '1' }, { string_value: 'x' }] } } },
    {
      key: 'kv',
      value: { kvlist_value: { values: [{ key: 'inner', value: { bool_value: false } }] } },
    },
    { key: 'unset', value: {} },
    { key: 'novalue' },
  ],
  events: [
    { time_unix_nano: '5', name: 'ev', attributes: [{ key: 'k', value: { int_value: '0' } }] },
  ],
  links: [
    { trace_id: b64('aa'), span_id: b64('bb'), trace_state: 'x=y', attributes: [], flags: 1 },
  ],
  status: { message: 'boom', code: 'STATUS_CODE_ERROR' },
  flags: 257,
  dropped_attributes_count: 3,
  dropped_events_count: 4,
};

describe('decodeTraceRequestProtobuf on hand-built messages', () => {
  it('decodes every field of every message exactly', () => {
    const bytes = encode({
      resource_spans: [
        {
          resource: {
            attributes: [{ key: 'service.name', value: { string_value: 'svc' } }],
            dropped_attributes_count: 1,
          },
          schema_url: 'https://schema/1',
          scope_spans: [
            {
              scope: { name: 'scope', version: '2.0', attributes: [] },
              spans: [FULL_SPAN],
              schema_url: 'ignored',
            },
          ],
        },
      ],
    });
    const decoded = decodeTraceRequestProtobuf(bytes);
    expect(decoded).toEqual({
      resourceSpans: [
        {
          resourceAttributes: [{ key: 'service.name', value: { kind: 'string', value: 'svc' } }],
          schemaUrl: 'https://schema/1',
          scopeSpans: [
            {
              scope: { name: 'scope', version: '2.0' },
              spans: [
                {
                  traceId: '0102030405060708090a0b0c0d0e0f10',
                  spanId: '1112131415161718',
                  parentSpanId: '2122232425262728',
                  traceState: 'vendor=1',
                  name: 'full',
                  kind: 2,
                  startTimeUnixNano: 1767225620123456789n,
                  endTimeUnixNano: 18446744073709551615n,
                  attributes: [
                    { key: 's', value: { kind: 'string', value: 'text' } },
                    { key: 'b', value: { kind: 'bool', value: true } },
                    { key: 'big', value: { kind: 'int', value: 9007199254740993n } },
                    { key: 'neg', value: { kind: 'int', value: -42n } },
                    { key: 'd', value: { kind: 'double', value: -0.5 } },
                    { key: 'bytes', value: { kind: 'bytes', hex: '00ff10' } },
                    {
                      key: 'arr',
                      value: {
                        kind: 'array',
                        values: [
                          { kind: 'int', value: 1n },
                          { kind: 'string', value: 'x' },
                        ],
                      },
                    },
                    {
                      key: 'kv',
                      value: {
                        kind: 'kvlist',
                        values: [{ key: 'inner', value: { kind: 'bool', value: false } }],
                      },
                    },
                    { key: 'unset', value: { kind: 'unset' } },
                    { key: 'novalue', value: { kind: 'unset' } },
                  ],
                  events: [
                    {
                      timeUnixNano: 5n,
                      name: 'ev',
                      attributes: [{ key: 'k', value: { kind: 'int', value: 0n } }],
                    },
                  ],
                  links: [{ traceId: 'aa', spanId: 'bb', attributes: [] }],
                  status: { code: 2, message: 'boom' },
                  flags: 257,
                },
              ],
            },
          ],
        },
      ],
    });
  });

  it('agrees with the OTLP/JSON decoder on the same message', () => {
    const json = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] },
          schemaUrl: 'https://schema/1',
          scopeSpans: [
            {
              scope: { name: 'scope', version: '2.0' },
              spans: [
                {
                  traceId: '0102030405060708090A0B0C0D0E0F10',
                  spanId: '1112131415161718',
                  parentSpanId: '2122232425262728',
                  traceState: 'vendor=1',
                  name: 'full',
                  kind: 2,
                  startTimeUnixNano: '1767225620123456789',
                  endTimeUnixNano: '18446744073709551615',
                  attributes: [
                    { key: 's', value: { stringValue: 'text' } },
                    { key: 'b', value: { boolValue: true } },
                    { key: 'big', value: { intValue: '9007199254740993' } },
                    { key: 'neg', value: { intValue: -42 } },
                    { key: 'd', value: { doubleValue: -0.5 } },
                    { key: 'bytes', value: { bytesValue: b64('00ff10') } },
                    {
                      key: 'arr',
                      value: { arrayValue: { values: [{ intValue: '1' }, { stringValue: 'x' }] } },
                    },
                    {
                      key: 'kv',
                      value: {
                        kvlistValue: { values: [{ key: 'inner', value: { boolValue: false } }] },
                      },
                    },
                    { key: 'unset', value: {} },
                    { key: 'novalue' },
                  ],
                  events: [
                    {
                      timeUnixNano: 5,
                      name: 'ev',
                      attributes: [{ key: 'k', value: { intValue: 0 } }],
                    },
                  ],
                  links: [
                    { traceId: 'aa', spanId: 'bb', traceState: 'x=y', attributes: [], flags: 1 },
                  ],
                  status: { message: 'boom', code: 2 },
                  flags: 257,
                  droppedAttributesCount: 3,
                },
              ],
            },
          ],
        },
      ],
    };
    const fromProtobuf = decodeTraceRequestProtobuf(
      encode({
        resource_spans: [
          {
            resource: { attributes: [{ key: 'service.name', value: { string_value: 'svc' } }] },
            schema_url: 'https://schema/1',
            scope_spans: [{ scope: { name: 'scope', version: '2.0' }, spans: [FULL_SPAN] }],
          },
        ],
      }),
    );
    expect(decodeTraceRequestJson(JSON.stringify(json))).toEqual(fromProtobuf);
  });

  it('gives defaults for absent fields', () => {
    const decoded = decodeTraceRequestProtobuf(
      encode({ resource_spans: [{ scope_spans: [{ spans: [{}] }] }] }),
    );
    expect(decoded.resourceSpans[0]).toEqual({
      resourceAttributes: [],
      schemaUrl: '',
      scopeSpans: [
        {
          scope: { name: '', version: '' },
          spans: [
            {
              traceId: '',
              spanId: '',
              parentSpanId: '',
              traceState: '',
              name: '',
              kind: 0,
              startTimeUnixNano: 0n,
              endTimeUnixNano: 0n,
              attributes: [],
              events: [],
              links: [],
              status: { code: 0, message: '' },
              flags: 0,
            },
          ],
        },
      ],
    });
  });

  it('skips unknown fields and fields sent with an unexpected wire type', () => {
    const span = protobuf.Writer.create()
      .uint32((5 << 3) | 2)
      .string('kept')
      .uint32((99 << 3) | 0)
      .uint64(123456789)
      .uint32((100 << 3) | 1)
      .fixed64(7)
      .uint32((101 << 3) | 5)
      .fixed32(7)
      .uint32((102 << 3) | 2)
      .bytes(new Uint8Array([1, 2, 3]))
      .uint32((1 << 3) | 0)
      .uint32(5) // trace_id as a varint: skipped
      .finish();
    const scope = embed(2, span);
    const resource = embed(2, scope);
    const request = protobuf.Writer.create()
      .uint32((1 << 3) | 2)
      .bytes(resource)
      .uint32((7 << 3) | 0)
      .uint32(1)
      .finish();
    const decoded = decodeTraceRequestProtobuf(request);
    const only = decoded.resourceSpans[0]?.scopeSpans[0]?.spans[0];
    expect(only?.name).toBe('kept');
    expect(only?.traceId).toBe('');
  });

  it('takes the last value when an AnyValue carries several (oneof semantics)', () => {
    const value = protobuf.Writer.create()
      .uint32((1 << 3) | 2)
      .string('first')
      .uint32((3 << 3) | 0)
      .int64(7)
      .finish();
    const pair = protobuf.Writer.create()
      .uint32((1 << 3) | 2)
      .string('k')
      .uint32((2 << 3) | 2)
      .bytes(value)
      .finish();
    const resource = embed(1, pair);
    const rs = embed(1, resource);
    const request = embed(1, rs);
    expect(decodeTraceRequestProtobuf(request).resourceSpans[0]?.resourceAttributes).toEqual([
      { key: 'k', value: { kind: 'int', value: 7n } },
    ]);
  });

  it.each([
    [
      'a truncated message',
      encode({ resource_spans: [{ schema_url: 'abcdef' }] }).slice(0, -2),
      /truncated/,
    ],
    ['wire type 7', new Uint8Array([0x0f]), /unsupported wire type 7/],
    ['a group (wire type 3)', new Uint8Array([0x0b, 0x0c]), /unsupported wire type 3/],
    ['field number 0', new Uint8Array([0x02, 0x00]), /invalid field number 0/],
    [
      'an overlong varint',
      new Uint8Array([0x08, ...new Array(11).fill(0xff)]),
      /varint longer than 10 bytes/,
    ],
    ['a length past the end', new Uint8Array([0x0a, 0x05, 0x00]), /truncated/],
  ])('rejects %s', (_label, bytes, message) => {
    expect(() => decodeTraceRequestProtobuf(bytes)).toThrow(message);
  });

  it('rejects invalid UTF-8 in a string field', () => {
    const span = protobuf.Writer.create()
      .uint32((5 << 3) | 2)
      .bytes(new Uint8Array([0xff, 0xfe]))
      .finish();
    const scope = embed(2, span);
    const rs = embed(2, scope);
    const request = embed(1, rs);
    expect(() => decodeTraceRequestProtobuf(request)).toThrow(/invalid UTF-8/);
  });

  it('rejects attribute values nested deeper than the limit instead of overflowing the stack', () => {
    const nested = (levels: number) => {
      let value = protobuf.Writer.create()
        .uint32((1 << 3) | 2)
        .string('leaf')
        .finish();
      for (let i = 0; i < levels; i++) {
        const array = embed(1, value);
        value = embed(5, array);
      }
      const pair = protobuf.Writer.create()
        .uint32((1 << 3) | 2)
        .string('deep')
        .uint32((2 << 3) | 2)
        .bytes(value)
        .finish();
      const resource = embed(1, pair);
      const rs = embed(1, resource);
      return embed(1, rs);
    };
    expect(() => decodeTraceRequestProtobuf(nested(200))).toThrow(/nested deeper than 64/);
    expect(decodeTraceRequestProtobuf(nested(64)).resourceSpans).toHaveLength(1);
  });
});
