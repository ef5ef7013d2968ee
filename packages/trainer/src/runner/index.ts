/**
 * Runners: `LitAgentRunner`, the `Runner` contract and hooks.
 *
 * @module
 */
export * from './classify';
export { type AttemptContext, executeAttempt } from './execute-attempt';
export * from './heartbeat';
export * from './hook';
export * from './lit-agent-runner';
export * from './post-process';
export * from './runner';
export * from './system-snapshot';
export * from './timing';
