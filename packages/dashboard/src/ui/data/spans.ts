import { useEffect, useMemo, useState } from 'preact/hooks';
import type { SpanRowModel } from '../../core/span-rows';
import type { WireSpan } from '../../core/wire';
import type { AttemptSummary, ConversationData, FromWorker, ToWorker } from '../worker/protocol';
import { apiBase, noteUnauthorized, requestHeaders, StoreRequestError } from './api';
import { useQuery } from './cache';

/** The worker script's file name next to the app's chunks (set by the build). */
declare const __AGL_SPANS_WORKER__: string;

/** The page's handle on one attempt's spans worker. */
export class SpansClient {
  private readonly worker: Worker;
  private next = 1;
  private readonly waiting = new Map<
    number,
    { resolve: (m: FromWorker) => void; reject: (e: Error) => void }
  >();
  /** Receives models and progress. */
  onUpdate: (message: FromWorker) => void = () => {};

  constructor(rolloutId: string, attemptId: string, attemptStart: number | null, llm: string) {
    this.worker = new Worker(new URL(__AGL_SPANS_WORKER__, import.meta.url), {
      name: 'agl-spans',
    });
    this.worker.onmessage = (event: MessageEvent<FromWorker>) => {
      const message = event.data;
      if ('id' in message) {
        const waiter = this.waiting.get(message.id);
        this.waiting.delete(message.id);
        waiter?.resolve(message);
      } else this.onUpdate(message);
    };
    const base = apiBase();
    this.post({
      type: 'open',
      base: base || location.origin,
      headers: requestHeaders(),
      credentials: base ? 'omit' : 'same-origin',
      rolloutId,
      attemptId,
      attemptStart,
      llm,
    });
  }

  private post(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  private ask<T extends FromWorker>(make: (id: number) => ToWorker): Promise<T> {
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (m: FromWorker) => void, reject });
      this.post(make(id));
    });
  }

  /** Loads the attempt (first call) or its tail (later calls); resolves with the span total. */
  async sync(): Promise<number> {
    this.post({ type: 'headers', headers: requestHeaders() });
    const answer = await this.ask<FromWorker>((id) => ({ type: 'sync', id }));
    if (answer.type === 'failed') {
      noteUnauthorized(answer.status);
      throw new StoreRequestError(
        answer.status,
        answer.error.detail,
        answer.error.errorType,
        answer.error.traceback,
      );
    }
    return answer.type === 'synced' ? answer.total : 0;
  }

  /** Changes the LLM-call name pattern (the worker reclassifies and resends). */
  setLlm(llm: string): void {
    this.post({ type: 'llm', llm });
  }

  /** One span by id (null when unknown). */
  async span(spanId: string): Promise<WireSpan | null> {
    const answer = await this.ask<Extract<FromWorker, { type: 'span' }>>((id) => ({
      type: 'span',
      id,
      spanId,
    }));
    return answer.span;
  }

  /** Indices (in the current model) of the spans whose masked text contains `term`. */
  async search(term: string): Promise<Int32Array> {
    const answer = await this.ask<Extract<FromWorker, { type: 'search' }>>((id) => ({
      type: 'search',
      id,
      term,
    }));
    return answer.matches;
  }

  /** The attempt's conversation. */
  async conversation(): Promise<ConversationData> {
    const answer = await this.ask<Extract<FromWorker, { type: 'conversation' }>>((id) => ({
      type: 'conversation',
      id,
    }));
    return answer.data;
  }

  /** Stops the worker; pending questions are rejected. */
  close(): void {
    this.worker.terminate();
    for (const waiter of this.waiting.values()) waiter.reject(new Error('closed'));
    this.waiting.clear();
  }
}

/** Spans of one attempt, loaded progressively by a worker and refreshed by their tail. */
export interface AttemptSpans {
  /** The tree as rows (null until the first chunk is in). */
  model: SpanRowModel | null;
  summary: AttemptSummary;
  /** Spans received so far. */
  received: number;
  total: number;
  loading: boolean;
  error: StoreRequestError | null;
  /** Bumped on every new model. */
  version: number;
  /** Asks the worker for spans, matches and the conversation. */
  client: SpansClient | null;
}

const EMPTY_SUMMARY: AttemptSummary = {
  llmCalls: 0,
  rewardSpans: 0,
  errors: 0,
  final: null,
  finalWithLegacy: null,
};
let instances = 0;

export function useAttemptSpans(
  rolloutId: string,
  attemptId: string | null,
  llm: RegExp,
  attemptStart: number | null,
): AttemptSpans {
  const [state, setState] = useState<Omit<AttemptSpans, 'error' | 'client'>>({
    model: null,
    summary: EMPTY_SUMMARY,
    received: 0,
    total: 0,
    loading: true,
    version: 0,
  });
  // One worker per shown attempt; the cache key carries an instance number so a
  // cached entry never calls a worker that was already stopped.
  const client = useMemo(() => {
    if (!attemptId) return null;
    return {
      spans: new SpansClient(rolloutId, attemptId, attemptStart, llm.source),
      key: `spans:${rolloutId}:${attemptId}:${++instances}`,
    };
  }, [rolloutId, attemptId]);
  useEffect(() => {
    if (!client) return;
    setState({
      model: null,
      summary: EMPTY_SUMMARY,
      received: 0,
      total: 0,
      loading: true,
      version: 0,
    });
    client.spans.onUpdate = (message) => {
      if (message.type === 'progress')
        setState((s) => ({ ...s, received: message.received, total: message.total }));
      else if (message.type === 'model')
        setState((s) => ({
          model: message.model,
          summary: message.summary,
          received: message.received,
          total: message.total,
          loading: message.loading,
          version: s.version + 1,
        }));
    };
    return () => client.spans.close();
  }, [client]);
  useEffect(() => client?.spans.setLlm(llm.source), [llm.source]);
  const q = useQuery<number>(client?.key ?? null, {
    loader: () => (client ? client.spans.sync() : Promise.resolve(0)),
  });
  const loading = (state.loading || (q.loading && state.model === null)) && !q.error;
  return { ...state, loading, error: q.error, client: client?.spans ?? null };
}

/**
 * An answer from the spans worker, asked again on each new model (`version`);
 * the previous answer stays shown meanwhile unless `identity` changed.
 *
 * @returns undefined while unanswered or when not `wanted`
 */
export function useWorkerAnswer<T>(
  client: SpansClient | null,
  version: number,
  identity: string,
  wanted: boolean,
  ask: (client: SpansClient) => Promise<T>,
): T | undefined {
  const [answer, setAnswer] = useState<{ identity: string; value: T } | undefined>(undefined);
  useEffect(() => {
    if (!client || !wanted) return;
    let stale = false;
    ask(client)
      .then((value) => {
        if (!stale) setAnswer({ identity, value });
      })
      .catch(() => undefined);
    return () => {
      stale = true;
    };
  }, [client, version, identity, wanted]);
  return wanted && answer?.identity === identity ? answer.value : undefined;
}
