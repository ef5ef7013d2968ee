/**
 * Exact types of the built-in strategy and runner specs, so a misspelt key
 * (`servr_port`, `n_runner`) fails type-checking instead of being ignored.
 * Keys may be written in `snake_case` (as in the reference) or `camelCase`.
 *
 * @module
 */
import type { ExecutionStrategy } from '../execution';
import type { ClientServerOptions } from '../execution/client-server/options';
import type { SharedMemoryOptions } from '../execution/shared-memory';
import type { LitAgentRunnerOptions } from '../runner/lit-agent-runner';
import type { Runner } from '../runner/runner';
import type { ComponentClass } from './registry';

/** `serverPort` → `server_port`. */
export type SnakeCase<S extends string> = S extends `${infer H}${infer T}`
  ? `${H extends Lowercase<H> ? H : `_${Lowercase<H>}`}${SnakeCase<T>}`
  : S;

/** Every option of `O`, optional, under its `camelCase` and its `snake_case` name. */
export type SpecKeys<O> = { [K in keyof O]?: O[K] } & {
  [K in keyof O as SnakeCase<K & string>]?: O[K];
};

declare const customSpecBrand: unique symbol;

/** A `{type, ...}` spec of a component registered by the application (see `customSpec`). */
export type CustomComponentSpec = { readonly type: string } & {
  readonly [customSpecBrand]: true;
};

/**
 * Marks a `{type, ...}` spec of an application-registered component; built-in
 * types (`shm`, `cs`, `LitAgentRunner`) are checked key by key without it.
 *
 * @param spec - the spec, `type` first
 */
export function customSpec(spec: { type: string; [key: string]: unknown }): CustomComponentSpec {
  return spec as unknown as CustomComponentSpec;
}

/** A strategy as a `{type, ...}` object. */
export type StrategySpecObject =
  | ({ type: 'shm' | 'SharedMemoryExecutionStrategy' } & SpecKeys<SharedMemoryOptions>)
  | ({ type: 'cs' | 'ClientServerExecutionStrategy' } & SpecKeys<ClientServerOptions>)
  | CustomComponentSpec;

/** What the Trainer's `strategy` option accepts. */
export type StrategySpec =
  | ExecutionStrategy
  | ComponentClass
  | (() => ExecutionStrategy)
  | string
  | StrategySpecObject
  | null
  | undefined;

/** A runner as a `{type, ...}` object (the trainer injects the tracer). */
export type RunnerSpecObject =
  | ({ type: 'LitAgentRunner' } & SpecKeys<Partial<LitAgentRunnerOptions>>)
  | CustomComponentSpec;

/** What the Trainer's `runner` option accepts. */
export type RunnerSpec =
  | Runner
  | ComponentClass
  | (() => Runner)
  | string
  | RunnerSpecObject
  | null
  | undefined;
