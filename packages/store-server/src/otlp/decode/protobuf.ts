import type {
  OtlpEvent,
  OtlpKeyValue,
  OtlpLink,
  OtlpResourceSpans,
  OtlpScopeSpans,
  OtlpSpan,
  OtlpStatus,
  OtlpTraceRequest,
} from '../model';
import { bytesToHex, WireReader, WireType } from '../wire-reader';
import { decodeKeyValue, forEachField } from './protobuf-values';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Decodes a binary protobuf
 * `opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest`.
 * Unknown fields are skipped; empty input is an empty request.
 *
 * @param bytes - the (already decompressed) request body
 * @returns the decoded request
 * @throws OtlpDecodeError when the bytes are not a valid message
 */
export function decodeTraceRequestProtobuf(bytes: Uint8Array): OtlpTraceRequest {
  const reader = new WireReader(bytes);
  const resourceSpans: OtlpResourceSpans[] = [];
  forEachField(reader, (field, wireType) => {
    if (field !== 1 || wireType !== WireType.LEN) return false;
    resourceSpans.push(decodeResourceSpans(reader.message()));
    return true;
  });
  return { resourceSpans };
}

/** Appends a `KeyValue` read from `reader` to `list`. */
function pushAttribute(reader: WireReader, list: OtlpKeyValue[]): true {
  list.push(decodeKeyValue(reader.message(), 0));
  return true;
}

function decodeResourceSpans(reader: WireReader): OtlpResourceSpans {
  const result: Mutable<OtlpResourceSpans> = {
    resourceAttributes: [],
    schemaUrl: '',
    scopeSpans: [],
  };
  const scopeSpans: OtlpScopeSpans[] = [];
  forEachField(reader, (field, wireType) => {
    if (wireType !== WireType.LEN) return false;
    if (field === 1) result.resourceAttributes = decodeResource(reader.message());
    else if (field === 2) scopeSpans.push(decodeScopeSpans(reader.message()));
    else if (field === 3) result.schemaUrl = reader.string();
    else return false;
    return true;
  });
  result.scopeSpans = scopeSpans;
  return result;
}

/** Decodes a `Resource`, keeping its attributes only. */
function decodeResource(reader: WireReader): OtlpKeyValue[] {
  const attributes: OtlpKeyValue[] = [];
  forEachField(
    reader,
    (field, wireType) =>
      field === 1 && wireType === WireType.LEN && pushAttribute(reader, attributes),
  );
  return attributes;
}

function decodeScopeSpans(reader: WireReader): OtlpScopeSpans {
  let scope = { name: '', version: '' };
  const spans: OtlpSpan[] = [];
  forEachField(reader, (field, wireType) => {
    if (wireType !== WireType.LEN) return false;
    if (field === 1) scope = decodeScope(reader.message());
    else if (field === 2) spans.push(decodeSpan(reader.message()));
    else return false;
    return true;
  });
  return { scope, spans };
}

/** Decodes an `InstrumentationScope`, keeping its name and version. */
function decodeScope(reader: WireReader): { name: string; version: string } {
  const scope = { name: '', version: '' };
  forEachField(reader, (field, wireType) => {
    if (wireType !== WireType.LEN || (field !== 1 && field !== 2)) return false;
    scope[field === 1 ? 'name' : 'version'] = reader.string();
    return true;
  });
  return scope;
}

function decodeSpan(reader: WireReader): OtlpSpan {
  const attributes: OtlpKeyValue[] = [];
  const events: OtlpEvent[] = [];
  const links: OtlpLink[] = [];
  const span: Mutable<OtlpSpan> = {
    traceId: '',
    spanId: '',
    parentSpanId: '',
    traceState: '',
    name: '',
    kind: 0,
    startTimeUnixNano: 0n,
    endTimeUnixNano: 0n,
    attributes,
    events,
    links,
    status: { code: 0, message: '' },
    flags: 0,
  };
  forEachField(reader, (field, wireType) => {
    if (wireType === WireType.LEN) {
      if (field === 1) span.traceId = bytesToHex(reader.bytesField());
      else if (field === 2) span.spanId = bytesToHex(reader.bytesField());
      else if (field === 3) span.traceState = reader.string();
      else if (field === 4) span.parentSpanId = bytesToHex(reader.bytesField());
      else if (field === 5) span.name = reader.string();
      else if (field === 9) pushAttribute(reader, attributes);
      else if (field === 11) events.push(decodeEvent(reader.message()));
      else if (field === 13) links.push(decodeLink(reader.message()));
      else if (field === 15) span.status = decodeStatus(reader.message());
      else return false;
    } else if (wireType === WireType.VARINT && field === 6) span.kind = reader.int32();
    else if (wireType === WireType.I64 && field === 7) span.startTimeUnixNano = reader.fixed64();
    else if (wireType === WireType.I64 && field === 8) span.endTimeUnixNano = reader.fixed64();
    else if (wireType === WireType.I32 && field === 16) span.flags = reader.fixed32();
    else return false;
    return true;
  });
  return span;
}

function decodeEvent(reader: WireReader): OtlpEvent {
  const event: Mutable<OtlpEvent> = { timeUnixNano: 0n, name: '', attributes: [] };
  const attributes: OtlpKeyValue[] = [];
  forEachField(reader, (field, wireType) => {
    if (wireType === WireType.I64 && field === 1) event.timeUnixNano = reader.fixed64();
    else if (wireType === WireType.LEN && field === 2) event.name = reader.string();
    else if (wireType === WireType.LEN && field === 3) pushAttribute(reader, attributes);
    else return false;
    return true;
  });
  event.attributes = attributes;
  return event;
}

function decodeLink(reader: WireReader): OtlpLink {
  const link: Mutable<OtlpLink> = { traceId: '', spanId: '', attributes: [] };
  const attributes: OtlpKeyValue[] = [];
  forEachField(reader, (field, wireType) => {
    if (wireType !== WireType.LEN) return false;
    if (field === 1) link.traceId = bytesToHex(reader.bytesField());
    else if (field === 2) link.spanId = bytesToHex(reader.bytesField());
    else if (field === 4) pushAttribute(reader, attributes);
    else return false;
    return true;
  });
  link.attributes = attributes;
  return link;
}

function decodeStatus(reader: WireReader): OtlpStatus {
  const status: Mutable<OtlpStatus> = { code: 0, message: '' };
  forEachField(reader, (field, wireType) => {
    if (wireType === WireType.LEN && field === 2) status.message = reader.string();
    else if (wireType === WireType.VARINT && field === 3) status.code = reader.int32();
    else return false;
    return true;
  });
  return status;
}
