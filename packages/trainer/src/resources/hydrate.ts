/**
 * Turns wire resources (plain JSON from the store) into the helper classes,
 * so agents get `format()` and `getBaseUrl()`.
 *
 * @module
 */

import { InvalidArgumentError } from '@agl/store-core';
import type { NamedResources, Resource } from '@agl/types';
import { LLM, ProxyLLM } from './llm';
import { PromptTemplate } from './prompt-template';

/** A resource as agents receive it: an `LLM`, a `ProxyLLM` or a `PromptTemplate`. */
export type ResourceObject = LLM | ProxyLLM | PromptTemplate;

/** Named resources as agents receive them; insertion order is the store's. */
export type ResourceMap = Record<string, ResourceObject>;

/**
 * Converts one resource to its helper class (instances pass through).
 *
 * @param resource - a wire resource or a helper instance
 * @throws InvalidArgumentError for an unknown `resource_type`
 */
export function hydrateResource(resource: Resource | ResourceObject): ResourceObject {
  if (resource instanceof LLM || resource instanceof PromptTemplate) return resource;
  switch (resource.resource_type) {
    case 'llm':
      return LLM.fromWire(resource);
    case 'proxy_llm':
      return ProxyLLM.fromWire(resource);
    case 'prompt_template':
      return PromptTemplate.fromWire(resource);
    default:
      throw new InvalidArgumentError(
        `Unknown resource_type: ${String((resource as { resource_type?: unknown }).resource_type)}`,
      );
  }
}

/**
 * Converts every resource of a snapshot, keeping insertion order.
 *
 * @param resources - wire named resources
 */
export function hydrateResources(resources: NamedResources | ResourceMap): ResourceMap {
  const out: ResourceMap = {};
  for (const [name, resource] of Object.entries(resources)) out[name] = hydrateResource(resource);
  return out;
}

/**
 * The wire form of named resources (helper instances serialised with `toJSON`), ready for the store.
 *
 * @param resources - helper instances and/or wire objects
 */
export function toWireResources(resources: NamedResources | ResourceMap): NamedResources {
  const out: NamedResources = {};
  for (const [name, resource] of Object.entries(resources)) {
    out[name] =
      resource instanceof LLM || resource instanceof PromptTemplate ? resource.toJSON() : resource;
  }
  return out;
}
