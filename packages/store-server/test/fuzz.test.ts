import { InMemoryLightningStore } from '@agl/store-memory';
import { describeRouteFuzz } from './route-fuzz';

describeRouteFuzz(
  'InMemoryLightningStore',
  async () => new InMemoryLightningStore({ watchdogIntervalSeconds: null }),
);
