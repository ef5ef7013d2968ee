/**
 * Live change hints of a store server: the feed, the store wrapper that
 * publishes to it, and the `GET /v1/agl/events` stream.
 *
 * @module
 */
export {
  type ChangeEvent,
  ChangeFeed,
  type ChangeFeedOptions,
  EVENT_TOPICS,
  type EventTopic,
} from './feed';
export { type ObserveStoreOptions, observeStore, type StoreWriteListener } from './observe';
export { createEventsHandler, type EventsHandlerOptions } from './stream';
