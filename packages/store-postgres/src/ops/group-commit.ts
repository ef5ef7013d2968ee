import type { IdempotencyScope } from '@agl/store-core/backend';
import type { TxContext } from '../context';
import { GroupFailed, type TransactionRunner } from '../runner';
import { GroupPump } from './group-pump';

/** Group transactions of one kind in flight at once; calls arriving meanwhile wait and go together. */
const MAX_IN_FLIGHT = 2;
/** Most operations one transaction carries. */
const MAX_PER_GROUP = 64;

interface Call {
  readonly fn: (ctx: TxContext) => Promise<unknown>;
  readonly rows: string | null;
  readonly scope: IdempotencyScope | undefined;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit of one kind of transaction (dequeues, or attempt updates):
 * the calls of concurrent requests that arrive while earlier ones of the
 * kind are in flight run together in one transaction
 * (`TransactionRunner.transactionGroup`), which costs the round trips and
 * the WAL flush of one. Two calls that could touch the same rows (the same
 * `rows` key: the worker of a dequeue, the rollout of an attempt update)
 * never share a group, so none depends on writes of another that it cannot
 * see before the commit. Each call is answered only after the commit of the
 * transaction that holds its writes. When the group fails because one call
 * failed or replays an idempotency key, nothing was committed and every call
 * runs again alone, getting exactly what it would have got alone.
 */
export class GroupCommit {
  readonly #runner: TransactionRunner;
  readonly #grouped: boolean;
  readonly #pump = new GroupPump<Call>(
    MAX_IN_FLIGHT,
    (queue) => this.#take(queue),
    (batch) => this.#flush(batch),
  );

  /**
   * @param runner - the store's transaction runner
   * @param grouped - `false` runs every call alone (a client that serialises
   *   all transactions anyway gains nothing from groups)
   */
  constructor(runner: TransactionRunner, grouped: boolean) {
    this.#runner = runner;
    this.#grouped = grouped;
  }

  /**
   * Runs one operation in a transaction, possibly shared with others.
   *
   * @param fn - the operation
   * @param rows - the key of the rows it works on (`null`: none in common with others)
   * @param scope - its idempotency key, if any
   */
  run<T>(
    fn: (ctx: TxContext) => Promise<T>,
    rows: string | null,
    scope: IdempotencyScope | undefined,
  ): Promise<T> {
    if (!this.#grouped) return this.#runner.transaction(fn, scope ?? false);
    return new Promise<T>((resolve, reject) => {
      this.#pump.push({ fn, rows, scope, resolve: resolve as (value: unknown) => void, reject });
    });
  }

  /** The next calls to run together: in arrival order, distinct rows and keys, bounded. */
  #take(queue: Call[]): Call[] {
    const batch: Call[] = [];
    const taken = new Set<string>();
    for (let i = 0; i < queue.length && batch.length < MAX_PER_GROUP; ) {
      const call = queue[i] as Call;
      const marks = [
        ...(call.rows === null ? [] : [`r${call.rows}`]),
        ...(call.scope ? [`k${call.scope.key}`] : []),
      ];
      if (marks.some((mark) => taken.has(mark))) {
        i++;
        continue;
      }
      for (const mark of marks) taken.add(mark);
      batch.push(call);
      queue.splice(i, 1);
    }
    // Rows are locked in key order, so two groups never wait for each other in a cycle.
    return batch.sort((a, b) => {
      const [x, y] = [a.rows ?? '', b.rows ?? ''];
      return x < y ? -1 : x > y ? 1 : 0;
    });
  }

  async #flush(batch: readonly Call[]): Promise<void> {
    if (batch.length > 1) {
      try {
        const values = await this.#runner.transactionGroup(batch);
        for (const [i, call] of batch.entries()) call.resolve(values[i]);
        return;
      } catch (error) {
        if (!(error instanceof GroupFailed)) {
          for (const call of batch) call.reject(error);
          return;
        }
      }
    }
    await Promise.all(
      batch.map((call) =>
        this.#runner.transaction(call.fn, call.scope ?? false).then(call.resolve, call.reject),
      ),
    );
  }
}
