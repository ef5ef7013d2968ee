/**
 * Display formatting: durations, relative ages, absolute times, rewards,
 * counts and runner heartbeat health.
 *
 * @module
 */

/**
 * A duration in seconds as text: "0 ms" … "999 ms", "1.25 s", "12.3 s",
 * "2m 05s", "3h 04m", "2d 3h"; negative values (clock skew) show "0 ms".
 *
 * @param seconds - the duration
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '0 ms';
  if (seconds < 1) return `${Math.floor(seconds * 1000)} ms`;
  if (seconds < 10) return `${seconds.toFixed(2)} s`;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const whole = Math.floor(seconds);
  const pad = (n: number) => String(n).padStart(2, '0');
  if (whole < 3600) return `${Math.floor(whole / 60)}m ${pad(whole % 60)}s`;
  if (whole < 86400) return `${Math.floor(whole / 3600)}h ${pad(Math.floor((whole % 3600) / 60))}m`;
  return `${Math.floor(whole / 86400)}d ${Math.floor((whole % 86400) / 3600)}h`;
}

/**
 * An age as text: "just now" (< 5 s), "12 s ago", "3 min ago", "2 h ago", "3 d ago".
 *
 * @param ageSeconds - how long ago
 */
export function formatAge(ageSeconds: number): string {
  if (ageSeconds < 5) return 'just now';
  if (ageSeconds < 60) return `${Math.floor(ageSeconds)} s ago`;
  if (ageSeconds < 3600) return `${Math.floor(ageSeconds / 60)} min ago`;
  if (ageSeconds < 86400) return `${Math.floor(ageSeconds / 3600)} h ago`;
  return `${Math.floor(ageSeconds / 86400)} d ago`;
}

/**
 * An epoch time as `YYYY-MM-DD HH:mm:ss[.SSS]`, local or UTC.
 *
 * @param epochSeconds - the time
 * @param options - `utc` and `millis` switches
 */
export function formatTime(
  epochSeconds: number | null | undefined,
  options: { utc?: boolean; millis?: boolean } = {},
): string {
  if (epochSeconds === null || epochSeconds === undefined) return '—';
  const d = new Date(epochSeconds * 1000);
  const get = options.utc
    ? [
        d.getUTCFullYear(),
        d.getUTCMonth() + 1,
        d.getUTCDate(),
        d.getUTCHours(),
        d.getUTCMinutes(),
        d.getUTCSeconds(),
        d.getUTCMilliseconds(),
      ]
    : [
        d.getFullYear(),
        d.getMonth() + 1,
        d.getDate(),
        d.getHours(),
        d.getMinutes(),
        d.getSeconds(),
        d.getMilliseconds(),
      ];
  const [y, mo, da, h, mi, s, ms] = get as number[];
  const p = (n: number | undefined, w = 2) => String(n).padStart(w, '0');
  const base = `${y}-${p(mo)}-${p(da)} ${p(h)}:${p(mi)}:${p(s)}`;
  return options.millis ? `${base}.${p(ms, 3)}` : base;
}

/**
 * A reward rounded to 3 decimal places ("—" when none).
 *
 * @param value - the reward
 */
export function formatReward(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return String(Math.round(value * 1000) / 1000);
}

/**
 * A count with grouping separators ("10,000").
 *
 * @param value - the count
 */
export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}

/** Heartbeat thresholds in seconds. */
export interface HeartbeatThresholds {
  /** Age above which a heartbeat is stale (default 30). */
  staleSeconds: number;
  /** Age above which it is lost (default 120). */
  lostSeconds: number;
}

/** The default heartbeat thresholds. */
export const DEFAULT_HEARTBEAT_THRESHOLDS: HeartbeatThresholds = {
  staleSeconds: 30,
  lostSeconds: 120,
};

/**
 * The health label of a heartbeat: `fresh`, `stale`, `lost` or `never`.
 *
 * @param lastHeartbeat - last heartbeat, epoch seconds, or null
 * @param now - current time, epoch seconds
 * @param thresholds - stale and lost ages
 */
export function heartbeatHealth(
  lastHeartbeat: number | null,
  now: number,
  thresholds: HeartbeatThresholds = DEFAULT_HEARTBEAT_THRESHOLDS,
): 'fresh' | 'stale' | 'lost' | 'never' {
  if (lastHeartbeat === null) return 'never';
  const age = now - lastHeartbeat;
  if (age <= thresholds.staleSeconds) return 'fresh';
  if (age <= thresholds.lostSeconds) return 'stale';
  return 'lost';
}

/**
 * A one-line preview of a rollout input: strings as they are, other values
 * as compact JSON, cut at `max` characters with "…".
 *
 * @param input - the input
 * @param max - longest text (default 300)
 */
export function previewValue(input: unknown, max = 300): string {
  if (input === null || input === undefined) return '—';
  const text = typeof input === 'string' ? input : JSON.stringify(input);
  const line = text.replace(/\s+/g, ' ');
  return line.length > max ? `${line.slice(0, max)}…` : line;
}
