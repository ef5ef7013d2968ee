import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { silentLogger } from '@agl/store-core';
import { InMemoryLightningStore } from '@agl/store-memory';
import { createStoreApp } from '@agl/store-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SeedClock, seedStore } from '../e2e/seed';
import {
  attemptsUrl,
  resourcesListUrl,
  rolloutsUrl,
  SORTABLE,
  spansUrl,
  workersUrl,
} from '../src/core/query';

// Every sortable column header sends `sort_by=<field>`: each field must be one the
// Python server accepts (its 400 answers list them) and one our server accepts.

interface Exchange {
  name: string;
  response: { status: number; body: { detail?: unknown } };
}
const recorded = new Map(
  readFileSync(
    fileURLToPath(new URL('../../../spec/fixtures/store-v0.3.0.jsonl', import.meta.url)),
    'utf8',
  )
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Exchange)
    .map((e) => [e.name, e] as const),
);

/** The fields the Python server named in a recorded "Invalid sort_by" answer. */
function pythonSortFields(name: string): string[] {
  const detail = recorded.get(name)?.response.body.detail;
  const match = /allowed fields are: (.*)$/.exec(String(detail));
  if (!match) throw new Error(`no allowed-field list in ${name}`);
  return (match[1] as string).split(', ');
}

const PYTHON_400 = {
  rollouts: 'rollouts.query.400_sort_by_attempt',
  spans: 'spans.query.400_bad_sort_by',
  resources: 'resources.query.400_bad_sort_by',
  workers: 'workers.query.400_bad_sort_by',
} as const;

describe('sortable fields of every table', () => {
  it('are all accepted by the Python v0.3.0 server', () => {
    for (const table of Object.keys(PYTHON_400) as (keyof typeof PYTHON_400)[]) {
      const allowed = pythonSortFields(PYTHON_400[table]);
      for (const field of SORTABLE[table]) expect(allowed, `${table}.${field}`).toContain(field);
    }
    // The attempts lists always sort by `sequence_id`.
    expect(pythonSortFields('attempts.query.400_bad_sort_by')).toContain('sequence_id');
  });

  describe('on our server', () => {
    const clock = new SeedClock();
    const store = new InMemoryLightningStore({ clock, watchdogIntervalSeconds: null });
    const app = createStoreApp(store, { logger: silentLogger });
    let rolloutId = '';
    let attemptId = '';

    beforeAll(async () => {
      const now = 1_800_000_000;
      await seedStore(store, { now, clock, rollouts: 12, spans: 'small' });
      // Reads happen at the seed's "now" so no watchdog pass moves anything.
      clock.t = now;
      const rollout = (await store.queryRollouts({ statusIn: ['succeeded'], limit: 1 }))
        .items[0] as { rollout_id: string; attempt?: { attempt_id: string } };
      rolloutId = rollout.rollout_id;
      attemptId = rollout.attempt?.attempt_id as string;
    });
    afterAll(async () => {
      await store.close();
    });

    const page = (sortBy: string, sortOrder: 'asc' | 'desc') => ({
      limit: 50,
      offset: 0,
      sortBy,
      sortOrder,
    });
    const urls: Record<keyof typeof SORTABLE, (sortBy: string, order: 'asc' | 'desc') => string> = {
      rollouts: (s, o) => rolloutsUrl(page(s, o), { statuses: ['succeeded', 'failed'] }),
      spans: (s, o) => spansUrl({ ...page(s, o), rolloutId, attemptId }),
      resources: (s, o) => resourcesListUrl(page(s, o)),
      workers: (s, o) => workersUrl(page(s, o), { statuses: ['busy', 'idle'] }),
    };

    it('answers 200 with a non-empty page for every field in both orders', async () => {
      for (const table of Object.keys(SORTABLE) as (keyof typeof SORTABLE)[]) {
        for (const field of SORTABLE[table]) {
          for (const order of ['asc', 'desc'] as const) {
            const url = urls[table](field, order);
            const response = await app.request(url);
            expect(response.status, url).toBe(200);
            const body = (await response.json()) as { items: unknown[] };
            expect(body.items.length, url).toBeGreaterThan(0);
          }
        }
      }
      for (const order of ['asc', 'desc'] as const)
        expect((await app.request(attemptsUrl(rolloutId, order, 20))).status).toBe(200);
      // A field outside the lists is refused, so the 200s above mean something.
      expect((await app.request(urls.rollouts('attempt', 'asc'))).status).toBe(400);
    });
  });
});
