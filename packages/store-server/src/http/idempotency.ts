import { type Clock, systemClock } from '@agl/store-core';
import { type Answer, answerToResponse, responseToAnswer } from './answer';

/** Settings of the idempotency-key memory. */
export interface IdempotencyOptions {
  /** How many keys are remembered at most (least recently used forgotten first; default 10000). */
  maxEntries?: number;
  /** How long a key is remembered, in seconds (default 600). */
  ttlSeconds?: number;
  /** Most bytes of remembered answer bodies (least recently used forgotten first; default 64 MiB). */
  maxBytes?: number;
}

interface Entry {
  /** The answer as remembered: enough to send it again byte for byte (JSON answers are text). */
  result: Promise<Answer>;
  expiresAt: number;
  /** Body length once known (0 while the first request runs). */
  bytes: number;
}

/**
 * Remembers the answers of requests that carried an `Idempotency-Key`, so a
 * retried request gets the first answer (same status and body) instead of
 * being applied twice — also while the first is still being handled (the
 * retry waits for it). Bounded: least recently used keys are forgotten first
 * (beyond a number of keys or of remembered bytes) and every key expires
 * after a TTL. Answers of 500 and above are not kept,
 * so a retry after a server failure runs again.
 */
export class IdempotencyCache {
  readonly #entries = new Map<string, Entry>();
  readonly #maxEntries: number;
  readonly #maxBytes: number;
  readonly #ttl: number;
  readonly #clock: Clock;
  #bytes = 0;

  /** @param options - capacity and TTL @param clock - time source (seconds) */
  constructor(options: IdempotencyOptions = {}, clock: Clock = systemClock) {
    this.#maxEntries = Math.max(1, options.maxEntries ?? 10_000);
    this.#maxBytes = Math.max(0, options.maxBytes ?? 64 * 1024 * 1024);
    this.#ttl = options.ttlSeconds ?? 600;
    this.#clock = clock;
  }

  /** How long a key is remembered, in seconds. */
  get ttlSeconds(): number {
    return this.#ttl;
  }

  /** Bytes of answer bodies currently remembered. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Number of keys currently remembered. */
  get size(): number {
    return this.#entries.size;
  }

  /**
   * Runs `handle` once per key and answers every request with that key alike.
   *
   * @param key - the scoped key (method, path and header value)
   * @param handle - produces the first answer
   */
  async run(key: string, handle: () => Promise<Response>): Promise<Response> {
    return answerToResponse(await this.runAnswer(key, () => handle().then(responseToAnswer)));
  }

  /**
   * `run` for answers given as plain data (what the store routes produce):
   * nothing is copied or re-read, the first answer itself is handed out again.
   *
   * @param key - the scoped key (method, path and header value)
   * @param handle - produces the first answer
   */
  async runAnswer(key: string, handle: () => Promise<Answer>): Promise<Answer> {
    const now = this.#clock.now();
    const known = this.#entries.get(key);
    if (known && known.expiresAt > now) {
      this.#entries.delete(key);
      this.#entries.set(key, known);
      return known.result;
    }
    const result = handle();
    const entry: Entry = { result, expiresAt: now + this.#ttl, bytes: 0 };
    this.#remove(key);
    this.#entries.set(key, entry);
    this.#evict(now);
    const forget = () => {
      if (this.#entries.get(key) === entry) this.#remove(key);
    };
    try {
      const stored = await result;
      if (stored.status >= 500) forget();
      else if (this.#entries.get(key) === entry) {
        entry.bytes = stored.body.length;
        this.#bytes += entry.bytes;
        this.#evict(now);
      }
      return stored;
    } catch (error) {
      forget();
      throw error;
    }
  }

  #remove(key: string): void {
    const entry = this.#entries.get(key);
    if (entry === undefined) return;
    this.#bytes -= entry.bytes;
    this.#entries.delete(key);
  }

  #evict(now: number): void {
    for (const [key, entry] of this.#entries) {
      const over = this.#entries.size > this.#maxEntries || this.#bytes > this.#maxBytes;
      if (!over && entry.expiresAt > now) break;
      this.#remove(key);
    }
  }
}
