/**
 * The upstream body: the agent's body with the upstream model name, token ids requested, and the
 * per-mode log-probs and temperature of RL training.
 */
import type { Deployment } from './models.js';
import type { ResolvedOptions } from './options.js';

/** The rewritten body and the keys the gateway set or changed. */
export interface Rewritten {
  body: Record<string, unknown>;
  keys: string[];
  returnTokenIds: boolean;
}

const OPENAI_API = 'https://api.openai.com/v1';

/** Whether `return_token_ids` is sent to a deployment. */
function wantsTokenIds(options: ResolvedOptions, deployment: Deployment): boolean {
  if (deployment.returnTokenIds !== null) return deployment.returnTokenIds;
  if (options.returnTokenIds === 'always') return true;
  if (options.returnTokenIds === 'never') return false;
  return deployment.apiBase !== OPENAI_API;
}

/** Rewrites a copy of the agent's body for the upstream. */
export function rewriteBody(
  agentBody: Record<string, unknown>,
  route: 'chat' | 'completions',
  deployment: Deployment,
  mode: 'train' | 'val' | 'test' | null,
  options: ResolvedOptions,
): Rewritten {
  const body: Record<string, unknown> = { ...agentBody };
  const keys: string[] = [];
  const set = (key: string, value: unknown): void => {
    if (body[key] !== value) keys.push(key);
    body[key] = value;
  };
  set('model', deployment.upstreamModel);
  const returnTokenIds = wantsTokenIds(options, deployment);
  if (returnTokenIds) set('return_token_ids', true);
  if (options.logprobs === 'always' || (options.logprobs === 'train' && mode === 'train')) {
    if (route === 'chat') {
      if (body.logprobs !== true) set('logprobs', true);
    } else if (!(typeof body.logprobs === 'number' && body.logprobs >= 1)) set('logprobs', 1);
  }
  const temperatureMode =
    mode === 'train' ? 'train' : mode === 'val' || mode === 'test' ? 'val' : null;
  const temperature = temperatureMode ? options.temperature[temperatureMode] : undefined;
  if (temperature !== undefined) set('temperature', temperature);
  if (body.stream && route === 'chat' && options.streaming === 'convert') {
    // Convert mode asks for the complete answer; vLLM rejects stream_options without a stream.
    set('stream', false);
    if ('stream_options' in body) {
      delete body.stream_options;
      keys.push('stream_options');
    }
  } else if (body.stream) {
    const streamOptions =
      typeof body.stream_options === 'object' && body.stream_options !== null
        ? body.stream_options
        : {};
    if ((streamOptions as Record<string, unknown>).include_usage !== true) {
      set('stream_options', { ...streamOptions, include_usage: true });
    }
  }
  return { body, keys, returnTokenIds };
}
