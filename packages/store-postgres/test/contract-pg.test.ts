import { describeLightningStore } from '@agl/store-core/testing';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { createPgClient, deletePartition, PostgresLightningStore } from '../src/index';
import type { SqlClient } from '../src/sql/client';
import { uniquePartition } from './support/database';

// The contract suite against a real PostgreSQL server (AGL_TEST_DATABASE_URL);
// skipped, with one printed line from the global setup, when none is reachable.
const url = inject('pgUrl');

describe.skipIf(url === null)('PostgreSQL server', () => {
  let client: SqlClient;
  beforeAll(() => {
    client = createPgClient({ databaseUrl: url as string, maxConnections: 8 });
  });
  afterAll(() => client.close());

  describeLightningStore({
    name: 'PostgresLightningStore on a PostgreSQL server',
    create: ({ options }) =>
      PostgresLightningStore.open({ ...options, client, partition: uniquePartition() }),
    destroy: async (store) => {
      const partition = (store as PostgresLightningStore).partition;
      await store.close();
      await deletePartition(client, partition);
    },
  });
});
