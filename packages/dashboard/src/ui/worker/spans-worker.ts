/**
 * The spans worker: loads one attempt's spans page by page, parses and
 * classifies them, builds the span tree and sends the page a compact row
 * model. Everything proportional to the number of spans happens here, so a
 * 100,000-span attempt never blocks the page for long.
 */
import { describeStoreError } from '../../core/errors';
import { formatTime } from '../../core/format';
import { maskJson } from '../../core/mask';
import { buildConversation, extractLlmCall, sameResponseAs } from '../../core/messages';
import { spansUrl } from '../../core/query';
import type { SpanReward } from '../../core/rewards';
import { rowModelBuffers, type SpanRowModel, toRowModel } from '../../core/span-rows';
import { buildSpanTree } from '../../core/span-tree';
import type { WirePage, WireSpan } from '../../core/wire';
import type { AttemptSummary, FromWorker, OpenRequest, ToWorker } from './protocol';
import { classifySpans, type SpanFacts } from './span-kinds';

interface WorkerScope {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
}
const scope = self as unknown as WorkerScope;

const CHUNK = 2000;
const CAP = 100_000;
/** How often a growing attempt's tree is rebuilt and sent while loading. */
const MODEL_EVERY_MS = 3000;
const PROGRESS_EVERY_MS = 300;

let open: OpenRequest | null = null;
let llm = /openai\.chat\.completion/;
let byId = new Map<string, WireSpan>();
let facts: SpanFacts = { kinds: new Map(), rewards: new Map() };
let loaded = false;
let ordered: WireSpan[] = [];
let lastModel: SpanRowModel | null = null;
let queue: Promise<unknown> = Promise.resolve();

class FetchFailed extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`status: ${status}`);
  }
}

async function fetchPage(offset: number): Promise<WirePage<WireSpan>> {
  const o = open as OpenRequest;
  const path = spansUrl({
    rolloutId: o.rolloutId,
    attemptId: o.attemptId,
    limit: CHUNK,
    offset,
    sortBy: 'sequence_id',
    sortOrder: 'asc',
  });
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 30_000);
  let response: Response;
  try {
    response = await fetch(`${o.base}${path}`, {
      headers: o.headers,
      credentials: o.credentials,
      signal: controller.signal,
    });
  } catch (error) {
    const reason = controller.signal.aborted ? 'Timeout' : 'Network error';
    throw new FetchFailed(0, { detail: reason, traceback: String((error as Error).message) });
  } finally {
    clearTimeout(timer);
  }
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON: keep the text as the error detail.
  }
  if (!response.ok) throw new FetchFailed(response.status, body);
  return body as WirePage<WireSpan>;
}

function summarise(spans: readonly WireSpan[]): AttemptSummary {
  let llmCalls = 0;
  let errors = 0;
  let final: SpanReward | null = null;
  let finalWithLegacy: SpanReward | null = null;
  // Spans are in sequence order, so the last reward seen is the final one.
  for (const span of spans) {
    if (facts.kinds.get(span.span_id) === 'llm') llmCalls++;
    if (span.status?.status_code === 'ERROR') errors++;
    const reward = facts.rewards.get(span.span_id);
    if (!reward) continue;
    finalWithLegacy = reward;
    if (!reward.legacy) final = reward;
  }
  return { llmCalls, rewardSpans: facts.rewards.size, errors, final, finalWithLegacy };
}

function llmNote(span: WireSpan): string {
  const call = extractLlmCall(span);
  return `${call.model ?? 'model?'} · ${call.inputTokens ?? '?'}→${call.outputTokens ?? '?'} tokens`;
}

function sendModel(total: number, loading: boolean): void {
  ordered = [...byId.values()].sort((a, b) => a.sequence_id - b.sequence_id);
  const tree = buildSpanTree(ordered, open?.attemptStart ?? null);
  const model: SpanRowModel = toRowModel(tree, {
    kind: (node) => facts.kinds.get(node.id) ?? 'plain',
    reward: (node) => facts.rewards.get(node.id)?.value ?? null,
    note: (node) => (node.span && facts.kinds.get(node.id) === 'llm' ? llmNote(node.span) : null),
  });
  lastModel = { ...model };
  scope.postMessage(
    {
      type: 'model',
      model,
      summary: summarise(ordered),
      received: byId.size,
      total,
      loading,
    },
    rowModelBuffers(model),
  );
}

async function loadAll(): Promise<number> {
  let offset = 0;
  let total = 0;
  let lastSent = 0;
  let lastProgress = 0;
  do {
    const page = await fetchPage(offset);
    for (const span of page.items) byId.set(span.span_id, span);
    classifySpans(page.items, llm, facts);
    total = page.total;
    offset += CHUNK;
    const more = offset < total && offset < CAP;
    const now = Date.now();
    if (offset === CHUNK || !more || now - lastSent >= MODEL_EVERY_MS) {
      lastSent = now;
      sendModel(total, more);
    } else if (now - lastProgress >= PROGRESS_EVERY_MS) {
      lastProgress = now;
      scope.postMessage({ type: 'progress', received: byId.size, total });
    }
  } while (offset < total && offset < CAP);
  loaded = true;
  return total;
}

async function refreshTail(): Promise<number> {
  const page = await fetchPage(Math.max(0, byId.size - 200));
  let changed = false;
  for (const span of page.items) {
    const old = byId.get(span.span_id);
    if (!old || JSON.stringify(old) !== JSON.stringify(span)) changed = true;
    byId.set(span.span_id, span);
  }
  classifySpans(page.items, llm, facts);
  if (byId.size !== page.total && page.total <= CAP) {
    // Something changed outside the tail (a late span with a low sequence id): reload in full.
    const fresh = new Map<string, WireSpan>();
    for (let offset = 0; offset < page.total; offset += CHUNK) {
      const chunk = await fetchPage(offset);
      for (const span of chunk.items) fresh.set(span.span_id, span);
    }
    byId = fresh;
    facts = classifySpans([...fresh.values()], llm);
    changed = true;
  }
  if (changed) sendModel(page.total, false);
  return page.total;
}

async function sync(id: number): Promise<void> {
  try {
    const total = loaded ? await refreshTail() : await loadAll();
    scope.postMessage({ type: 'synced', id, total });
  } catch (error) {
    const failed =
      error instanceof FetchFailed
        ? error
        : new FetchFailed(0, { detail: String((error as Error)?.message ?? error) });
    scope.postMessage({
      type: 'failed',
      id,
      status: failed.status,
      error: describeStoreError(failed.body),
    });
  }
}

function search(term: string): Int32Array {
  const needle = term.trim().toLowerCase();
  const matches: number[] = [];
  if (!needle) return new Int32Array(0);
  // Indices refer to the last model sent (its id list stays here; only typed arrays move).
  const model = lastModel;
  if (!model) return new Int32Array(0);
  const ids = model.idText.split('\u0000');
  ids.forEach((id, index) => {
    const span = byId.get(id);
    // Search runs over masked text only, so a secret can never be found.
    if (
      span &&
      `${span.name}\n${span.span_id}\n${JSON.stringify(maskJson(span.attributes ?? {}))}`
        .toLowerCase()
        .includes(needle)
    )
      matches.push(index);
  });
  return Int32Array.from(matches);
}

function conversation() {
  const calls = ordered
    .filter((s) => facts.kinds.get(s.span_id) === 'llm')
    .sort((a, b) => (a.start_time ?? 0) - (b.start_time ?? 0))
    .map((s) => {
      const call = extractLlmCall(s);
      return {
        spanId: s.span_id,
        call,
        title: `${s.name} · ${call.model ?? ''} · ${formatTime(s.start_time, { millis: true })}`,
      };
    });
  const turns = buildConversation(calls).map((t, i) => ({
    ...t,
    title: calls[i]?.title ?? t.spanId,
  }));
  return { turns, same: sameResponseAs(calls) };
}

function serial<T>(task: () => Promise<T>): Promise<T> {
  const next = queue.then(task, task);
  queue = next.catch(() => undefined);
  return next;
}

scope.onmessage = (event) => {
  const message = event.data;
  switch (message.type) {
    case 'open':
      open = message;
      llm = new RegExp(message.llm);
      return;
    case 'headers':
      if (open) open = { ...open, headers: message.headers };
      return;
    case 'llm':
      llm = new RegExp(message.llm);
      facts = classifySpans([...byId.values()], llm);
      if (loaded) void serial(async () => sendModel(byId.size, false));
      return;
    case 'sync':
      void serial(() => sync(message.id));
      return;
    case 'span':
      scope.postMessage({ type: 'span', id: message.id, span: byId.get(message.spanId) ?? null });
      return;
    case 'search': {
      const matches = search(message.term);
      scope.postMessage({ type: 'search', id: message.id, matches }, [
        matches.buffer as ArrayBuffer,
      ]);
      return;
    }
    case 'conversation':
      scope.postMessage({ type: 'conversation', id: message.id, data: conversation() });
      return;
  }
};
