import { encodeTerminalPayload } from './channel';
import { PendingWrites } from './ops/pending-writes';
import type { SqlExecutor, SqlStatement } from './sql/client';

/**
 * What one store operation works with inside its transaction: the
 * connection, the store's partition, the time of the operation (taken once
 * from the store's clock and passed to SQL as a parameter: stored times
 * never come from the database's own clock), the writes it has decided
 * (sent together by `flush`) and the rollouts that became terminal,
 * announced with `pg_notify` in that same statement (delivered on commit).
 */
export class TxContext {
  /** Rollouts that became terminal in this transaction. */
  readonly terminal = new Set<string>();
  readonly #notified = new Set<string>();

  /**
   * @param sql - the transaction's connection
   * @param partition - the store's partition
   * @param now - the operation's time in epoch seconds
   * @param writes - the writes decided but not yet sent (shared by the
   *   operations of one group transaction, which never write the same rows)
   */
  constructor(
    readonly sql: SqlExecutor,
    readonly partition: string,
    readonly now: number,
    readonly writes: PendingWrites = new PendingWrites(),
  ) {}

  /**
   * Sends the pending writes and the notifications of new terminal
   * transitions in one statement (nothing when there is nothing to send).
   * The runner calls it before committing; an operation calls it itself
   * before running a statement that must see those writes.
   */
  async flush(): Promise<void> {
    const statement = this.take();
    if (statement) await this.sql.query(statement.text, statement.values);
  }

  /**
   * The pending writes and the notifications of new terminal transitions as
   * one statement, or `null` when there is nothing to send; forgets them. The
   * runner sends it together with the commit.
   */
  take(): SqlStatement | null {
    const payloads: string[] = [];
    for (const id of this.terminal) {
      if (this.#notified.has(id)) continue;
      this.#notified.add(id);
      payloads.push(encodeTerminalPayload(this.partition, id));
    }
    return this.writes.take(this.partition, payloads);
  }
}
