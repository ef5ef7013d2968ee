import { InvalidStateError } from '@agl/store-core';
import pg from 'pg';
import type { NotificationHandler } from './client';
import { checkChannelName, ListenerRegistry } from './listeners';

const RECONNECT_DELAYS_MS = [100, 250, 500, 1000, 2000, 5000];

/**
 * The one dedicated connection of a pg client that holds the `LISTEN`s. When
 * it drops it reconnects with backoff, re-subscribes, and tells subscribers
 * to re-synchronise (notifications sent meanwhile are lost).
 */
export class PgListener {
  readonly #config: pg.ClientConfig;
  readonly #registry = new ListenerRegistry();
  #client: pg.Client | undefined;
  #connecting: Promise<pg.Client> | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #failures = 0;
  #closed = false;

  /** @param config - how to connect (same settings as the pool) */
  constructor(config: pg.ClientConfig) {
    this.#config = config;
  }

  /**
   * Subscribes to a channel, connecting first if needed.
   *
   * @param channel - the channel
   * @param onNotify - receives payloads
   * @param onResync - called after a reconnection
   */
  async listen(
    channel: string,
    onNotify: NotificationHandler,
    onResync?: () => void,
  ): Promise<() => Promise<void>> {
    checkChannelName(channel);
    const { subscriber, first } = this.#registry.add(channel, onNotify, onResync);
    try {
      const client = await this.#connect();
      if (first) await client.query(`LISTEN ${channel}`);
    } catch (error) {
      this.#registry.remove(channel, subscriber);
      throw error;
    }
    return async () => {
      if (this.#registry.remove(channel, subscriber) && this.#client) {
        await this.#client.query(`UNLISTEN ${channel}`).catch(() => undefined);
      }
    };
  }

  /** Closes the connection and stops reconnecting. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    const client = this.#client ?? (await this.#connecting?.catch(() => undefined));
    this.#client = undefined;
    await client?.end().catch(() => undefined);
  }

  #connect(): Promise<pg.Client> {
    if (this.#client) return Promise.resolve(this.#client);
    this.#connecting ??= this.#open().finally(() => {
      this.#connecting = undefined;
    });
    return this.#connecting;
  }

  async #open(): Promise<pg.Client> {
    const client = new pg.Client(this.#config);
    client.on('error', () => this.#lost(client));
    client.on('end', () => this.#lost(client));
    client.on('notification', (message) => {
      this.#registry.dispatch(message.channel, message.payload ?? '');
    });
    await client.connect();
    for (const channel of this.#registry.channels) await client.query(`LISTEN ${channel}`);
    if (this.#closed) {
      await client.end().catch(() => undefined);
      throw new InvalidStateError('The listener was closed');
    }
    this.#client = client;
    return client;
  }

  #lost(client: pg.Client): void {
    if (this.#client !== client) return;
    this.#client = undefined;
    client.end().catch(() => undefined);
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    if (this.#closed || this.#timer !== undefined) return;
    const delay = RECONNECT_DELAYS_MS[Math.min(this.#failures, RECONNECT_DELAYS_MS.length - 1)];
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#connect().then(
        () => {
          this.#failures = 0;
          this.#registry.resync();
        },
        () => {
          this.#failures += 1;
          this.#scheduleReconnect();
        },
      );
    }, delay);
    this.#timer.unref?.();
  }
}
