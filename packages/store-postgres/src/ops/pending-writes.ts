import type { WorkerPatch } from '@agl/store-core/backend';
import type { Attempt } from '@agl/types';
import { TERMINAL_CHANNEL } from '../channel';
import { Params } from '../query/compile';
import { attemptKey, type RolloutRecord } from '../rows';
import {
  insertAttemptsSql,
  notifySql,
  saveAttemptsSql,
  saveRolloutsSql,
  upsertWorkerSql,
} from './write-sql';

/** One statement: SQL text and its parameter values. */
export interface Statement {
  /** The SQL text. */
  readonly text: string;
  /** The values of `$1`, `$2`, ... */
  readonly values: unknown[];
}

/**
 * The writes of one transaction, collected while the operation decides and
 * sent as ONE statement (a `WITH` list of inserts, updates and upserts, plus
 * the terminal notifications) just before the commit: an operation costs a
 * fixed number of round trips whatever it changes.
 *
 * Each row is written once with its final state: saving a rollout or an
 * attempt again replaces the earlier entry (the same object, mutated in
 * place), an attempt saved after its insert is inserted in its final state,
 * and patches of one worker merge in order (later fields win), which is what
 * applying them one after another gives. Statements the operation runs
 * itself see none of this until `take()` has been executed.
 */
export class PendingWrites {
  readonly #inserts = new Map<string, Attempt>();
  readonly #attempts = new Map<string, Attempt>();
  readonly #rollouts = new Map<string, RolloutRecord>();
  readonly #workers = new Map<string, WorkerPatch>();

  /**
   * Inserts new attempts.
   *
   * @param attempts - attempts of locked rollouts
   */
  insertAttempts(attempts: readonly Attempt[]): void {
    for (const a of attempts) this.#inserts.set(attemptKey(a.rollout_id, a.attempt_id), a);
  }

  /**
   * Saves the mutable fields of attempts.
   *
   * @param attempts - attempts of locked rollouts
   */
  saveAttempts(attempts: readonly Attempt[]): void {
    for (const a of attempts) {
      const key = attemptKey(a.rollout_id, a.attempt_id);
      if (this.#inserts.has(key)) this.#inserts.set(key, a);
      else this.#attempts.set(key, a);
    }
  }

  /**
   * Saves status, end time, attempt count and queue entry of rollouts.
   *
   * @param records - locked rollouts
   */
  saveRollouts(records: readonly RolloutRecord[]): void {
    for (const record of records) this.#rollouts.set(record.rollout.rollout_id, record);
  }

  /**
   * Upserts a worker with a patch (merged with earlier patches of the same worker).
   *
   * @param workerId - the worker
   * @param patch - the fields to write
   */
  patchWorker(workerId: string, patch: WorkerPatch): void {
    this.#workers.set(workerId, { ...this.#workers.get(workerId), ...patch });
  }

  /**
   * The combined statement of everything pending plus the notifications, or
   * `null` when there is nothing to send; forgets what it returns.
   *
   * @param partition - the store's partition
   * @param notifications - terminal-transition payloads to send on commit
   */
  take(partition: string, notifications: readonly string[]): Statement | null {
    const params = new Params();
    const p = params.add(partition);
    const items: string[] = [];
    const add = (sql: string) => items.push(`w${items.length} AS (${sql})`);
    if (this.#inserts.size > 0) add(insertAttemptsSql(params, p, [...this.#inserts.values()]));
    if (this.#attempts.size > 0) add(saveAttemptsSql(params, p, [...this.#attempts.values()]));
    const records = [...this.#rollouts.values()];
    if (records.length > 0) add(saveRolloutsSql(params, p, records));
    for (const [workerId, patch] of this.#workers) add(upsertWorkerSql(params, p, workerId, patch));
    const notify =
      notifications.length > 0 ? notifySql(params, TERMINAL_CHANNEL, notifications) : '';
    this.#inserts.clear();
    this.#attempts.clear();
    this.#rollouts.clear();
    this.#workers.clear();
    for (const record of records) record.enqueue = false;
    if (items.length === 0 && notify === '') return null;
    const select = `SELECT ${notify || '0'} AS notified`;
    const text = items.length > 0 ? `WITH ${items.join(',\n')}\n${select}` : select;
    return { text, values: params.values };
  }
}
