/**
 * Agents: the `LitAgent` base class and functional agent factories.
 *
 * @module
 */
export * from './functional';
export * from './lit-agent';
export * from './resource-lookup';
export * from './types';
