import * as v from 'valibot';
import { PromptTemplateEngineSchema } from './enums';
import { IntegerSchema, JsonObjectSchema, jsonRecord, TimestampSchema } from './json';

const llmEntries = {
  /** Base URL of an OpenAI-compatible endpoint. */
  endpoint: v.string(),
  /** Model name to request. */
  model: v.string(),
  /** API key, or `null`. */
  api_key: v.optional(v.nullable(v.string()), null),
  /** Sampling parameters such as `temperature`. */
  sampling_parameters: v.optional(JsonObjectSchema, () => ({})),
};

const promptTemplateEntries = {
  /** The template text. */
  template: v.string(),
  /** The engine that renders it. */
  engine: PromptTemplateEngineSchema,
};

/** Schema of an LLM endpoint resource (`resource_type` defaults to `llm`). */
export const LlmSchema = v.object({
  resource_type: v.optional(v.literal('llm'), 'llm'),
  ...llmEntries,
});

/** Schema of a proxied LLM resource (`resource_type` defaults to `proxy_llm`). */
export const ProxyLlmSchema = v.object({
  resource_type: v.optional(v.literal('proxy_llm'), 'proxy_llm'),
  ...llmEntries,
});

/** Schema of a prompt template resource (`resource_type` defaults to `prompt_template`). */
export const PromptTemplateSchema = v.object({
  resource_type: v.optional(v.literal('prompt_template'), 'prompt_template'),
  ...promptTemplateEntries,
});

/** An LLM endpoint resource. */
export type Llm = v.InferOutput<typeof LlmSchema>;
/** A proxied LLM resource; runners bind it to a rollout and attempt. */
export type ProxyLlm = v.InferOutput<typeof ProxyLlmSchema>;
/** A prompt template resource. */
export type PromptTemplate = v.InferOutput<typeof PromptTemplateSchema>;

/**
 * Schema of one resource inside `NamedResources`. The `resource_type`
 * discriminator is mandatory here: a missing or unknown value is invalid.
 */
export const ResourceSchema = v.variant('resource_type', [
  v.object({ resource_type: v.literal('llm'), ...llmEntries }),
  v.object({ resource_type: v.literal('proxy_llm'), ...llmEntries }),
  v.object({ resource_type: v.literal('prompt_template'), ...promptTemplateEntries }),
]);

/** One resource: an `Llm`, a `ProxyLlm` or a `PromptTemplate`. */
export type Resource = v.InferOutput<typeof ResourceSchema>;

/** Schema of a mapping from user-chosen names to resources. */
export const NamedResourcesSchema = jsonRecord(ResourceSchema);

/** A mapping from user-chosen names to resources; insertion order is kept. */
export type NamedResources = v.InferOutput<typeof NamedResourcesSchema>;

/** Schema of a versioned resources snapshot. */
export const ResourcesUpdateSchema = v.object({
  /** `rs-` plus 12 hex characters when generated; any string when caller-chosen. */
  resources_id: v.string(),
  /** Creation time, set once. */
  create_time: TimestampSchema,
  /** Time of the last update; equals `create_time` at creation. */
  update_time: TimestampSchema,
  /** 1 at creation, incremented by each update of the same id. */
  version: IntegerSchema,
  /** The resources of this snapshot. */
  resources: NamedResourcesSchema,
});

/** A versioned resources snapshot. */
export type ResourcesUpdate = v.InferOutput<typeof ResourcesUpdateSchema>;
