import { WORKER_STATUSES, type Worker, type WorkerStatus } from '@agl/types';
import { OrderedStatusIndex } from './indexes/status-index';

/** Workers in creation order, indexed by id and by status. */
export class WorkerTable {
  readonly #list: Worker[] = [];
  readonly #seq = new Map<string, number>();
  readonly #byStatus = new OrderedStatusIndex<WorkerStatus>(WORKER_STATUSES, 8);

  /** Number of workers. */
  get size(): number {
    return this.#list.length;
  }

  /** Every worker, in creation order (do not mutate). */
  get all(): readonly Worker[] {
    return this.#list;
  }

  /**
   * Looks a worker up.
   *
   * @param workerId - the id
   */
  get(workerId: string): Worker | undefined {
    const seq = this.#seq.get(workerId);
    return seq === undefined ? undefined : this.#list[seq];
  }

  /**
   * Stores a worker: a new id is appended, a known one replaced in place.
   *
   * @param worker - the worker (owned by the table from now on)
   */
  put(worker: Worker): void {
    let seq = this.#seq.get(worker.worker_id);
    if (seq === undefined) {
      seq = this.#list.length;
      this.#seq.set(worker.worker_id, seq);
    }
    this.#list[seq] = worker;
    this.#byStatus.set(seq, worker.status);
  }

  /**
   * Workers whose status is listed, in creation order.
   *
   * @param statuses - the statuses
   */
  byStatus(statuses: Iterable<WorkerStatus>): Worker[] {
    return this.#byStatus.positions(statuses).map((seq) => this.#list[seq] as Worker);
  }
}
