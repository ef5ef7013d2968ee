import { eventsUrl, healthUrl } from '../../core/query';
import { apiBase, getJson } from './api';
import { invalidate, refreshAll, refreshLiveLabel, setLiveConnected, syncStatus } from './cache';
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
const capabilityListeners = new Set<() => void>();
let source: EventSource | null = null;
let errors: number[] = [];
let retryTimer: ReturnType<typeof setTimeout> | undefined;
let pending = new Set<string>();
let flushTimer: ReturnType<typeof setTimeout> | undefined;

export function getCapabilities(): Capabilities {
  return capabilities;
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

function closeStream(): void {
  source?.close();
  source = null;
  setLiveConnected(false);
}

function openStream(): void {
  if (source || !capabilities.events || getSettings().live !== 'auto') return;
  const url = `${apiBase()}${eventsUrl(['rollout', 'attempt', 'spans', 'resources', 'worker'])}`;
  const stream = new EventSource(url);
  source = stream;
  let opened = false;
  stream.addEventListener('hello', () => {
    // A (re)connection may have missed hints: refetch what is shown.
    if (opened) refreshAll();
    opened = true;
    setLiveConnected(true);
  });
  stream.addEventListener('reset', () => refreshAll());
  for (const topic of ['rollout', 'attempt', 'spans', 'resources', 'worker'])
    stream.addEventListener(topic, () => hint(topic));
  stream.onerror = () => {
    const now = Date.now();
    errors = errors.filter((t) => now - t < 30_000).concat(now);
    setLiveConnected(false, true);
    if (errors.length >= 3) {
      // Fall back to polling; try the stream again in a minute.
      closeStream();
      errors = [];
      clearTimeout(retryTimer);
      retryTimer = setTimeout(openStream, 60_000);
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
    const changed = JSON.stringify(next) !== JSON.stringify(capabilities);
    capabilities = next;
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
  onSettings(() => {
    if (getSettings().live !== 'auto') closeStream();
    else void readHealth();
    refreshLiveLabel();
  });
}
