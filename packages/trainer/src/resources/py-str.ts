/**
 * Python `str()` / `repr()` rendering now lives in `@agl/types` (the LLM gateway needs it
 * without depending on the trainer); re-exported here so existing imports keep working.
 *
 * @module
 */
export { PyFloat, pyFloat, pyFloatRepr, pyJsonStr, pyRepr, pyStr, pyStringRepr } from '@agl/types';
