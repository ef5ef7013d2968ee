import { useEffect, useRef, useState } from 'preact/hooks';
import { resourcesListUrl, rolloutsUrl, workersUrl } from '../core/query';
import type { WirePage, WireResources, WireRollout, WireWorker } from '../core/wire';
import { getJson } from './data/api';
import { getSettings, updateSettings } from './data/settings';
import { useDebounced } from './hooks';
import { navigate, seg } from './router';

interface Item {
  label: string;
  hint: string;
  to?: string;
  run?: () => void;
}

const COMMANDS: Item[] = [
  { label: 'Go to Overview', hint: 'command', to: '/overview' },
  { label: 'Go to Rollouts', hint: 'command', to: '/rollouts' },
  { label: 'Go to Traces', hint: 'command', to: '/traces' },
  { label: 'Go to Resources', hint: 'command', to: '/resources' },
  { label: 'Go to Runners', hint: 'command', to: '/runners' },
  { label: 'Go to Settings', hint: 'command', to: '/settings' },
  {
    label: 'Toggle theme',
    hint: 'command',
    run: () =>
      updateSettings({
        theme: document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark',
      }),
  },
  {
    label: 'Pause live updates',
    hint: 'command',
    run: () => updateSettings({ live: getSettings().live === 'paused' ? 'auto' : 'paused' }),
  },
  {
    label: 'Copy link',
    hint: 'command',
    run: () => void navigator.clipboard?.writeText(location.href),
  },
];

/** Command palette: id-prefix search over rollouts, resources and runners, plus commands. */
export function Palette(props: { onClose: () => void }) {
  const [text, setText] = useState('');
  const [results, setResults] = useState<Item[]>([]);
  const [active, setActive] = useState(0);
  const query = useDebounced(text.trim(), 200);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  useEffect(() => {
    if (!query) {
      setResults([]);
      return;
    }
    const controller = new AbortController();
    const page = { limit: 10, offset: 0 };
    void Promise.allSettled([
      getJson<WirePage<WireRollout>>(
        rolloutsUrl({ ...page, sortBy: 'start_time', sortOrder: 'desc' }, { search: query }),
        controller.signal,
      ),
      getJson<WirePage<WireResources>>(resourcesListUrl(page, query), controller.signal),
      getJson<WirePage<WireWorker>>(workersUrl(page, { search: query }), controller.signal),
    ]).then(([ro, rs, wk]) => {
      if (controller.signal.aborted) return;
      const items: Item[] = [];
      if (ro.status === 'fulfilled')
        for (const r of ro.value.items)
          items.push({
            label: r.rollout_id,
            hint: `rollout · ${r.status}`,
            to: `/rollouts/${seg(r.rollout_id)}`,
          });
      if (rs.status === 'fulfilled')
        for (const r of rs.value.items)
          items.push({
            label: r.resources_id,
            hint: `resources v${r.version}`,
            to: `/resources/${seg(r.resources_id)}`,
          });
      if (wk.status === 'fulfilled')
        for (const w of wk.value.items)
          items.push({
            label: w.worker_id,
            hint: `runner · ${w.status}`,
            to: `/runners/${seg(w.worker_id)}`,
          });
      setResults(items);
      setActive(0);
    });
    return () => controller.abort();
  }, [query]);
  const commands = COMMANDS.filter((c) =>
    c.label.toLowerCase().includes(text.trim().toLowerCase()),
  );
  const items = [...results, ...commands];
  const choose = (item: Item | undefined) => {
    if (!item) return;
    props.onClose();
    if (item.to) navigate(item.to);
    item.run?.();
  };
  return (
    <div class="drawer-backdrop" onClick={props.onClose}>
      <div
        class="palette"
        role="dialog"
        aria-modal="true"
        aria-label="Command palette"
        onClick={(e) => e.stopPropagation()}
      >
        <input
          ref={input}
          type="text"
          role="combobox"
          aria-expanded="true"
          aria-controls="palette-list"
          aria-label="Search rollouts, resources, runners and commands"
          placeholder="Rollout, resources or runner id, or a command"
          value={text}
          onInput={(e) => setText((e.target as HTMLInputElement).value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') props.onClose();
            else if (e.key === 'ArrowDown') setActive((a) => Math.min(items.length - 1, a + 1));
            else if (e.key === 'ArrowUp') setActive((a) => Math.max(0, a - 1));
            else if (e.key === 'Enter') {
              const pasted = text.trim().match(/\/(rollouts|resources|runners)\/[^?#]+/);
              if (pasted && results.length === 0) {
                props.onClose();
                navigate(pasted[0]);
              } else choose(items[active]);
            }
          }}
        />
        <p class="muted small">
          Attempt and trace ids are unique only within a rollout: open the rollout to search them.
        </p>
        <ul id="palette-list" role="listbox" aria-label="Results">
          {items.map((item, i) => (
            <li
              key={`${item.hint}:${item.label}`}
              role="option"
              aria-selected={i === active}
              class={i === active ? 'active' : ''}
              onClick={() => choose(item)}
            >
              <span>{item.label}</span> <span class="muted">{item.hint}</span>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
