/**
 * Admission of a generation call: body limits and validation, attribution and its existence
 * check, model group and deployment, the pause check, the sequence id and the body rewrite. The
 * first failing step answers; a call admitted here gets exactly one record.
 */
import type { LightningStore } from '@agl/store-core';
import {
  anthropicError,
  translateAnthropicRequest,
  validateAnthropicRequest,
} from './anthropic.js';
import { headerAttribution, type ParsedPath, recordedHeaders } from './attribution.js';
import { withTimeout } from './deadline';
import { errorResponse, jsonResponse } from './envelope.js';
import type { Deployment } from './models.js';
import { rewriteBody } from './rewrite.js';
import type { GatewayState } from './state.js';

/** An admitted call, ready for the upstream exchange. */
export interface AdmittedCall {
  route: 'chat' | 'completions';
  /** A Messages API call, translated to chat and answered in Anthropic's shapes. */
  anthropic: boolean;
  routedPath: string;
  agentBody: Record<string, unknown>;
  upstreamBody: Record<string, unknown>;
  rewrittenKeys: string[];
  returnTokenIds: boolean;
  deployment: Deployment;
  modelName: string;
  mode: 'train' | 'val' | 'test' | null;
  /** `null` for unattributed calls (not recorded). */
  attribution: {
    rolloutId: string;
    attemptId: string;
    sequenceId: number;
    sequenceSource: 'allocated' | 'header';
    store: LightningStore;
  } | null;
  customHeaders: Array<[string, string]>;
  traceparent: { traceId: string; spanId: string } | null;
}

/** Read access to request headers (a web `Headers` qualifies); names are lower case. */
export interface HeaderView {
  get(name: string): string | null;
  /** Every header, sorted by name (the order web `Headers` iterates in). */
  entries(): Iterable<[string, string]>;
}

/** What admission needs from the HTTP request. */
export interface IncomingCall {
  path: ParsedPath;
  headers: HeaderView;
  bodyText: string;
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;

function storeUnavailable(error: unknown): Response {
  const reason = error instanceof Error ? error.message : String(error);
  return errorResponse(503, `LightningStore unavailable: ${reason}`, 'service_unavailable', {
    'retry-after': '1',
  });
}

function validate(route: 'chat' | 'completions', body: Record<string, unknown>): string | null {
  if (route === 'chat') {
    return Array.isArray(body.messages) && body.messages.length > 0 ? null : 'messages';
  }
  const p = body.prompt;
  const isInts = (v: unknown): boolean => Array.isArray(v) && v.every((x) => Number.isInteger(x));
  const ok =
    typeof p === 'string' ||
    (Array.isArray(p) &&
      (p.every((x) => typeof x === 'string') || isInts(p) || p.every((x) => isInts(x))));
  return ok ? null : 'prompt';
}

/** Runs admission; a `Response` means the call was refused (not recorded). */
export async function admit(
  gw: GatewayState,
  call: IncomingCall,
): Promise<AdmittedCall | Response> {
  const { options: o, registry } = gw;
  const anthropic = call.path.route === 'messages';
  const route: 'chat' | 'completions' = call.path.route === 'completions' ? 'completions' : 'chat';
  let parsed: unknown;
  try {
    parsed = JSON.parse(call.bodyText);
  } catch {
    return errorResponse(400, 'Invalid JSON in request body');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return errorResponse(400, 'Request body must be a JSON object');
  }
  let body = parsed as Record<string, unknown>;
  if (anthropic) {
    const invalid = validateAnthropicRequest(body);
    if (invalid) return jsonResponse(400, anthropicError(400, invalid));
    body = translateAnthropicRequest(body);
  }
  const missing = validate(route, body);
  if (missing) return errorResponse(400, `Missing required parameter: ${missing}`);

  // Attribution: the path wins over headers.
  let rolloutId = call.path.rolloutId;
  let attemptId = call.path.attemptId;
  let headerSequence: number | null = null;
  if (call.path.form === 'none') {
    const h = headerAttribution((name) => call.headers.get(name) ?? undefined);
    if (h.missing) o.logger.warn(`LLM proxy call not recorded: header ${h.missing} is missing`);
    rolloutId = h.rolloutId;
    attemptId = h.attemptId;
    headerSequence = h.sequenceId;
    if (rolloutId !== null && headerSequence === null) {
      gw.warnOnce(
        `seq:${rolloutId}`,
        `LLM proxy allocates sequence ids for rollout ${rolloutId}: no valid x-sequence-id header`,
      );
    }
  }
  const attributed = rolloutId !== null && attemptId !== null && o.record;
  if (rolloutId === null && o.requireAttribution) {
    return errorResponse(
      400,
      'This gateway only serves rollout-scoped calls: use /rollout/{rollout_id}/attempt/{attempt_id}/v1/...',
    );
  }
  if (rolloutId === null)
    gw.warnOnce(
      `unattributed:${Math.floor(o.now() / 60_000)}`,
      'LLM proxy serves calls without a rollout and attempt: they are not recorded',
    );

  // Existence check and the rollout's mode.
  let mode: AdmittedCall['mode'] = call.path.mode;
  const store = gw.store;
  const needsLookup =
    rolloutId !== null &&
    attemptId !== null &&
    store !== null &&
    (call.path.form === 'v1' ||
      o.validateAttribution ||
      o.logprobs === 'train' ||
      Object.keys(o.temperature).length > 0);
  if (needsLookup) {
    try {
      const found =
        gw.rollouts.known(rolloutId as string, attemptId as string) ??
        (await withTimeout(
          gw.rollouts.lookup(store, rolloutId as string, attemptId as string),
          o.storeTimeoutMs,
        ));
      const check = call.path.form === 'v1' || o.validateAttribution;
      if (found.kind === 'unknown-rollout' && check)
        return errorResponse(404, `Rollout not found: ${rolloutId}`, 'not_found_error');
      if (found.kind === 'unknown-attempt' && check && call.path.form !== 'v1') {
        return errorResponse(
          404,
          `Attempt not found: ${attemptId} (rollout ${rolloutId})`,
          'not_found_error',
        );
      }
      if (found.kind === 'ok' && mode === null) mode = found.mode;
    } catch (error) {
      return storeUnavailable(error);
    }
  }

  // Model group and deployment.
  let modelName = o.forceModel ?? (typeof body.model === 'string' ? body.model : '');
  let group = registry.group(modelName);
  if (!group && call.path.form === 'v1' && registry.knownNames().length === 1) {
    modelName = registry.knownNames()[0] as string;
    group = registry.group(modelName);
  }
  if (!group) {
    return errorResponse(
      400,
      `Invalid model name passed in model=${modelName}. Call \`/v1/models\` to view available models for your key.`,
    );
  }
  if (group.length === 0)
    return errorResponse(
      503,
      `No servers available for model '${modelName}'`,
      'service_unavailable',
    );
  const deployment = registry.select(group, modelName, rolloutId);

  // Pause.
  if (gw.paused) {
    return jsonResponse(
      429,
      { error: 'gateway paused', reason: gw.reason },
      { 'retry-after': String(gw.retryAfterSeconds), 'x-agl-paused': 'true' },
    );
  }

  // Sequence id.
  let attribution: AdmittedCall['attribution'] = null;
  if (attributed && store !== null) {
    let sequenceId = headerSequence;
    if (sequenceId === null) {
      try {
        sequenceId = await withTimeout(
          gw.sequences.next(store, rolloutId as string, attemptId as string),
          o.storeTimeoutMs,
        );
      } catch (error) {
        return storeUnavailable(error);
      }
    }
    attribution = {
      rolloutId: rolloutId as string,
      attemptId: attemptId as string,
      sequenceId,
      sequenceSource: headerSequence === null ? 'allocated' : 'header',
      store,
    };
  }
  const rewritten = rewriteBody(body, route, deployment, mode, o);
  const tp = o.honorTraceparent ? TRACEPARENT.exec(call.headers.get('traceparent') ?? '') : null;
  const traceparent =
    tp && !/^0+$/.test(tp[1] as string) && !/^0+$/.test(tp[2] as string)
      ? { traceId: tp[1] as string, spanId: tp[2] as string }
      : null;
  return {
    route,
    anthropic,
    routedPath: call.path.routedPath,
    agentBody: body,
    upstreamBody: rewritten.body,
    rewrittenKeys: rewritten.keys,
    returnTokenIds: rewritten.returnTokenIds,
    deployment,
    modelName,
    mode,
    attribution,
    customHeaders: attribution ? recordedHeaders(call.headers.entries()) : [],
    traceparent,
  };
}
