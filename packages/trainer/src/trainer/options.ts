/**
 * Constructor options of `Trainer`.
 *
 * @module
 */
import type { LightningStore } from '@agl/store-core';
import type { NamedResources } from '@agl/types';
import type { Algorithm } from '../algorithm/algorithm';
import type { AdapterLike, LlmProxyLike } from '../algorithm/types';
import type { ResourceMap } from '../resources/hydrate';
import type { HookCallbacks } from '../runner/hook';
import type { Tracer } from '../tracer/tracer';
import type { ComponentSpec } from './components';
import type { ProgressReporter } from './progress';
import type { RunnerSpec, StrategySpec } from './spec-types';

/** Options of `new Trainer(options)`. Components accept a spec: instance, class, factory, registry key or `{type, ...}`. */
export interface TrainerOptions {
  /** Runner workers (default 1); a built strategy's own count wins. */
  nRunners?: number | null;
  /** Per-runner cap on rollouts, injected into the default runner. */
  maxRollouts?: number | null;
  /** Resources handed to the algorithm (`getInitialResources()`), as wire objects or helper instances. */
  initialResources?: NamedResources | ResourceMap | null;
  /** Tracer spec (default `OtelTracer`). */
  tracer?: ComponentSpec<Tracer>;
  /** Adapter spec (default `TracerTraceToTriplet`; an object without `type` configures one). */
  adapter?: ComponentSpec<AdapterLike>;
  /** Store spec (default `InMemoryLightningStore`). */
  store?: ComponentSpec<LightningStore>;
  /** Runner spec (default `LitAgentRunner` with the trainer's tracer and `maxRollouts`). */
  runner?: RunnerSpec;
  /** Strategy spec: `shm`, `cs` (default), a `{type, ...}` object or an instance. */
  strategy?: StrategySpec;
  /** Store server port for the client-server strategy (overrides its `serverPort`; ignored by `shm`). */
  port?: number | null;
  /** Algorithm spec; `null` = wait for the stop event (rollouts enqueued elsewhere). */
  algorithm?: ComponentSpec<Algorithm>;
  /** LLM proxy spec, or `null`. */
  llmProxy?: ComponentSpec<LlmProxyLike>;
  /** One hook or a list of hooks. */
  hooks?: HookCallbacks | readonly HookCallbacks[] | null;
  /** @deprecated Use `nRunners`; kept for one release (alone it logs a warning). */
  nWorkers?: number | null;
  /** @deprecated Use `maxRollouts`; kept for one release (alone it logs a warning). */
  maxTasks?: number | null;
  /** @deprecated Use `adapter`; kept for one release (alone it logs a warning). */
  tripletExporter?: ComponentSpec<AdapterLike>;
  /** Deprecated; only the legacy path used it. */
  dev?: boolean;
  /** Legacy multiprocessing flag; `false` logs a warning. */
  daemon?: boolean;
  /** Live progress during `fit`: `true` (default: TTY redraw or log lines), `false`, or a reporter. */
  progress?: boolean | ProgressReporter;
  /** Seconds between progress snapshots (default 1 on a TTY reporter, else 10 via the log reporter's throttle). */
  progressIntervalSeconds?: number;
  /** @deprecated Use `progressIntervalSeconds`; kept for one release. */
  progressInterval?: number;
  /** Seconds rollouts may wait in the queue with none running before a warning says no runner takes them (default 30). */
  idleWarningSeconds?: number;
}
