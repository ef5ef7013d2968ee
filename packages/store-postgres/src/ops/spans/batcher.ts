import type { IdempotencyScope } from '@agl/store-core/backend';
import type { Span } from '@agl/types';
import { lockAndLookUpMany, recordManyStatement } from '../../idempotency';
import { Replay, settle, type TransactionRunner } from '../../runner';
import { GroupPump } from '../group-pump';
import type { BodySplit } from './sql';
import {
  type AddSpansResult,
  addSpanCalls,
  checkSpans,
  isSpanConflict,
  spansRecord,
} from './write';

/** Span-write transactions of one store in flight at once; calls arriving meanwhile wait and go together. */
const MAX_IN_FLIGHT = 2;
/** Most spans one statement carries (a call larger than this goes alone). */
const MAX_SPANS_PER_WRITE = 500;

interface Call {
  readonly spans: readonly Span[];
  readonly scope: IdempotencyScope | undefined;
  readonly resolve: (result: AddSpansResult) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit of span writes: the `addManySpans` calls of concurrent
 * requests that arrive while earlier span writes are in flight are stored
 * together, in one statement (`addSpanCalls`) and, when any carries an
 * idempotency key, one transaction that also locks, looks up and records
 * every key. Each call gets exactly the result it would have had alone (its
 * own stop at an unknown rollout, its own replay), and is answered only
 * after the write that holds its spans has committed. If a combined write
 * fails for another reason than a retryable conflict, each of its calls is
 * written again on its own, so one bad call cannot fail the others.
 */
export class SpanBatcher {
  readonly #runner: TransactionRunner;
  readonly #partition: string;
  readonly #pump = new GroupPump<Call>(
    MAX_IN_FLIGHT,
    (queue) => this.#take(queue),
    (batch) => this.#flush(batch),
  );
  /**
   * How the statement cuts the span bodies into rows: until the store has
   * read the server's version, the function every version has.
   */
  split: BodySplit = 'regexp_split_to_table';

  /**
   * @param runner - the store's transaction runner
   * @param partition - the store's partition
   */
  constructor(runner: TransactionRunner, partition: string) {
    this.#runner = runner;
    this.#partition = partition;
  }

  /**
   * Stores the spans of one call.
   *
   * @param spans - the spans
   * @param scope - the call's idempotency key, if any
   * @throws InvalidArgumentError for a span of the wrong shape (before anything is written)
   */
  add(spans: readonly Span[], scope: IdempotencyScope | undefined): Promise<AddSpansResult> {
    checkSpans(spans);
    return new Promise((resolve, reject) => {
      this.#pump.push({ spans, scope, resolve, reject });
    });
  }

  /** The next calls to write together: in arrival order, one per idempotency key, bounded. */
  #take(queue: Call[]): Call[] {
    const batch: Call[] = [];
    const keys = new Set<string>();
    let spans = 0;
    for (let i = 0; i < queue.length; ) {
      const call = queue[i] as Call;
      const key = call.scope?.key;
      if (batch.length > 0 && spans + call.spans.length > MAX_SPANS_PER_WRITE) break;
      // A second call with a key already in the batch waits for the next one, which replays it.
      if (key !== undefined && keys.has(key)) {
        i++;
        continue;
      }
      if (key !== undefined) keys.add(key);
      spans += call.spans.length;
      batch.push(call);
      queue.splice(i, 1);
    }
    return batch;
  }

  async #flush(batch: readonly Call[]): Promise<void> {
    try {
      const results = await this.#write(batch);
      for (const [i, call] of batch.entries()) call.resolve(results[i] as AddSpansResult);
    } catch (error) {
      if (batch.length === 1) {
        (batch[0] as Call).reject(error);
        return;
      }
      for (const call of batch) {
        await this.#write([call]).then(
          ([result]) => call.resolve(result as AddSpansResult),
          (own: unknown) => call.reject(own),
        );
      }
    }
  }

  /** Writes calls together; each result as the call alone would have had it. */
  async #write(batch: readonly Call[]): Promise<AddSpansResult[]> {
    // Spans are rarely sent twice: the plain insert first, and only when it
    // meets a stored span (it then wrote nothing) again with duplicates skipped.
    try {
      return await this.#writeOnce(batch, false);
    } catch (error) {
      if (!isSpanConflict(error)) throw error;
    }
    return this.#writeOnce(batch, true);
  }

  async #writeOnce(batch: readonly Call[], skipDuplicates: boolean): Promise<AddSpansResult[]> {
    const partition = this.#partition;
    const split = this.split;
    const calls = batch.map((call) => call.spans);
    if (batch.every((call) => call.scope === undefined)) {
      // One statement is atomic by itself: no transaction needed.
      return this.#runner.run((sql, now) =>
        addSpanCalls(sql, partition, now, calls, split, skipDuplicates),
      );
    }
    const keys = batch.flatMap((call) => (call.scope ? [call.scope.key] : []));
    const records = (results: readonly AddSpansResult[], now: number, replayed: Set<number>) => {
      const texts = batch.flatMap((call, i) => {
        const text =
          call.scope && !replayed.has(i) ? codec.encode(results[i] as AddSpansResult) : undefined;
        return call.scope && text !== undefined ? [{ scope: call.scope, text }] : [];
      });
      return texts.length > 0 ? [recordManyStatement(partition, texts, now)] : [];
    };
    const codec = spansRecord(partition);
    try {
      // The usual case, in two round trips: the spans are written right behind the
      // keys' locks and lookups, on the bet that no key has been used yet.
      return await this.#runner.transactionThen(
        async (sql, now) => {
          const [known, written] = await Promise.all([
            settle(lockAndLookUpMany(sql, partition, keys, now)),
            settle(addSpanCalls(sql, partition, now, calls, split, skipDuplicates)),
          ]);
          if (!known.ok) throw known.error;
          if (known.value.size > 0) throw new Replay(null);
          for (const call of batch) if (call.scope) call.scope.replayed = false;
          if (!written.ok) throw written.error;
          return written.value;
        },
        (results, now) => records(results, now, new Set()),
      );
    } catch (error) {
      // Some key was used before (a retried request): roll back, go step by step.
      if (!(error instanceof Replay)) throw error;
    }
    const replayed = new Set<number>();
    return this.#runner.transactionThen(
      async (sql, now) => {
        replayed.clear();
        const known = await lockAndLookUpMany(sql, partition, keys, now);
        const results: (AddSpansResult | undefined)[] = [];
        for (const [i, call] of batch.entries()) {
          if (call.scope) call.scope.replayed = known.has(call.scope.key);
          if (call.scope && known.has(call.scope.key)) {
            replayed.add(i);
            results[i] = await codec.decode(sql, known.get(call.scope.key));
          }
        }
        const fresh = batch.flatMap((_, i) => (replayed.has(i) ? [] : [i]));
        const written = await addSpanCalls(
          sql,
          partition,
          now,
          fresh.map((i) => calls[i] as readonly Span[]),
          split,
          skipDuplicates,
        );
        fresh.forEach((i, j) => {
          results[i] = written[j];
        });
        return results as AddSpansResult[];
      },
      // The keys' records go out with the COMMIT.
      (results, now) => records(results, now, replayed),
    );
  }
}
