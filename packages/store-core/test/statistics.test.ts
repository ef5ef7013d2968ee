import { describe, expect, it } from 'vitest';
import { buildStatistics } from '../src/backend';

describe('buildStatistics', () => {
  it('puts the name and the five totals first, then the extra figures', () => {
    const stats = buildStatistics(
      'S',
      {
        total_rollouts: 1,
        total_attempts: 2,
        total_spans: 3,
        total_resources: 4,
        total_workers: 5,
      },
      { uptime: 1.5, total_span_bytes: 10 },
    );
    expect(Object.keys(stats)).toEqual([
      'name',
      'total_rollouts',
      'total_attempts',
      'total_spans',
      'total_resources',
      'total_workers',
      'uptime',
      'total_span_bytes',
    ]);
    expect(stats.total_spans).toBe(3);
  });
});
