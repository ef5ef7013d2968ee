import { useMemo, useState } from 'preact/hooks';
import { maskJson } from '../../core/mask';

/**
 * A read-only, collapsible JSON tree of wire JSON (keys as received), with
 * secrets masked before anything is shown, copied or downloaded.
 */
export function JsonView(props: { value: unknown; name?: string; expandDepth?: number }) {
  const masked = useMemo(() => maskJson(props.value), [props.value]);
  const [filter, setFilter] = useState('');
  const text = useMemo(() => JSON.stringify(masked, null, 2) ?? 'null', [masked]);
  return (
    <div class="json-view">
      <div class="json-tools">
        <input
          type="search"
          placeholder="Search JSON"
          aria-label="Search JSON"
          value={filter}
          onInput={(e) => setFilter((e.target as HTMLInputElement).value)}
        />
        <button type="button" onClick={() => void navigator.clipboard?.writeText(text)}>
          Copy JSON
        </button>
        <button
          type="button"
          onClick={() => {
            const link = document.createElement('a');
            link.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
            link.download = `${props.name ?? 'data'}.json`;
            link.click();
            setTimeout(() => URL.revokeObjectURL(link.href), 1000);
          }}
        >
          Download
        </button>
      </div>
      <div class="json-tree" role="tree" aria-label="JSON">
        <Node
          value={masked}
          depth={0}
          expandDepth={props.expandDepth ?? 2}
          filter={filter}
          label={null}
        />
      </div>
    </div>
  );
}

function Leaf(props: { value: unknown; filter: string }) {
  const [all, setAll] = useState(false);
  const v = props.value;
  if (typeof v === 'string') {
    const long = v.length > 10_000 && !all;
    const shown = long ? `${v.slice(0, 10_000)}…` : v;
    const hit = props.filter !== '' && v.toLowerCase().includes(props.filter.toLowerCase());
    return (
      <span class={`json-string${hit ? ' hit' : ''}`}>
        "{shown}"
        {long && (
          <button type="button" class="link-button" onClick={() => setAll(true)}>
            Show all
          </button>
        )}
      </span>
    );
  }
  return <span class={`json-${v === null ? 'null' : typeof v}`}>{String(v)}</span>;
}

function Node(props: {
  value: unknown;
  depth: number;
  expandDepth: number;
  filter: string;
  label: string | null;
}) {
  const [open, setOpen] = useState(props.depth < props.expandDepth);
  const [pageCount, setPageCount] = useState(1);
  const v = props.value;
  const label =
    props.label === null ? null : (
      <span
        class={`json-key${props.filter && props.label.toLowerCase().includes(props.filter.toLowerCase()) ? ' hit' : ''}`}
      >
        {props.label}:{' '}
      </span>
    );
  if (typeof v !== 'object' || v === null)
    return (
      <div class="json-row" role="treeitem">
        {label}
        <Leaf value={v} filter={props.filter} />
      </div>
    );
  const entries = Array.isArray(v)
    ? v.map((item, i) => [String(i), item] as const)
    : Object.entries(v);
  const shown = entries.slice(0, pageCount * 1000);
  return (
    <div class="json-row" role="treeitem" aria-expanded={open}>
      <button
        type="button"
        class="json-toggle"
        onClick={() => setOpen(!open)}
        aria-label={open ? 'Collapse' : 'Expand'}
      >
        {open ? '▾' : '▸'}
      </button>
      {label}
      <span class="muted">{Array.isArray(v) ? `[${entries.length}]` : `{${entries.length}}`}</span>
      {open && (
        <div class="json-children" role="group">
          {shown.map(([key, item]) => (
            <Node
              key={key}
              value={item}
              depth={props.depth + 1}
              expandDepth={props.expandDepth}
              filter={props.filter}
              label={key}
            />
          ))}
          {entries.length > shown.length && (
            <button type="button" class="link-button" onClick={() => setPageCount(pageCount + 1)}>
              Show next 1,000 of {entries.length - shown.length}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
