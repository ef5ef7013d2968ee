/**
 * The Python reference's constructor options, mapped onto this gateway's: `middlewares` and
 * `callbacks` aliases, `litellmConfig` (retries and master key), and the launcher options, which
 * mean nothing in Node and are accepted with a warning.
 */
import { InvalidArgumentError, type Logger } from '@agl/store-core';
import type { LlmProxyOptions } from './options.js';

/** Options spelled as the reference's `LLMProxy(...)` takes them. */
export interface ReferenceProxyOptions {
  /** `rollout_attempt` (always on), `stream_conversion` (→ `streaming: 'convert'`), `message_inspection` (→ `logBodies`). */
  middlewares?: readonly string[] | null;
  /** `return_token_ids`, `opentelemetry` (recording), `logprobs`; `null` means the first two. */
  callbacks?: readonly string[] | null;
  /** LiteLLM config: `litellm_settings.num_retries` and `general_settings.master_key` are read. */
  litellmConfig?: Record<string, unknown> | null;
  /** Accepted and ignored (a Python process model). */
  launchMode?: string;
  /** Accepted and ignored; must be 1 with `launcherArgs`. */
  numWorkers?: number;
  /** `port`, `host` and `access_host` are used. */
  launcherArgs?: {
    port?: number;
    host?: string;
    access_host?: string;
    [key: string]: unknown;
  } | null;
}

const MIDDLEWARES = ['rollout_attempt', 'stream_conversion', 'message_inspection'];
const CALLBACKS = ['return_token_ids', 'opentelemetry', 'logprobs'];
const list = (names: readonly string[]) => `[${names.map((n) => `'${n}'`).join(', ')}]`;

/** Folds the reference's options into gateway options; throws `InvalidArgumentError` as the reference does. */
export function applyReferenceOptions(
  options: LlmProxyOptions & ReferenceProxyOptions,
  logger: Logger,
): LlmProxyOptions {
  const out: LlmProxyOptions = { ...options };
  if (options.middlewares) {
    for (const m of options.middlewares) {
      if (typeof m !== 'string')
        throw new InvalidArgumentError('Middleware classes are not supported; use the aliases');
      if (!MIDDLEWARES.includes(m)) {
        throw new InvalidArgumentError(
          `Invalid middleware alias: ${m}. Available aliases are: ${list(MIDDLEWARES)}`,
        );
      }
    }
    if (!options.middlewares.includes('rollout_attempt'))
      logger.warn('The rollout_attempt middleware is always active.');
    if (options.middlewares.includes('stream_conversion')) out.streaming = 'convert';
    if (options.middlewares.includes('message_inspection')) out.logBodies = true;
  }
  if (options.callbacks) {
    for (const c of options.callbacks) {
      if (!CALLBACKS.includes(c)) {
        throw new InvalidArgumentError(
          `Invalid callback alias: ${c}. Available aliases are: ${list(CALLBACKS)}`,
        );
      }
    }
    const rewrite = { ...(options.rewrite ?? {}) };
    if (!options.callbacks.includes('return_token_ids')) rewrite.returnTokenIds = 'never';
    if (options.callbacks.includes('logprobs')) rewrite.logprobs = 'always';
    out.rewrite = rewrite;
    if (!options.callbacks.includes('opentelemetry')) out.record = false;
  }
  const config = options.litellmConfig ?? {};
  const settings = (config.litellm_settings ?? {}) as { num_retries?: unknown };
  const general = (config.general_settings ?? {}) as { master_key?: unknown };
  if (typeof settings.num_retries === 'number' && options.numRetries === undefined)
    out.numRetries = settings.num_retries;
  if (typeof general.master_key === 'string' && options.key === undefined)
    out.key = general.master_key;
  for (const key of Object.keys(config)) {
    if (key !== 'litellm_settings' && key !== 'general_settings')
      logger.warn(`litellmConfig.${key} is ignored`);
  }
  const launcher = options.launcherArgs;
  if (launcher) {
    const custom =
      options.port !== undefined ||
      options.host !== undefined ||
      (options.launchMode !== undefined && options.launchMode !== 'mp') ||
      (options.numWorkers !== undefined && options.numWorkers !== 1);
    if (custom) {
      throw new InvalidArgumentError(
        'port, host, launch_mode, and num_workers cannot be set when launcher_args is provided.',
      );
    }
    if (launcher.port !== undefined) out.port = launcher.port;
    if (launcher.host !== undefined) out.host = launcher.host;
    if (launcher.access_host !== undefined) out.accessHost = launcher.access_host;
  }
  if (options.launchMode !== undefined || options.numWorkers !== undefined) {
    logger.warn('launchMode and numWorkers are ignored: the gateway runs in this process.');
  }
  return out;
}
