/**
 * Finds the resource a functional agent injects.
 *
 * @module
 */

import { InvalidArgumentError } from '@agl/store-core';
import { getLogger } from '../logging';
import type { ResourceMap } from '../resources/hydrate';
import { LLM, ProxyLLM } from '../resources/llm';
import { PromptTemplate } from '../resources/prompt-template';
import type { RolloutInfo } from './types';

const log = getLogger('agl.agent');

function firstOf<R>(
  resources: ResourceMap,
  match: (resource: unknown) => resource is R,
  kind: string,
): R | null {
  let found: { name: string; resource: R } | null = null;
  for (const [name, resource] of Object.entries(resources)) {
    if (!match(resource)) continue;
    if (found !== null) {
      // Reference quirk: the message says the first one is used but names the second.
      log.warn(`Multiple ${kind} resources found. Using the first one: '${name}'.`);
      break;
    }
    found = { name, resource };
  }
  return found?.resource ?? null;
}

/**
 * The first `LLM` or `ProxyLLM` in insertion order. A `ProxyLLM` is bound to
 * the rollout's attempt when `stripProxy` is on.
 *
 * @throws InvalidArgumentError when there is none, or when a proxy must be stripped but the rollout has no attempt
 */
export function findLlm(
  resources: ResourceMap,
  rollout: RolloutInfo | null,
  stripProxy: boolean,
): LLM {
  const llm = firstOf(resources, (r): r is LLM => r instanceof LLM, 'LLM');
  if (llm === null)
    throw new InvalidArgumentError('No LLM resource found in the provided resources.');
  if (llm instanceof ProxyLLM && stripProxy) {
    if (!rollout || typeof rollout !== 'object' || !('attempt' in rollout) || !rollout.attempt) {
      throw new InvalidArgumentError('Rollout is not an AttemptedRollout.');
    }
    return llm.withAttemptedRollout(rollout);
  }
  return llm;
}

/**
 * The first `PromptTemplate` in insertion order.
 *
 * @throws InvalidArgumentError when there is none
 */
export function findPromptTemplate(resources: ResourceMap): PromptTemplate {
  const template = firstOf(
    resources,
    (r): r is PromptTemplate => r instanceof PromptTemplate,
    'prompt template',
  );
  if (template === null)
    throw new InvalidArgumentError('No prompt template resource found in the provided resources.');
  return template;
}
