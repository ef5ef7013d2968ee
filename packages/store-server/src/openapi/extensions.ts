import { STORE_API_PREFIX } from '@agl/types';
import { EVENT_TOPICS } from '../events/feed';

type Json = Record<string, unknown>;

/** Which of our optional read routes an app serves (they are absent from the reference). */
export interface OpenApiExtensions {
  /** `GET /v1/agl/events` (the app was built with `events: true`). */
  events?: boolean;
  /** `GET /v1/agl/rewards` and `GET /v1/agl/timeseries` (served with a dashboard). */
  aggregates?: boolean;
}

const json = (schema: unknown) => ({ content: { 'application/json': { schema } } });

const BAD_REQUEST = {
  description: 'Bad request',
  ...json({
    type: 'object',
    properties: { detail: { type: 'string', title: 'Detail' } },
    required: ['detail'],
    title: 'Detail',
  }),
};

const nullableNumber = { anyOf: [{ type: 'number' }, { type: 'null' }] };

const query = (name: string, required: boolean, schema: Json, description: string): Json => ({
  name,
  in: 'query',
  required,
  description,
  schema,
});

function eventsPath(): Json {
  return {
    get: {
      summary: 'Events',
      operationId: 'events_v1_agl_events_get',
      description:
        'Server-sent change hints: `hello` first, then one event per change of the listed topics, and periodic `ping` comments. Resumable with `Last-Event-ID` while the events are buffered.',
      parameters: [
        query(
          'topics',
          false,
          { type: 'string' },
          `Comma-separated topics among ${EVENT_TOPICS.join(', ')} (default: all but spans).`,
        ),
        query(
          'rollout_id',
          false,
          { type: 'array', items: { type: 'string' }, maxItems: 20 },
          'Rollouts whose spans events are wanted (at most 20).',
        ),
        {
          name: 'Last-Event-ID',
          in: 'header',
          required: false,
          description: 'Resume after this event id.',
          schema: { type: 'string' },
        },
      ],
      responses: {
        '200': {
          description: 'An event stream that stays open',
          content: { 'text/event-stream': { schema: { type: 'string' } } },
        },
      },
    },
  };
}

const REWARD = {
  type: 'object',
  properties: {
    rollout_id: { type: 'string' },
    attempt_id: { anyOf: [{ type: 'string' }, { type: 'null' }] },
    final_reward: nullableNumber,
    dimensions: {
      type: 'array',
      items: {
        type: 'object',
        properties: { name: { type: 'string' }, value: { type: 'number' } },
        required: ['name', 'value'],
      },
    },
    reward_spans: { type: 'integer' },
  },
  required: ['rollout_id', 'attempt_id', 'final_reward', 'dimensions', 'reward_spans'],
};

function aggregatePaths(): Record<string, Json> {
  const bucket = {
    type: 'object',
    properties: {
      start: { type: 'number' },
      created: { type: 'integer' },
      finished: {
        type: 'object',
        properties: {
          succeeded: { type: 'integer' },
          failed: { type: 'integer' },
          cancelled: { type: 'integer' },
        },
        required: ['succeeded', 'failed', 'cancelled'],
      },
      reward: {
        type: 'object',
        properties: {
          count: { type: 'integer' },
          mean: nullableNumber,
          min: nullableNumber,
          max: nullableNumber,
        },
        required: ['count', 'mean', 'min', 'max'],
      },
    },
    required: ['start', 'created', 'finished', 'reward'],
  };
  return {
    [`${STORE_API_PREFIX}/rewards`]: {
      get: {
        summary: 'Rewards',
        operationId: 'rewards_v1_agl_rewards_get',
        description:
          "The final reward of each listed rollout's latest attempt; unknown ids are left out.",
        parameters: [
          query(
            'rollout_id_in',
            true,
            { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 100 },
            'Rollout ids (1 to 100).',
          ),
        ],
        responses: {
          '200': {
            description: 'Successful Response',
            ...json({
              type: 'object',
              properties: { items: { type: 'array', items: REWARD } },
              required: ['items'],
            }),
          },
          '400': BAD_REQUEST,
        },
      },
    },
    [`${STORE_API_PREFIX}/timeseries`]: {
      get: {
        summary: 'Timeseries',
        operationId: 'timeseries_v1_agl_timeseries_get',
        description:
          'Rollouts created, finished (by status) and rewarded per time bucket (at most 1,000 buckets).',
        parameters: [
          query('since', true, { type: 'number' }, 'Window start, epoch seconds.'),
          query('until', false, { type: 'number' }, 'Window end, epoch seconds (default: now).'),
          query('bucket_seconds', true, { type: 'integer', minimum: 1 }, 'Bucket width.'),
          query(
            'mode_in',
            false,
            { type: 'array', items: { enum: ['train', 'val', 'test', 'none'] } },
            'Only rollouts of these modes (`none` = without a mode).',
          ),
        ],
        responses: {
          '200': {
            description: 'Successful Response',
            ...json({
              type: 'object',
              properties: {
                bucket_seconds: { type: 'integer' },
                buckets: { type: 'array', items: bucket },
              },
              required: ['bucket_seconds', 'buckets'],
            }),
          },
          '400': BAD_REQUEST,
        },
      },
    },
  };
}

/**
 * The path items of the optional read routes an app serves beyond the
 * reference's, so its `/openapi.json` describes exactly what it answers.
 *
 * @param served - which optional routes the app serves
 */
export function extensionPaths(served: OpenApiExtensions): Record<string, Json> {
  return {
    ...(served.events ? { [`${STORE_API_PREFIX}/events`]: eventsPath() } : {}),
    ...(served.aggregates ? aggregatePaths() : {}),
  };
}
