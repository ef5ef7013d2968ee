/**
 * Resolution of the trainer's constructor options into components, in the
 * reference's order.
 *
 * @module
 */
import { type LightningStore, type OptionAliasSpec, optionWithAlias } from '@agl/store-core';
import { InMemoryLightningStore } from '@agl/store-memory';
import { TracerTraceToTriplet } from '../adapter';
import type { Algorithm } from '../algorithm/algorithm';
import type { AdapterLike, LlmProxyLike } from '../algorithm/types';
import { ClientServerExecutionStrategy } from '../execution/client-server/strategy';
import type { ExecutionStrategy } from '../execution/types';
import { getLogger } from '../logging';
import type { HookCallbacks } from '../runner/hook';
import { LitAgentRunner } from '../runner/lit-agent-runner';
import type { Runner } from '../runner/runner';
import { OtelTracer } from '../tracer';
import type { Tracer } from '../tracer/tracer';
import { isComponent } from './builtins';
import { buildComponent, type ComponentSpec } from './components';
import type { TrainerOptions } from './options';
import type { ComponentClass } from './registry';

const log = getLogger('agl.trainer');

/**
 * The names of a trainer option and its deprecated alias for `optionWithAlias`,
 * warning as the reference does when only the alias is given.
 */
export function warnedAlias(
  name: string,
  aliasName: string,
): Omit<OptionAliasSpec<unknown>, 'fromAlias'> {
  return {
    name,
    aliasName,
    onAlias: () => log.warn(`\`${aliasName}\` is deprecated; use \`${name}\` instead.`),
  };
}

/** Builds the tracer (default `OtelTracer`). */
export function resolveTracer(spec: ComponentSpec<Tracer>): Tracer {
  return buildComponent(spec, {
    kind: 'tracer',
    name: 'tracer',
    isInstance: isComponent.tracer,
    defaultFactory: () => new OtelTracer(),
  }) as Tracer;
}

/** Builds the adapter (default `TracerTraceToTriplet`; a `{...}` without `type` configures one). */
export function resolveAdapter(options: TrainerOptions): AdapterLike {
  // `null` means "not given" here, as the reference's `None`.
  const spec = optionWithAlias(
    options.adapter ?? undefined,
    options.tripletExporter ?? undefined,
    warnedAlias('adapter', 'tripletExporter'),
  );
  return buildComponent(spec, {
    kind: 'adapter',
    name: 'adapter',
    isInstance: isComponent.adapter,
    defaultFactory: () => new TracerTraceToTriplet(),
    defaultClass: TracerTraceToTriplet as unknown as ComponentClass,
  }) as AdapterLike;
}

/** Builds the algorithm, or `null`. */
export function resolveAlgorithm(spec: ComponentSpec<Algorithm>): Algorithm | null {
  return buildComponent(spec, {
    kind: 'algorithm',
    name: 'algorithm',
    isInstance: isComponent.algorithm,
    allowNull: true,
  });
}

/** Builds the strategy (default client-server), applying `nRunners` and `port`. */
export function resolveStrategy(
  spec: ComponentSpec<ExecutionStrategy>,
  nRunners: number,
  port: number | null,
): ExecutionStrategy {
  const defaults: Record<string, unknown> = {
    nRunners,
    ...(port !== null ? { serverPort: port } : {}),
  };
  const strategy = buildComponent(spec, {
    kind: 'strategy',
    name: 'strategy',
    isInstance: isComponent.strategy,
    defaultFactory: () => new ClientServerExecutionStrategy(defaults),
    optionalDefaults: defaults,
  }) as ExecutionStrategy;
  if (port !== null && strategy instanceof ClientServerExecutionStrategy)
    strategy.serverPort = port;
  return strategy;
}

/** Builds the store (default `InMemoryLightningStore`). */
export function resolveStore(spec: ComponentSpec<LightningStore>): LightningStore {
  return buildComponent(spec, {
    kind: 'store',
    name: 'store',
    isInstance: isComponent.store,
    defaultFactory: () => new InMemoryLightningStore() as unknown as LightningStore,
  }) as LightningStore;
}

/** Builds a runner (default `LitAgentRunner`), injecting the tracer and `maxRollouts`. */
export function resolveRunner(
  spec: ComponentSpec<Runner>,
  tracer: Tracer,
  maxRollouts: number | null,
): Runner {
  const optionalDefaults: Record<string, unknown> = {
    tracer,
    ...(maxRollouts !== null ? { maxRollouts } : {}),
  };
  return buildComponent(spec, {
    kind: 'runner',
    name: 'runner',
    isInstance: isComponent.runner,
    defaultFactory: () => new LitAgentRunner({ tracer, maxRollouts }),
    optionalDefaults,
  }) as Runner;
}

/** Builds the LLM proxy, or `null`. */
export function resolveLlmProxy(
  spec: ComponentSpec<LlmProxyLike>,
  store: LightningStore,
): LlmProxyLike | null {
  return buildComponent(spec, {
    kind: 'llm_proxy',
    name: 'llm_proxy',
    isInstance: isComponent.llmProxy,
    allowNull: true,
    optionalDefaults: { store },
  });
}

/** Normalises hooks: a single hook becomes a one-element list. */
export function resolveHooks(hooks: TrainerOptions['hooks']): HookCallbacks[] {
  if (hooks === null || hooks === undefined) return [];
  return Array.isArray(hooks) ? [...hooks] : [hooks as HookCallbacks];
}

/** A fresh tracer like `tracer`: its `clone()` when it has one, else a default-constructed one of the same class. */
export function cloneTracer(tracer: Tracer): Tracer {
  const withClone = tracer as Tracer & { clone?: () => Tracer };
  if (typeof withClone.clone === 'function') return withClone.clone();
  const Ctor = tracer.constructor as new () => Tracer;
  return new Ctor();
}
