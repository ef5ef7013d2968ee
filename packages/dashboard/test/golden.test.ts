import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { diffResources } from '../src/core/diff';
import { describeStoreError, isEvictedError } from '../src/core/errors';
import { formatDuration, heartbeatHealth, previewValue } from '../src/core/format';
import { maskJson } from '../src/core/mask';
import { extractLlmCall, isLlmCall } from '../src/core/messages';
import { finalReward } from '../src/core/rewards';
import { buildSpanTree, visibleRows } from '../src/core/span-tree';
import type { WirePage, WireResources, WireRollout, WireSpan, WireWorker } from '../src/core/wire';

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
