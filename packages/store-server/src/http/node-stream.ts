/** The Node request behind a hono request when served by @hono/node-server (`c.env.incoming`). */
export type NodeIncoming = AsyncIterable<Uint8Array> & {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
};

/**
 * Joins body chunks (the one chunk itself when there is only one).
 *
 * @param chunks - the chunks in order
 * @param size - their total length
 */
export function concatChunks(chunks: readonly Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** What the reader uses of a Node readable stream (an `IncomingMessage`). */
interface NodeReadable {
  on(event: string, listener: (...args: never[]) => void): unknown;
  removeListener(event: string, listener: (...args: never[]) => void): unknown;
  readonly readableEnded: boolean;
  readonly destroyed: boolean;
}

/**
 * Whether a body source is a Node stream (read with listeners) rather than any async iterable.
 *
 * @param value - the source
 */
export function isNodeReadable(value: object): value is NodeReadable & NodeIncoming {
  const candidate = value as Partial<NodeReadable>;
  return typeof candidate.on === 'function' && typeof candidate.removeListener === 'function';
}

function prematureClose(): Error {
  return Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });
}

/**
 * One body being read: the four listeners are arrow functions assigned in
 * the constructor rather than `const` closures, which the TypeScript loader
 * the benchmarks and tests run under would otherwise name with a
 * property definition each, on every request.
 */
class BodyCollector {
  readonly #chunks: Uint8Array[] = [];
  #size = 0;
  readonly onData: (chunk: Uint8Array) => void;
  readonly onEnd: () => void;
  readonly onError: (error: unknown) => void;
  readonly onClose: () => void;

  constructor(
    private readonly stream: NodeReadable,
    maxBytes: number,
    tooLarge: () => Error,
    resolve: (bytes: Uint8Array) => void,
    reject: (error: unknown) => void,
  ) {
    this.onData = (chunk) => {
      this.#size += chunk.byteLength;
      if (this.#size <= maxBytes) {
        this.#chunks.push(chunk);
        return;
      }
      // Stop reading; the 413 answer closes the connection, discarding the rest.
      this.stop();
      reject(tooLarge());
    };
    this.onEnd = () => {
      this.stop();
      resolve(concatChunks(this.#chunks, this.#size));
    };
    this.onError = (error) => {
      this.stop();
      reject(error);
    };
    this.onClose = () => {
      this.stop();
      reject(prematureClose());
    };
    stream.on('data', this.onData);
    stream.on('end', this.onEnd);
    stream.on('error', this.onError);
    stream.on('close', this.onClose);
  }

  stop(): void {
    this.stream.removeListener('data', this.onData);
    this.stream.removeListener('end', this.onEnd);
    this.stream.removeListener('error', this.onError);
    this.stream.removeListener('close', this.onClose);
  }
}

/**
 * Reads a Node stream to its end with plain listeners: what `for await`
 * does, without the async iterator it builds per request (a few percent of
 * the server's time on small requests).
 *
 * @param stream - the Node request
 * @param maxBytes - the most bytes accepted
 * @param tooLarge - the error to reject with above the limit (reading stops)
 */
export function readNodeStream(
  stream: NodeReadable,
  maxBytes: number,
  tooLarge: () => Error,
): Promise<Uint8Array> {
  if (stream.readableEnded) return Promise.resolve(new Uint8Array(0));
  if (stream.destroyed) return Promise.reject(prematureClose());
  return new Promise((resolve, reject) => {
    new BodyCollector(stream, maxBytes, tooLarge, resolve, reject);
  });
}
