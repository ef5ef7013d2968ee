/**
 * Streaming passthrough: each upstream event is forwarded as soon as it is complete, read only as
 * fast as the agent consumes, and parsed on the side to assemble the answer that is recorded.
 * `[DONE]` is held back until the record is written; an interrupted stream ends with an error
 * event, and a client that goes away aborts the upstream and leaves an incomplete record.
 */
import { StreamAssembler } from './assemble.js';
import { aglHeaders, type CallRun, ensureId, record, tokenIdsState } from './call-record.js';
import { type SseEvent, SseParser } from './sse.js';

const encoder = new TextEncoder();
const DONE = encoder.encode('data: [DONE]\n\n');

/** SSE headers of every stream the gateway sends. */
export const SSE_HEADERS = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
};

const EMPTY_CHOICES = /"choices"\s*:\s*\[\s*\]/;

function parseChunk(data: string): Record<string, unknown> | null {
  try {
    const parsed = JSON.parse(data) as unknown;
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : null;
  } catch {
    // Not JSON: forwarded as it is, ignored by the assembler.
    return null;
  }
}

function errorEvent(message: string): Uint8Array {
  const body = {
    error: {
      message: `Upstream stream interrupted: ${message}`,
      type: 'upstream_error',
      param: null,
      code: '502',
    },
  };
  return encoder.encode(`data: ${JSON.stringify(body)}\n\n`);
}

/** Pipes an upstream SSE body to the agent. */
export function passthroughStream(
  run: CallRun,
  body: AsyncIterable<Uint8Array> & { destroy(error?: Error): void },
  retryCount: number,
  leave: () => void,
): Response {
  const { gw, call } = run;
  const o = gw.options;
  const iterator = body[Symbol.asyncIterator]();
  const parser = new SseParser();
  const assembler = new StreamAssembler(call.route);
  const agentOptions = call.agentBody.stream_options as { include_usage?: unknown } | undefined;
  const forwardUsage = agentOptions?.include_usage === true;
  let sawDone = false;
  let ttft: number | null = null;
  let finished = false;

  const finish = async (
    outcome: 'done' | 'interrupted' | 'upstream-error' | 'disconnected',
    message: string,
  ): Promise<void> => {
    if (finished) return;
    finished = true;
    const tEnd = o.now();
    leave();
    const answer = assembler.result();
    ensureId(answer, call.route, o.random);
    const complete = outcome === 'done';
    const tokenIds = complete
      ? tokenIdsState(run, answer, assembler.idsMissingInSomeChunk())
      : 'partial';
    const httpStatus = outcome === 'disconnected' ? 499 : outcome === 'interrupted' ? 502 : 200;
    const errorType =
      outcome === 'disconnected'
        ? 'ClientDisconnected'
        : outcome === 'interrupted'
          ? 'UpstreamStreamInterrupted'
          : 'UpstreamStreamError';
    await record(run, {
      agentStreamed: true,
      upstreamStreamed: true,
      answer,
      upstreamStatus: 200,
      httpStatus,
      retryCount,
      tokenIds,
      tUpstreamEnd: tEnd,
      timeToFirstTokenMs: ttft,
      incomplete: !complete,
      error: complete ? null : { type: errorType, message, body: null },
    });
  };

  // Forwards one event (unless withheld) and feeds the assembler; returns whether bytes were sent.
  const handle = (
    event: SseEvent,
    controller: ReadableStreamDefaultController<Uint8Array>,
  ): boolean => {
    if (event.data === null) {
      controller.enqueue(encoder.encode(`${event.raw}\n\n`));
      return true;
    }
    if (event.data === '[DONE]') {
      sawDone = true;
      return false;
    }
    // Forward first, parse after: the agent never waits for the assembler. Only a possible
    // usage-only chunk (empty choices) is parsed first, as it may have to be withheld.
    const maybeUsageOnly = EMPTY_CHOICES.test(event.data);
    let sent = false;
    if (!maybeUsageOnly) {
      controller.enqueue(encoder.encode(`data: ${event.data}\n\n`));
      sent = true;
    }
    const chunk = parseChunk(event.data);
    if (chunk !== null) {
      const output = assembler.add(chunk);
      if (output && ttft === null) ttft = o.now() - run.tUpstreamStart;
    }
    if (maybeUsageOnly) {
      const usageOnly =
        chunk !== null && Array.isArray(chunk.choices) && chunk.choices.length === 0 && chunk.usage;
      if (!usageOnly || forwardUsage) {
        controller.enqueue(encoder.encode(`data: ${event.data}\n\n`));
        sent = true;
      }
    }
    return sent;
  };

  // Events received but not yet handled: each pull forwards at most one, so the agent gets an
  // event on the wire before the gateway parses the next one of the same network read.
  const pending: SseEvent[] = [];
  let pendingAt = 0;

  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        while (pendingAt < pending.length) {
          if (handle(pending[pendingAt++] as SseEvent, controller)) return;
        }
        pending.length = 0;
        pendingAt = 0;
        let next: IteratorResult<Uint8Array>;
        try {
          next = await iterator.next();
        } catch (error) {
          if (run.abort.signal.aborted) return;
          const reason = error instanceof Error ? error.message : String(error);
          await finish('interrupted', reason);
          controller.enqueue(errorEvent(reason));
          controller.enqueue(DONE);
          controller.close();
          return;
        }
        if (next.done) {
          if (sawDone && assembler.error === null) await finish('done', '');
          else if (assembler.error !== null)
            await finish('upstream-error', String(assembler.error.message ?? 'error event'));
          else {
            await finish('interrupted', 'stream ended without [DONE]');
            controller.enqueue(errorEvent('stream ended without [DONE]'));
          }
          controller.enqueue(DONE);
          controller.close();
          return;
        }
        pending.push(...parser.push(next.value));
      }
    },
    async cancel() {
      run.abort.abort();
      body.destroy();
      await finish('disconnected', 'client disconnected');
    },
  });
  return new Response(stream, {
    status: 200,
    headers: { ...SSE_HEADERS, ...aglHeaders(call, retryCount) },
  });
}
