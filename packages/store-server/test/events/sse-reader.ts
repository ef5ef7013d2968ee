/** One parsed server-sent event, or a comment line (`: ping`) as `{ comment }`. */
export interface SseFrame {
  id?: string;
  event?: string;
  data?: Record<string, unknown>;
  comment?: string;
}

/**
 * Reads an event stream frame by frame, the way an `EventSource` splits it,
 * keeping comment lines (which `EventSource` hides) so tests can see pings.
 */
export class SseReader {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  readonly #decoder = new TextDecoder();
  readonly #frames: SseFrame[] = [];
  #buffer = '';
  // A read that lost its race against a deadline stays pending and is reused, so no chunk is lost.
  #pending: ReturnType<ReadableStreamDefaultReader<Uint8Array>['read']> | undefined;

  /** @param body - the response body of `GET /v1/agl/events` */
  constructor(body: ReadableStream<Uint8Array> | null) {
    if (!body) throw new Error('the response has no body');
    this.#reader = body.getReader();
  }

  /**
   * Reads until `done(frames)` holds for the frames read so far, or until
   * `timeoutMs` passed; returns every frame read.
   */
  async until(
    done: (frames: readonly SseFrame[]) => boolean,
    timeoutMs = 5000,
  ): Promise<SseFrame[]> {
    const deadline = Date.now() + timeoutMs;
    while (!done(this.#frames) && Date.now() < deadline) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      this.#pending ??= this.#reader.read();
      const chunk = await Promise.race([
        this.#pending,
        new Promise<null>((resolve) => {
          timer = setTimeout(() => resolve(null), Math.max(0, deadline - Date.now()));
        }),
      ]);
      clearTimeout(timer);
      if (chunk === null) break;
      this.#pending = undefined;
      if (chunk.done) break;
      this.#buffer += this.#decoder.decode(chunk.value, { stream: true });
      this.#split();
    }
    return [...this.#frames];
  }

  /** Stops reading (the server sees the client go away). */
  async cancel(): Promise<void> {
    await this.#reader.cancel().catch(() => undefined);
  }

  #split(): void {
    let cut = this.#buffer.indexOf('\n\n');
    while (cut >= 0) {
      const block = this.#buffer.slice(0, cut);
      this.#buffer = this.#buffer.slice(cut + 2);
      const frame: SseFrame = {};
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) frame.comment = line.slice(1).trim();
        else if (line.startsWith('id: ')) frame.id = line.slice(4);
        else if (line.startsWith('event: ')) frame.event = line.slice(7);
        else if (line.startsWith('data: ')) frame.data = JSON.parse(line.slice(6));
      }
      if (frame.event || frame.comment !== undefined) this.#frames.push(frame);
      cut = this.#buffer.indexOf('\n\n');
    }
  }
}

/** The named events of `frames` (comments left out). */
export function named(frames: readonly SseFrame[], event?: string): SseFrame[] {
  return frames.filter((f) => f.event !== undefined && (event === undefined || f.event === event));
}
