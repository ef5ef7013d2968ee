/**
 * Reward readers: find rewards in stored spans.
 *
 * @module
 */
export * from './readers';
