import { AttemptSchema } from './attempt';
import { paginatedResultSchema } from './pagination';
import { ResourcesUpdateSchema } from './resources';
import { RolloutOrAttemptedSchema } from './rollout';
import { SpanSchema } from './span';
import { WorkerSchema } from './worker';

/** Schema of a page of rollouts (each with or without its latest attempt). */
export const PaginatedRolloutsSchema = paginatedResultSchema(RolloutOrAttemptedSchema);
/** Schema of a page of attempts. */
export const PaginatedAttemptsSchema = paginatedResultSchema(AttemptSchema);
/** Schema of a page of workers. */
export const PaginatedWorkersSchema = paginatedResultSchema(WorkerSchema);
/** Schema of a page of resources snapshots. */
export const PaginatedResourcesSchema = paginatedResultSchema(ResourcesUpdateSchema);
/** Schema of a page of spans. */
export const PaginatedSpansSchema = paginatedResultSchema(SpanSchema);
