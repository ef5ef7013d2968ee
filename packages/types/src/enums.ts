import * as v from 'valibot';

/** Every status a rollout can be in, in the reference's declaration order. */
export const ROLLOUT_STATUSES = [
  'queuing',
  'preparing',
  'running',
  'failed',
  'succeeded',
  'cancelled',
  'requeuing',
] as const;

/** Every status an attempt can be in. `requeuing` and `cancelled` are rollout-only. */
export const ATTEMPT_STATUSES = [
  'preparing',
  'running',
  'failed',
  'succeeded',
  'unresponsive',
  'timeout',
] as const;

/** Every status a worker can report. */
export const WORKER_STATUSES = ['idle', 'busy', 'unknown'] as const;

/** The purpose a rollout runs for: training, validation or test. */
export const ROLLOUT_MODES = ['train', 'val', 'test'] as const;

/** OpenTelemetry span status codes, by name. */
export const STATUS_CODES = ['UNSET', 'OK', 'ERROR'] as const;

/** Template engines a `PromptTemplate` may declare. */
export const PROMPT_TEMPLATE_ENGINES = ['jinja', 'f-string', 'poml'] as const;

/** How the optional conditions of a query combine. */
export const FILTER_LOGICS = ['and', 'or'] as const;

/** Direction of a sorted query. */
export const SORT_ORDERS = ['asc', 'desc'] as const;

/** Rollout statuses that sit in the queue waiting for a runner. */
export const QUEUING_ROLLOUT_STATUSES = ['queuing', 'requeuing'] as const;

/** Rollout statuses in which an attempt is under way. */
export const RUNNING_ROLLOUT_STATUSES = ['preparing', 'running'] as const;

/** Rollout statuses after which the rollout is finished (`end_time` is stamped). */
export const TERMINAL_ROLLOUT_STATUSES = ['failed', 'succeeded', 'cancelled'] as const;

/** Attempt statuses that stamp the attempt's `end_time` when set. */
export const ENDING_ATTEMPT_STATUSES = ['failed', 'succeeded'] as const;

/** Schema of a rollout status. */
export const RolloutStatusSchema = v.picklist(ROLLOUT_STATUSES);
/** Schema of an attempt status. */
export const AttemptStatusSchema = v.picklist(ATTEMPT_STATUSES);
/** Schema of a worker status. */
export const WorkerStatusSchema = v.picklist(WORKER_STATUSES);
/** Schema of a rollout mode. */
export const RolloutModeSchema = v.picklist(ROLLOUT_MODES);
/** Schema of a span status code. */
export const StatusCodeSchema = v.picklist(STATUS_CODES);
/** Schema of a prompt template engine. */
export const PromptTemplateEngineSchema = v.picklist(PROMPT_TEMPLATE_ENGINES);
/** Schema of a query's `filter_logic`. */
export const FilterLogicSchema = v.picklist(FILTER_LOGICS);
/** Schema of a query's `sort_order`. */
export const SortOrderSchema = v.picklist(SORT_ORDERS);

/** A rollout status: `queuing`, `preparing`, `running`, `failed`, `succeeded`, `cancelled` or `requeuing`. */
export type RolloutStatus = v.InferOutput<typeof RolloutStatusSchema>;
/** An attempt status: `preparing`, `running`, `failed`, `succeeded`, `unresponsive` or `timeout`. */
export type AttemptStatus = v.InferOutput<typeof AttemptStatusSchema>;
/** A worker status: `idle`, `busy` or `unknown`. */
export type WorkerStatus = v.InferOutput<typeof WorkerStatusSchema>;
/** A rollout mode: `train`, `val` or `test`. */
export type RolloutMode = v.InferOutput<typeof RolloutModeSchema>;
/** A span status code: `UNSET`, `OK` or `ERROR`. */
export type StatusCode = v.InferOutput<typeof StatusCodeSchema>;
/** A prompt template engine: `jinja`, `f-string` or `poml`. */
export type PromptTemplateEngine = v.InferOutput<typeof PromptTemplateEngineSchema>;
/** `and` (every condition holds) or `or` (at least one holds). */
export type FilterLogic = v.InferOutput<typeof FilterLogicSchema>;
/** `asc` or `desc`. */
export type SortOrder = v.InferOutput<typeof SortOrderSchema>;

/** Whether a rollout status is `queuing` or `requeuing`. */
export function isQueuingStatus(status: RolloutStatus): boolean {
  return status === 'queuing' || status === 'requeuing';
}

/** Whether a rollout status is `preparing` or `running`. */
export function isRunningStatus(status: RolloutStatus): boolean {
  return status === 'preparing' || status === 'running';
}

/** Whether a rollout status is terminal: `failed`, `succeeded` or `cancelled`. */
export function isTerminalStatus(status: RolloutStatus): boolean {
  return status === 'failed' || status === 'succeeded' || status === 'cancelled';
}

/**
 * The name of an OpenTelemetry numeric status code: 0 `UNSET`, 1 `OK`,
 * 2 `ERROR`. Absent or unknown codes read as `UNSET`, as the OpenTelemetry
 * SDK treats them.
 *
 * @param code - the numeric code of an SDK or OTLP span status
 * @returns the code's name
 */
export function statusCodeName(code: number | undefined): StatusCode {
  return STATUS_CODES[code ?? 0] ?? 'UNSET';
}
