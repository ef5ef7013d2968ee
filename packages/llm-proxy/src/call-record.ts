/**
 * The record of a call: its facts completed from the run, its spans built, and its write started
 * (awaited per the record mode). Also the answer id and token-id checks the record depends on.
 */
import type { CallFacts, TokenIdsState } from './call-facts.js';
import type { AdmittedCall } from './generation.js';
import { buildCallSpans, randomHex } from './spans.js';
import type { GatewayState } from './state.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Per-call context shared by the answer paths. */
export interface CallRun {
  gw: GatewayState;
  call: AdmittedCall;
  tArrival: number;
  tUpstreamStart: number;
  clientIp: string;
  abort: AbortController;
}

/** Ensures an answer id, returning it (generated ids are `chatcmpl-`/`cmpl-` + 32 hex). */
export function ensureId(answer: Json, route: 'chat' | 'completions', random: () => number): void {
  if (typeof answer.id !== 'string')
    answer.id = `${route === 'chat' ? 'chatcmpl' : 'cmpl'}-${randomHex(random, 32)}`;
}

/** Classifies the token ids of an answer. */
export function tokenIdsState(run: CallRun, answer: Json, streamGaps: boolean): TokenIdsState {
  if (!run.call.returnTokenIds) return 'absent';
  const choices = Array.isArray(answer.choices) ? answer.choices : [];
  const first = isObject(choices[0]) ? choices[0] : {};
  const prompt =
    run.call.route === 'completions' ? first.prompt_token_ids : answer.prompt_token_ids;
  const response = Array.isArray(first.token_ids) ? first.token_ids : null;
  const hasPrompt = Array.isArray(prompt);
  if (!hasPrompt && response === null) {
    run.gw.warnOnce(
      `absent:${run.call.deployment.id}`,
      `Upstream ${run.call.deployment.apiBase} returned no token ids although return_token_ids was requested; calls through it cannot be used for RL training (vLLM >= 0.10.2 returns them).`,
    );
    return 'absent';
  }
  if (!hasPrompt || response === null || streamGaps) return 'mismatch';
  const usage = isObject(answer.usage) ? answer.usage : {};
  if (
    typeof usage.completion_tokens === 'number' &&
    choices.length === 1 &&
    usage.completion_tokens !== response.length
  ) {
    return 'mismatch';
  }
  return 'complete';
}

/** Builds and writes the record of a call (when attributed); resolves per the record mode. */
export async function record(run: CallRun, facts: Omit<CallFacts, keyof RunFacts>): Promise<void> {
  const { gw, call } = run;
  if (facts.error !== null || facts.httpStatus >= 400) gw.callsFailed++;
  gw.metrics?.call({
    model: call.modelName,
    upstream: call.deployment.apiBase,
    route: call.anthropic ? 'messages' : call.route,
    outcome: facts.error?.type ?? (facts.httpStatus >= 400 ? 'error' : 'ok'),
    latencySeconds: (facts.tUpstreamEnd - run.tUpstreamStart) / 1000,
    retryCount: facts.retryCount,
    streamMode: facts.agentStreamed
      ? call.upstreamBody.stream === true
        ? 'passthrough'
        : 'convert'
      : null,
  });
  const a = call.attribution;
  if (a === null) return;
  const full: CallFacts = {
    ...facts,
    rolloutId: a.rolloutId,
    attemptId: a.attemptId,
    sequenceId: a.sequenceId,
    sequenceSource: a.sequenceSource,
    traceparent: call.traceparent,
    layout: gw.options.recordLayout,
    primarySpanName: gw.options.primarySpanName,
    route: call.route,
    routedPath: call.routedPath,
    customHeaders: call.customHeaders,
    clientIp: run.clientIp,
    deployment: call.deployment,
    modelName: call.modelName,
    mode: call.mode,
    agentBody: call.agentBody,
    upstreamBody: call.upstreamBody,
    rewrittenKeys: call.rewrittenKeys,
    tArrival: run.tArrival,
    tUpstreamStart: run.tUpstreamStart,
    tRecord: gw.options.now(),
  };
  const spans = buildCallSpans(full, gw.options.random);
  const status = facts.error === null && facts.httpStatus < 400 ? 'ok' : 'error';
  const write = gw.recorder.write(a.store, {
    rolloutId: a.rolloutId,
    attemptId: a.attemptId,
    sequenceId: a.sequenceId,
    status,
    httpStatus: facts.httpStatus,
    spans,
  });
  if (gw.options.recordMode === 'async') return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    write,
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, gw.options.recordTimeoutMs);
    }),
  ]);
  clearTimeout(timer);
}

/** The facts `record` fills in from the run. */
type RunFacts = Pick<
  CallFacts,
  | 'rolloutId'
  | 'attemptId'
  | 'sequenceId'
  | 'sequenceSource'
  | 'traceparent'
  | 'layout'
  | 'primarySpanName'
  | 'route'
  | 'routedPath'
  | 'customHeaders'
  | 'clientIp'
  | 'deployment'
  | 'modelName'
  | 'mode'
  | 'agentBody'
  | 'upstreamBody'
  | 'rewrittenKeys'
  | 'tArrival'
  | 'tUpstreamStart'
  | 'tRecord'
>;

/** Headers added to answers of attributed calls. */
export function aglHeaders(call: AdmittedCall, retryCount: number): Record<string, string> {
  const a = call.attribution;
  if (!a) return {};
  return {
    'x-agl-rollout-id': a.rolloutId,
    'x-agl-attempt-id': a.attemptId,
    'x-agl-sequence-id': String(a.sequenceId),
    'x-agl-retry-count': String(retryCount),
  };
}
