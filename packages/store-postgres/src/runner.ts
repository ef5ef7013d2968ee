import type { Clock, StoreError } from '@agl/store-core';
import { UnavailableError } from '@agl/store-core';
import { type IdempotencyScope, takeIdempotencyScope } from '@agl/store-core/backend';
import { TxContext } from './context';
import {
  lockAndLookUp,
  lockAndLookUpMany,
  recordable,
  recordManyStatement,
  recordStatement,
} from './idempotency';
import type { SqlClient, SqlExecutor, SqlStatement } from './sql/client';
import { isRetryableSqlError, toStoreError } from './sql/errors';

/** Times a transaction is tried when PostgreSQL aborts it for a deadlock or serialisation failure. */
const MAX_TRIES = 5;

/**
 * Thrown inside a transaction to roll it back and answer with `value`
 * instead: the write had already been done under its idempotency key.
 */
export class Replay {
  /** @param value - the recorded result */
  constructor(readonly value: unknown) {}
}

/**
 * Thrown by `transactionGroup` after rolling back: an operation of the group
 * failed or was a replay; nothing of the group was committed.
 */
export class GroupFailed extends Error {
  constructor() {
    super('An operation of the group failed; the group was rolled back');
  }
}

/**
 * Whether PostgreSQL itself reported the error (a SQLSTATE outside the
 * connection classes): the transaction was then certainly not committed.
 */
function refusedByServer(error: unknown): boolean {
  const { code, severity } = (error ?? {}) as { code?: unknown; severity?: unknown };
  return (
    typeof severity === 'string' &&
    typeof code === 'string' &&
    !code.startsWith('08') &&
    !code.startsWith('57P')
  );
}

/** A promise's outcome, without rejecting. */
type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Waits for a promise to settle either way.
 *
 * @param promise - the promise
 */
export function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error }),
  );
}

/**
 * How a keyed operation's result is recorded under its key and read back
 * when the key is replayed.
 */
export interface RecordCodec<T> {
  /** The text to record, or `undefined` to record nothing (a retry runs again). */
  encode(value: T): string | undefined;
  /** The result of a replay, from the recorded text's parsed JSON. */
  decode(sql: SqlExecutor, recorded: unknown): Promise<T>;
}

/**
 * `client.transactionThen` where the client has it, else the same in a plain
 * transaction (the closing statements run one after another before the commit).
 */
function transactionThen<T>(
  client: SqlClient,
  fn: (tx: SqlExecutor) => Promise<T>,
  last: (result: T) => readonly SqlStatement[],
): Promise<T> {
  if (client.transactionThen) return client.transactionThen(fn, last);
  return client.transaction(async (tx) => {
    const result = await fn(tx);
    for (const statement of last(result)) await tx.query(statement.text, statement.values);
    return result;
  });
}

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
   * @param keyed - honour the idempotency key in scope (creates only), or
   *   the key itself when it was taken from the scope earlier
   * @throws StoreError whatever went wrong
   */
  async transaction<T>(
    fn: (ctx: TxContext) => Promise<T>,
    keyed: boolean | IdempotencyScope = false,
  ): Promise<T> {
    this.#checkOpen();
    const scope = keyed === true ? takeIdempotencyScope() : keyed || undefined;
    for (let tries = 1; ; tries++) {
      try {
        let ctx: TxContext | undefined;
        const result = await transactionThen(
          this.#client,
          async (sql) => {
            ctx = new TxContext(sql, this.#partition, this.#clock.now());
            if (!scope) return fn(ctx);
            // The operation starts right behind the key's lock and lookup, in the
            // same round trip; both are let finish before anything is decided.
            const [known, outcome] = await Promise.all([
              settle(lockAndLookUp(sql, this.#partition, scope, ctx.now)),
              settle(fn(ctx)),
            ]);
            if (!known.ok) throw known.error;
            scope.replayed = known.value.found;
            // Already done under this key: roll the operation's work back, answer the record.
            if (known.value.found) throw new Replay(known.value.value);
            if (!outcome.ok) throw outcome.error;
            return outcome.value;
          },
          // The decided writes and the key's record go out with the COMMIT.
          (value) => {
            if (!ctx) return [];
            const closing: SqlStatement[] = [];
            const writes = ctx.take();
            if (writes) closing.push(writes);
            const text = scope ? recordable(value) : undefined;
            if (scope && text !== undefined) {
              closing.push(recordStatement(this.#partition, scope, ctx.now, text));
            }
            return closing;
          },
        );
        if (ctx && ctx.terminal.size > 0) this.#onTerminal(ctx.terminal);
        return result;
      } catch (error) {
        if (error instanceof Replay) return error.value as T;
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

  /**
   * Runs several independent operations in ONE transaction (group commit):
   * every operation's first statements go out together, and all their writes,
   * the keys' records and the `COMMIT` together at the end. Either every
   * operation succeeded and all are committed, or `GroupFailed` is thrown
   * after a rollback when one of them failed or one key had been used before
   * (the caller then runs each alone, getting what it would have got alone).
   * The operations must not touch the same rows as each other (the caller
   * groups them so), since none sees the others' writes before the commit.
   * Any other failure (connection lost, the commit's outcome unknown) is
   * thrown as it is.
   *
   * @param ops - each operation and its idempotency key, if any
   * @throws GroupFailed, or the failure of the transaction
   */
  async transactionGroup(
    ops: readonly {
      fn: (ctx: TxContext) => Promise<unknown>;
      scope?: IdempotencyScope | undefined;
    }[],
  ): Promise<unknown[]> {
    this.#checkOpen();
    const partition = this.#partition;
    const keyed = ops.flatMap((op) => (op.scope ? [op.scope] : []));
    for (let tries = 1; ; tries++) {
      const now = this.#clock.now();
      let contexts: TxContext[] = [];
      const closing: SqlStatement[] = [];
      try {
        const values = await transactionThen(
          this.#client,
          async (sql) => {
            closing.length = 0;
            // One set of pending writes for all: one statement writes the whole group.
            const group = new TxContext(sql, partition, now);
            contexts = ops.map(() => new TxContext(sql, partition, now, group.writes));
            // The keys' locks and lookups, then each operation's first statements: one write.
            const known =
              keyed.length > 0
                ? settle(
                    lockAndLookUpMany(
                      sql,
                      partition,
                      keyed.map((scope) => scope.key),
                      now,
                    ),
                  )
                : undefined;
            const outcomes = await Promise.all(
              ops.map((op, i) => settle(op.fn(contexts[i] as TxContext))),
            );
            if (known) {
              const lookup = await known;
              if (!lookup.ok) throw lookup.error;
              if (lookup.value.size > 0) throw new GroupFailed();
            }
            const values: unknown[] = [];
            const records: { scope: IdempotencyScope; text: string }[] = [];
            for (const [i, outcome] of outcomes.entries()) {
              if (!outcome.ok) {
                // A conflict PostgreSQL resolves by retrying fails the whole transaction anyway.
                if (isRetryableSqlError(outcome.error)) throw outcome.error;
                throw new GroupFailed();
              }
              values.push(outcome.value);
              const scope = ops[i]?.scope;
              const text = scope ? recordable(outcome.value) : undefined;
              if (scope && text !== undefined) records.push({ scope, text });
            }
            // Built here, so that a write one operation cannot encode fails only the group.
            for (const ctx of contexts) for (const id of ctx.terminal) group.terminal.add(id);
            try {
              const writes = group.take();
              if (writes) closing.push(writes);
            } catch {
              throw new GroupFailed();
            }
            if (records.length > 0) closing.push(recordManyStatement(partition, records, now));
            return values;
          },
          () => closing,
        );
        for (const scope of keyed) scope.replayed = false;
        for (const ctx of contexts) if (ctx.terminal.size > 0) this.#onTerminal(ctx.terminal);
        return values;
      } catch (error) {
        if (error instanceof GroupFailed) throw error;
        if (tries < MAX_TRIES && isRetryableSqlError(error)) continue;
        // PostgreSQL refused a statement: the transaction did not commit, each can run alone.
        if (refusedByServer(error)) throw new GroupFailed();
        throw toStoreError(error);
      }
    }
  }

  /** Runs a single-statement operation in a transaction that also holds its idempotency key. */
  async #runKeyed<T>(
    fn: (sql: SqlClient, now: number) => Promise<T>,
    scope: IdempotencyScope,
  ): Promise<T> {
    const client = this.#client;
    const now = this.#clock.now();
    let replayed = false;
    const value = await transactionThen(
      client,
      async (tx) => {
        const known = await lockAndLookUp(tx, this.#partition, scope, now);
        scope.replayed = known.found;
        if (known.found) {
          replayed = true;
          return known.value as T;
        }
        // The operation sees the transaction as its client; it never opens its own.
        const inTransaction: SqlClient = {
          kind: client.kind,
          query: (text, params) => tx.query(text, params),
          transaction: (inner) => inner(tx),
          listen: () => Promise.reject(new Error('LISTEN inside a transaction')),
          close: async () => undefined,
        };
        return fn(inTransaction, now);
      },
      // The key's record goes out with the COMMIT.
      (result) => {
        const text = replayed ? undefined : recordable(result);
        return text === undefined ? [] : [recordStatement(this.#partition, scope, now, text)];
      },
    );
    return value;
  }

  /**
   * Runs `fn` in a READ COMMITTED transaction closed by the statements `last`
   * makes of its result (sent with the commit), again when PostgreSQL rolled
   * it back for a deadlock or serialisation failure. For operations that
   * handle idempotency keys themselves (several at once); a `Replay` thrown by
   * `fn` rolls back and reaches the caller as it is.
   *
   * @param fn - the operation, given the transaction and the time now
   * @param last - the closing statements
   * @throws StoreError whatever went wrong
   */
  async transactionThen<T>(
    fn: (sql: SqlExecutor, now: number) => Promise<T>,
    last: (result: T, now: number) => readonly SqlStatement[],
  ): Promise<T> {
    this.#checkOpen();
    for (let tries = 1; ; tries++) {
      const now = this.#clock.now();
      try {
        return await transactionThen(
          this.#client,
          (tx) => fn(tx, now),
          (result) => last(result, now),
        );
      } catch (error) {
        if (error instanceof Replay) throw error;
        if (tries < MAX_TRIES && isRetryableSqlError(error)) continue;
        throw toStoreError(error);
      }
    }
  }

  #checkOpen(): void {
    if (this.#closed) throw new UnavailableError('The store is closed') as StoreError;
  }
}
