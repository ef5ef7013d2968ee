import { describeLightningStore } from '@agl/store-core/testing';
import { afterAll, beforeAll } from 'vitest';
import { createPgliteClient, deletePartition, PostgresLightningStore } from '../src/index';
import type { SqlClient } from '../src/sql/client';
import { uniquePartition } from './support/database';

// One embedded database for the file; every test gets its own partition,
// deleted after the test.
let client: SqlClient;
beforeAll(async () => {
  client = await createPgliteClient();
}, 60_000);
afterAll(() => client.close());

describeLightningStore({
  name: 'PostgresLightningStore on PGlite',
  create: ({ options }) =>
    PostgresLightningStore.open({ ...options, client, partition: uniquePartition() }),
  destroy: async (store) => {
    const partition = (store as PostgresLightningStore).partition;
    await store.close();
    await deletePartition(client, partition);
  },
});
