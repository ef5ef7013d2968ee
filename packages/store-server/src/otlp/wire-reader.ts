import { OtlpDecodeError } from './model';

/** Protobuf wire types the OTLP messages use. */
export const WireType = { VARINT: 0, I64: 1, LEN: 2, I32: 5 } as const;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A minimal reader of the protobuf binary wire format over one message's
 * bytes. Every read checks bounds and throws `OtlpDecodeError` on truncated
 * or malformed input; 64-bit values are read exactly as `bigint`.
 */
export class WireReader {
  private pos = 0;
  private readonly view: DataView;

  /**
   * @param bytes - the bytes of one message (no length prefix)
   * @param base - offset of `bytes` in the whole payload, for error messages
   */
  constructor(
    private readonly bytes: Uint8Array,
    private readonly base = 0,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Whether every byte has been read. */
  get done(): boolean {
    return this.pos >= this.bytes.length;
  }

  /** Reads a field tag; returns its field number and wire type. */
  tag(): { field: number; wireType: number } {
    const tag = this.varint();
    const field = Math.floor(tag / 8);
    if (field === 0) throw this.error('invalid field number 0');
    return { field, wireType: tag % 8 };
  }

  /** Reads a varint as a number (exact up to 2^53; larger values are approximated). */
  varint(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      const byte = this.byte();
      result += (byte & 0x7f) * scale;
      if (byte < 0x80) return result;
      scale *= 128;
    }
    throw this.error('varint longer than 10 bytes');
  }

  /** Reads a varint as a signed 64-bit integer (`int64`), exactly. */
  int64(): bigint {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      const byte = this.byte();
      result |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) return BigInt.asIntN(64, result);
    }
    throw this.error('varint longer than 10 bytes');
  }

  /** Reads a varint as a signed 32-bit integer (`int32`, enums). */
  int32(): number {
    return Number(BigInt.asIntN(32, this.int64()));
  }

  /** Reads a little-endian unsigned 64-bit integer (`fixed64`). */
  fixed64(): bigint {
    const at = this.advance(8);
    return this.view.getBigUint64(at, true);
  }

  /** Reads a little-endian unsigned 32-bit integer (`fixed32`). */
  fixed32(): number {
    const at = this.advance(4);
    return this.view.getUint32(at, true);
  }

  /** Reads a little-endian IEEE 754 double. */
  double(): number {
    const at = this.advance(8);
    return this.view.getFloat64(at, true);
  }

  /** Reads a length-delimited field's bytes (a view, not a copy). */
  bytesField(): Uint8Array {
    const length = this.varint();
    const at = this.advance(length);
    return this.bytes.subarray(at, at + length);
  }

  /** Reads a length-delimited field holding an embedded message and returns a reader over it. */
  message(): WireReader {
    const bytes = this.bytesField();
    return new WireReader(bytes, this.base + this.pos - bytes.length);
  }

  /** Reads a length-delimited field as UTF-8 text (invalid UTF-8 is an error). */
  string(): string {
    const bytes = this.bytesField();
    try {
      return utf8.decode(bytes);
    } catch {
      throw this.error('invalid UTF-8 in a string field');
    }
  }

  /** Skips a field of the given wire type (an unknown field, or one sent with an unexpected type). */
  skip(wireType: number): void {
    if (wireType === WireType.VARINT) this.varint();
    else if (wireType === WireType.I64) this.advance(8);
    else if (wireType === WireType.LEN) this.bytesField();
    else if (wireType === WireType.I32) this.advance(4);
    else throw this.error(`unsupported wire type ${wireType}`);
  }

  private byte(): number {
    const byte = this.bytes[this.pos];
    if (byte === undefined) throw this.error('truncated message');
    this.pos++;
    return byte;
  }

  private advance(length: number): number {
    const at = this.pos;
    if (length > this.bytes.length - at) throw this.error('truncated message');
    this.pos += length;
    return at;
  }

  private error(reason: string): OtlpDecodeError {
    return new OtlpDecodeError(`${reason} at byte ${this.base + this.pos}`);
  }
}

/** Renders bytes as lowercase hex. */
export function bytesToHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}
