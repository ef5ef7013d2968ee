/** A signal that aborts when any of its sources does, and a way to detach it from them. */
export interface LinkedSignal {
  /** Aborts with the reason of the first source that aborts. */
  readonly signal: AbortSignal;
  /** Aborts the linked signal with `reason` (sources are left alone). */
  abort(reason: unknown): void;
  /** Stops listening to the sources; call it when the operation is over. */
  dispose(): void;
}

/**
 * Links several optional signals into one (like `AbortSignal.any`, but with
 * explicit clean-up so long-lived sources do not accumulate listeners).
 *
 * @param sources - signals to follow; `undefined` entries are ignored
 */
export function linkSignals(...sources: (AbortSignal | undefined)[]): LinkedSignal {
  const controller = new AbortController();
  const detach: (() => void)[] = [];
  for (const source of sources) {
    if (!source) continue;
    if (source.aborted) {
      controller.abort(source.reason);
      break;
    }
    const onAbort = () => controller.abort(source.reason);
    source.addEventListener('abort', onAbort, { once: true });
    detach.push(() => source.removeEventListener('abort', onAbort));
  }
  return {
    signal: controller.signal,
    abort: (reason) => controller.abort(reason),
    dispose: () => {
      for (const off of detach) off();
    },
  };
}
