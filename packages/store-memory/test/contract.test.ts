import { describeLightningStore } from '@agl/store-core/testing';
import { InMemoryLightningStore } from '../src/index';

describeLightningStore({
  name: 'InMemoryLightningStore',
  create: ({ options }) => new InMemoryLightningStore(options),
});
