/**
 * Runners: `LitAgentRunner`, the `Runner` contract and hooks.
 *
 * @module
 */
export * from './classify';
export * from './heartbeat';
export * from './hook';
export * from './lit-agent-runner';
export * from './post-process';
export * from './runner';
export * from './system-snapshot';
export * from './timing';
