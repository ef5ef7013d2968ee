import { context, createContextKey, ROOT_CONTEXT } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';

const PROBE = createContextKey('agentlightning.context-probe');

/** Whether a context manager that propagates `context.with` values is registered. */
function hasWorkingContextManager(): boolean {
  return context.with(
    ROOT_CONTEXT.setValue(PROBE, true),
    () => context.active().getValue(PROBE) === true,
  );
}

/**
 * Registers an `AsyncLocalStorage` context manager as the global OpenTelemetry
 * context manager unless a working one is already registered. Without it,
 * active spans do not survive `await`, so operation spans would not contain
 * the spans created inside them.
 *
 * @returns whether this call registered one
 */
export function ensureContextManager(): boolean {
  if (hasWorkingContextManager()) return false;
  const manager = new AsyncLocalStorageContextManager();
  manager.enable();
  return context.setGlobalContextManager(manager);
}
