/**
 * Live training progress: what `fit` shows while it runs. A reporter
 * receives snapshots computed from the store by `ProgressMonitor`; on a TTY
 * the line is redrawn in place, elsewhere (pipes, CI) plain log lines are printed.
 *
 * @module
 */

/** One progress snapshot, computed from the store. */
export interface ProgressSnapshot {
  /** Seconds since the monitor started. */
  elapsedSeconds: number;
  /** Rollouts in a terminal status. */
  finished: number;
  /** Rollouts that succeeded. */
  succeeded: number;
  /** Rollouts that failed. */
  failed: number;
  /** Rollouts that were cancelled. */
  cancelled: number;
  /** Rollouts being run (`preparing`/`running`). */
  running: number;
  /** Rollouts waiting in the queue (`queuing`/`requeuing`). */
  queued: number;
  /** Mean final reward of finished rollouts that have one, or `null`. */
  meanReward: number | null;
  /** Finished rollouts per second since the start. */
  throughput: number;
}

/** Receives progress snapshots. */
export interface ProgressReporter {
  /** A new snapshot (called periodically). */
  update(snapshot: ProgressSnapshot): void;
  /** The last snapshot, when training ends. */
  finish(snapshot: ProgressSnapshot): void;
}

/**
 * The one-line summary of a snapshot, e.g.
 * `rollouts 50 done (48 ok, 2 failed) | 3 running, 0 queued | mean reward 0.812 | 4.20 rollouts/s | 12s`.
 *
 * @param s - the snapshot
 */
export function formatProgress(s: ProgressSnapshot): string {
  const cancelled = s.cancelled > 0 ? `, ${s.cancelled} cancelled` : '';
  const reward = s.meanReward === null ? 'n/a' : s.meanReward.toFixed(3);
  return (
    `rollouts ${s.finished} done (${s.succeeded} ok, ${s.failed} failed${cancelled}) | ` +
    `${s.running} running, ${s.queued} queued | mean reward ${reward} | ` +
    `${s.throughput.toFixed(2)} rollouts/s | ${Math.round(s.elapsedSeconds)}s`
  );
}

/** Erases the current terminal line and returns the cursor to its start. */
const CLEAR_LINE = '\r\x1b[2K';

type Write = NodeJS.WritableStream['write'];

/**
 * Redraws one status line in place on a terminal. While the line is shown,
 * anything else written to the terminal's streams (log lines, the user's
 * `console.log`) first erases it, so the two never end up glued on one line;
 * the next update draws it again below.
 */
export class TtyProgressReporter implements ProgressReporter {
  readonly #stream: NodeJS.WritableStream;
  readonly #watched: NodeJS.WritableStream[];
  readonly #originals = new Map<NodeJS.WritableStream, { write: Write; own: boolean }>();
  #shown = false;

  /**
   * @param stream - the terminal stream (default `process.stderr`)
   * @param others - other streams printing to the same terminal (default stdout and stderr)
   */
  constructor(
    stream: NodeJS.WritableStream = process.stderr,
    others: readonly NodeJS.WritableStream[] = [process.stdout, process.stderr],
  ) {
    this.#stream = stream;
    this.#watched = [...new Set([stream, ...others])];
  }

  #raw(text: string): void {
    const original = this.#originals.get(this.#stream)?.write ?? this.#stream.write;
    original.call(this.#stream, text);
  }

  #watch(): void {
    if (this.#originals.size > 0) return;
    for (const target of this.#watched) {
      const own = Object.hasOwn(target, 'write');
      const write = target.write;
      this.#originals.set(target, { write, own });
      target.write = ((...args: Parameters<Write>) => {
        if (this.#shown) {
          this.#shown = false;
          this.#raw(CLEAR_LINE);
        }
        return write.apply(target, args);
      }) as Write;
    }
  }

  #unwatch(): void {
    for (const [target, { write, own }] of this.#originals) {
      if (own) target.write = write;
      else delete (target as { write?: Write }).write;
    }
    this.#originals.clear();
  }

  /** Redraws the line. */
  update(snapshot: ProgressSnapshot): void {
    this.#watch();
    this.#raw(`${CLEAR_LINE}[agl] ${formatProgress(snapshot)}`);
    this.#shown = true;
  }

  /** Redraws the line a last time, ends it and stops watching the streams. */
  finish(snapshot: ProgressSnapshot): void {
    this.#raw(`${CLEAR_LINE}[agl] ${formatProgress(snapshot)}\n`);
    this.#shown = false;
    this.#unwatch();
  }
}

/** Prints plain lines, at most one per `intervalSeconds` (the final line always). */
export class LogProgressReporter implements ProgressReporter {
  readonly #write: (line: string) => void;
  readonly #intervalMs: number;
  #last = Number.NEGATIVE_INFINITY;

  /**
   * @param write - receives each line (default `console.log`)
   * @param intervalSeconds - minimum seconds between lines (default 10)
   */
  constructor(write: (line: string) => void = (line) => console.log(line), intervalSeconds = 10) {
    this.#write = write;
    this.#intervalMs = intervalSeconds * 1000;
  }

  /** Prints a line unless one was printed less than the interval ago. */
  update(snapshot: ProgressSnapshot): void {
    const now = Date.now();
    if (now - this.#last < this.#intervalMs) return;
    this.#last = now;
    this.#write(`[agl] progress: ${formatProgress(snapshot)}`);
  }

  /** Prints the final line. */
  finish(snapshot: ProgressSnapshot): void {
    this.#write(`[agl] finished: ${formatProgress(snapshot)}`);
  }
}

/**
 * The reporter `fit` uses by default: in-place redraw when stderr is a TTY
 * and `CI` is not set, plain periodic lines otherwise.
 *
 * @param env - the environment (default `process.env`)
 * @param stream - the stream whose TTY-ness decides (default `process.stderr`)
 */
export function defaultProgressReporter(
  env: Readonly<Record<string, string | undefined>> = process.env,
  stream: NodeJS.WritableStream & { isTTY?: boolean } = process.stderr,
): ProgressReporter {
  const ci =
    env.CI !== undefined && env.CI !== '' && env.CI.toLowerCase() !== 'false' && env.CI !== '0';
  return stream.isTTY && !ci ? new TtyProgressReporter(stream) : new LogProgressReporter();
}
