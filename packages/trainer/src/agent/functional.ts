/**
 * Functional agents: `llmRollout`,
 * `promptRollout` and `rollout` wrap a plain function `fn(task, resource,
 * rollout)` into a `LitAgent`, with explicit options instead of Python's
 * parameter-name inspection (JavaScript functions carry no parameter names
 * one could rely on; see docs/compatibility.md).
 *
 * @module
 */

import { NotImplementedStoreError } from '@agl/store-core';
import type { ResourceMap } from '../resources/hydrate';
import type { LLM } from '../resources/llm';
import type { PromptTemplate } from '../resources/prompt-template';
import { LitAgent, type MaybePromise } from './lit-agent';
import { findLlm, findPromptTemplate } from './resource-lookup';
import type { RolloutInfo, RolloutRawResult } from './types';

/** Which resource a functional agent receives as its second argument. */
export type FunctionalKind = 'llm' | 'prompt_template';

/** A rollout function receiving an LLM. */
export type LlmRolloutFn<T> = (
  task: T,
  llm: LLM,
  rollout: RolloutInfo,
) => MaybePromise<RolloutRawResult>;

/** A rollout function receiving a prompt template. */
export type PromptRolloutFn<T> = (
  task: T,
  promptTemplate: PromptTemplate,
  rollout: RolloutInfo,
) => MaybePromise<RolloutRawResult>;

/** Options of `llmRollout`. */
export interface LlmRolloutOptions {
  /** Replace a `ProxyLLM` by an `LLM` bound to the attempt (default `true`). */
  stripProxy?: boolean;
}

/** Options of `rollout`. */
export interface RolloutOptions extends LlmRolloutOptions {
  /** The resource to inject; inferred from the second parameter's name when omitted. */
  kind?: FunctionalKind;
}

/** A `LitAgent` wrapping a plain rollout function. */
export class FunctionalLitAgent<T = unknown> extends LitAgent<T> {
  /** The wrapped function. */
  readonly fn: LlmRolloutFn<T> | PromptRolloutFn<T>;
  /** Which resource is injected. */
  readonly kind: FunctionalKind;
  /** Whether a `ProxyLLM` is bound to the attempt before injection. */
  readonly stripProxy: boolean;
  /** The wrapped function's name. */
  readonly name: string;

  /**
   * @param fn - the rollout function
   * @param kind - the resource to inject
   * @param stripProxy - bind a `ProxyLLM` to the attempt (LLM kind only)
   */
  constructor(fn: LlmRolloutFn<T> | PromptRolloutFn<T>, kind: FunctionalKind, stripProxy = true) {
    super();
    this.fn = fn;
    this.kind = kind;
    this.stripProxy = stripProxy;
    this.name = fn.name;
  }

  /** Resolves the resource (even when the function ignores it) and calls the function. */
  override rollout(
    task: T,
    resources: ResourceMap,
    rollout: RolloutInfo,
  ): MaybePromise<RolloutRawResult> {
    if (this.kind === 'llm') {
      return (this.fn as LlmRolloutFn<T>)(
        task,
        findLlm(resources, rollout, this.stripProxy),
        rollout,
      );
    }
    return (this.fn as PromptRolloutFn<T>)(task, findPromptTemplate(resources), rollout);
  }

  /** Whether the wrapped function is an `async` function (introspection only). */
  override isAsync(): boolean {
    return this.fn.constructor.name === 'AsyncFunction';
  }

  /** Calls the original function directly with the given arguments. */
  invoke(
    ...args: Parameters<LlmRolloutFn<T>> | Parameters<PromptRolloutFn<T>>
  ): MaybePromise<RolloutRawResult> {
    return (this.fn as (...a: unknown[]) => MaybePromise<RolloutRawResult>)(...args);
  }
}

/**
 * Wraps `fn(task, llm, rollout)` into an agent that receives the first
 * `LLM`/`ProxyLLM` resource.
 *
 * @param fn - the rollout function
 * @param options - `stripProxy` (default true)
 */
export function llmRollout<T = unknown>(
  fn: LlmRolloutFn<T>,
  options: LlmRolloutOptions = {},
): FunctionalLitAgent<T> {
  return new FunctionalLitAgent(fn, 'llm', options.stripProxy ?? true);
}

/**
 * Wraps `fn(task, promptTemplate, rollout)` into an agent that receives the
 * first `PromptTemplate` resource.
 *
 * @param fn - the rollout function
 */
export function promptRollout<T = unknown>(fn: PromptRolloutFn<T>): FunctionalLitAgent<T> {
  return new FunctionalLitAgent(fn, 'prompt_template');
}

/** Parameter names of a function, read from its source text (best effort). */
function parameterNames(fn: (...args: never[]) => unknown): string[] {
  const source = Function.prototype.toString.call(fn);
  const match = /^[^(]*\(([^)]*)\)/.exec(source) ?? /^(?:async\s+)?([\w$]+)\s*=>/.exec(source);
  const list = match?.[1] ?? '';
  return list
    .split(',')
    .map((p) =>
      p
        .trim()
        .replace(/[=:].*$/s, '')
        .trim(),
    )
    .filter(Boolean);
}

/**
 * Infers the kind from the second parameter's name: `llm` → LLM,
 * `promptTemplate`/`prompt_template` → prompt template.
 *
 * @throws NotImplementedStoreError when it cannot tell
 */
function inferFunctionalKind(fn: (...args: never[]) => unknown): FunctionalKind {
  const second = parameterNames(fn)[1];
  if (second === 'llm') return 'llm';
  if (second === 'promptTemplate' || second === 'prompt_template') return 'prompt_template';
  throw new NotImplementedStoreError(
    'Cannot tell which resource the rollout function expects. Expected `(task, llm, rollout)` or ' +
      "`(task, promptTemplate, rollout)`; pass `{ kind: 'llm' | 'prompt_template' }` or use llmRollout/promptRollout.",
  );
}

/**
 * Wraps a rollout function into an agent, injecting an LLM or a prompt
 * template as second argument; `kind` is inferred when omitted.
 *
 * @param fn - the rollout function
 * @param options - `kind` and `stripProxy`
 * @throws NotImplementedStoreError when `kind` is omitted and cannot be inferred
 */
export function rollout<T = unknown>(
  fn: LlmRolloutFn<T> | PromptRolloutFn<T>,
  options: RolloutOptions = {},
): FunctionalLitAgent<T> {
  const kind = options.kind ?? inferFunctionalKind(fn as (...args: never[]) => unknown);
  return new FunctionalLitAgent(fn, kind, options.stripProxy ?? true);
}
