import { DEFAULT_LLM_CALL_PATTERN } from '../../core/messages';

/** Settings persisted in localStorage (never secrets). */
export interface Settings {
  storeUrl: string;
  live: 'auto' | 'polling' | 'paused';
  pollSeconds: number;
  theme: 'system' | 'light' | 'dark';
  timeZone: 'local' | 'utc';
  staleSeconds: number;
  lostSeconds: number;
  pageSize: number;
  llmPattern: string;
  countLegacyRewards: boolean;
  computeRewards: boolean;
}

const SETTINGS_KEY = 'agl-dashboard-settings';
export const POLL_CHOICES = [2, 5, 15, 60, 300];

export const DEFAULT_SETTINGS: Settings = {
  storeUrl: '',
  live: 'auto',
  pollSeconds: 5,
  theme: 'system',
  timeZone: 'local',
  staleSeconds: 30,
  lostSeconds: 120,
  pageSize: 100,
  llmPattern: DEFAULT_LLM_CALL_PATTERN,
  countLegacyRewards: false,
  computeRewards: true,
};

function load(): Settings {
  try {
    const raw = JSON.parse(localStorage.getItem(SETTINGS_KEY) ?? '{}') as Record<string, unknown>;
    const out = { ...DEFAULT_SETTINGS };
    for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[]) {
      const value = raw[key];
      if (typeof value === typeof DEFAULT_SETTINGS[key])
        (out as Record<string, unknown>)[key] = value;
    }
    if (!['auto', 'polling', 'paused'].includes(out.live)) out.live = 'auto';
    if (!['system', 'light', 'dark'].includes(out.theme)) out.theme = 'system';
    if (!POLL_CHOICES.includes(out.pollSeconds)) out.pollSeconds = 5;
    return out;
  } catch {
    return { ...DEFAULT_SETTINGS };
  }
}

let current = load();
const listeners = new Set<() => void>();

export function getSettings(): Settings {
  return current;
}

export function updateSettings(patch: Partial<Settings>): void {
  current = { ...current, ...patch };
  localStorage.setItem(SETTINGS_KEY, JSON.stringify({ version: 1, ...current }));
  for (const listener of listeners) listener();
}

export function resetSettings(): void {
  localStorage.removeItem(SETTINGS_KEY);
  current = { ...DEFAULT_SETTINGS };
  for (const listener of listeners) listener();
}

export function onSettings(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
