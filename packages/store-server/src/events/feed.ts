import { randomBytes } from 'node:crypto';

/** Topics of the change-hint stream. */
export const EVENT_TOPICS = ['rollout', 'attempt', 'spans', 'resources', 'worker'] as const;

/** One topic of the change-hint stream. */
export type EventTopic = (typeof EVENT_TOPICS)[number];

/** A change hint as written to event streams. */
export interface ChangeEvent {
  /** `<epoch>-<seq>`. */
  readonly id: string;
  /** Sequence number within this process. */
  readonly seq: number;
  /** Topic (the SSE event name). */
  readonly topic: EventTopic;
  /** Ids and statuses only: never payloads, attributes or secrets. */
  readonly data: Readonly<Record<string, unknown>>;
}

/** Options of `ChangeFeed`. */
export interface ChangeFeedOptions {
  /** Events kept for resuming streams (default 10,000). */
  bufferSize?: number;
}

/**
 * The change hints of one server process: a sequence of events with ids
 * `<epoch>-<seq>`, a ring buffer for resuming streams, and listeners (the
 * open streams). Publishers call `publish` after their change is committed.
 */
export class ChangeFeed {
  /** Random token of this process start; ids from another epoch cannot resume. */
  readonly epoch: string = randomBytes(6).toString('hex');
  readonly #buffer: ChangeEvent[] = [];
  readonly #size: number;
  readonly #listeners = new Set<(event: ChangeEvent) => void>();
  #seq = 0;

  /** @param options - ring buffer size */
  constructor(options: ChangeFeedOptions = {}) {
    this.#size = options.bufferSize ?? 10_000;
  }

  /**
   * Records and distributes one hint.
   *
   * @param topic - its topic
   * @param data - ids and statuses
   */
  publish(topic: EventTopic, data: Record<string, unknown>): void {
    const seq = ++this.#seq;
    const event: ChangeEvent = { id: `${this.epoch}-${seq}`, seq, topic, data };
    this.#buffer.push(event);
    if (this.#buffer.length > this.#size) this.#buffer.shift();
    for (const listener of this.#listeners) listener(event);
  }

  /**
   * Adds a listener; returns its removal.
   *
   * @param listener - called for every event after this call
   */
  subscribe(listener: (event: ChangeEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /**
   * The events after a `Last-Event-ID`, or `null` when they cannot be
   * replayed (another epoch, malformed id, or events already dropped from the buffer).
   *
   * @param lastEventId - the id the client saw last
   */
  since(lastEventId: string): ChangeEvent[] | null {
    const [epoch, seqText] = lastEventId.split('-');
    const seq = Number(seqText);
    if (epoch !== this.epoch || !Number.isInteger(seq) || seq < 0 || seq > this.#seq) return null;
    const first = this.#buffer[0];
    if (seq < this.#seq && (first === undefined || first.seq > seq + 1)) return null;
    return this.#buffer.filter((event) => event.seq > seq);
  }
}
