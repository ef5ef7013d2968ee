/**
 * Incremental server-sent-event framing: bytes in, complete events out, nothing held back beyond
 * the event being received.
 */

/** One complete event: its `data` payload (lines joined by `\n`), or a comment-only block. */
export interface SseEvent {
  /** The data payload, `null` for a block without data lines. */
  data: string | null;
  /** The block as received (for comment lines, forwarded unchanged). */
  raw: string;
}

/** Splits a byte stream into events; `\n\n` and `\r\n\r\n` both end an event. */
export class SseParser {
  private buffer = '';
  private readonly decoder = new TextDecoder();

  /** Feeds bytes; returns the events they completed. */
  push(bytes: Uint8Array): SseEvent[] {
    this.buffer += this.decoder.decode(bytes, { stream: true });
    if (this.buffer.includes('\r')) this.buffer = this.buffer.replace(/\r\n?/g, '\n');
    const events: SseEvent[] = [];
    let cut = this.buffer.indexOf('\n\n');
    while (cut >= 0) {
      const block = this.buffer.slice(0, cut);
      this.buffer = this.buffer.slice(cut + 2);
      if (block.length > 0) events.push(parseBlock(block));
      cut = this.buffer.indexOf('\n\n');
    }
    return events;
  }

  /** Whatever was received after the last complete event. */
  rest(): string {
    return this.buffer;
  }
}

function parseBlock(block: string): SseEvent {
  let data: string[] | null = null;
  for (const line of block.split('\n')) {
    if (line.startsWith('data:')) {
      data ??= [];
      data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
    }
  }
  return { data: data === null ? null : data.join('\n'), raw: block };
}
