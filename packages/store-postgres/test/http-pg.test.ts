import type { LightningStore } from '@agl/store-core';
import { describeLightningStore } from '@agl/store-core/testing';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { contractOverHttp } from '../../store-client/test/helpers/contract-over-http';
import { describeGoldenReplay } from '../../store-server/test/golden-replay';
import { describePropertyFuzz } from '../../store-server/test/property-fuzz';
import { describeRouteFuzz } from '../../store-server/test/route-fuzz';
import { createPgClient, deletePartition, PostgresLightningStore } from '../src/index';
import type { SqlClient } from '../src/sql/client';
import { uniquePartition } from './support/database';

// The HTTP layer over a real PostgreSQL server: the client contract suite, the
// replay of the recorded reference traffic, the route fuzz and the fast-check
// property fuzz, each on its own partition so parallel runs never see each
// other's rows.
const url = inject('pgUrl');

describe.skipIf(url === null)('the HTTP layer over PostgreSQL', () => {
  let db: SqlClient;
  beforeAll(() => {
    db = createPgClient({ databaseUrl: url as string, maxConnections: 8 });
  });
  afterAll(() => db.close());

  const open = (options: Record<string, unknown> = {}) =>
    PostgresLightningStore.open({ ...options, client: db, partition: uniquePartition('http') });
  const dispose = async (store: LightningStore) => {
    const partition = (store as PostgresLightningStore).partition;
    await store.close();
    await deletePartition(db, partition);
  };

  describeGoldenReplay({
    name: 'PostgresLightningStore',
    create: (clock) => open({ clock }),
    destroy: dispose,
    withoutMemoryStatistics: true,
  });

  describeRouteFuzz('PostgresLightningStore', () => open({ watchdogIntervalSeconds: null }));

  // Fewer runs per route than over memory: every request is a round trip to
  // the database, and CI must stay fast. AGL_PG_FUZZ_RUNS raises it locally.
  describePropertyFuzz(
    'PostgresLightningStore',
    () => open({ watchdogIntervalSeconds: null }),
    Number(process.env.AGL_PG_FUZZ_RUNS ?? 20),
  );

  describeLightningStore(
    contractOverHttp(
      'LightningStoreClient over LightningStoreServer(PostgresLightningStore)',
      undefined,
      { open: (options) => open({ ...options }), dispose },
    ),
  );
});
