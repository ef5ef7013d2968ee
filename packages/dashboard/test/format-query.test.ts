import { describe, expect, it } from 'vitest';
import {
  formatAge,
  formatDuration,
  formatReward,
  heartbeatHealth,
  previewValue,
} from '../src/core/format';
import { clampPage, formatListState, parseListState } from '../src/core/list-state';
import {
  attemptsUrl,
  ROLLOUT_STATUSES,
  resourcesUrl,
  rewardsUrl,
  rolloutsUrl,
  snapshotCountUrls,
  spansUrl,
  timeseriesUrl,
  workersUrl,
} from '../src/core/query';
import { ROLLOUT_LIST } from '../src/core/rollout-list';

describe('formatting', () => {
  it('formats durations, ages, rewards, previews and heartbeat health', () => {
    expect(
      [0.0123, 1.254, 12.34, 125, 3 * 3600 + 240, 2 * 86400 + 3 * 3600, -1].map(formatDuration),
    ).toEqual(['12 ms', '1.25 s', '12.3 s', '2m 05s', '3h 04m', '2d 3h', '0 ms']);
    expect([2, 12, 180, 7200, 3 * 86400].map(formatAge)).toEqual([
      'just now',
      '12 s ago',
      '3 min ago',
      '2 h ago',
      '3 d ago',
    ]);
    expect(formatReward(0.12345)).toBe('0.123');
    expect(formatReward(null)).toBe('—');
    expect(previewValue('x'.repeat(400)).length).toBe(301);
    expect(previewValue({ a: 1 })).toBe('{"a":1}');
    expect([null, 90, 100, 200].map((t) => heartbeatHealth(t, 220))).toEqual([
      'never',
      'lost',
      'stale',
      'fresh',
    ]);
  });
});

describe('request building', () => {
  it('builds the rollout list request with filters and never sends mode_in to a plain server', () => {
    const page = { limit: 100, offset: 0, sortBy: 'start_time', sortOrder: 'desc' as const };
    expect(rolloutsUrl(page)).toBe(
      '/v1/agl/rollouts?limit=100&offset=0&sort_by=start_time&sort_order=desc',
    );
    expect(
      rolloutsUrl(page, { statuses: ['failed', 'running'], search: '  ro-1 ', modes: ['train'] }),
    ).toBe(
      '/v1/agl/rollouts?limit=100&offset=0&sort_by=start_time&sort_order=desc&status_in=failed&status_in=running&rollout_id_contains=ro-1',
    );
    expect(rolloutsUrl(page, { modes: ['train'], serverFilters: true })).toContain('mode_in=train');
    expect(rolloutsUrl({ limit: -1, offset: -5 })).toBe('/v1/agl/rollouts?limit=1&offset=0');
    expect(rolloutsUrl({ limit: 50_000, offset: 0 })).toContain('limit=2000');
  });

  it("counts a snapshot's rollouts per status only on a server that filters by resources id", () => {
    expect(snapshotCountUrls('rs/1 a', false)).toBeNull();
    const urls = snapshotCountUrls('rs/1 a', true) ?? [];
    expect(urls.map((u) => u.status)).toEqual([...ROLLOUT_STATUSES]);
    expect(urls[3]).toEqual({
      status: 'succeeded',
      url: '/v1/agl/rollouts?limit=1&offset=0&status_in=succeeded&resources_id_in=rs%2F1+a',
    });
    for (const { url } of urls) {
      const params = new URL(url, 'http://x').searchParams;
      expect(params.getAll('resources_id_in')).toEqual(['rs/1 a']);
      expect(params.getAll('status_in')).toHaveLength(1);
    }
  });

  it('percent-encodes ids and builds span searches with or-logic only when searching', () => {
    expect(resourcesUrl('v 1#')).toBe('/v1/agl/resources/v%201%23');
    expect(attemptsUrl('ro/x', 'desc', 100)).toBe(
      '/v1/agl/rollouts/ro%2Fx/attempts?limit=100&offset=0&sort_by=sequence_id&sort_order=desc',
    );
    const plain = spansUrl({ rolloutId: 'ro', attemptId: 'at', limit: 100, offset: 0 });
    expect(plain).not.toContain('filter_logic');
    const searched = spansUrl({
      rolloutId: 'ro',
      attemptId: 'at',
      limit: 100,
      offset: 0,
      search: ' llm ',
    });
    expect(searched).toContain(
      'trace_id_contains=llm&span_id_contains=llm&name_contains=llm&filter_logic=or',
    );
    expect(workersUrl({ limit: 50, offset: 0 }, { statuses: ['busy'] })).toBe(
      '/v1/agl/workers?limit=50&offset=0&status_in=busy',
    );
  });
});

describe('list state in the URL', () => {
  it('round-trips and falls back to defaults for invalid values', () => {
    const state = parseListState(
      '?q=ro&status=failed&status=bogus&sort=duration&order=up&page=0&size=7',
      ROLLOUT_LIST,
    );
    expect(state).toEqual({
      q: 'ro',
      status: ['failed'],
      mode: [],
      resourcesId: [],
      sort: 'start_time',
      order: 'desc',
      page: 1,
      size: 100,
    });
    const changed = { ...state, sort: 'status', order: 'asc' as const, page: 3, size: 500 };
    expect(parseListState(formatListState(changed, ROLLOUT_LIST), ROLLOUT_LIST)).toEqual(changed);
    expect(formatListState(parseListState('', ROLLOUT_LIST), ROLLOUT_LIST)).toBe('');
    expect(clampPage(9, 100, 250)).toBe(3);
  });
});

describe('aggregate requests (our server only)', () => {
  it('sends up to 100 repeated rollout ids to /rewards', () => {
    expect(rewardsUrl(['a', 'b/c'])).toBe('/v1/agl/rewards?rollout_id_in=a&rollout_id_in=b%2Fc');
    const many = Array.from({ length: 150 }, (_, i) => `r${i}`);
    expect(
      new URLSearchParams(rewardsUrl(many).split('?')[1]).getAll('rollout_id_in'),
    ).toHaveLength(100);
  });

  it('aligns the /timeseries window to its bucket so the URL is stable within a bucket', () => {
    expect(timeseriesUrl(1_000_123.4, 600)).toBe(
      '/v1/agl/timeseries?since=999600&bucket_seconds=600',
    );
    expect(timeseriesUrl(1_000_199, 600)).toBe(timeseriesUrl(1_000_123.4, 600));
  });
});
