/**
 * The tiny SQL-client interface the store runs on, with two implementations:
 * a node-postgres pool (`createPgClient`) and embedded PGlite
 * (`createPgliteClient`).
 *
 * @module
 */

/** A row as returned by the driver: column name to parsed value. */
export type SqlRow = Record<string, unknown>;

/** One parameterised statement. */
export interface SqlStatement {
  /** The SQL text (never built from caller input). */
  readonly text: string;
  /** The values of `$1`, `$2`, ... */
  readonly values: readonly unknown[];
}

/** Something that runs one parameterised statement. */
export interface SqlExecutor {
  /**
   * Runs one statement with positional parameters (`$1`, `$2`, ...).
   *
   * @param text - the SQL text (never built from caller input)
   * @param params - the parameter values
   * @returns the rows (empty for statements without `RETURNING`)
   */
  query<R extends SqlRow = SqlRow>(text: string, params?: readonly unknown[]): Promise<R[]>;
}

/** Called with the payload of each notification on a channel. */
export type NotificationHandler = (payload: string) => void;

/** A connection (pool) to one PostgreSQL database. */
export interface SqlClient extends SqlExecutor {
  /** `pg` (a server through node-postgres) or `pglite` (embedded). */
  readonly kind: 'pg' | 'pglite';

  /** The connection pool's counts, for metrics (node-postgres only). */
  readonly pool?: {
    readonly totalCount: number;
    readonly idleCount: number;
    readonly waitingCount: number;
  };

  /**
   * Runs `fn` inside one READ COMMITTED transaction on one connection:
   * committed when it resolves, rolled back when it throws.
   *
   * @param fn - the statements of the transaction
   */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;

  /**
   * Like `transaction`, and then runs the statements `last` makes of `fn`'s
   * result, in order, just before the commit; all statements must succeed or
   * nothing is committed. A driver that pipelines sends them together with
   * the `COMMIT`, so the end of a transaction costs one round trip.
   * Optional: without it the store runs them through `transaction`.
   *
   * @param fn - the statements of the transaction
   * @param last - the closing statements (typically the writes decided by `fn`)
   */
  transactionThen?<T>(
    fn: (tx: SqlExecutor) => Promise<T>,
    last: (result: T) => readonly SqlStatement[],
  ): Promise<T>;

  /**
   * Subscribes to a notification channel (`LISTEN`). Notifications sent by
   * any connection, this process or another, reach `onNotify` after their
   * transaction commits.
   *
   * @param channel - the channel name (a plain lowercase identifier)
   * @param onNotify - receives each payload
   * @param onResync - called after the listening connection was re-established,
   *   when notifications may have been missed
   * @returns a function that unsubscribes
   */
  listen(
    channel: string,
    onNotify: NotificationHandler,
    onResync?: () => void,
  ): Promise<() => Promise<void>>;

  /** Closes every connection. The client must not be used afterwards. */
  close(): Promise<void>;
}
