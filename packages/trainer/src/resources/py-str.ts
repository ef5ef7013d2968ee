/**
 * Python `str()` / `repr()` rendering now lives in `@agl/types` (the LLM gateway needs it
 * without depending on the trainer); re-exported here so existing imports keep working.
 *
 * @module
 */
export { PyFloat, pyFloat, pyFloatRepr, pyRepr, pyStr } from '@agl/types';
