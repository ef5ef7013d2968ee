/**
 * One-shot behaviours of the fake model server: queued by a test, each taken by the next
 * generation request.
 */
import { InvalidArgumentError } from '@agl/store-core';

/**
 * A one-shot behaviour: answer a given status (and body/headers); wait before the headers
 * (`delayMs`); stay silent for a while to provoke timeouts (`hangMs`); destroy the socket before
 * the headers (`resetConnection`); answer a stream request with JSON (`jsonForStream`); send an
 * unparseable 200 body (`invalidJson`); destroy the socket after k content chunks
 * (`dropAfterChunks`).
 */
export type FakeBehaviour =
  | { status: number; body?: unknown; headers?: Record<string, string> }
  | { delayMs: number }
  | { hangMs: number }
  | { resetConnection: true }
  | { jsonForStream: true }
  | { invalidJson: true }
  | { dropAfterChunks: number };

/** The union flattened, as the server reads it. */
export interface FlatBehaviour {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
  hangMs?: number;
  resetConnection?: boolean;
  jsonForStream?: boolean;
  invalidJson?: boolean;
  dropAfterChunks?: number;
}

const KEYS = new Set([
  'status',
  'body',
  'headers',
  'delayMs',
  'hangMs',
  'resetConnection',
  'jsonForStream',
  'invalidJson',
  'dropAfterChunks',
]);

function check(behaviour: FakeBehaviour): FlatBehaviour {
  if (behaviour === null || typeof behaviour !== 'object') {
    throw new InvalidArgumentError('a fake behaviour must be an object');
  }
  const flat = behaviour as FlatBehaviour;
  for (const key of Object.keys(flat)) {
    if (!KEYS.has(key)) throw new InvalidArgumentError(`unknown fake behaviour key: ${key}`);
  }
  if (
    flat.status !== undefined &&
    !(Number.isInteger(flat.status) && flat.status >= 100 && flat.status <= 599)
  ) {
    throw new InvalidArgumentError(
      `fake behaviour status must be an HTTP status, got ${String(flat.status)}`,
    );
  }
  for (const key of ['delayMs', 'hangMs', 'dropAfterChunks'] as const) {
    const value = flat[key];
    if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
      throw new InvalidArgumentError(`fake behaviour ${key} must be a non-negative number`);
    }
  }
  return flat;
}

/** The queue of pending behaviours. */
export class FakeBehaviourQueue {
  private readonly items: FlatBehaviour[] = [];

  /** Appends behaviours after validating them. */
  push(behaviours: readonly FakeBehaviour[]): void {
    const checked = behaviours.map(check);
    this.items.push(...checked);
  }

  /** Takes the next behaviour, if any. */
  take(): FlatBehaviour | undefined {
    return this.items.shift();
  }

  /** Drops every pending behaviour. */
  clear(): void {
    this.items.length = 0;
  }
}
