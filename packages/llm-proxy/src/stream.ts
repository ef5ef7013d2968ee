/**
 * Streaming passthrough: each upstream event is forwarded as soon as it is complete, read only as
 * fast as the agent consumes, and parsed on the side to assemble the answer that is recorded.
 * `[DONE]` is held back until the record is written; an interrupted stream ends with an error
 * event, and a client that goes away aborts the upstream and leaves an incomplete record.
 */
import {
  AnthropicStreamTranslator,
  anthropicErrorEvent,
  MESSAGE_STOP,
} from './anthropic-stream.js';
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
  // Messages calls get the chunks translated into Anthropic events instead of forwarded.
  const translator = call.anthropic ? new AnthropicStreamTranslator() : null;
  let sawDone = false;
  let ttft: number | null = null;
  let finished = false;
  gw.streamsActive++;

  const finish = async (
    outcome: 'done' | 'interrupted' | 'upstream-error' | 'disconnected',
    message: string,
  ): Promise<void> => {
    if (finished) return;
    finished = true;
    gw.streamsActive--;
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

  // Forwards the events of one network read as one write (so a read holding many events costs
  // one socket write, and the agent gets them before the gateway parses any), then feeds the
  // assembler in event order. Returns whether bytes were sent.
  const handle = (
    events: SseEvent[],
    controller: ReadableStreamDefaultController<Uint8Array>,
  ): boolean => {
    let out = '';
    const parsed: Array<{ data: string; chunk: Record<string, unknown> | null | undefined }> = [];
    if (translator !== null) {
      for (const event of events) {
        if (event.data === null) continue;
        if (event.data === '[DONE]') {
          sawDone = true;
          continue;
        }
        const chunk = parseChunk(event.data);
        if (chunk === null) continue;
        if (assembler.add(chunk) && ttft === null) ttft = o.now() - run.tUpstreamStart;
        out += translator.chunk(chunk);
      }
      if (out !== '') controller.enqueue(encoder.encode(out));
      return out !== '';
    }
    for (const event of events) {
      if (event.data === null) {
        out += `${event.raw}\n\n`;
        continue;
      }
      if (event.data === '[DONE]') {
        sawDone = true;
        continue;
      }
      // A possible usage-only chunk (empty choices) is parsed first: it may have to be withheld.
      if (EMPTY_CHOICES.test(event.data)) {
        const chunk = parseChunk(event.data);
        const usageOnly =
          chunk !== null &&
          Array.isArray(chunk.choices) &&
          chunk.choices.length === 0 &&
          chunk.usage;
        if (!usageOnly || forwardUsage) out += `data: ${event.data}\n\n`;
        parsed.push({ data: event.data, chunk });
        continue;
      }
      out += `data: ${event.data}\n\n`;
      parsed.push({ data: event.data, chunk: undefined });
    }
    if (out !== '') controller.enqueue(encoder.encode(out));
    for (const item of parsed) {
      const chunk = item.chunk === undefined ? parseChunk(item.data) : item.chunk;
      if (chunk === null) continue;
      const output = assembler.add(chunk);
      if (output && ttft === null) ttft = o.now() - run.tUpstreamStart;
    }
    return out !== '';
  };

  // Ends a broken stream: OpenAI agents get the error event (when there is one) and [DONE],
  // Anthropic agents an `error` event, after which the stream ends.
  const fail = (
    controller: ReadableStreamDefaultController<Uint8Array>,
    message: string,
    openaiEvent: Uint8Array | null,
  ): void => {
    if (translator !== null) controller.enqueue(encoder.encode(anthropicErrorEvent(message)));
    else {
      if (openaiEvent !== null) controller.enqueue(openaiEvent);
      controller.enqueue(DONE);
    }
    controller.close();
  };

  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        let next: IteratorResult<Uint8Array>;
        try {
          next = await iterator.next();
        } catch (error) {
          if (run.abort.signal.aborted) return;
          const reason = error instanceof Error ? error.message : String(error);
          await finish('interrupted', reason);
          fail(controller, `Upstream stream interrupted: ${reason}`, errorEvent(reason));
          return;
        }
        if (next.done) {
          if (sawDone && assembler.error === null) {
            if (translator !== null) controller.enqueue(encoder.encode(translator.finish()));
            await finish('done', '');
            controller.enqueue(translator !== null ? encoder.encode(MESSAGE_STOP) : DONE);
            controller.close();
          } else if (assembler.error !== null) {
            const message = String(assembler.error.message ?? 'error event');
            await finish('upstream-error', message);
            // The upstream's error event itself was forwarded (OpenAI shape) or is sent now.
            fail(controller, message, null);
          } else {
            await finish('interrupted', 'stream ended without [DONE]');
            fail(
              controller,
              'Upstream stream interrupted: stream ended without [DONE]',
              errorEvent('stream ended without [DONE]'),
            );
          }
          return;
        }
        if (handle(parser.push(next.value), controller)) return;
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
    // Declaring the body chunked makes @hono/node-server send the headers and the first event at
    // once; otherwise it first tries to read ahead a few chunks, waiting a timer tick for them.
    headers: { ...SSE_HEADERS, ...aglHeaders(call, retryCount), 'transfer-encoding': 'chunked' },
  });
}
