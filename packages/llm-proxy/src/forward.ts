/**
 * The upstream exchange of an admitted call and the agent's answer: JSON passed through with the
 * answer id guaranteed, streams piped event by event while their answer is assembled, and the
 * call's record written before the answer completes (in the default record mode).
 */

import { anthropicEvents, translateOpenaiResponseToAnthropic } from './anthropic.js';
import { aglHeaders, type CallRun, ensureId, record, tokenIdsState } from './call-record.js';
import { convertedStream } from './convert.js';
import { errorResponse } from './envelope.js';
import { passthroughStream, SSE_HEADERS } from './stream.js';
import { exchange } from './upstream.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

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
    // Read whole by undici (chunks gathered from its data events), without an async iterator
    // and a promise per chunk; the decoding is the same UTF-8 as before.
    text = await result.body.text();
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
  if (call.anthropic) {
    const message = translateOpenaiResponseToAnthropic(answer);
    if (streamed) {
      return new Response(anthropicEvents(message), {
        status: 200,
        headers: { ...SSE_HEADERS, ...aglHeaders(call, result.retryCount) },
      });
    }
    return new Response(JSON.stringify(message), {
      status: 200,
      headers: { 'content-type': 'application/json', ...aglHeaders(call, result.retryCount) },
    });
  }
  if (streamed) return convertedStream(call, shaped, aglHeaders(call, result.retryCount));
  return new Response(JSON.stringify(shaped), {
    status: result.status,
    headers: { 'content-type': 'application/json', ...aglHeaders(call, result.retryCount) },
  });
}
