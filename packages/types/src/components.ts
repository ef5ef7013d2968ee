import type * as v from 'valibot';
import { AttemptSchema } from './attempt';
import {
  PaginatedAttemptsSchema,
  PaginatedResourcesSchema,
  PaginatedRolloutsSchema,
  PaginatedSpansSchema,
  PaginatedWorkersSchema,
} from './pages';
import { UpdateAttemptRequestSchema } from './requests/attempts';
import {
  QueryAttemptsRequestSchema,
  QueryRolloutsRequestSchema,
  QuerySpansRequestSchema,
  QueryWorkersRequestSchema,
} from './requests/queries';
import {
  DequeueManyRolloutsRequestSchema,
  EnqueueManyRolloutsRequestSchema,
  EnqueueRolloutRequestSchema,
  RolloutRequestSchema,
  StartAttemptRequestSchema,
  UpdateRolloutRequestSchema,
  WaitForRolloutsRequestSchema,
} from './requests/rollouts';
import { NextSequenceIdRequestSchema, NextSequenceIdResponseSchema } from './requests/spans';
import { UpdateWorkerRequestSchema } from './requests/workers';
import {
  LlmSchema,
  PromptTemplateSchema,
  ProxyLlmSchema,
  ResourcesUpdateSchema,
} from './resources';
import { HttpValidationErrorSchema, ValidationErrorItemSchema } from './responses';
import { AttemptedRolloutSchema, RolloutSchema } from './rollout';
import { RolloutConfigSchema } from './rollout-config';
import {
  EventSchema,
  LinkSchema,
  OtelResourceSchema,
  SpanContextSchema,
  SpanSchema,
  TraceStatusSchema,
} from './span';
import { WorkerSchema } from './worker';

/**
 * Every component of the Python reference's OpenAPI document
 * (`components.schemas` of `store-openapi.json`) and the schema of ours that
 * models it. The reference splits `Span` into identical `Span-Input` and
 * `Span-Output` components; both map to `SpanSchema`.
 */
export const REFERENCE_COMPONENTS: Readonly<Record<string, v.GenericSchema>> = {
  Attempt: AttemptSchema,
  AttemptedRollout: AttemptedRolloutSchema,
  DequeueManyRolloutsRequest: DequeueManyRolloutsRequestSchema,
  EnqueueManyRolloutsRequest: EnqueueManyRolloutsRequestSchema,
  EnqueueRolloutRequest: EnqueueRolloutRequestSchema,
  Event: EventSchema,
  HTTPValidationError: HttpValidationErrorSchema,
  LLM: LlmSchema,
  Link: LinkSchema,
  NextSequenceIdRequest: NextSequenceIdRequestSchema,
  NextSequenceIdResponse: NextSequenceIdResponseSchema,
  OtelResource: OtelResourceSchema,
  PaginatedResult_Attempt_: PaginatedAttemptsSchema,
  PaginatedResult_ResourcesUpdate_: PaginatedResourcesSchema,
  PaginatedResult_Span_: PaginatedSpansSchema,
  PaginatedResult_Union_AttemptedRollout__Rollout__: PaginatedRolloutsSchema,
  PaginatedResult_Worker_: PaginatedWorkersSchema,
  PromptTemplate: PromptTemplateSchema,
  ProxyLLM: ProxyLlmSchema,
  QueryAttemptsRequest: QueryAttemptsRequestSchema,
  QueryRolloutsRequest: QueryRolloutsRequestSchema,
  QuerySpansRequest: QuerySpansRequestSchema,
  QueryWorkersRequest: QueryWorkersRequestSchema,
  ResourcesUpdate: ResourcesUpdateSchema,
  Rollout: RolloutSchema,
  RolloutConfig: RolloutConfigSchema,
  RolloutRequest: RolloutRequestSchema,
  'Span-Input': SpanSchema,
  'Span-Output': SpanSchema,
  SpanContext: SpanContextSchema,
  StartAttemptRequest: StartAttemptRequestSchema,
  TraceStatus: TraceStatusSchema,
  UpdateAttemptRequest: UpdateAttemptRequestSchema,
  UpdateRolloutRequest: UpdateRolloutRequestSchema,
  UpdateWorkerRequest: UpdateWorkerRequestSchema,
  ValidationError: ValidationErrorItemSchema,
  WaitForRolloutsRequest: WaitForRolloutsRequestSchema,
  Worker: WorkerSchema,
};
