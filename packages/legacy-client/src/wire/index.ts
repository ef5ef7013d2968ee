export * from './float';
export * from './parse';
export * from './resources';
export * from './responses';
export * from './rollout';
export * from './task';
