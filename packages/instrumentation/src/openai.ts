/**
 * `@agl/instrumentation/openai`: the OpenAI SDK through the OpenTelemetry
 * OpenAI instrumentation (`@opentelemetry/instrumentation-openai`), with
 * message content captured and the library's known problems worked around.
 *
 * @module
 */
import { createRequire } from 'node:module';
import { type Logger, silentLogger } from '@agl/store-core';
import { watchStream } from '@agl/trainer';
import { metrics, trace } from '@opentelemetry/api';
import { OpenAIInstrumentation } from '@opentelemetry/instrumentation-openai';
import { genAiLogEnricher } from './genai-log-enricher';
import { lightningTracerProvider } from './provider';

/** `openai` versions the helper patches: the instrumentation's own range, and the 7.x line verified by our tests. */
const SUPPORTED = /^(?:4\.(?:19|[2-9]\d|\d{3,})|[5-7])\./;

/** Options of `instrumentOpenAI`. */
export interface InstrumentOpenAIOptions {
  /** The loaded `openai` module: `await import('openai')`. */
  openai: unknown;
  /**
   * The module's version (`VERSION` of `openai/version`). Default: the
   * version of the `openai` package this package resolves.
   */
  version?: string;
  /**
   * Record message content (default true). The environment variable
   * `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT` overrides it, as in
   * the instrumentation itself.
   */
  captureMessageContent?: boolean;
  /** Logger (default silent). */
  logger?: Logger;
}

/** An installed OpenAI instrumentation. */
export interface OpenAIInstrumentationHandle {
  /** The instrumentation object, or `null` when the `openai` version was not supported. */
  readonly instrumentation: OpenAIInstrumentation | null;
  /** Removes the patch (later calls of `instrumentOpenAI` patch again). */
  uninstrument(): void;
}

interface OpenAIModuleLike {
  VERSION?: unknown;
  default?: { OpenAI?: unknown };
}

function resolvedVersion(): string {
  try {
    const { VERSION } = createRequire(import.meta.url)('openai/version') as { VERSION?: unknown };
    return typeof VERSION === 'string' ? VERSION : '';
  } catch {
    return '';
  }
}

interface CompletionsPrototype {
  create: (...args: unknown[]) => unknown;
}

/**
 * Wraps `create` below the instrumentation so that a streamed call whose
 * reader stops early (or fails) still ends the instrumentation's span: the
 * library ends it only after a stream read to the end. Runs inside the
 * instrumentation's context, so the active span is the call's span. Returns
 * the function that restores the original.
 */
function endAbandonedStreams(prototype: CompletionsPrototype): () => void {
  const original = prototype.create;
  prototype.create = function createEndingAbandonedStreams(this: unknown, ...args: unknown[]) {
    const span = trace.getActiveSpan();
    const result = original.apply(this, args);
    const streamed = (args[0] as { stream?: unknown } | undefined)?.stream === true;
    if (
      streamed &&
      span !== undefined &&
      typeof (result as Promise<unknown>)?.then === 'function'
    ) {
      (result as Promise<unknown>).then(
        (stream) => {
          if (typeof (stream as { iterator?: unknown })?.iterator !== 'function') return;
          watchStream(
            stream as AsyncIterable<unknown>,
            () => undefined,
            (end) => {
              if (end.kind !== 'done') span.end();
            },
          );
        },
        () => undefined,
      );
    }
    return result;
  };
  return () => {
    prototype.create = original;
  };
}

const installed = new WeakMap<object, OpenAIInstrumentationHandle>();

/**
 * Instruments the loaded `openai` module so that every chat completion made
 * inside a rollout becomes an LLM span of that rollout, with the prompt and
 * completion copied from the instrumentation's log records onto the span
 * (`gen_ai.prompt.*`, `gen_ai.completion.*`). Spans go to the lightning
 * tracer provider, never to the global one. Calling it again for the same
 * module returns the installed handle (patching twice would double every span).
 *
 * Work-arounds: the instrumentation's metric instruments are created only
 * when a meter provider is set, and a streamed call with usage throws into
 * the caller's loop without them, so one is always set. It ends a streamed
 * call's span only when the stream was read to the end, so the span of a
 * stream whose reader stops early is ended here. Its module hook does
 * not work for ESM imports under test runners, so the module is patched
 * directly. Token ids come from `createTokenIdFetch` on the client.
 *
 * @param options - the loaded module, content capture, logger
 * @example const handle = instrumentOpenAI({ openai: await import('openai') });
 */
export function instrumentOpenAI(options: InstrumentOpenAIOptions): OpenAIInstrumentationHandle {
  const log = options.logger ?? silentLogger;
  const module = options.openai as OpenAIModuleLike;
  const key = (module?.default ?? module) as object;
  const existing = installed.get(key);
  if (existing !== undefined) return existing;
  const version =
    options.version ?? (typeof module?.VERSION === 'string' ? module.VERSION : resolvedVersion());
  if (!SUPPORTED.test(version)) {
    log.warn(
      `openai ${version || '(unknown version)'} is not supported by the OpenAI instrumentation helper (4.19 to 7.x); its calls are not recorded.`,
    );
    return { instrumentation: null, uninstrument: () => undefined };
  }
  // Enabled: the patched methods record only while the instrumentation is enabled.
  const instrumentation = new OpenAIInstrumentation({
    captureMessageContent: options.captureMessageContent ?? true,
  });
  instrumentation.setTracerProvider(lightningTracerProvider());
  instrumentation.setLoggerProvider(genAiLogEnricher());
  instrumentation.setMeterProvider(metrics.getMeterProvider());
  const [definition] = instrumentation.getModuleDefinitions();
  const exports = (module.default ?? module) as {
    OpenAI?: { Chat?: { Completions?: { prototype?: CompletionsPrototype } } };
  };
  const prototype = exports.OpenAI?.Chat?.Completions?.prototype;
  const restore = prototype === undefined ? () => undefined : endAbandonedStreams(prototype);
  definition?.patch?.(module, version);
  const handle: OpenAIInstrumentationHandle = {
    instrumentation,
    uninstrument() {
      if (installed.get(key) !== handle) return;
      installed.delete(key);
      instrumentation.disable();
      definition?.unpatch?.(module, version);
      restore();
    },
  };
  installed.set(key, handle);
  return handle;
}
