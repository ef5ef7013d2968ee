import { BaseLightningStore } from '@agl/store-core/backend';
import { describeLightningStore } from '@agl/store-core/testing';
import { NaiveBackend } from './naive-backend';

// The whole contract suite against the engine over the naive backend: no indexes, no hooks.
describeLightningStore({
  name: 'BaseLightningStore over a naive backend',
  create: ({ options }) =>
    new BaseLightningStore(new NaiveBackend(), { ...options, name: 'NaiveStore' }),
});
