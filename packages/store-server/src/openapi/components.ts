import * as t from '@agl/types';
import type * as v from 'valibot';
import {
  AddSpansBatchRequestSchema,
  HealthWithCapabilitiesSchema,
  NextSequenceIdsBatchRequestSchema,
  NextSequenceIdsBatchResponseSchema,
  ServerCapabilitiesSchema,
} from '../schemas';

/**
 * The named schemas of the OpenAPI document, under the reference's component
 * names where the reference has the schema (`Span` is one component here;
 * the reference splits it into `Span-Input` and `Span-Output`), plus ours.
 */
export const OPENAPI_COMPONENTS: Record<string, v.GenericSchema> = {
  ...Object.fromEntries(
    Object.entries(t.REFERENCE_COMPONENTS).filter(([name]) => !name.startsWith('Span-')),
  ),
  Span: t.SpanSchema,
  // Ours: not in the reference document.
  AddSpansBatchRequest: AddSpansBatchRequestSchema,
  AddSpansBatchResponse: t.AddSpansBatchResponseSchema,
  HealthResponse: HealthWithCapabilitiesSchema,
  NextSequenceIdsBatchRequest: NextSequenceIdsBatchRequestSchema,
  NextSequenceIdsBatchResponse: NextSequenceIdsBatchResponseSchema,
  ServerCapabilities: ServerCapabilitiesSchema,
  StoreErrorBody: t.StoreErrorBodySchema,
  StoreStatistics: t.StoreStatisticsSchema,
};
