/**
 * Instance checks for each component kind and the built-in registry entries
 * (short keys plus the reference's import paths as aliases).
 *
 * @module
 */
import type { LightningStore } from '@agl/store-core';
import { InMemoryLightningStore } from '@agl/store-memory';
import { LlmProxyTraceToTriplet, TracerTraceToTriplet, TraceToMessages } from '../adapter';
import { Algorithm } from '../algorithm/algorithm';
import { Baseline } from '../algorithm/baseline';
import type { AdapterLike, LlmProxyLike } from '../algorithm/types';
import { ClientServerExecutionStrategy } from '../execution/client-server/strategy';
import { SharedMemoryExecutionStrategy } from '../execution/shared-memory';
import type { ExecutionStrategy } from '../execution/types';
import { LitAgentRunner } from '../runner/lit-agent-runner';
import { Runner } from '../runner/runner';
import { DummyTracer, OtelTracer } from '../tracer';
import { Tracer } from '../tracer/tracer';
import { type ComponentClass, registerComponent } from './registry';

const hasMethods = (value: unknown, ...names: string[]): boolean =>
  typeof value === 'object' &&
  value !== null &&
  names.every((n) => typeof (value as Record<string, unknown>)[n] === 'function');

/** Instance checks by component kind. */
export const isComponent = {
  /** A tracer. */
  tracer: (v: unknown): v is Tracer => v instanceof Tracer,
  /** An adapter (anything with `adapt`). */
  adapter: (v: unknown): v is AdapterLike => hasMethods(v, 'adapt'),
  /** A store (duck-typed on the core methods). */
  store: (v: unknown): v is LightningStore =>
    hasMethods(v, 'enqueueRollout', 'dequeueRollout', 'querySpans'),
  /** A runner. */
  runner: (v: unknown): v is Runner => v instanceof Runner,
  /** An execution strategy (anything with `execute`). */
  strategy: (v: unknown): v is ExecutionStrategy => hasMethods(v, 'execute'),
  /** An algorithm. */
  algorithm: (v: unknown): v is Algorithm => v instanceof Algorithm,
  /** An LLM proxy. */
  llmProxy: (v: unknown): v is LlmProxyLike => hasMethods(v, 'start', 'stop', 'isRunning'),
};

const c = (ctor: unknown) => ctor as ComponentClass;

registerComponent('strategy', 'shm', c(SharedMemoryExecutionStrategy), [
  'SharedMemoryExecutionStrategy',
  'agentlightning.execution.SharedMemoryExecutionStrategy',
  'agentlightning.execution.shared_memory.SharedMemoryExecutionStrategy',
]);
registerComponent('strategy', 'cs', c(ClientServerExecutionStrategy), [
  'ClientServerExecutionStrategy',
  'agentlightning.execution.ClientServerExecutionStrategy',
  'agentlightning.execution.client_server.ClientServerExecutionStrategy',
]);
registerComponent('adapter', 'TracerTraceToTriplet', c(TracerTraceToTriplet), [
  'agentlightning.adapter.TracerTraceToTriplet',
  'agentlightning.adapter.triplet.TracerTraceToTriplet',
]);
registerComponent('adapter', 'LlmProxyTraceToTriplet', c(LlmProxyTraceToTriplet), [
  'agentlightning.adapter.LlmProxyTraceToTriplet',
  'agentlightning.adapter.triplet.LlmProxyTraceToTriplet',
]);
registerComponent('adapter', 'TraceToMessages', c(TraceToMessages), [
  'agentlightning.adapter.TraceToMessages',
  'agentlightning.adapter.messages.TraceToMessages',
]);
registerComponent('tracer', 'OtelTracer', c(OtelTracer), [
  'agentlightning.tracer.OtelTracer',
  'agentlightning.tracer.otel.OtelTracer',
]);
registerComponent('tracer', 'DummyTracer', c(DummyTracer), [
  'agentlightning.tracer.DummyTracer',
  'agentlightning.tracer.dummy.DummyTracer',
]);
registerComponent('runner', 'LitAgentRunner', c(LitAgentRunner), [
  'agentlightning.runner.LitAgentRunner',
  'agentlightning.runner.agent.LitAgentRunner',
]);
registerComponent('store', 'InMemoryLightningStore', c(InMemoryLightningStore), [
  'agentlightning.store.InMemoryLightningStore',
  'agentlightning.store.memory.InMemoryLightningStore',
]);
registerComponent('algorithm', 'Baseline', c(Baseline), [
  'agentlightning.algorithm.Baseline',
  'agentlightning.algorithm.fast.Baseline',
]);
