import { InvalidArgumentError, InvalidStateError } from '@agl/store-core';
import type { Attributes } from '@agl/types';
import { AGL_OPERATION, LightningSpanAttributes } from '../semconv/constants';
import { flattenAttributes } from '../semconv/flatten';
import { sanitizeAttributes } from '../semconv/sanitize';
import { isPromiseLike, runScoped } from '../tracer/scoped';
import type { SpanCoreFields, SpanRecordingContext } from '../tracer/types';
import { resolveTracer } from './resolve';

const { OPERATION_NAME, OPERATION_INPUT, OPERATION_OUTPUT } = LightningSpanAttributes;

/**
 * Options of `operation`. `propagate`, `name` and `paramNames` are options;
 * every other key is an initial span attribute (flattened and sanitised).
 */
export interface OperationOptions {
  /** Send the span to the active tracer (default true), resolved when the scope is entered. */
  propagate?: boolean;
  /** Recorded as `agentlightning.operation.name`; the wrapper form defaults to the function name. */
  name?: string;
  /** Wrapper form: names for the positional arguments (`...input.<name>` instead of `...input.args.<i>`). */
  paramNames?: readonly string[];
  /** Initial attributes. */
  [attribute: string]: unknown;
}

const flat = (prefix: string, value: unknown): Attributes =>
  sanitizeAttributes(flattenAttributes({ [prefix]: value }));

/**
 * A scope recorded as one `agentlightning.operation` span. Use `run` to enter
 * it; inside, `setInput` / `setOutput` record values; afterwards `span()`
 * returns the recorded span.
 */
export class OperationContext {
  private recording: SpanRecordingContext | null = null;
  private recorded: SpanCoreFields | null = null;

  /** @param propagate - see `OperationOptions.propagate` @param attributes - initial attributes */
  constructor(
    private readonly propagate: boolean,
    private readonly attributes: Attributes,
  ) {}

  /**
   * Runs `body` inside the operation span; for a promise the span ends when it
   * settles. Errors are recorded (status `ERROR`) and re-thrown.
   *
   * @throws InvalidStateError "No active tracer found. Cannot trace operation spans." when propagating without a tracer
   */
  run<T>(body: (operation: OperationContext) => T): T {
    const tracer = resolveTracer(this.propagate, 'trace operation spans');
    let recording: SpanRecordingContext | null = null;
    return runScoped(
      () =>
        tracer.operationContext(
          AGL_OPERATION,
          (rec) => {
            recording = rec;
            this.recording = rec;
            this.recorded = null;
            return body(this);
          },
          { attributes: this.attributes },
        ),
      () => {},
      () => {
        if (recording === null) return;
        if (this.recording === recording) this.recording = null;
        this.recorded = (recording as SpanRecordingContext).getRecordedSpan();
      },
    );
  }

  /**
   * Records positional inputs under `agentlightning.operation.input.args.<i>`
   * and named ones under `agentlightning.operation.input.<key>`.
   *
   * @throws InvalidStateError outside `run`
   */
  setInput(args: readonly unknown[], kwargs: Readonly<Record<string, unknown>> = {}): void {
    const recording = this.active('setInput');
    for (const [i, arg] of args.entries()) {
      recording.recordAttributes(flat(`${OPERATION_INPUT}.args.${i}`, arg));
    }
    for (const [key, value] of Object.entries(kwargs)) {
      recording.recordAttributes(flat(`${OPERATION_INPUT}.${key}`, value));
    }
  }

  /**
   * Records the output under `agentlightning.operation.output` (objects are flattened below it).
   *
   * @throws InvalidStateError outside `run`
   */
  setOutput(value: unknown): void {
    this.active('setOutput').recordAttributes(flat(OPERATION_OUTPUT, value));
  }

  /**
   * The recorded span.
   *
   * @throws InvalidStateError "Span is not ready yet." before the scope has ended
   */
  span(): SpanCoreFields {
    if (this.recorded === null) throw new InvalidStateError('Span is not ready yet.');
    return this.recorded;
  }

  private active(method: string): SpanRecordingContext {
    if (this.recording === null) {
      throw new InvalidStateError(`${method}() can only be called inside the operation scope.`);
    }
    return this.recording;
  }
}

/** Named arguments by `paramNames`; the rest under `args.<position>`. */
function namedInputs(names: readonly string[], args: readonly unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  args.forEach((arg, i) => {
    const name = names[i];
    out[name === undefined ? `args.${i}` : name] = arg;
  });
  return out;
}

function initialAttributes(options: OperationOptions, defaultName?: string): Attributes {
  const { propagate: _p, name, paramNames: _n, ...rest } = options;
  if (name !== undefined && OPERATION_NAME in rest) {
    throw new InvalidArgumentError(
      `Cannot pass both name and an explicit "${OPERATION_NAME}" attribute.`,
    );
  }
  const attributes = sanitizeAttributes(flattenAttributes(rest));
  const resolved = name ?? (OPERATION_NAME in rest ? undefined : defaultName);
  if (resolved !== undefined && resolved !== '') attributes[OPERATION_NAME] = resolved;
  return attributes;
}

/**
 * Records a time interval as an `agentlightning.operation` span: returns an
 * `OperationContext` to enter with `run`.
 *
 * @throws InvalidArgumentError for `name` together with an explicit `agentlightning.operation.name`
 * @example operation({name: 'fetch'}).run((op) => op.setOutput(fetchRows()))
 */
export function operation(options?: OperationOptions): OperationContext;
/**
 * Wraps `fn` so that each call is recorded as an `agentlightning.operation`
 * span with its name, inputs, output (awaited for async functions) and errors.
 *
 * @throws InvalidArgumentError for a string instead of a function, or `name` together with an explicit `agentlightning.operation.name`
 * @example const add = operation((a: number, b: number) => a + b, {paramNames: ['a', 'b']});
 */
export function operation<A extends unknown[], R>(
  fn: (...args: A) => R,
  options?: OperationOptions,
): (...args: A) => R;
/** Implementation of both forms of `operation`. */
export function operation<A extends unknown[], R>(
  fnOrOptions?: ((...args: A) => R) | OperationOptions,
  maybeOptions: OperationOptions = {},
): OperationContext | ((...args: A) => R) {
  if (typeof fnOrOptions === 'string') {
    throw new InvalidArgumentError(
      'operation() takes a function or options, not a span name; pass {name} instead.',
    );
  }
  if (typeof fnOrOptions !== 'function') {
    const options = fnOrOptions ?? {};
    return new OperationContext(options.propagate ?? true, initialAttributes(options));
  }
  const fn = fnOrOptions;
  const attributes = initialAttributes(maybeOptions, fn.name);
  const propagate = maybeOptions.propagate ?? true;
  const names = maybeOptions.paramNames ?? [];
  const wrapped = function (this: unknown, ...args: A): R {
    return new OperationContext(propagate, attributes).run((op) => {
      if (names.length === 0) op.setInput(args);
      else op.setInput([], namedInputs(names, args));
      const result = fn.apply(this, args);
      if (!isPromiseLike(result)) {
        op.setOutput(result);
        return result;
      }
      return Promise.resolve(result).then((value) => {
        op.setOutput(value);
        return value;
      }) as R;
    });
  };
  Object.defineProperty(wrapped, 'name', { value: fn.name });
  return wrapped;
}
