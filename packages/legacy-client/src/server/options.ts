import type { Clock, Logger } from '@agl/store-core';
import type { RolloutMode } from '@agl/types';
import { type JsonObject, JsonObjectSchema, RolloutModeSchema } from '@agl/types';
import * as v from 'valibot';

/** Options of {@link AgentLightningServer}. */
export interface AgentLightningServerOptions {
  /** Interface to bind (default `127.0.0.1`). */
  host?: string;
  /** Port to bind (default 8000; 0 = any free port, see `port` after `start()`). */
  port?: number;
  /** A claimed task not posted within this many seconds is requeued (default 300). */
  taskTimeoutSeconds?: number;
  /** Largest accepted `POST /rollout` body in bytes (default 32 MiB; larger → 413). */
  maxBodyBytes?: number;
  /** Time source (default the system clock); tests pass a `ManualClock`. */
  clock?: Clock;
  /** Where to log (default: warnings to `console.warn`). */
  logger?: Logger;
}

/** Options of {@link AgentLightningServer.pollCompletedRollout}. */
export interface PollCompletedRolloutOptions {
  /** Seconds to wait at most; `null`, absent or `0` = wait forever (as the reference). */
  timeoutSeconds?: number | null;
  /** @deprecated Use `timeoutSeconds`; kept for one release (both with different values throw). */
  timeout?: number | null;
  /** Stops waiting: the call rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** Checks the options of `queueTask` at run time. */
export const QueueTaskOptionsSchema = v.object({
  mode: v.optional(v.nullable(RolloutModeSchema)),
  resourcesId: v.optional(v.nullable(v.string())),
  metadata: v.optional(v.nullable(JsonObjectSchema)),
});

/** Options of `queueTask`. */
export interface QueueTaskOptions {
  /** `train`, `val`, `test` or `null` (default). */
  mode?: RolloutMode | null;
  /** The snapshot the task should use; `null` (default) = whatever is latest when it runs. */
  resourcesId?: string | null;
  /** Metadata stored with the task; `null`/absent = `{}`. */
  metadata?: JsonObject | null;
}
