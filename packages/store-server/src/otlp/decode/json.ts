import {
  asBool,
  asDouble,
  asEnum,
  asIdHex,
  asInt64,
  asNode,
  asNodeList,
  asString,
  asUint64,
  base64ToHex,
  field,
  type JsonNode,
} from '../json-fields';
import {
  MAX_ANY_VALUE_DEPTH,
  type OtlpAnyValue,
  OtlpDecodeError,
  type OtlpKeyValue,
  type OtlpResourceSpans,
  type OtlpSpan,
  type OtlpTraceRequest,
} from '../model';

const SPAN_KINDS: Record<string, number> = {
  SPAN_KIND_UNSPECIFIED: 0,
  SPAN_KIND_INTERNAL: 1,
  SPAN_KIND_SERVER: 2,
  SPAN_KIND_CLIENT: 3,
  SPAN_KIND_PRODUCER: 4,
  SPAN_KIND_CONSUMER: 5,
};
const STATUS_CODES: Record<string, number> = {
  STATUS_CODE_UNSET: 0,
  STATUS_CODE_OK: 1,
  STATUS_CODE_ERROR: 2,
};

/**
 * Decodes an `ExportTraceServiceRequest` in the OTLP/JSON encoding:
 * lowerCamelCase keys (snake_case also accepted), trace and span ids as hex,
 * 64-bit integers as strings or numbers, enums as numbers (names accepted).
 * Unknown keys are ignored; empty or whitespace-only text is an empty request.
 *
 * @param text - the (already decompressed) request body
 * @returns the decoded request
 * @throws OtlpDecodeError when the text is not JSON or not a valid message
 */
export function decodeTraceRequestJson(text: string): OtlpTraceRequest {
  if (text.trim() === '') return { resourceSpans: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new OtlpDecodeError(`invalid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    const got = Array.isArray(parsed) ? 'an array' : typeof parsed;
    throw new OtlpDecodeError(`expected a JSON object, got ${got}`);
  }
  const root = asNode(parsed ?? undefined, '');
  const list = field(root, 'resourceSpans');
  return { resourceSpans: asNodeList(list.value, list.path).map(decodeResourceSpans) };
}

function decodeResourceSpans(node: JsonNode): OtlpResourceSpans {
  const resource = field(node, 'resource');
  const scopes = field(node, 'scopeSpans');
  const schemaUrl = field(node, 'schemaUrl');
  return {
    resourceAttributes: decodeAttributes(asNode(resource.value, resource.path)),
    schemaUrl: asString(schemaUrl.value, schemaUrl.path),
    scopeSpans: asNodeList(scopes.value, scopes.path).map((scopeSpans) => {
      const scopeField = field(scopeSpans, 'scope');
      const scope = asNode(scopeField.value, scopeField.path);
      const spans = field(scopeSpans, 'spans');
      return {
        scope: { name: str(scope, 'name'), version: str(scope, 'version') },
        spans: asNodeList(spans.value, spans.path).map(decodeSpan),
      };
    }),
  };
}

function str(node: JsonNode, name: string): string {
  const { value, path } = field(node, name);
  return asString(value, path);
}

function nanos(node: JsonNode, name: string): bigint {
  const { value, path } = field(node, name);
  return asUint64(value, path);
}

function id(node: JsonNode, name: string): string {
  const { value, path } = field(node, name);
  return asIdHex(value, path);
}

function decodeSpan(node: JsonNode): OtlpSpan {
  const kind = field(node, 'kind');
  const flags = field(node, 'flags');
  const statusField = field(node, 'status');
  const status = asNode(statusField.value, statusField.path);
  const code = field(status, 'code');
  const events = field(node, 'events');
  const links = field(node, 'links');
  return {
    traceId: id(node, 'traceId'),
    spanId: id(node, 'spanId'),
    parentSpanId: id(node, 'parentSpanId'),
    traceState: str(node, 'traceState'),
    name: str(node, 'name'),
    kind: asEnum(kind.value, kind.path, SPAN_KINDS),
    startTimeUnixNano: nanos(node, 'startTimeUnixNano'),
    endTimeUnixNano: nanos(node, 'endTimeUnixNano'),
    attributes: decodeAttributes(node),
    events: asNodeList(events.value, events.path).map((event) => ({
      timeUnixNano: nanos(event, 'timeUnixNano'),
      name: str(event, 'name'),
      attributes: decodeAttributes(event),
    })),
    links: asNodeList(links.value, links.path).map((link) => ({
      traceId: id(link, 'traceId'),
      spanId: id(link, 'spanId'),
      attributes: decodeAttributes(link),
    })),
    status: { code: asEnum(code.value, code.path, STATUS_CODES), message: str(status, 'message') },
    flags: Number(asInt64(flags.value, flags.path)),
  };
}

/** Decodes the `attributes` list of a node. */
function decodeAttributes(node: JsonNode): OtlpKeyValue[] {
  const { value, path } = field(node, 'attributes');
  return decodeKeyValues(value, path, 0);
}

function decodeKeyValues(value: unknown, path: string, depth: number): OtlpKeyValue[] {
  return asNodeList(value, path).map((pair) => {
    const valueField = field(pair, 'value');
    return {
      key: str(pair, 'key'),
      value: decodeAnyValue(valueField.value, valueField.path, depth),
    };
  });
}

/** Decodes an `AnyValue` object; the first value key present wins, none = `unset`. */
function decodeAnyValue(raw: unknown, path: string, depth: number): OtlpAnyValue {
  if (depth > MAX_ANY_VALUE_DEPTH) {
    throw new OtlpDecodeError(
      `${path}: attribute values nested deeper than ${MAX_ANY_VALUE_DEPTH} levels`,
    );
  }
  const node = asNode(raw, path);
  const pick = (name: string) => field(node, name);
  let f = pick('stringValue');
  if (f.value !== undefined) return { kind: 'string', value: asString(f.value, f.path) };
  f = pick('boolValue');
  if (f.value !== undefined) return { kind: 'bool', value: asBool(f.value, f.path) };
  f = pick('intValue');
  if (f.value !== undefined) return { kind: 'int', value: asInt64(f.value, f.path) };
  f = pick('doubleValue');
  if (f.value !== undefined) return { kind: 'double', value: asDouble(f.value, f.path) };
  f = pick('bytesValue');
  if (f.value !== undefined) return { kind: 'bytes', hex: base64ToHex(f.value, f.path) };
  f = pick('arrayValue');
  if (f.value !== undefined) {
    const values = field(asNode(f.value, f.path), 'values');
    return {
      kind: 'array',
      values: asNodeList(values.value, values.path).map((item) =>
        decodeAnyValue(item.fields, item.path, depth + 1),
      ),
    };
  }
  f = pick('kvlistValue');
  if (f.value !== undefined) {
    const values = field(asNode(f.value, f.path), 'values');
    return { kind: 'kvlist', values: decodeKeyValues(values.value, values.path, depth + 1) };
  }
  return { kind: 'unset' };
}
