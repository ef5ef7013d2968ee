/**
 * A server-sent events parser for streams read with `fetch` (an
 * `EventSource` cannot send an `Authorization` header). It follows the
 * format browsers implement: `event`, `data` (joined by newlines), `id`,
 * `retry` fields, comment lines, events ended by a blank line, CR/LF/CRLF.
 *
 * @module
 */

/** One dispatched event. */
export interface SseEvent {
  /** The event name (`message` when the stream gave none). */
  event: string;
  /** The data lines joined by `\n`. */
  data: string;
  /** The last event id seen so far on the stream (sent back as `Last-Event-ID`). */
  lastEventId: string;
}

/** Incremental parser: feed text chunks, receive whole events. */
export class SseParser {
  private buffer = '';
  private event = '';
  private data: string[] = [];
  private sawData = false;
  private afterCr = false;
  /** The last `id` field seen (kept across events, as browsers do). */
  lastEventId = '';
  /** The last valid `retry` field, in milliseconds, if any. */
  retryMs: number | null = null;

  /**
   * Parses a chunk of the stream.
   *
   * @param chunk - decoded text, split anywhere
   * @returns the events completed by this chunk
   */
  push(chunk: string): SseEvent[] {
    // A CR that ended the previous chunk may be the first half of a CRLF.
    const text = this.afterCr && chunk.startsWith('\n') ? chunk.slice(1) : chunk;
    this.afterCr = false;
    this.buffer += text;
    const out: SseEvent[] = [];
    let start = 0;
    for (;;) {
      const match = /\r\n|\r|\n/.exec(this.buffer.slice(start));
      if (!match) break;
      const line = this.buffer.slice(start, start + match.index);
      start += match.index + match[0].length;
      if (match[0] === '\r' && start === this.buffer.length) this.afterCr = true;
      const event = this.line(line);
      if (event) out.push(event);
    }
    this.buffer = this.buffer.slice(start);
    return out;
  }

  private line(line: string): SseEvent | null {
    if (line === '') {
      if (!this.sawData) {
        this.event = '';
        return null;
      }
      const event = {
        event: this.event || 'message',
        data: this.data.join('\n'),
        lastEventId: this.lastEventId,
      };
      this.event = '';
      this.data = [];
      this.sawData = false;
      return event;
    }
    if (line.startsWith(':')) return null;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.event = value;
    else if (field === 'data') {
      this.data.push(value);
      this.sawData = true;
    } else if (field === 'id' && !value.includes('\u0000')) this.lastEventId = value;
    else if (field === 'retry' && /^\d+$/.test(value)) this.retryMs = Number(value);
    return null;
  }
}
