import { useEffect, useRef, useState } from 'preact/hooks';
import { spansUrl } from '../../core/query';
import type { WirePage, WireSpan } from '../../core/wire';
import { classifySpans, type SpanFacts } from '../span-kinds';
import { getJson, type StoreRequestError } from './api';
import { useQuery } from './cache';

/** Spans of one attempt, loaded progressively and refreshed by their tail. */
export interface AttemptSpans {
  spans: WireSpan[];
  /** Spans received so far (the views rebuild only on the first chunk and at the end). */
  received: number;
  total: number;
  loading: boolean;
  error: StoreRequestError | null;
  /** Bumped on every change (memo key for the tree). */
  version: number;
  /** Kinds and rewards, classified chunk by chunk as spans arrive (not in one long task at the end). */
  facts: SpanFacts;
}

const CHUNK = 2000;
const CAP = 100_000;

export function useAttemptSpans(
  rolloutId: string,
  attemptId: string | null,
  llm: RegExp,
): AttemptSpans {
  const byId = useRef(new Map<string, WireSpan>());
  const facts = useRef<SpanFacts>({ kinds: new Map(), rewards: new Map() });
  const llmSource = useRef(llm.source);
  const loaded = useRef(false);
  const [state, setState] = useState<Omit<AttemptSpans, 'facts'>>({
    spans: [],
    received: 0,
    total: 0,
    loading: true,
    error: null,
    version: 0,
  });
  const lastPublish = useRef(0);
  if (llmSource.current !== llm.source) {
    llmSource.current = llm.source;
    facts.current = classifySpans([...byId.current.values()], llm);
  }
  useEffect(() => {
    byId.current = new Map();
    facts.current = { kinds: new Map(), rewards: new Map() };
    loaded.current = false;
    setState({ spans: [], received: 0, total: 0, loading: true, error: null, version: 0 });
  }, [rolloutId, attemptId]);
  const publish = (total: number, loading: boolean, force: boolean) => {
    const now = Date.now();
    if (!force) {
      // During a long load only the progress moves: rebuilding the tree of a growing
      // attempt every chunk would keep the page busy; it is rebuilt once at the end.
      if (now - lastPublish.current < 500) return;
      lastPublish.current = now;
      const received = byId.current.size;
      setState((s) => ({ ...s, received, total, loading }));
      return;
    }
    lastPublish.current = now;
    const spans = [...byId.current.values()].sort((a, b) => a.sequence_id - b.sequence_id);
    setState((s) => ({
      spans,
      received: spans.length,
      total,
      loading,
      error: null,
      version: s.version + 1,
    }));
  };
  const fetchFrom = async (offset: number, signal: AbortSignal) =>
    getJson<WirePage<WireSpan>>(
      spansUrl({
        rolloutId,
        attemptId: attemptId as string,
        limit: CHUNK,
        offset,
        sortBy: 'sequence_id',
        sortOrder: 'asc',
      }),
      signal,
    );
  const q = useQuery<number>(attemptId ? `spans:${rolloutId}:${attemptId}` : null, {
    loader: async (signal) => {
      if (!loaded.current) {
        let offset = 0;
        let total = 0;
        do {
          const page = await fetchFrom(offset, signal);
          for (const span of page.items) byId.current.set(span.span_id, span);
          classifySpans(page.items, llm, facts.current);
          total = page.total;
          offset += CHUNK;
          publish(total, offset < total && offset < CAP, offset === CHUNK || offset >= total);
        } while (offset < total && offset < CAP);
        loaded.current = true;
        publish(total, false, true);
        return total;
      }
      const before = byId.current.size;
      const page = await fetchFrom(Math.max(0, before - 200), signal);
      let changed = false;
      for (const span of page.items) {
        const old = byId.current.get(span.span_id);
        if (!old || JSON.stringify(old) !== JSON.stringify(span)) changed = true;
        byId.current.set(span.span_id, span);
      }
      classifySpans(page.items, llm, facts.current);
      if (byId.current.size !== page.total && page.total <= CAP) {
        // Something changed outside the tail (a late span with a low sequence id): reload in full.
        const fresh = new Map<string, WireSpan>();
        for (let offset = 0; offset < page.total; offset += CHUNK) {
          const chunk = await fetchFrom(offset, signal);
          for (const span of chunk.items) fresh.set(span.span_id, span);
        }
        byId.current = fresh;
        facts.current = classifySpans([...fresh.values()], llm);
        changed = true;
      }
      if (changed) publish(page.total, false, true);
      return page.total;
    },
  });
  return { ...state, facts: facts.current, error: q.error, loading: state.loading && !q.error };
}
