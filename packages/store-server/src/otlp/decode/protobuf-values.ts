import {
  MAX_ANY_VALUE_DEPTH,
  type OtlpAnyValue,
  OtlpDecodeError,
  type OtlpKeyValue,
} from '../model';
import { bytesToHex, type WireReader, WireType } from '../wire-reader';

/**
 * Calls `onField` for every field of the message under `reader`; fields it
 * does not consume (returns `false`) are skipped as unknown.
 *
 * @param reader - a reader over one message
 * @param onField - handles one field; returns whether it read the value
 */
export function forEachField(
  reader: WireReader,
  onField: (field: number, wireType: number) => boolean,
): void {
  while (!reader.done) {
    const { field, wireType } = reader.tag();
    if (!onField(field, wireType)) reader.skip(wireType);
  }
}

/**
 * Decodes an `AnyValue` message. When several value fields are present the
 * last one wins, as protobuf oneofs do.
 *
 * @param reader - a reader over the message
 * @param depth - nesting depth of this value (0 for an attribute's value)
 */
function decodeAnyValue(reader: WireReader, depth: number): OtlpAnyValue {
  if (depth > MAX_ANY_VALUE_DEPTH) {
    throw new OtlpDecodeError(`attribute values nested deeper than ${MAX_ANY_VALUE_DEPTH} levels`);
  }
  let value: OtlpAnyValue = { kind: 'unset' };
  forEachField(reader, (field, wireType) => {
    if (wireType === WireType.LEN) {
      if (field === 1) value = { kind: 'string', value: reader.string() };
      else if (field === 5)
        value = { kind: 'array', values: decodeValueList(reader.message(), depth) };
      else if (field === 6)
        value = { kind: 'kvlist', values: decodeKeyValueList(reader.message(), depth) };
      else if (field === 7) value = { kind: 'bytes', hex: bytesToHex(reader.bytesField()) };
      else return false;
    } else if (wireType === WireType.VARINT && field === 2) {
      value = { kind: 'bool', value: reader.varint() !== 0 };
    } else if (wireType === WireType.VARINT && field === 3) {
      value = { kind: 'int', value: reader.int64() };
    } else if (wireType === WireType.I64 && field === 4) {
      value = { kind: 'double', value: reader.double() };
    } else {
      return false;
    }
    return true;
  });
  return value;
}

/**
 * Decodes a `KeyValue` message (a missing value is `unset`).
 *
 * @param reader - a reader over the message
 * @param depth - nesting depth of the value
 */
export function decodeKeyValue(reader: WireReader, depth: number): OtlpKeyValue {
  let key = '';
  let value: OtlpAnyValue = { kind: 'unset' };
  forEachField(reader, (field, wireType) => {
    if (wireType !== WireType.LEN) return false;
    if (field === 1) key = reader.string();
    else if (field === 2) value = decodeAnyValue(reader.message(), depth);
    else return false;
    return true;
  });
  return { key, value };
}

/** Decodes an `ArrayValue` message: its repeated `values` (field 1). */
function decodeValueList(reader: WireReader, depth: number): OtlpAnyValue[] {
  const values: OtlpAnyValue[] = [];
  forEachField(reader, (field, wireType) => {
    if (field !== 1 || wireType !== WireType.LEN) return false;
    values.push(decodeAnyValue(reader.message(), depth + 1));
    return true;
  });
  return values;
}

/** Decodes a `KeyValueList` message: its repeated `values` (field 1). */
function decodeKeyValueList(reader: WireReader, depth: number): OtlpKeyValue[] {
  const values: OtlpKeyValue[] = [];
  forEachField(reader, (field, wireType) => {
    if (field !== 1 || wireType !== WireType.LEN) return false;
    values.push(decodeKeyValue(reader.message(), depth + 1));
    return true;
  });
  return values;
}
