/** The notification channel of terminal rollout transitions (payload: `[partition, rolloutId]`). */
export const TERMINAL_CHANNEL = 'agl_rollout_terminal';

/**
 * The payload of a terminal-transition notification.
 *
 * @param partition - the store's partition
 * @param rolloutId - the rollout
 */
export function encodeTerminalPayload(partition: string, rolloutId: string): string {
  return JSON.stringify([partition, rolloutId]);
}

/**
 * Reads a terminal-transition payload, or `null` when it is malformed.
 *
 * @param payload - the notification payload
 */
export function decodeTerminalPayload(
  payload: string,
): { readonly partition: string; readonly rolloutId: string } | null {
  try {
    const value: unknown = JSON.parse(payload);
    if (Array.isArray(value) && typeof value[0] === 'string' && typeof value[1] === 'string') {
      return { partition: value[0], rolloutId: value[1] };
    }
  } catch {
    // Not ours.
  }
  return null;
}
