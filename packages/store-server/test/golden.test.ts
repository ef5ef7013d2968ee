import { InMemoryLightningStore } from '@agl/store-memory';
import { describeGoldenReplay } from './golden-replay';

describeGoldenReplay({
  name: 'InMemoryLightningStore',
  create: async (clock) => new InMemoryLightningStore({ clock }),
});
