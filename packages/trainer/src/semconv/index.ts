/**
 * Semantic conventions shared with the Python reference: span names,
 * attribute keys, attribute flattening and sanitising, and the Python-named
 * error classes.
 *
 * @module
 */
export * from './constants';
export * from './exception';
export * from './flatten';
export * from './sanitize';
