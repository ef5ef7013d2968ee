/**
 * Emitters: record rewards, messages, objects, exceptions, annotations and
 * operations as spans through the active tracer.
 *
 * @module
 */
export { type EmitOptions, emitAnnotation } from './annotation';
export { emitException } from './exception';
export { type EmitWithAttributesOptions, emitMessage, getMessageValue } from './message';
export { emitObject, encodeObject, getObjectValue } from './object';
export { OperationContext, type OperationOptions, operation } from './operation';
export {
  type EmitRewardOptions,
  emitReward,
  type RewardDimension,
  type RewardInput,
  rewardDimensions,
} from './reward';
export * from './tags-links';
