import { writeFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { runChaos } from './chaos/run';

// The chaos run. Bounded here (about half a minute); `pnpm test:chaos` runs it
// longer and bigger by setting AGL_CHAOS_SECONDS / AGL_CHAOS_ROLLOUTS, and
// writes the figures to AGL_CHAOS_REPORT.
const url = inject('pgUrl');
const seconds = Number(process.env.AGL_CHAOS_SECONDS ?? 12);
const rollouts = Number(process.env.AGL_CHAOS_ROLLOUTS ?? 150);

describe.skipIf(url === null)('chaos: kills, a faulty network and database outages', () => {
  it(
    'finishes every rollout exactly once and loses no acknowledged write',
    async () => {
      const report = await runChaos({
        databaseUrl: url as string,
        rollouts,
        chaosSeconds: seconds,
        workers: 6,
        killEveryMs: 3000,
        cutEveryMs: 4000,
        rates: {
          dropRequest: 0.02,
          dropResponse: 0.03,
          truncateResponse: 0.03,
          delayResponse: 0.1,
        },
      });
      if (process.env.AGL_CHAOS_REPORT)
        writeFileSync(process.env.AGL_CHAOS_REPORT, `${JSON.stringify(report, null, 2)}\n`);
      console.log(`chaos figures: ${JSON.stringify(report)}`);
      expect(report.rolloutsStored).toBe(rollouts);
      expect(report.duplicateCreates).toBe(0);
      expect(report.rolloutsSucceeded).toBe(rollouts);
      expect(report.rolloutsSucceededTwice).toBe(0);
      expect(report.lostSpans).toBe(0);
      expect(report.lostSucceeded).toBe(0);
      expect(report.unexpectedExits).toBe(0);
      // The faults really happened.
      expect(report.kills).toBeGreaterThan(0);
      expect(report.databaseCuts).toBeGreaterThan(0);
      expect(
        report.client.droppedRequests +
          report.client.droppedResponses +
          report.client.truncatedResponses,
      ).toBeGreaterThan(0);
    },
    seconds * 1000 + 240_000,
  );
});
