import type { ComponentChildren } from 'preact';
import { config } from '../config';
import { refreshLiveLabel } from '../data/cache';
import {
  DEFAULT_SETTINGS,
  POLL_CHOICES,
  resetSettings,
  type Settings,
  updateSettings,
} from '../data/settings';
import { useSettings } from '../hooks';

function Field(props: { label: string; children: ComponentChildren; help?: string }) {
  return (
    <div class="field">
      <label>
        <span class="field-label">{props.label}</span> {props.children}
      </label>
      {props.help && <p class="muted small">{props.help}</p>}
    </div>
  );
}

export function SettingsPage() {
  const s = useSettings();
  const set = (patch: Partial<Settings>) => {
    updateSettings(patch);
    refreshLiveLabel();
  };
  const editable = config.mode === 'direct';
  return (
    <section>
      <h1>Settings</h1>
      <form class="settings" onSubmit={(e) => e.preventDefault()}>
        <Field
          label="Store URL"
          help={
            editable
              ? 'http(s) URL of the store; a trailing / or /v1/agl is removed.'
              : 'Fixed by the server that serves this dashboard.'
          }
        >
          <input
            type="url"
            readOnly={!editable}
            value={
              editable ? s.storeUrl || config.storeLabel : config.storeLabel || location.origin
            }
            onChange={(e) => {
              const value = (e.target as HTMLInputElement).value
                .trim()
                .replace(/\/+$/, '')
                .replace(/\/v1\/agl$/, '');
              if (/^https?:\/\//.test(value)) set({ storeUrl: value });
            }}
          />
        </Field>
        <Field label="Live updates">
          <select
            value={s.live}
            onChange={(e) =>
              set({ live: (e.target as HTMLSelectElement).value as Settings['live'] })
            }
          >
            <option value="auto">Automatic</option>
            <option value="polling">Polling only</option>
            <option value="paused">Paused</option>
          </select>
        </Field>
        <Field label="Polling interval">
          <select
            value={s.pollSeconds}
            onChange={(e) => set({ pollSeconds: Number((e.target as HTMLSelectElement).value) })}
          >
            {POLL_CHOICES.map((n) => (
              <option key={n} value={n}>
                {n < 60 ? `${n} s` : `${n / 60} min`}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Theme">
          <select
            value={s.theme}
            onChange={(e) =>
              set({ theme: (e.target as HTMLSelectElement).value as Settings['theme'] })
            }
          >
            <option value="system">System default</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
        </Field>
        <Field label="Time zone">
          <select
            value={s.timeZone}
            onChange={(e) =>
              set({ timeZone: (e.target as HTMLSelectElement).value as Settings['timeZone'] })
            }
          >
            <option value="local">Local</option>
            <option value="utc">UTC</option>
          </select>
        </Field>
        <Field label="Heartbeat stale after (s)">
          <input
            type="number"
            min={1}
            value={s.staleSeconds}
            onChange={(e) =>
              set({
                staleSeconds:
                  Number((e.target as HTMLInputElement).value) || DEFAULT_SETTINGS.staleSeconds,
              })
            }
          />
        </Field>
        <Field label="Heartbeat lost after (s)">
          <input
            type="number"
            min={1}
            value={s.lostSeconds}
            onChange={(e) =>
              set({
                lostSeconds:
                  Number((e.target as HTMLInputElement).value) || DEFAULT_SETTINGS.lostSeconds,
              })
            }
          />
        </Field>
        <Field label="Default page size">
          <select
            value={s.pageSize}
            onChange={(e) => set({ pageSize: Number((e.target as HTMLSelectElement).value) })}
          >
            {[50, 100, 200, 500, 1000].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </Field>
        <Field label="LLM-call regex">
          <input
            type="text"
            value={s.llmPattern}
            onChange={(e) => {
              const value = (e.target as HTMLInputElement).value;
              try {
                new RegExp(value);
                set({ llmPattern: value });
              } catch {
                // Keep the last valid pattern.
              }
            }}
          />
        </Field>
        <Field label="Count legacy reward spans">
          <input
            type="checkbox"
            checked={s.countLegacyRewards}
            onChange={(e) => set({ countLegacyRewards: (e.target as HTMLInputElement).checked })}
          />
        </Field>
        <Field
          label="Compute rewards on plain servers"
          help="Reads up to 500 spans per rollout shown, at most 4 requests at a time."
        >
          <input
            type="checkbox"
            checked={s.computeRewards}
            onChange={(e) => set({ computeRewards: (e.target as HTMLInputElement).checked })}
          />
        </Field>
        <button type="button" onClick={() => resetSettings()}>
          Reset to defaults
        </button>
      </form>
    </section>
  );
}
