import { isOtelSpanLike, isStoreSpan } from '@agl/trainer';
import { RolloutLegacySchema, TripletSchema } from '../wire/rollout';

/**
 * What the elements of a list returned by a legacy agent are, in the
 * order the legacy runner checks them. `empty` matches every rule at once; `mixed` matches none.
 */
export type LegacyListKind = 'empty' | 'triplet' | 'otel' | 'span' | 'object' | 'mixed';

const TRIPLET_KEYS = new Set(Object.keys(TripletSchema.entries));
const ROLLOUT_KEYS = new Set(Object.keys(RolloutLegacySchema.entries));

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Whether a value is a triplet: a plain object with `prompt` and `response`
 * and no key outside `prompt`, `response`, `reward`, `metadata`.
 */
function isTripletLike(value: unknown): boolean {
  return (
    isPlainRecord(value) &&
    'prompt' in value &&
    'response' in value &&
    Object.keys(value).every((key) => TRIPLET_KEYS.has(key))
  );
}

/**
 * Whether a value is a `RolloutLegacy`: a plain object with a string
 * `rollout_id` and no key outside the seven `RolloutLegacy` keys.
 */
export function isRolloutLegacyLike(value: unknown): value is Record<string, unknown> {
  return (
    isPlainRecord(value) &&
    typeof value.rollout_id === 'string' &&
    Object.keys(value).every((key) => ROLLOUT_KEYS.has(key))
  );
}

function elementKind(value: unknown): Exclude<LegacyListKind, 'empty' | 'mixed'> | null {
  if (isOtelSpanLike(value)) return 'otel';
  if (isStoreSpan(value)) return 'span';
  if (isTripletLike(value)) return 'triplet';
  if (isPlainRecord(value)) return 'object';
  return null;
}

/**
 * Classifies a returned list: every element must be of one kind (an
 * OpenTelemetry span, a store `Span`, a triplet or another plain object).
 *
 * @param items - the list the agent returned
 */
export function legacyListKind(items: readonly unknown[]): LegacyListKind {
  if (items.length === 0) return 'empty';
  const kinds = new Set(items.map(elementKind));
  const [only] = kinds;
  return kinds.size === 1 && only != null ? only : 'mixed';
}
