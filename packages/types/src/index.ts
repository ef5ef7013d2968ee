/**
 * Wire types of Agent Lightning: every JSON object that crosses the store's
 * HTTP API, as valibot schemas, with TypeScript types inferred from them.
 * Keys are snake_case exactly as on the wire; timestamps are float epoch seconds.
 *
 * @module
 */
export * from './attempt';
export * from './components';
export * from './enums';
export * from './extensions';
export * from './ids';
export * from './json';
export * from './pages';
export * from './pagination';
export * from './py-str';
export * from './requests/attempts';
export * from './requests/queries';
export * from './requests/rollouts';
export * from './requests/spans';
export * from './requests/workers';
export * from './resources';
export * from './responses';
export * from './rollout';
export * from './rollout-config';
export * from './routes';
export {
  arrayItem,
  type FieldKind,
  fieldKind,
  objectEntries,
  schemaAt,
} from './schema-shape';
export * from './span';
export * from './statistics';
export {
  toValidationDetails,
  type ValidationContext,
  type ValidationSource,
} from './validation-details';
export * from './worker';
