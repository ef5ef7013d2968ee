import { eventsUrl, healthUrl } from '../../core/query';
import { apiBase, getApiKey, getJson, onApiKey, requestHeaders } from './api';
import { invalidate, refreshAll, refreshLiveLabel, setLiveConnected, syncStatus } from './cache';
import { FetchEventStream, type HintStream } from './event-stream';
import { getSettings, onSettings } from './settings';

/**
 * Live updates: when the server advertises `events`, one EventSource
 * receives change hints and marks the matching queries due; otherwise (or
 * after repeated stream errors) the cache's polling does the work.
 */
export interface Capabilities {
  events: boolean;
  rollout_filters: boolean;
  [name: string]: boolean;
}

let capabilities: Capabilities = { events: false, rollout_filters: false };
// False until a health answer was read: until then "no capability" and "not known yet" look alike.
let capabilitiesRead = false;
const capabilityListeners = new Set<() => void>();
let source: HintStream | null = null;
let errors: number[] = [];
let retryTimer: ReturnType<typeof setTimeout> | undefined;
let pending = new Set<string>();
let flushTimer: ReturnType<typeof setTimeout> | undefined;

export function getCapabilities(): Capabilities {
  return capabilities;
}
/** Whether a health answer has been read (so `getCapabilities` is the server's, not the default). */
export function capabilitiesKnown(): boolean {
  return capabilitiesRead;
}
export function onCapabilities(listener: () => void): () => void {
  capabilityListeners.add(listener);
  return () => capabilityListeners.delete(listener);
}

function topicMatcher(topics: Set<string>): (key: string) => boolean {
  return (key) => {
    if (topics.has('*')) return true;
    if (
      (topics.has('rollout') || topics.has('attempt')) &&
      (key.includes('/rollouts') || key.startsWith('overview:') || key.startsWith('reward:'))
    )
      return true;
    if (
      topics.has('spans') &&
      (key.includes('/spans') || key.startsWith('spans:') || key.startsWith('reward:'))
    )
      return true;
    if (topics.has('resources') && (key.includes('/resources') || key.startsWith('overview:')))
      return true;
    if (topics.has('worker') && (key.includes('/workers') || key.startsWith('overview:')))
      return true;
    if (key.includes('/statistics') && topics.size > 0) return true;
    return false;
  };
}

function hint(topic: string): void {
  if (getSettings().live === 'paused') return;
  pending.add(topic);
  if (flushTimer !== undefined) return;
  flushTimer = setTimeout(() => {
    flushTimer = undefined;
    const topics = pending;
    pending = new Set();
    invalidate(topicMatcher(topics));
  }, 300);
}

// One event stream per browser profile and store: the tabs elect a leader with the Web Locks
// API; only the leader holds an EventSource and relays the hints to the other tabs over a
// BroadcastChannel. A stream per tab would use up the browser's six connections per host.
type Relay =
  | { type: 'hint'; topic: string }
  | { type: 'refresh' }
  | { type: 'live'; live: boolean; reconnecting: boolean }
  | { type: 'ask' };
const channelName = `agl-dashboard-events:${apiBase() || location.origin}`;
const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(channelName) : null;
const locks = (navigator as Navigator & { locks?: LockManager }).locks;
let leader = !(locks && channel);
let wantStream = false;
let liveNow = { live: false, reconnecting: false };

function relay(message: Relay): void {
  if (leader) channel?.postMessage(message);
}

function setLive(live: boolean, reconnecting = false): void {
  liveNow = { live, reconnecting };
  setLiveConnected(live, reconnecting);
  relay({ type: 'live', ...liveNow });
}

channel?.addEventListener('message', (event: MessageEvent<Relay>) => {
  const message = event.data;
  if (leader) {
    if (message.type === 'ask') relay({ type: 'live', ...liveNow });
    return;
  }
  if (message.type === 'hint') hint(message.topic);
  else if (message.type === 'refresh') refreshAll();
  else if (message.type === 'live') setLiveConnected(message.live, message.reconnecting);
});

if (!leader && locks) {
  channel?.postMessage({ type: 'ask' } satisfies Relay);
  // The lock is held until this tab closes; then the next tab in line takes over the stream.
  void locks.request(channelName, () => {
    leader = true;
    if (wantStream) openStream();
    return new Promise<void>(() => {});
  });
}

function closeStream(): void {
  wantStream = false;
  source?.close();
  source = null;
  setLive(false);
}

function openStream(): void {
  if (!capabilities.events || getSettings().live !== 'auto') return;
  wantStream = true;
  if (source || !leader) return;
  const url = `${apiBase()}${eventsUrl(['rollout', 'attempt', 'spans', 'resources', 'worker'])}`;
  // EventSource cannot send headers: with an access key the stream is read with fetch.
  const stream: HintStream = getApiKey()
    ? new FetchEventStream(url, requestHeaders, apiBase() ? 'omit' : 'same-origin')
    : new EventSource(url);
  source = stream;
  let opened = false;
  stream.addEventListener('hello', () => {
    // A (re)connection may have missed hints: refetch what is shown.
    if (opened) {
      refreshAll();
      relay({ type: 'refresh' });
    }
    opened = true;
    setLive(true);
  });
  stream.addEventListener('reset', () => {
    refreshAll();
    relay({ type: 'refresh' });
  });
  for (const topic of ['rollout', 'attempt', 'spans', 'resources', 'worker'])
    stream.addEventListener(topic, () => {
      hint(topic);
      relay({ type: 'hint', topic });
    });
  stream.onerror = () => {
    const now = Date.now();
    errors = errors.filter((t) => now - t < 30_000).concat(now);
    setLive(false, true);
    if (errors.length >= 3) {
      // Fall back to polling; try the stream again in a minute.
      closeStream();
      errors = [];
      clearTimeout(retryTimer);
      retryTimer = setTimeout(openStream, 60_000);
    } else if (stream.readyState === 2 && source === stream) {
      // An answer that is not a stream (a 503 for too many streams, a proxy's error page)
      // makes the browser give up for good: open a new stream after the server's usual delay.
      stream.close();
      source = null;
      clearTimeout(retryTimer);
      retryTimer = setTimeout(openStream, 3000);
    }
  };
}

async function readHealth(): Promise<void> {
  try {
    const health = await getJson<{ status: string; capabilities?: Record<string, unknown> }>(
      healthUrl(),
    );
    const advertised = health?.capabilities ?? {};
    const next: Capabilities = { events: false, rollout_filters: false };
    for (const [name, value] of Object.entries(advertised)) next[name] = value === true;
    const changed = !capabilitiesRead || JSON.stringify(next) !== JSON.stringify(capabilities);
    capabilities = next;
    capabilitiesRead = true;
    syncStatus.online = true;
    if (changed) for (const listener of capabilityListeners) listener();
    if (capabilities.events) openStream();
    else closeStream();
  } catch {
    syncStatus.online = false;
    closeStream();
  }
  refreshLiveLabel();
}

/** Starts health checks (now and every 30 s) and the live stream when offered. */
export function startLive(): void {
  void readHealth();
  setInterval(() => void readHealth(), 30_000);
  onApiKey(() => {
    // A new key: reopen the stream with it and refetch what the refused requests missed.
    closeStream();
    void readHealth();
    refreshAll();
  });
  onSettings(() => {
    if (getSettings().live !== 'auto') closeStream();
    else void readHealth();
    refreshLiveLabel();
  });
}
