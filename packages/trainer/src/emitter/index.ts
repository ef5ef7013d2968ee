/**
 * Emitters: record rewards, messages, objects, exceptions, annotations and
 * operations as spans through the active tracer.
 *
 * @module
 */
export { emitAnnotation } from './annotation';
export { emitException } from './exception';
export { emitMessage, getMessageValue } from './message';
export { emitObject, getObjectValue } from './object';
export { operation } from './operation';
export { emitReward } from './reward';
export * from './tags-links';
