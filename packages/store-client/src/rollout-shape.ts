import { AttemptedRolloutSchema, paginatedResultSchema, RolloutSchema } from '@agl/types';
import * as v from 'valibot';

/**
 * Schema of a rollout answer that follows the wire rule exactly: an object
 * with an `attempt` key must be a valid `AttemptedRollout`; one without is a
 * plain `Rollout`. (A plain union would silently drop an invalid `attempt`.)
 */
const RolloutByAttemptKeySchema = v.lazy((input: unknown) =>
  typeof input === 'object' && input !== null && 'attempt' in input
    ? AttemptedRolloutSchema
    : RolloutSchema,
);

/** Schema of `GET /rollouts/{id}`: a rollout (see above) or `null`. */
export const NullableRolloutAnswerSchema = v.nullable(RolloutByAttemptKeySchema);

/** Schema of a page of rollouts, each parsed by the `attempt` key rule. */
export const RolloutPageAnswerSchema = paginatedResultSchema(RolloutByAttemptKeySchema);
