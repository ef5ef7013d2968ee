import { InvalidArgumentError } from '@agl/store-core';
import type { NotificationHandler } from './client';

interface Subscriber {
  readonly onNotify: NotificationHandler;
  readonly onResync: (() => void) | undefined;
}

/**
 * Fans the notifications of one connection out to the subscribers of each
 * channel, so that several stores sharing a client need one `LISTEN` only.
 */
export class ListenerRegistry {
  readonly #channels = new Map<string, Set<Subscriber>>();

  /** Channels with at least one subscriber. */
  get channels(): string[] {
    return [...this.#channels.keys()];
  }

  /**
   * Adds a subscriber.
   *
   * @param channel - the channel
   * @param onNotify - receives payloads
   * @param onResync - called when notifications may have been missed
   * @returns the subscriber handle and whether the channel is new (needs `LISTEN`)
   */
  add(
    channel: string,
    onNotify: NotificationHandler,
    onResync: (() => void) | undefined,
  ): { readonly subscriber: object; readonly first: boolean } {
    const subscriber: Subscriber = { onNotify, onResync };
    const set = this.#channels.get(channel);
    if (set) {
      set.add(subscriber);
      return { subscriber, first: false };
    }
    this.#channels.set(channel, new Set([subscriber]));
    return { subscriber, first: true };
  }

  /**
   * Removes a subscriber.
   *
   * @param channel - the channel
   * @param subscriber - the handle `add` returned
   * @returns whether the channel has no subscriber left (needs `UNLISTEN`)
   */
  remove(channel: string, subscriber: object): boolean {
    const set = this.#channels.get(channel);
    if (!set) return false;
    set.delete(subscriber as Subscriber);
    if (set.size > 0) return false;
    this.#channels.delete(channel);
    return true;
  }

  /**
   * Delivers a payload to the channel's subscribers (a throwing handler does
   * not stop the others).
   *
   * @param channel - the channel
   * @param payload - the payload
   */
  dispatch(channel: string, payload: string): void {
    for (const subscriber of this.#channels.get(channel) ?? []) {
      try {
        subscriber.onNotify(payload);
      } catch {
        // A subscriber's failure is its own; the others still get the payload.
      }
    }
  }

  /** Tells every subscriber that notifications may have been missed. */
  resync(): void {
    for (const set of this.#channels.values()) {
      for (const subscriber of set) {
        try {
          subscriber.onResync?.();
        } catch {
          // Same as dispatch.
        }
      }
    }
  }
}

/**
 * Checks that a channel name is a plain identifier (it is interpolated into `LISTEN`).
 *
 * @param channel - the channel name
 * @throws InvalidArgumentError otherwise
 */
export function checkChannelName(channel: string): void {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) {
    throw new InvalidArgumentError(`Invalid notification channel name: ${channel}`);
  }
}
