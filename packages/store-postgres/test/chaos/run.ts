import { LightningStoreClient } from '@agl/store-client';
import { sleep } from '@agl/store-core/testing';
import { createPgClient, deletePartition } from '../../src/index';
import { uniquePartition } from '../support/database';
import { type ServerProcess, startServerProcess } from '../support/processes';
import { findMissingWrites } from '../support/verify';
import { newAcknowledged } from '../support/workload';
import { FaultProxy, type FaultRates, type ProxyFigures } from './fault-proxy';
import { runChaosWorker, type WorkerTally } from './workload';

/** Settings of one chaos run. */
export interface ChaosSettings {
  /** The PostgreSQL server (the run puts a fault proxy in front of it). */
  readonly databaseUrl: string;
  /** Rollouts enqueued (in batches of 25, during the faults). */
  readonly rollouts: number;
  /** How long faults are injected, in seconds. */
  readonly chaosSeconds: number;
  /** Runner loops. */
  readonly workers: number;
  /** One server process is SIGKILLed and restarted this often, in ms. */
  readonly killEveryMs: number;
  /** The database connections are cut this often, in ms (for 700 ms each). */
  readonly cutEveryMs: number;
  /** Faults between the clients and the servers. */
  readonly rates: FaultRates;
}

/** What a run did and what it found. */
export interface ChaosReport {
  readonly settings: Omit<ChaosSettings, 'databaseUrl'>;
  readonly seconds: number;
  readonly client: ProxyFigures;
  readonly database: Pick<ProxyFigures, 'connections' | 'cutConnections'>;
  readonly kills: number;
  readonly databaseCuts: number;
  readonly unexpectedExits: number;
  /** The end of the stderr of each server process that exited unexpectedly. */
  readonly exitLog: readonly string[];
  readonly clientRetries: number;
  readonly workerReCalls: number;
  readonly claims: number;
  readonly rolloutsStored: number;
  readonly rolloutsSucceeded: number;
  readonly rolloutsSucceededTwice: number;
  readonly acknowledgedSpans: number;
  readonly lostSpans: number;
  readonly lostSucceeded: number;
  readonly duplicateCreates: number;
}

/**
 * Runs the runner workload against two server processes on PostgreSQL while
 * one server is SIGKILLed and restarted, a fault proxy between clients and
 * servers drops, delays and truncates traffic, and the database connections
 * are cut and restored; then waits for every rollout to finish and checks
 * the database against what was acknowledged.
 *
 * @param settings - sizes, durations and fault rates
 */
export async function runChaos(settings: ChaosSettings): Promise<ChaosReport> {
  const started = Date.now();
  const partition = uniquePartition('chaos');
  const db = createPgClient({ databaseUrl: settings.databaseUrl, maxConnections: 2 });
  const real = new URL(settings.databaseUrl);
  const dbProxy = new FaultProxy([Number(real.port || 5432)]);
  const viaProxy = new URL(settings.databaseUrl);
  viaProxy.hostname = '127.0.0.1';
  viaProxy.port = String(await dbProxy.listen());
  const options = {
    databaseUrl: viaProxy.toString(),
    partition,
    watchdogIntervalSeconds: 1,
    scanDebounceSeconds: 1,
    claimTimeoutSeconds: 15,
  };
  const servers: ServerProcess[] = await Promise.all([
    startServerProcess(options),
    startServerProcess(options),
  ]);
  let unexpectedExits = 0;
  let killing = false;
  let stopping = false;
  const exitLog: string[] = [];
  const watch = (server: ServerProcess) => {
    let tail = '';
    server.child.stderr?.on('data', (chunk: Buffer) => {
      tail = (tail + chunk.toString()).slice(-2000);
    });
    server.child.once('exit', (code, signal) => {
      if (stopping || (killing && server === servers[1])) return;
      unexpectedExits += 1;
      exitLog.push(`exit ${code ?? signal}: ${tail}`);
    });
  };
  servers.forEach(watch);
  const proxy = new FaultProxy(
    servers.map((server) => server.port),
    settings.rates,
  );
  const endpoint = `http://127.0.0.1:${await proxy.listen()}`;
  let clientRetries = 0;
  // Every line the client logs is a retry, a failed probe or a give-up.
  const logged = () => {
    clientRetries += 1;
  };
  const logger = { debug: logged, info: logged, warn: logged, error: logged };
  const client = new LightningStoreClient(endpoint, {
    retryDelaysSeconds: [0.05, 0.1, 0.2, 0.4, 0.8, 1, 1, 1, 2, 2],
    healthRetryDelaysSeconds: [],
    requestTimeoutSeconds: 5,
    logger,
  });

  let chaos = true;
  let kills = 0;
  let databaseCuts = 0;
  const killer = (async () => {
    while (chaos) {
      await sleep(settings.killEveryMs / 1000);
      if (!chaos) break;
      const victim = servers[1] as ServerProcess;
      killing = true;
      await victim.kill();
      kills += 1;
      // A restart during a database outage fails to open the store: try again.
      let restarted: ServerProcess | undefined;
      while (restarted === undefined) {
        restarted = await startServerProcess({ ...options, port: victim.port }).catch(
          () => undefined,
        );
        if (restarted === undefined) await sleep(0.3);
      }
      servers[1] = restarted;
      killing = false;
      watch(restarted);
    }
  })();
  const cutter = (async () => {
    while (chaos) {
      await sleep(settings.cutEveryMs / 1000);
      if (!chaos) break;
      dbProxy.cut(700);
      databaseCuts += 1;
    }
  })();

  const acked = newAcknowledged();
  const tally: WorkerTally = { reCalls: 0 };
  let finished = false;
  const workers = Array.from({ length: settings.workers }, (_, i) =>
    runChaosWorker(client, `chaos-${i}`, acked, tally, () => finished),
  );
  const enqueued: string[] = [];
  const ticker = process.env.AGL_CHAOS_DEBUG
    ? setInterval(() => {
        process.stderr.write(
          `chaos t=${((Date.now() - started) / 1000).toFixed(0)}s enqueued=${enqueued.length} ` +
            `claims=${acked.claims.size} succeeded=${acked.succeeded.size} kills=${kills} ` +
            `cuts=${databaseCuts} retries=${clientRetries} recalls=${tally.reCalls} ` +
            `${JSON.stringify(proxy.figures)}\n`,
        );
      }, 2000)
    : undefined;
  for (let start = 0; start < settings.rollouts; start += 25) {
    const batch = Array.from({ length: Math.min(25, settings.rollouts - start) }, (_, i) => ({
      input: { task: start + i },
    }));
    for (;;) {
      try {
        enqueued.push(...(await client.enqueueManyRollouts(batch)).map((r) => r.rollout_id));
        break;
      } catch {
        tally.reCalls += 1;
      }
    }
  }
  const chaosLeft = settings.chaosSeconds * 1000 - (Date.now() - started);
  if (chaosLeft > 0) await sleep(chaosLeft / 1000);
  chaos = false;
  await Promise.all([killer, cutter]);
  proxy.setRates();

  const count = async (sql: string) =>
    Number((await db.query<{ n: string }>(sql, [partition]))[0]?.n ?? 0);
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const succeeded = await count(
      "SELECT count(*) AS n FROM agl_rollouts WHERE partition = $1 AND status = 'succeeded'",
    );
    if (succeeded >= settings.rollouts) break;
    await sleep(0.5);
  }
  finished = true;
  await Promise.all(workers);

  const missing = await findMissingWrites(db, partition, acked);
  const report: ChaosReport = {
    settings: {
      rollouts: settings.rollouts,
      chaosSeconds: settings.chaosSeconds,
      workers: settings.workers,
      killEveryMs: settings.killEveryMs,
      cutEveryMs: settings.cutEveryMs,
      rates: settings.rates,
    },
    seconds: Math.round((Date.now() - started) / 100) / 10,
    client: { ...proxy.figures },
    database: {
      connections: dbProxy.figures.connections,
      cutConnections: dbProxy.figures.cutConnections,
    },
    kills,
    databaseCuts,
    unexpectedExits,
    exitLog,
    clientRetries,
    workerReCalls: tally.reCalls,
    claims: [...acked.claims.values()].reduce((sum, list) => sum + list.length, 0),
    rolloutsStored: await count('SELECT count(*) AS n FROM agl_rollouts WHERE partition = $1'),
    rolloutsSucceeded: await count(
      "SELECT count(*) AS n FROM agl_rollouts WHERE partition = $1 AND status = 'succeeded'",
    ),
    rolloutsSucceededTwice: await count(
      `SELECT count(*) AS n FROM (SELECT rollout_id FROM agl_attempts
        WHERE partition = $1 AND status = 'succeeded' GROUP BY rollout_id HAVING count(*) > 1) t`,
    ),
    acknowledgedSpans: acked.spans.size,
    lostSpans: missing.spans.length,
    lostSucceeded: missing.succeeded.length,
    duplicateCreates:
      new Set(enqueued).size === enqueued.length
        ? (await count('SELECT count(*) AS n FROM agl_rollouts WHERE partition = $1')) -
          settings.rollouts
        : enqueued.length - new Set(enqueued).size,
  };

  clearInterval(ticker);
  stopping = true;
  await client.close();
  await proxy.close();
  await Promise.all(servers.map((server) => server.stop()));
  await dbProxy.close();
  await deletePartition(db, partition);
  await db.close();
  return report;
}
