import { LightningStoreClient } from '@agl/store-client';
import { sleep } from '@agl/store-core/testing';
import { describe, expect, inject, it } from 'vitest';
import { uniquePartition } from './support/database';
import type { ServerProcess } from './support/processes';
import { useServerGroup } from './support/server-group';
import { findMissingWrites, snapshot } from './support/verify';
import { newAcknowledged, runWorker } from './support/workload';

const url = inject('pgUrl');
const ROLLOUTS = 1500;
const NO_MISSING = { claims: [], spans: [], succeeded: [] };
// Runners with an odd index talk to the server that is killed.
const VICTIM_WORKERS = new Set(['Worker-1', 'Worker-3', 'Worker-5']);

describe.skipIf(url === null)('a server process killed with SIGKILL mid-run', () => {
  const partition = uniquePartition('crash');
  // Timer scans every second re-queue the attempts a killed server had handed out.
  const options = {
    databaseUrl: url as string,
    partition,
    watchdogIntervalSeconds: 1,
    scanDebounceSeconds: 1,
  };
  const group = useServerGroup(options);
  const { servers } = group;

  it('keeps every acknowledged write and the run completes after a restart', async () => {
    const [steady, victim] = servers as [ServerProcess, ServerProcess];
    const a = new LightningStoreClient(steady.endpoint, { logger: null });
    // The victim's runners wait out the restart (about 15 s of health probes) so a
    // request the server applied just before dying is retried against the new
    // process and acknowledged there, instead of given up with no answer.
    const b = new LightningStoreClient(victim.endpoint, {
      logger: null,
      healthRetryDelaysSeconds: [0.5, 1, 2, 4, 8],
    });
    const config = { timeout_seconds: 4, max_attempts: 20, retry_condition: ['timeout' as const] };
    const items = Array.from({ length: ROLLOUTS }, (_, i) => ({ input: { task: i }, config }));
    const ids = (await a.enqueueManyRollouts(items)).map((rollout) => rollout.rollout_id);
    const finishing = a.waitForRollouts(ids, { timeoutSeconds: 240 });

    const acked = newAcknowledged();
    const working = new Map<string, string>();
    let done = false;
    const runners = Array.from({ length: 6 }, (_, i) =>
      runWorker(i % 2 === 0 ? a : b, `Worker-${i}`, acked, () => done, working),
    );
    while (acked.succeeded.size < ROLLOUTS / 3) await sleep(0.02);

    // Kill while a runner of the victim holds a claim it has not finished: the
    // signal leaves synchronously, so that claim is in flight at the kill.
    const victimWork = () =>
      [...working].filter(([worker]) => VICTIM_WORKERS.has(worker)).map(([, id]) => id);
    while (victimWork().length === 0) await sleep(0.001);
    const killed = victim.kill();
    // Read in the same tick as the signal: an answer still on its way is then
    // acknowledged after the snapshot, which keeps each held claim in flight.
    const held = victimWork();
    const beforeKill = snapshot(acked);
    await killed;
    // The work in flight at the kill: rollouts claimed whose latest claim had no
    // acknowledged success yet.
    const inFlight = [...beforeKill.claims]
      .filter(([id, attempts]) => !beforeKill.succeeded.has(`${id}/${attempts.at(-1)}`))
      .map(([id]) => id);
    const victimInFlight = held.filter((id) => inFlight.includes(id));
    await sleep(0.3);
    await group.replace(victim);
    expect(await findMissingWrites(group.db, partition, beforeKill)).toEqual(NO_MISSING);

    const finished = await finishing;
    done = true;
    await Promise.all(runners);
    expect(finished).toHaveLength(ROLLOUTS);
    expect(finished.every((rollout) => rollout.status === 'succeeded')).toBe(true);
    // A request in flight when the server died may have been applied without its answer
    // reaching the client (at most one per runner): the rollout is then finished although
    // the client never saw the acknowledgement. Every acknowledged write is checked below.
    expect(acked.succeeded.size).toBeGreaterThanOrEqual(ROLLOUTS - runners.length);
    expect(await findMissingWrites(group.db, partition, acked)).toEqual(NO_MISSING);
    expect(beforeKill.succeeded.size).toBeGreaterThan(0);
    // That work was retried (the same request again, or the rollout again after
    // its attempt timed out) and finished: each has an acknowledged success.
    expect(inFlight.length).toBeGreaterThan(0);
    const byId = new Map(finished.map((rollout) => [rollout.rollout_id, rollout]));
    for (const id of inFlight) expect(byId.get(id)?.status).toBe('succeeded');
    // And the runners saw it through: successes acknowledged after the kill.
    const finishedAfterKill = (list: readonly string[]) =>
      list.filter((id) =>
        (acked.claims.get(id) ?? []).some((attempt) => acked.succeeded.has(`${id}/${attempt}`)),
      );
    expect(finishedAfterKill(inFlight).length).toBeGreaterThan(0);
    // The same for the work the killed server had handed out: every rollout a
    // runner of the victim held at the kill finished with an acknowledged
    // success (its request retried against the restarted process, or the
    // rollout requeued by the watchdog and claimed again).
    expect(victimInFlight.length).toBeGreaterThan(0);
    for (const id of victimInFlight) expect(byId.get(id)?.status).toBe('succeeded');
    expect(finishedAfterKill(victimInFlight)).toEqual(victimInFlight);
  }, 300_000);
});
