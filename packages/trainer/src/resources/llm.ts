/**
 * `LLM` and `ProxyLLM` resources: the wire objects of
 * `@agl/types` with the helpers runner code relies on.
 *
 * @module
 */

import { InvalidArgumentError } from '@agl/store-core';
import type { AttemptedRollout, JsonObject, Llm, ProxyLlm } from '@agl/types';
import { getLogger } from '../logging';

const log = getLogger('agl.resources');

/** Constructor options of `LLM` and `ProxyLLM` (the wire fields, camelCase). */
export interface LlmOptions {
  /** Base URL of an OpenAI-compatible endpoint. */
  endpoint: string;
  /** Model name to request. */
  model: string;
  /** API key (default `null`). */
  apiKey?: string | null;
  /** Sampling parameters such as `temperature` (default `{}`). */
  samplingParameters?: JsonObject;
}

/**
 * An LLM endpoint resource (`resource_type: "llm"`). Its own enumerable
 * fields are exactly the wire fields, so it can be published as is.
 */
export class LLM {
  /** Discriminator: `llm` (or `proxy_llm` for the subclass). */
  readonly resource_type: 'llm' | 'proxy_llm' = 'llm';
  /** Base URL of the endpoint. */
  endpoint: string;
  /** Model name. */
  model: string;
  /** API key, or `null`. */
  api_key: string | null;
  /** Sampling parameters. */
  sampling_parameters: JsonObject;

  /** @param options - endpoint, model, API key and sampling parameters */
  constructor(options: LlmOptions) {
    this.endpoint = options.endpoint;
    this.model = options.model;
    this.api_key = options.apiKey ?? null;
    this.sampling_parameters = { ...(options.samplingParameters ?? {}) };
  }

  /** Builds an `LLM` from its wire form. */
  static fromWire(wire: Omit<Llm, 'resource_type'> & { resource_type?: string }): LLM {
    return new LLM(wireOptions(wire));
  }

  /** The base URL to call: the endpoint, whatever the arguments. */
  getBaseUrl(_rolloutId?: string | null, _attemptId?: string | null): string {
    return this.endpoint;
  }

  /** The wire form. */
  toJSON(): Llm | ProxyLlm {
    return {
      resource_type: 'llm',
      endpoint: this.endpoint,
      model: this.model,
      api_key: this.api_key,
      sampling_parameters: this.sampling_parameters,
    };
  }
}

/** Reads the wire fields of an LLM-like object as constructor options. */
function wireOptions(wire: Omit<Llm, 'resource_type'>): LlmOptions {
  return {
    endpoint: wire.endpoint,
    model: wire.model,
    apiKey: wire.api_key ?? null,
    samplingParameters: wire.sampling_parameters ?? {},
  };
}

/**
 * Computes a proxy URL for one attempt.
 *
 * @param endpoint - the proxy endpoint
 * @param rolloutId - the rollout, or `null`/`undefined` together with `attemptId`
 * @param attemptId - the attempt
 * @throws InvalidArgumentError when only one id is given or an id is not a string
 */
export function proxyBaseUrl(endpoint: string, rolloutId?: unknown, attemptId?: unknown): string {
  if (
    (rolloutId === null || rolloutId === undefined) &&
    (attemptId === null || attemptId === undefined)
  ) {
    return endpoint;
  }
  if (typeof rolloutId !== 'string' || typeof attemptId !== 'string') {
    throw new InvalidArgumentError('rollout_id and attempt_id must be strings or all be empty');
  }
  let prefix = endpoint.endsWith('/') ? endpoint.slice(0, -1) : endpoint;
  const hasV1 = prefix.endsWith('/v1');
  if (hasV1) prefix = prefix.slice(0, -3);
  return `${prefix}/rollout/${rolloutId}/attempt/${attemptId}${hasV1 ? '/v1' : ''}`;
}

/**
 * An LLM served through the LLM proxy (`resource_type: "proxy_llm"`), which
 * routes requests per attempt. Reading `endpoint` directly logs a warning
 * (once per object); use `getBaseUrl(rolloutId, attemptId)` or
 * `withAttemptedRollout(rollout)` instead.
 */
export class ProxyLLM extends LLM {
  /** Discriminator: `proxy_llm`. */
  override readonly resource_type: 'llm' | 'proxy_llm' = 'proxy_llm';
  #endpoint: string;
  #warned = false;

  /** @param options - endpoint, model, API key and sampling parameters */
  constructor(options: LlmOptions) {
    super(options);
    this.#endpoint = options.endpoint;
    Object.defineProperty(this, 'endpoint', {
      enumerable: true,
      configurable: true,
      get: () => {
        if (!this.#warned) {
          this.#warned = true;
          log.warn(
            "Accessing 'endpoint' directly on ProxyLLM is discouraged. Use 'getBaseUrl(rolloutId, attemptId)' or 'withAttemptedRollout(rollout)' instead.",
          );
        }
        return this.#endpoint;
      },
      set: (value: string) => {
        this.#endpoint = value;
      },
    });
  }

  /** Builds a `ProxyLLM` from its wire form. */
  static override fromWire(
    wire: Omit<ProxyLlm, 'resource_type'> & { resource_type?: string },
  ): ProxyLLM {
    return new ProxyLLM(wireOptions(wire));
  }

  /**
   * The proxy URL for one attempt: `<endpoint>/rollout/<r>/attempt/<a>`, keeping a trailing `/v1` last.
   *
   * @throws InvalidArgumentError when exactly one id is given or an id is not a string
   */
  override getBaseUrl(rolloutId?: string | null, attemptId?: string | null): string {
    return proxyBaseUrl(this.#endpoint, rolloutId, attemptId);
  }

  /**
   * A plain `LLM` bound to the rollout's current attempt.
   *
   * @param rollout - an attempted rollout
   */
  withAttemptedRollout(rollout: AttemptedRollout): LLM {
    return new LLM({
      endpoint: this.getBaseUrl(rollout.rollout_id, rollout.attempt.attempt_id),
      model: this.model,
      apiKey: this.api_key,
      samplingParameters: this.sampling_parameters,
    });
  }

  /** The wire form (reads the endpoint without a warning). */
  override toJSON(): ProxyLlm {
    return {
      resource_type: 'proxy_llm',
      endpoint: this.#endpoint,
      model: this.model,
      api_key: this.api_key,
      sampling_parameters: this.sampling_parameters,
    };
  }
}
