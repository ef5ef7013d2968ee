import { utf8ByteLength } from '@agl/store-core/backend';
import { InMemoryLightningStore } from '@agl/store-memory';
import type { Span } from '@agl/types';
import { NaiveStore } from '../baseline';
import { makeSpan, spanJson } from '../fixtures';
import { collect, heapUsed, throughput } from '../measure';
import { megabytes, opsPerSecond, type Row, times } from '../table';

async function rolloutsWithAttempts(store: InMemoryLightningStore, count: number) {
  const out: { rolloutId: string; attemptId: string }[] = [];
  for (let i = 0; i < count; i++) {
    const r = await store.startRollout({ task: i });
    out.push({ rolloutId: r.rollout_id, attemptId: r.attempt.attempt_id });
  }
  return out;
}

/**
 * addSpan throughput with ~5 kB spans, and heap bytes per stored span.
 *
 * @param n - number of spans
 */
export async function spanRows(n: number): Promise<Row[]> {
  const perRollout = 100;
  const store = new InMemoryLightningStore();
  const targets = await rolloutsWithAttempts(store, Math.ceil(n / perRollout));
  const at = (i: number) =>
    targets[Math.floor(i / perRollout)] as { rolloutId: string; attemptId: string };
  let spans: Span[] = Array.from({ length: n }, (_, i) =>
    makeSpan(at(i).rolloutId, at(i).attemptId, i + 1),
  );
  const add = await throughput(n, (i) => store.addSpan(spans[i] as Span));
  const naive = new NaiveStore();
  const addBase = await throughput(n, (i) => naive.addSpan(spans[i] as Span));
  spans = [];
  await store.close();

  // Heap per span: spans arrive as fresh objects parsed from JSON (as a server receives them)
  // and are dropped by the caller after the call; the heap growth is what the store keeps.
  const memoryStore = new InMemoryLightningStore();
  const memoryTargets = await rolloutsWithAttempts(memoryStore, Math.ceil(n / perRollout));
  const target = (i: number) =>
    memoryTargets[Math.floor(i / perRollout)] as { rolloutId: string; attemptId: string };
  let jsonBytes = 0;
  collect();
  const before = heapUsed();
  for (let i = 0; i < n; i++) {
    const text = spanJson(target(i).rolloutId, target(i).attemptId, i + 1);
    jsonBytes += utf8ByteLength(text);
    await memoryStore.addSpan(JSON.parse(text) as Span);
  }
  collect();
  const storeBytes = (heapUsed() - before) / n;
  const kept = new NaiveStore();
  collect();
  const beforeBase = heapUsed();
  for (let i = 0; i < n; i++) kept.addSpan(JSON.parse(spanJson('ro-x', 'at-x', i + 1)) as Span);
  collect();
  const baseBytes = (heapUsed() - beforeBase) / n;
  const perSpanJson = jsonBytes / n;
  await memoryStore.close();
  const label = n.toLocaleString('en-US');
  return [
    {
      operation: `addSpan (~${(perSpanJson / 1024).toFixed(1)} kB spans)`,
      n: label,
      store: opsPerSecond(add.opsPerSecond),
      baseline: opsPerSecond(addBase.opsPerSecond),
      ratio: times(add.opsPerSecond / addBase.opsPerSecond),
      heap: megabytes(add.heapDelta),
      target: '',
    },
    {
      operation: 'heap bytes per stored span (÷ JSON size)',
      n: label,
      store: `${Math.round(storeBytes)} B (${times(storeBytes / perSpanJson)} JSON)`,
      baseline: `${Math.round(baseBytes)} B (${times(baseBytes / perSpanJson)} JSON)`,
      ratio: times(storeBytes / baseBytes),
      heap: megabytes(storeBytes * n),
      target: '≤ 2x JSON',
    },
  ];
}
