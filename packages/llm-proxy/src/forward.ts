/**
 * The upstream exchange of an admitted call and the agent's answer: JSON passed through with the
 * answer id guaranteed, streams piped event by event while their answer is assembled, and the
 * call's record written before the answer completes (in the default record mode).
 */
import type { CallFacts, TokenIdsState } from './call-facts.js';
import { convertedStream } from './convert.js';
import { errorResponse } from './envelope.js';
import type { AdmittedCall } from './generation.js';
import { buildCallSpans, randomHex } from './spans.js';
import type { GatewayState } from './state.js';
import { passthroughStream } from './stream.js';
import { exchange } from './upstream.js';

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

function withProviderFields(answer: Json): Json {
  const choices = Array.isArray(answer.choices) ? answer.choices : [];
  return {
    ...answer,
    choices: choices.map((c) => {
      if (!isObject(c) || !Array.isArray(c.token_ids)) return c;
      const existing = isObject(c.provider_specific_fields) ? c.provider_specific_fields : {};
      return {
        ...c,
        provider_specific_fields: {
          ...existing,
          token_ids: c.token_ids,
          stop_reason: c.stop_reason ?? null,
        },
      };
    }),
  };
}

/** Runs the exchange and answers the agent. Never throws. */
export async function forward(run: CallRun): Promise<Response> {
  const { gw, call } = run;
  const o = gw.options;
  const streamed = Boolean(call.agentBody.stream);
  // In convert mode the upstream is asked for the complete answer, re-streamed to the agent.
  const upstreamStreams = streamed && call.upstreamBody.stream === true;
  let left = false;
  const leave = (): void => {
    if (!left) {
      left = true;
      gw.leave();
    }
  };
  const result = await exchange({
    dispatcher: gw.dispatcher,
    deployment: call.deployment,
    path: call.route === 'chat' ? '/chat/completions' : '/completions',
    body: JSON.stringify(call.upstreamBody),
    stream: upstreamStreams,
    maxAttempts: o.numRetries + 1,
    headersTimeoutMs: o.upstreamTimeoutMs,
    bodyIdleTimeoutMs: o.streamIdleTimeoutMs,
    signal: run.abort.signal,
    random: o.random,
    sleep: o.sleep,
    onRetry: (attempt, reason, delay) =>
      o.logger.info(
        `LLM proxy retries ${call.deployment.apiBase} (attempt ${attempt + 1}) in ${delay.toFixed(2)} s: ${reason}`,
      ),
  });
  const base = { agentStreamed: streamed, timeToFirstTokenMs: null, incomplete: false };
  if (result.kind === 'failure') {
    const tEnd = o.now();
    leave();
    // A call aborted by stop() was not abandoned by its client: record it as stopped.
    const stopped = result.failure === 'ClientDisconnected' && gw.stopping;
    const failure = stopped ? 'ProxyStopped' : result.failure;
    const statusByFailure = {
      ProxyStopped: 503,
      ClientDisconnected: 499,
      UpstreamTimeout: 504,
      UpstreamConnectionError: 502,
    };
    const status = statusByFailure[failure];
    const message = stopped
      ? 'LLM proxy is stopping'
      : status === 504
        ? 'Upstream model server timed out'
        : 'Upstream model server request failed';
    await record(run, {
      ...base,
      upstreamStreamed: upstreamStreams,
      answer: null,
      upstreamStatus: 0,
      httpStatus: status,
      retryCount: result.retryCount,
      tokenIds: 'absent',
      tUpstreamEnd: tEnd,
      incomplete: status === 499 || stopped,
      error: { type: failure, message: stopped ? message : result.message, body: null },
    });
    return errorResponse(status, message, 'upstream_error', aglHeaders(call, result.retryCount));
  }
  if (result.body === null) {
    const tEnd = o.now();
    leave();
    const text = result.text ?? '';
    let passthrough: unknown;
    try {
      passthrough = JSON.parse(text);
    } catch {
      passthrough = {
        error: {
          message: text.slice(0, 1024),
          type: 'upstream_error',
          param: null,
          code: String(result.status),
        },
      };
    }
    await record(run, {
      ...base,
      upstreamStreamed: upstreamStreams,
      answer: null,
      upstreamStatus: result.status,
      httpStatus: result.status,
      retryCount: result.retryCount,
      tokenIds: 'absent',
      tUpstreamEnd: tEnd,
      error: {
        type: 'UpstreamHTTPError',
        message: `Upstream answered HTTP ${result.status}`,
        body: text,
      },
    });
    return new Response(JSON.stringify(passthrough), {
      status: result.status,
      headers: { 'content-type': 'application/json', ...aglHeaders(call, result.retryCount) },
    });
  }
  if (upstreamStreams && result.contentType.includes('text/event-stream')) {
    return passthroughStream(run, result.body, result.retryCount, leave);
  }
  let text: string;
  try {
    const parts: Buffer[] = [];
    for await (const part of result.body) parts.push(Buffer.from(part));
    text = Buffer.concat(parts).toString('utf8');
  } catch (error) {
    const tEnd = o.now();
    leave();
    const disconnected = run.abort.signal.aborted;
    const failure = disconnected ? 'ClientDisconnected' : 'UpstreamConnectionError';
    await record(run, {
      ...base,
      upstreamStreamed: upstreamStreams,
      answer: null,
      upstreamStatus: result.status,
      httpStatus: disconnected ? 499 : 502,
      retryCount: result.retryCount,
      tokenIds: 'absent',
      tUpstreamEnd: tEnd,
      incomplete: disconnected,
      error: { type: failure, message: (error as Error).message, body: null },
    });
    return errorResponse(
      502,
      'Upstream model server request failed',
      'upstream_error',
      aglHeaders(call, result.retryCount),
    );
  }
  const tEnd = o.now();
  leave();
  let answer: Json;
  try {
    const parsed = JSON.parse(text) as unknown;
    if (!isObject(parsed)) throw new Error('not an object');
    answer = parsed;
  } catch {
    await record(run, {
      ...base,
      upstreamStreamed: false,
      answer: null,
      upstreamStatus: result.status,
      httpStatus: 502,
      retryCount: result.retryCount,
      tokenIds: 'absent',
      tUpstreamEnd: tEnd,
      error: {
        type: 'UpstreamInvalidJSON',
        message: 'Upstream returned an invalid JSON body',
        body: text,
      },
    });
    return errorResponse(
      502,
      'Upstream returned an invalid JSON body',
      'upstream_error',
      aglHeaders(call, result.retryCount),
    );
  }
  ensureId(answer, call.route, o.random);
  const tokenIds = tokenIdsState(run, answer, false);
  await record(run, {
    ...base,
    upstreamStreamed: false,
    answer,
    upstreamStatus: result.status,
    httpStatus: 200,
    retryCount: result.retryCount,
    tokenIds,
    tUpstreamEnd: tEnd,
    error: null,
  });
  const shaped = o.responseShape === 'litellm' ? withProviderFields(answer) : answer;
  if (streamed) return convertedStream(call, shaped, aglHeaders(call, result.retryCount));
  return new Response(JSON.stringify(shaped), {
    status: result.status,
    headers: { 'content-type': 'application/json', ...aglHeaders(call, result.retryCount) },
  });
}
