/**
 * The tiny SQL-client interface the store runs on, with two implementations:
 * a node-postgres pool (`createPgClient`) and embedded PGlite
 * (`createPgliteClient`).
 *
 * @module
 */

/** A row as returned by the driver: column name to parsed value. */
export type SqlRow = Record<string, unknown>;

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
