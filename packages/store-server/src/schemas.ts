/**
 * The wire schemas of our additions to the reference live in `@agl/types`
 * (shared with the client); re-exported here for the server's users.
 *
 * @module
 */
export {
  type AddSpansBatchRequest,
  AddSpansBatchRequestSchema,
  EXTENSION_ROUTES as SERVER_ROUTES,
  type ExtensionRouteName as ServerRouteName,
  type HealthWithCapabilities,
  HealthWithCapabilitiesSchema,
  type NextSequenceIdsBatchRequest,
  NextSequenceIdsBatchRequestSchema,
  type NextSequenceIdsBatchResponse,
  NextSequenceIdsBatchResponseSchema,
  type ServerCapabilities,
  ServerCapabilitiesSchema,
} from '@agl/types';
