/**
 * Sequence-id allocation batched per event-loop turn: the calls admitted during one turn get their
 * ids from one `getManySpanSequenceIds` (one request to an HTTP store that offers the batch route),
 * in arrival order, which gives the same ids as separate calls would. A failed batch is retried
 * pair by pair, so one bad pair does not fail the others.
 */
import type { LightningStore } from '@agl/store-core';

interface Pending {
  rolloutId: string;
  attemptId: string;
  resolve: (id: number) => void;
  reject: (error: unknown) => void;
}

/** Batches `getNextSpanSequenceId` calls made in the same turn. */
export class SequenceAllocator {
  private queue = new Map<LightningStore, Pending[]>();
  private scheduled = false;

  /** The next sequence id of a rollout (for one of its attempts). */
  next(store: LightningStore, rolloutId: string, attemptId: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const list = this.queue.get(store);
      const pending = { rolloutId, attemptId, resolve, reject };
      if (list) list.push(pending);
      else this.queue.set(store, [pending]);
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const queue = this.queue;
    this.queue = new Map();
    for (const [store, list] of queue) {
      if (list.length === 1) single(store, list[0] as Pending);
      else {
        store.getManySpanSequenceIds(list.map((p) => [p.rolloutId, p.attemptId] as const)).then(
          (ids) => {
            list.forEach((p, i) => {
              const id = ids[i];
              if (typeof id === 'number') p.resolve(id);
              else single(store, p);
            });
          },
          () => {
            for (const p of list) single(store, p);
          },
        );
      }
    }
  }
}

function single(store: LightningStore, p: Pending): void {
  store.getNextSpanSequenceId(p.rolloutId, p.attemptId).then(p.resolve, p.reject);
}
