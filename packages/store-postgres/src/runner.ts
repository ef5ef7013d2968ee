import type { Clock, StoreError } from '@agl/store-core';
import { UnavailableError } from '@agl/store-core';
import { type IdempotencyScope, takeIdempotencyScope } from '@agl/store-core/backend';
import { TxContext } from './context';
import { lockAndLookUp, record, recordable } from './idempotency';
import type { SqlClient, SqlExecutor } from './sql/client';
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
   * Runs `fn` in a READ COMMITTED transaction. A keyed write also holds the
   * idempotency key in scope (see `./idempotency`): it answers with the
   * result recorded under the key when there is one, else records its own.
   *
   * @param fn - the operation
   * @param keyed - honour the idempotency key in scope (creates only)
   * @throws StoreError whatever went wrong
   */
  async transaction<T>(fn: (ctx: TxContext) => Promise<T>, keyed = false): Promise<T> {
    this.#checkOpen();
    const scope = keyed ? takeIdempotencyScope() : undefined;
    for (let tries = 1; ; tries++) {
      try {
        const [result, terminal] = await this.#client.transaction(async (sql) => {
          const ctx = new TxContext(sql, this.#partition, this.#clock.now());
          if (scope) {
            const known = await lockAndLookUp(sql, this.#partition, scope, ctx.now);
            scope.replayed = known.found;
            if (known.found) return [known.value as T, new Set<string>()] as const;
          }
          const value = await fn(ctx);
          await ctx.flush();
          if (scope) await this.#record(sql, scope, ctx.now, value);
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
   * @param keyed - honour the idempotency key in scope, in a transaction of its own
   * @throws StoreError whatever went wrong
   */
  async run<T>(fn: (sql: SqlClient, now: number) => Promise<T>, keyed = false): Promise<T> {
    this.#checkOpen();
    const scope = keyed ? takeIdempotencyScope() : undefined;
    for (let tries = 1; ; tries++) {
      try {
        if (scope) return await this.#runKeyed(fn, scope);
        return await fn(this.#client, this.#clock.now());
      } catch (error) {
        if (tries < MAX_TRIES && isRetryableSqlError(error)) continue;
        throw toStoreError(error);
      }
    }
  }

  /** Runs a single-statement operation in a transaction that also holds its idempotency key. */
  #runKeyed<T>(
    fn: (sql: SqlClient, now: number) => Promise<T>,
    scope: IdempotencyScope,
  ): Promise<T> {
    const client = this.#client;
    return client.transaction(async (tx) => {
      const now = this.#clock.now();
      const known = await lockAndLookUp(tx, this.#partition, scope, now);
      scope.replayed = known.found;
      if (known.found) return known.value as T;
      // The operation sees the transaction as its client; it never opens its own.
      const inTransaction: SqlClient = {
        kind: client.kind,
        query: (text, params) => tx.query(text, params),
        transaction: (inner) => inner(tx),
        listen: () => Promise.reject(new Error('LISTEN inside a transaction')),
        close: async () => undefined,
      };
      const value = await fn(inTransaction, now);
      await this.#record(tx, scope, now, value);
      return value;
    });
  }

  async #record(sql: SqlExecutor, scope: IdempotencyScope, now: number, value: unknown) {
    const text = recordable(value);
    if (text !== undefined) await record(sql, this.#partition, scope, now, text);
  }

  #checkOpen(): void {
    if (this.#closed) throw new UnavailableError('The store is closed') as StoreError;
  }
}
