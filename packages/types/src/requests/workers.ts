import * as v from 'valibot';
import { MetadataSchema } from '../json';

/** Schema of the body of `POST /v1/agl/workers/{worker_id}` (a heartbeat). */
export const UpdateWorkerRequestSchema = v.object({
  /** Replaces the worker's stats when given; `null` is rejected over HTTP (400). */
  heartbeat_stats: v.exactOptional(MetadataSchema),
});

/** The body of `POST /v1/agl/workers/{worker_id}`. */
export type UpdateWorkerRequest = v.InferOutput<typeof UpdateWorkerRequestSchema>;
