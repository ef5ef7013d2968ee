/**
 * Algorithms: the `Algorithm` base, `algo()`, helper wrappers, `FastAlgorithm` and `Baseline`.
 *
 * @module
 */
export * from './algo';
export * from './algorithm';
export * from './baseline';
export * from './baseline-report';
export * from './helpers';
export * from './types';
