import type { Clock, StoreError } from '@agl/store-core';
import { UnavailableError } from '@agl/store-core';
import { TxContext } from './context';
import type { SqlClient } from './sql/client';
import { isRetryableSqlError, toStoreError } from './sql/errors';

/** Times a transaction is tried when PostgreSQL aborts it for a deadlock or serialisation failure. */
const MAX_TRIES = 5;

/**
 * Runs store operations as transactions on one partition: takes "now" from
 * the store's clock, retries a transaction PostgreSQL rolled back for a
 * deadlock or serialisation failure (nothing was applied, and operations
 * have no side effect outside the database before commit), announces
 * terminal transitions with `pg_notify` inside the transaction and to this
 * process's waiters after commit, and turns every failure into a `StoreError`.
 */
export class TransactionRunner {
  readonly #client: SqlClient;
  readonly #partition: string;
  readonly #clock: Clock;
  readonly #onTerminal: (ids: ReadonlySet<string>) => void;
  #closed = false;

  /**
   * @param client - the database
   * @param partition - the store's partition
   * @param clock - the store's clock
   * @param onTerminal - told (after commit) which rollouts became terminal
   */
  constructor(
    client: SqlClient,
    partition: string,
    clock: Clock,
    onTerminal: (ids: ReadonlySet<string>) => void,
  ) {
    this.#client = client;
    this.#partition = partition;
    this.#clock = clock;
    this.#onTerminal = onTerminal;
  }

  /** Refuses every later call with `UnavailableError`. */
  close(): void {
    this.#closed = true;
  }

  /**
   * Runs `fn` in a READ COMMITTED transaction.
   *
   * @param fn - the operation
   * @throws StoreError whatever went wrong
   */
  async transaction<T>(fn: (ctx: TxContext) => Promise<T>): Promise<T> {
    this.#checkOpen();
    for (let tries = 1; ; tries++) {
      try {
        const [result, terminal] = await this.#client.transaction(async (sql) => {
          const ctx = new TxContext(sql, this.#partition, this.#clock.now());
          const value = await fn(ctx);
          await ctx.flush();
          return [value, ctx.terminal] as const;
        });
        if (terminal.size > 0) this.#onTerminal(terminal);
        return result;
      } catch (error) {
        if (tries < MAX_TRIES && isRetryableSqlError(error)) continue;
        throw toStoreError(error);
      }
    }
  }

  /**
   * Runs a read or a single atomic statement outside an explicit transaction,
   * again when PostgreSQL rolled it back for a deadlock or serialisation failure.
   *
   * @param fn - the operation, given the client and the time now
   * @throws StoreError whatever went wrong
   */
  async run<T>(fn: (sql: SqlClient, now: number) => Promise<T>): Promise<T> {
    this.#checkOpen();
    for (let tries = 1; ; tries++) {
      try {
        return await fn(this.#client, this.#clock.now());
      } catch (error) {
        if (tries < MAX_TRIES && isRetryableSqlError(error)) continue;
        throw toStoreError(error);
      }
    }
  }

  #checkOpen(): void {
    if (this.#closed) throw new UnavailableError('The store is closed') as StoreError;
  }
}
