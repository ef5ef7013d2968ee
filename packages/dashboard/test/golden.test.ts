import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { diffResources, templatePlaceholders } from '../src/core/diff';
import { describeStoreError, isEvictedError } from '../src/core/errors';
import { formatDuration, heartbeatHealth, previewValue } from '../src/core/format';
import { apiKeyLabel, maskJson } from '../src/core/mask';
import { extractLlmCall, isLlmCall } from '../src/core/messages';
import { finalReward, finalRewardFromDescending, spanReward } from '../src/core/rewards';
import { buildSpanTree, type SpanNode, visibleRows } from '../src/core/span-tree';
import type {
  WireAttempt,
  WirePage,
  WireResources,
  WireRollout,
  WireSpan,
  WireWorker,
} from '../src/core/wire';

interface Exchange {
  name: string;
  request: { method: string; path: string };
  response: { status: number; body: unknown };
}

// Responses recorded from the Python v0.3.0 server: the dashboard's parsers must accept them.
const recorded: Exchange[] = readFileSync(
  fileURLToPath(new URL('../../../spec/fixtures/store-v0.3.0.jsonl', import.meta.url)),
  'utf8',
)
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as Exchange);
const gets = recorded.filter((e) => e.request.method === 'GET' && e.response.status === 200);
const route = (prefix: RegExp) => gets.filter((e) => prefix.test(e.request.path));

describe('golden: recorded Python responses', () => {
  it('reads rollout pages with and without the attempt key', () => {
    const pages = route(/^\/v1\/agl\/rollouts$/).map(
      (e) => e.response.body as WirePage<WireRollout>,
    );
    expect(pages.length).toBeGreaterThan(0);
    let withAttempt = 0;
    let without = 0;
    for (const page of pages)
      for (const r of page.items) {
        if ('attempt' in r) withAttempt++;
        else without++;
        expect(previewValue(r.input)).not.toBe('');
        if (r.attempt)
          expect(
            formatDuration((r.attempt.end_time ?? r.attempt.start_time) - r.attempt.start_time),
          ).toMatch(/ms|s/);
      }
    expect(withAttempt).toBeGreaterThan(0);
    expect(without).toBeGreaterThan(0);
  });

  it('builds span trees and reads LLM calls and rewards from recorded spans, OTLP ones included', () => {
    const pages = route(/^\/v1\/agl\/spans$/).map((e) => e.response.body as WirePage<WireSpan>);
    expect(pages.length).toBeGreaterThan(0);
    for (const page of pages) {
      const tree = buildSpanTree(page.items);
      // Every span shows once (a parent outside the page adds a virtual "missing parent" row).
      expect(visibleRows(tree, () => true).filter((n) => n.span)).toHaveLength(
        new Set(page.items.map((s) => s.span_id)).size,
      );
      finalReward(page.items);
      for (const span of page.items) if (isLlmCall(span)) extractLlmCall(span);
    }
  });

  it('reads workers, resources and their diffs with secrets masked', () => {
    for (const page of route(/^\/v1\/agl\/workers$/).map(
      (e) => e.response.body as WirePage<WireWorker>,
    ))
      for (const w of page.items)
        expect(['fresh', 'stale', 'lost', 'never']).toContain(
          heartbeatHealth(w.last_heartbeat_time, Date.now() / 1000),
        );
    const snapshots = route(/^\/v1\/agl\/resources\/rs-/)
      .map((e) => e.response.body as WireResources | null)
      .filter((r): r is WireResources => r !== null);
    expect(snapshots.length).toBeGreaterThan(0);
    const first = snapshots[0] as WireResources;
    expect(
      diffResources(first.resources, first.resources).every((d) => d.kind === 'unchanged'),
    ).toBe(true);
    expect(JSON.stringify(maskJson(first))).not.toContain('"api_key":"sk-');
  });

  it('describes every recorded error body', () => {
    const errors = recorded.filter(
      (e) =>
        e.request.method === 'GET' &&
        e.response.status >= 400 &&
        e.response.status !== 404 &&
        e.response.status !== 405,
    );
    expect(errors.length).toBeGreaterThan(5);
    for (const e of errors) {
      const info = describeStoreError(e.response.body);
      expect(info.detail === '' && info.errorType === null).toBe(false);
      expect(isEvictedError(e.response.status, info)).toBe(false);
    }
    const unknown = recorded.find((e) => e.name === 'rollouts.get.unknown_id') as Exchange;
    expect(describeStoreError(unknown.response.body).errorType).toBe('ResponseValidationError');
  });
});

const body = <T>(name: string): T => {
  const exchange = recorded.find((e) => e.name === name);
  if (!exchange) throw new Error(`no recorded exchange ${name}`);
  return exchange.response.body as T;
};

describe('golden: view data derived from the recorded Python responses', () => {
  // Every span the recording stored for the one attempt that has spans: two written
  // through `/v1/agl/spans`, two ingested over OTLP (their parent was never sent).
  const attemptSpans = [
    ...body<WirePage<WireSpan>>('spans.query').items,
    ...body<WirePage<WireSpan>>('otlp.query_spans.stored_span').items,
    ...body<WirePage<WireSpan>>('otlp.query_spans.gzip_span_explicit_sequence_id').items,
  ].sort((a, b) => a.sequence_id - b.sequence_id);

  it('holds every span the recorded statistics count', () => {
    expect(attemptSpans).toHaveLength(
      body<{ total_spans: number }>('statistics.final').total_spans,
    );
  });

  it('builds the attempt tree: the agent root, then the missing OTLP parent', () => {
    const tree = buildSpanTree(attemptSpans);
    expect(tree.roots.map((n) => n.id)).toEqual(['00f067aa0ba902b7', 'missing:eee19b7ec3c1b173']);
    const [agent, missing] = tree.roots as [SpanNode, SpanNode];
    expect(agent.children.map((n) => n.span?.name)).toEqual(['tool.call']);
    expect(agent.descendants).toBe(1);
    expect(missing.span).toBeNull();
    expect(missing.missingParent).toBe('eee19b7ec3c1b173');
    expect(missing.children.map((n) => n.span?.name)).toEqual([
      'openai.chat.completion',
      'otlp.gzip.span',
    ]);
    // The virtual parent spans its children.
    expect(missing.start).toBe(1767225620);
    expect(missing.end).toBe(1767225626.5);
    expect(tree.t0).toBe(1767225610);
    expect(tree.t1).toBe(1767225626.5);
    expect(tree.untimed).toEqual([]);
    expect(formatDuration((agent.end as number) - (agent.start as number))).toBe(
      formatDuration(1.25),
    );
  });

  it('finds the recorded LLM call and reads its model, usage and parameters', () => {
    const calls = attemptSpans.filter((s) => isLlmCall(s));
    expect(calls.map((s) => s.span_id)).toEqual(['eee19b7ec3c1b174']);
    const call = extractLlmCall(calls[0] as WireSpan);
    expect(call.model).toBe('fixture-model');
    expect(call.inputTokens).toBe(12);
    expect(call.outputTokens).toBeNull();
    expect(call.parameters).toEqual({ temperature: 0.7 });
    // The recording carries no messages or token ids: the view must say so, not invent them.
    expect(call.prompt).toEqual([]);
    expect(call.completion).toEqual([]);
    expect(call.promptTokenIds).toBeNull();
    expect(call.responseTokenIds).toBeNull();
    expect(call.responseId).toBeNull();
  });

  it('reads no reward where the recording has none (a plain `score` attribute is not one)', () => {
    for (const span of attemptSpans) expect(spanReward(span)).toBeNull();
    expect(finalReward(attemptSpans)).toBeNull();
    expect(finalReward(attemptSpans, { countLegacy: true })).toBeNull();
    const descending = [...attemptSpans].reverse();
    expect(finalRewardFromDescending(descending)).toBeNull();
  });

  it('reads rollouts with and without an attempt, and the retried rollout’s attempts', () => {
    const queued = body<WireRollout>('rollouts.get.queued_has_no_attempt_key');
    expect('attempt' in queued).toBe(false);
    expect(queued.status).toBe('queuing');
    const done = body<WireRollout>('rollouts.get.after_success');
    expect(done.status).toBe('succeeded');
    expect(done.attempt?.attempt_id).toBe(
      body<WirePage<WireAttempt>>('attempts.query.three').items[2]?.attempt_id,
    );
    expect(done.attempt?.sequence_id).toBe(3);
    expect(previewValue(done.input)).toContain('Summarise the fixture');
    const plain = body<WirePage<WireRollout>>('rollouts.query.rollout_id_in').items.find(
      (r) => typeof r.input === 'string',
    ) as WireRollout;
    expect(previewValue(plain.input)).toBe('a plain string input');
    const retried = body<WirePage<WireAttempt>>('retry.attempts');
    expect(retried.total).toBe(2);
    expect(retried.items.map((a) => [a.sequence_id, a.status])).toEqual([
      [1, 'failed'],
      [2, 'failed'],
    ]);
    expect(body<WireRollout>('retry.rollout_failed').attempt?.attempt_id).toBe(
      retried.items[1]?.attempt_id,
    );
  });

  it('rates recorded workers and resources', () => {
    const workers = body<WirePage<WireWorker>>('workers.query.after_dequeues_and_updates').items;
    expect(workers.map((w) => w.worker_id)).toEqual([
      'worker-1',
      'worker-2',
      'worker-3',
      'worker-4',
      'worker-5',
      'worker-6',
    ]);
    // The Python server sends `last_heartbeat_time: null` until a runner heartbeats.
    for (const w of workers)
      expect(heartbeatHealth(w.last_heartbeat_time, Date.now() / 1000)).toBe('never');
    // The busy runner's links lead to the attempt whose spans were recorded.
    const spanned = attemptSpans[0] as WireSpan;
    const busy = workers.filter((w) => w.status === 'busy');
    expect(busy.map((w) => w.worker_id)).toEqual(['worker-1', 'worker-2']);
    expect([busy[0]?.current_rollout_id, busy[0]?.current_attempt_id]).toEqual([
      spanned.rollout_id,
      spanned.attempt_id,
    ]);

    const v1 = body<WireResources>('resources.get_by_id');
    const v2 = body<WireResources>('resources.update.existing_bumps_version');
    expect([v1.version, v2.version]).toEqual([1, 2]);
    const llm = v1.resources.main_llm as Record<string, unknown>;
    expect(apiKeyLabel(llm.api_key)).toBe('not set');
    // A null key is not a secret to hide: masking leaves it null.
    expect((maskJson(v1) as WireResources).resources.main_llm).toEqual(llm);
    const diff = diffResources(v1.resources, v2.resources);
    expect(diff.map((d) => [d.name, d.kind])).toEqual([
      ['greeting', 'removed'],
      ['main_llm', 'changed'],
      ['proxy', 'removed'],
    ]);
    expect(diff.find((d) => d.name === 'main_llm')?.fields).toEqual([
      { path: 'sampling_parameters.temperature', before: '0.7', after: '0.2' },
    ]);
    expect(diff.find((d) => d.name === 'main_llm')?.secrets).toEqual([
      { path: 'api_key', changed: false },
    ]);
    const greeting = v1.resources.greeting as { template: string; engine: string };
    expect(templatePlaceholders(greeting.template, greeting.engine)).toEqual(['name']);
  });

  it('describes the recorded 400, 422 and 500 bodies', () => {
    expect(describeStoreError(body('spans.query.400_bad_sort_by'))).toEqual({
      detail:
        'Invalid sort_by: duration, allowed fields are: rollout_id, attempt_id, sequence_id, trace_id, span_id, parent_id, name, status, attributes, events, links, start_time, end_time, context, parent, resource',
      errorType: null,
      traceback: null,
    });
    expect(describeStoreError(body('workers.query.422_bad_status_enum'))).toEqual({
      detail: "Input should be 'idle', 'busy' or 'unknown'",
      errorType: null,
      traceback: null,
    });
    const failed = describeStoreError(body('spans.add.500_unknown_rollout'));
    expect(failed).toEqual({
      detail: 'Internal server error',
      errorType: 'ValueError',
      traceback: '<traceback>',
    });
    expect(isEvictedError(500, failed)).toBe(false);
  });
});
